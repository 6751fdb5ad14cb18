using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using ModelGen.Checkpoints;
using ModelGen.Numerics;
using Xunit;

namespace ModelGen.Parity.Tests;

/// <summary>
/// Writes what ModelGen computes for every parity model (weights, inputs, initial state, targets, outputs, final
/// states, loss and every gradient) as one safetensors file per model, for an independent check by real PyTorch:
/// <c>tests/parity/check_pytorch.py</c>. Set MODELGEN_PYTORCH_FIXTURES to a folder to keep the files.
/// </summary>
[Trait("Category", "Parity")]
public class PyTorchFixtureTests
{
    public const string FolderVariable = "MODELGEN_PYTORCH_FIXTURES";
    private const int Batch = 3, Steps = 4;

    [Fact]
    public void Fixtures_for_an_independent_pytorch_check_are_written_and_read_back()
    {
        string? kept = Environment.GetEnvironmentVariable(FolderVariable);
        string folder = kept ?? Directory.CreateTempSubdirectory("modelgen-fixtures-").FullName;
        Directory.CreateDirectory(folder);
        try
        {
            foreach (var (name, create) in ParityModels.All)
            {
                string path = Path.Combine(folder, name + ".safetensors");
                int count = Write(create(23), path);
                var file = SafeTensorsFile.Read(path);
                Assert.Equal(count, file.Tensors.Count);
                Assert.Equal(name, file.Metadata["modelgen.model"]);
            }
        }
        finally
        {
            if (kept is null) Directory.Delete(folder, recursive: true);
        }
    }

    private static int Write(IRecurrentModel<float> model, string path)
    {
        ModelInfo info = model.Info;
        var rng = new Rng(7);
        int rows = info.PerStepHead ? Batch * Steps : Batch;
        int[] tokens = info.TokenInput ? Enumerable.Range(0, Batch * Steps).Select(_ => rng.NextInt(info.Vocab)).ToArray() : Array.Empty<int>();
        float[] features = info.TokenInput ? Array.Empty<float>() : Enumerable.Range(0, Batch * Steps * info.Input).Select(_ => (float)rng.NextUniform(-1, 1)).ToArray();
        int[] labels = info.ClassificationHead ? Enumerable.Range(0, rows).Select(_ => rng.NextInt(info.Output)).ToArray() : Array.Empty<int>();
        float[] targets = info.ClassificationHead ? Array.Empty<float>()
            : Enumerable.Range(0, rows * info.Output).Select(_ => info.Head == Head.SigmoidLast ? rng.NextInt(2) : (float)rng.NextUniform(-1, 1)).ToArray();

        model.ResetState(Batch);
        foreach (ref float s in model.State) s = (float)rng.NextUniform(-0.5, 0.5);
        float[] initial = model.State.ToArray();
        model.ZeroGradients();
        float loss = model.Forward(new SequenceBatch<float> { BatchSize = Batch, Steps = Steps, Tokens = tokens, Features = features, Labels = labels, Targets = targets });
        model.Backward();

        var writer = new SafeTensorsWriter();
        void Add<T>(string name, int[] shape, ReadOnlySpan<T> values) where T : unmanaged => writer.Add(SafeTensor.Create(name, shape, values));
        foreach (var t in info.Tensors)
        {
            Add(t.Name, t.Shape, (ReadOnlySpan<float>)model.Parameters.Slice(t.Offset, t.Length));
            Add("grad." + t.Name, t.Shape, (ReadOnlySpan<float>)model.Gradients.Slice(t.Offset, t.Length));
        }
        int blocks = info.Layers * info.Directions, hLength = blocks * Batch * info.Hidden;
        int[] stateShape = { blocks, Batch, info.Hidden };
        bool lstm = info.Cell == CellType.Lstm;
        Add("state.h0", stateShape, initial.AsSpan(0, hLength));
        Add("expected.h_n", stateShape, model.FinalState[..hLength]);
        Add("grad.h0", stateShape, model.StateGradient[..hLength]);
        if (lstm)
        {
            Add("state.c0", stateShape, initial.AsSpan(hLength));
            Add("expected.c_n", stateShape, model.FinalState[hLength..]);
            Add("grad.c0", stateShape, model.StateGradient[hLength..]);
        }
        if (info.TokenInput) Add("input.tokens", new[] { Batch, Steps }, tokens.Select(t => (long)t).ToArray().AsSpan());
        else
        {
            Add("input.features", new[] { Batch, Steps, info.Input }, features.AsSpan());
            Add("grad.input", new[] { Batch, Steps, info.Input }, model.InputGradient);
        }
        int[] outputShape = info.PerStepHead ? new[] { Batch, Steps, info.Output } : new[] { Batch, info.Output };
        if (info.ClassificationHead) Add("target.labels", info.PerStepHead ? new[] { Batch, Steps } : new[] { Batch }, labels.Select(l => (long)l).ToArray().AsSpan());
        else Add("target.values", outputShape, targets.AsSpan());
        Add("expected.outputs", outputShape, model.Outputs);
        Add("expected.loss", Array.Empty<int>(), new[] { loss }.AsSpan());

        writer.Metadata["modelgen.model"] = info.Name;
        writer.Metadata["cell"] = info.Cell.ToString().ToLowerInvariant();
        writer.Metadata["activation"] = info.Activation.ToString().ToLowerInvariant();
        writer.Metadata["peephole"] = info.Peephole ? "1" : "0";
        writer.Metadata["bidirectional"] = info.Bidirectional ? "1" : "0";
        writer.Metadata["layers"] = info.Layers.ToString(System.Globalization.CultureInfo.InvariantCulture);
        writer.Metadata["hidden"] = info.Hidden.ToString(System.Globalization.CultureInfo.InvariantCulture);
        writer.Metadata["input"] = info.LayerInput.ToString(System.Globalization.CultureInfo.InvariantCulture);
        writer.Metadata["head"] = info.Head.ToString();
        writer.Write(path);
        return writer.Count;
    }
}
