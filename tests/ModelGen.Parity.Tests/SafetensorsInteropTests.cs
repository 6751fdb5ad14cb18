using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using ModelGen.Checkpoints;
using ModelGen.Numerics;
using TorchSharp;
using TorchSharp.PyBridge;
using Xunit;
using static TorchSharp.torch;

namespace ModelGen.Parity.Tests;

/// <summary>
/// Weights move between ModelGen and PyTorch through safetensors files with PyTorch's state_dict names
/// (<c>embedding.weight</c>, <c>rnn.weight_ih_l0</c>, …, <c>head.weight</c>, <c>head.bias</c>), written and read on
/// the PyTorch side by TorchSharp.PyBridge, an independent safetensors implementation.
/// </summary>
[Trait("Category", "Parity")]
public sealed class SafetensorsInteropTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("modelgen-interop-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    /// <summary>The PyTorch model: nn.Embedding (or none) + nn.LSTM/GRU/RNN(batch_first) + nn.Linear, as a state dict.</summary>
    private static Dictionary<string, Tensor> TorchStateDict(ModelInfo info, int seed)
    {
        manual_seed(seed);
        var dict = new Dictionary<string, Tensor>();
        if (info.TokenInput) dict["embedding.weight"] = nn.Embedding(info.Vocab, info.Embedding).weight!.detach();
        nn.Module rnn = info.Cell switch
        {
            CellType.Lstm => nn.LSTM(info.LayerInput, info.Hidden, info.Layers, batchFirst: true),
            CellType.Gru => nn.GRU(info.LayerInput, info.Hidden, info.Layers, batchFirst: true),
            _ => nn.RNN(info.LayerInput, info.Hidden, info.Layers, batchFirst: true),
        };
        foreach (var (name, p) in rnn.named_parameters()) dict["rnn." + name] = p.detach();
        var head = nn.Linear(info.Hidden, info.Output);
        dict["head.weight"] = head.weight!.detach();
        dict["head.bias"] = head.bias!.detach();
        return dict;
    }

    /// <summary>Runs the PyTorch model described by a state dict on a batch and returns its logits.</summary>
    private static float[] TorchLogits(ModelInfo info, Dictionary<string, Tensor> dict, int[] tokens, float[] features, int batch, int steps)
    {
        using var scope = NewDisposeScope();
        Tensor x = info.TokenInput
            ? dict["embedding.weight"].index_select(0, tensor(tokens.Select(t => (long)t).ToArray())).reshape(batch, steps, info.Embedding)
            : tensor(features, new long[] { batch, steps, info.Input });
        nn.Module rnn;
        Tensor output;
        switch (info.Cell)
        {
            case CellType.Lstm: { var m = nn.LSTM(info.LayerInput, info.Hidden, info.Layers, batchFirst: true); rnn = m; Copy(m, dict); output = m.call(x, null).Item1; break; }
            case CellType.Gru: { var m = nn.GRU(info.LayerInput, info.Hidden, info.Layers, batchFirst: true); rnn = m; Copy(m, dict); output = m.call(x, null).Item1; break; }
            default: { var m = nn.RNN(info.LayerInput, info.Hidden, info.Layers, batchFirst: true); rnn = m; Copy(m, dict); output = m.call(x, null).Item1; break; }
        }
        Tensor headInput = info.PerStepHead ? output : output.select(1, -1);
        return nn.functional.linear(headInput, dict["head.weight"], dict["head.bias"]).detach().contiguous().data<float>().ToArray();
    }

    private static void Copy(nn.Module rnn, Dictionary<string, Tensor> dict)
    {
        using var _ = no_grad();
        foreach (var (name, p) in rnn.named_parameters()) p.copy_(dict["rnn." + name]);
    }

    private static (int[] Tokens, float[] Features) Inputs(ModelInfo info, int batch, int steps)
    {
        var rng = new Rng(3);
        return (info.TokenInput ? Enumerable.Range(0, batch * steps).Select(_ => rng.NextInt(info.Vocab)).ToArray() : Array.Empty<int>(),
                info.TokenInput ? Array.Empty<float>() : Enumerable.Range(0, batch * steps * info.Input).Select(_ => (float)rng.NextUniform(-1, 1)).ToArray());
    }

    private static float[] ModelGenLogits(IRecurrentModel<float> model, int[] tokens, float[] features, int batch, int steps)
    {
        model.ResetState(batch);
        model.Forward(new SequenceBatch<float> { BatchSize = batch, Steps = steps, Tokens = tokens, Features = features });
        return model.Outputs.ToArray();
    }

    [Theory]
    [InlineData("PLstmSoftmaxPerStepL2")]
    [InlineData("PGruLinearLastL1")]
    [InlineData("PRnnTanhSigmoidLastL3")]
    public void A_model_trained_in_PyTorch_loads_and_predicts_identically(string name)
    {
        IRecurrentModel<float> model = ParityModels.All[name](1);
        var dict = TorchStateDict(model.Info, seed: 5);
        string path = Path.Combine(_directory, "torch.safetensors");
        Safetensors.SaveStateDict(path, dict);

        Checkpoint.Load(model, path);
        var (tokens, features) = Inputs(model.Info, 3, 4);
        var failures = new List<string>();
        Tolerance.Compare("logits", ModelGenLogits(model, tokens, features, 3, 4), TorchLogits(model.Info, dict, tokens, features, 3, 4), failures);
        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }

    [Theory]
    [InlineData("PLstmSoftmaxLastL2")]
    [InlineData("PGruSoftmaxPerStepL2")]
    public void A_model_trained_here_loads_in_PyTorch_and_predicts_identically(string name)
    {
        IRecurrentModel<float> model = ParityModels.All[name](9);
        string path = Path.Combine(_directory, "modelgen.safetensors");
        Checkpoint.Save(model, path);

        var dict = Safetensors.LoadStateDict(path);
        Assert.Equal(model.Info.Tensors.Select(t => t.Name).OrderBy(n => n, StringComparer.Ordinal), dict.Keys.OrderBy(n => n, StringComparer.Ordinal));
        var (tokens, features) = Inputs(model.Info, 2, 5);
        var failures = new List<string>();
        Tolerance.Compare("logits", ModelGenLogits(model, tokens, features, 2, 5), TorchLogits(model.Info, dict, tokens, features, 2, 5), failures);
        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }

    [Fact]
    public void A_file_with_missing_extra_or_misshaped_tensors_is_refused_naming_each()
    {
        IRecurrentModel<float> model = ParityModels.All["PLstmSoftmaxPerStepL2"](1);
        float[] before = model.Parameters.ToArray();
        var dict = TorchStateDict(model.Info, seed: 2);
        dict.Remove("rnn.bias_hh_l1");
        dict["rnn.weight_hh_l0"] = zeros(24, 5);
        dict["decoder.weight"] = zeros(3, 6);
        string path = Path.Combine(_directory, "broken.safetensors");
        Safetensors.SaveStateDict(path, dict);

        var ex = Assert.Throws<CheckpointException>(() => Checkpoint.Load(model, path));
        Assert.Contains("rnn.bias_hh_l1", ex.Message);
        Assert.Contains("rnn.weight_hh_l0", ex.Message);
        Assert.Contains("[24, 6]", ex.Message);
        Assert.Contains("[24, 5]", ex.Message);
        Assert.Contains("decoder.weight", ex.Message);
        Assert.Equal(before, model.Parameters.ToArray());
    }
}
