using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;
using ModelGen.Interop;
using ModelGen.Numerics;
using Xunit;

namespace ModelGen.Parity.Tests;

[GruModel(Input = 2, Hidden = 3, Output = 1, Head = Head.LinearLast, ElementType = ElementType.Double)]
public partial class DoubleGruForOnnx;

/// <summary>
/// Models exported to ONNX (standard LSTM / GRU / RNN operators, Gather, MatMul, Add) give ModelGen's outputs and
/// final states in ONNX Runtime, for every cell, head, depth, direction and input kind.
/// </summary>
[Trait("Category", "Parity")]
public sealed class OnnxExportTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("modelgen-onnx-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    public static IEnumerable<object[]> Models => ParityModels.All.Keys.Select(k => new object[] { k });

    [Theory]
    [MemberData(nameof(Models))]
    public void Onnx_runtime_reproduces_the_model(string name)
    {
        const int batch = 3, steps = 5;
        IRecurrentModel<float> model = ParityModels.All[name](31);
        ModelInfo info = model.Info;
        var rng = new Rng(11);
        int[] tokens = info.TokenInput ? Enumerable.Range(0, batch * steps).Select(_ => rng.NextInt(info.Vocab)).ToArray() : Array.Empty<int>();
        float[] features = info.TokenInput ? Array.Empty<float>() : Enumerable.Range(0, batch * steps * info.Input).Select(_ => (float)rng.NextUniform(-1, 1)).ToArray();
        float[] state = Enumerable.Range(0, info.StateSize * batch).Select(_ => (float)rng.NextUniform(-0.5, 0.5)).ToArray();

        model.ResetState(batch);
        state.CopyTo(model.State);
        model.Forward(new SequenceBatch<float> { BatchSize = batch, Steps = steps, Tokens = tokens, Features = features });

        string path = Path.Combine(_directory, name + ".onnx");
        OnnxExporter.Export(model, path);

        using var session = new InferenceSession(path);
        int blocks = info.Layers * info.Directions, hLength = blocks * batch * info.Hidden;
        int[] stateShape = { blocks, batch, info.Hidden };
        var inputs = new List<NamedOnnxValue>
        {
            info.TokenInput
                ? NamedOnnxValue.CreateFromTensor("tokens", new DenseTensor<long>(tokens.Select(t => (long)t).ToArray(), new[] { batch, steps }))
                : NamedOnnxValue.CreateFromTensor("features", new DenseTensor<float>(features, new[] { batch, steps, info.Input })),
            NamedOnnxValue.CreateFromTensor("h0", new DenseTensor<float>(state[..hLength], stateShape)),
        };
        bool lstm = info.Cell == CellType.Lstm;
        if (lstm) inputs.Add(NamedOnnxValue.CreateFromTensor("c0", new DenseTensor<float>(state[hLength..], stateShape)));
        using var results = session.Run(inputs);
        float[] Output(string n) => results.Single(r => r.Name == n).AsTensor<float>().ToArray();

        var failures = new List<string>();
        Tolerance.Compare("logits", model.Outputs, Output("logits"), failures);
        Tolerance.Compare("h_n", model.FinalState[..hLength], Output("h_n"), failures);
        if (lstm) Tolerance.Compare("c_n", model.FinalState[hLength..], Output("c_n"), failures);
        Assert.True(failures.Count == 0, $"{name}: {failures.Count} mismatches\n" + string.Join("\n", failures.Take(20)));
    }

    [Fact]
    public void A_double_model_is_refused_with_the_reason()
    {
        var ex = Assert.Throws<NotSupportedException>(() => OnnxExporter.ToBytes(new DoubleGruForOnnx(1)));
        Assert.Contains("float only", ex.Message);
    }

    [Fact]
    public void Export_into_a_missing_directory_fails_clearly_and_leaves_nothing()
    {
        var model = ParityModels.All["PLstmLinearLastL1"](1);
        string path = Path.Combine(_directory, "missing", "model.onnx");
        var ex = Assert.Throws<DirectoryNotFoundException>(() => OnnxExporter.Export(model, path));
        Assert.Contains("does not exist", ex.Message);
        Assert.Empty(Directory.GetFiles(_directory, "*", SearchOption.AllDirectories));
    }
}
