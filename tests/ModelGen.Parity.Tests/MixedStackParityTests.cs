using System;
using System.Collections.Generic;
using System.Linq;
using ModelGen.Numerics;
using Xunit;
using static TorchSharp.torch;

namespace ModelGen.Parity.Tests;

[ModelSpec("mixed-classifier")]
public partial class MixedClassifier;

/// <summary>
/// A stack only a spec file declares (specs/tests/mixed-classifier.json: a bidirectional LSTM of 6 under a GRU of 4)
/// against the same torch.nn modules chained by hand: outputs, final states, loss and every gradient.
/// </summary>
[Trait("Category", "Parity")]
public class MixedStackParityTests
{
    [Theory]
    [InlineData(1, 1)]
    [InlineData(3, 4)]
    public void Mixed_stack_matches_chained_torch_modules(int batch, int steps)
    {
        using var scope = NewDisposeScope();
        var model = new MixedClassifier(5);
        var rng = new Rng(9);
        int[] tokens = Enumerable.Range(0, batch * steps).Select(_ => rng.NextInt(11)).ToArray();
        int[] labels = Enumerable.Range(0, batch).Select(_ => rng.NextInt(3)).ToArray();
        model.ResetState(batch);
        foreach (ref float s in model.State) s = (float)rng.NextUniform(-0.5, 0.5);
        float[] state = model.State.ToArray();
        model.ZeroGradients();
        float loss = model.Forward(SequenceBatch<float>.FromTokens(tokens, batch, steps, labels));
        model.Backward();

        // State layout: h of (layer 0 forward, layer 0 reverse, layer 1), then c of layer 0's two directions.
        int h0Length = 2 * batch * 6, h1Length = batch * 4;
        Tensor T(float[] data, params long[] shape) => tensor(data, shape).requires_grad_();
        Tensor h0 = T(state[..h0Length], 2, batch, 6);
        Tensor h1 = T(state[h0Length..(h0Length + h1Length)], 1, batch, 4);
        Tensor c0 = T(state[(h0Length + h1Length)..], 2, batch, 6);
        var p = model.Info.Tensors.ToDictionary(t => t.Name, t => T(model.Parameters.Slice(t.Offset, t.Length).ToArray(), t.Shape.Select(d => (long)d).ToArray()));

        var lstm = nn.LSTM(5, 6, 1, batchFirst: true, bidirectional: true);
        var gru = nn.GRU(12, 4, 1, batchFirst: true);
        void Load(nn.Module module, string suffixFrom, string suffixTo)
        {
            foreach (var (name, parameter) in module.named_parameters().ToList())
            {
                string ours = "rnn." + name.Replace(suffixFrom, suffixTo, StringComparison.Ordinal);
                using (no_grad()) parameter.copy_(p[ours]);
                p[ours] = parameter;
            }
        }
        Load(lstm, "_l0", "_l0");
        Load(gru, "_l0", "_l1");

        Tensor x = p["embedding.weight"].index_select(0, tensor(tokens.Select(t => (long)t).ToArray())).reshape(batch, steps, 5);
        var (y0, hn0, cn0) = lstm.call(x, (h0, c0));
        var (y1, hn1) = gru.call(y0, h1);
        Tensor logits = nn.functional.linear(y1.select(1, -1), p["head.weight"], p["head.bias"]);
        Tensor torchLoss = nn.functional.cross_entropy(logits, tensor(labels.Select(l => (long)l).ToArray()));
        torchLoss.backward();

        float[] D(Tensor t) => t.detach().contiguous().data<float>().ToArray();
        float[] G(Tensor t) => t.grad is { } g ? D(g) : new float[t.numel()];
        var failures = new List<string>();
        Tolerance.Compare("outputs", model.Outputs, D(logits), failures);
        Tolerance.Compare("loss", new[] { loss }, new[] { torchLoss.item<float>() }, failures);
        Tolerance.Compare("h_n", model.FinalState[..(h0Length + h1Length)], D(hn0).Concat(D(hn1)).ToArray(), failures);
        Tolerance.Compare("c_n", model.FinalState[(h0Length + h1Length)..], D(cn0), failures);
        Tolerance.Compare("grad state", model.StateGradient, G(h0).Concat(G(h1)).Concat(G(c0)).ToArray(), failures);
        foreach (var t in model.Info.Tensors)
            Tolerance.Compare("grad " + t.Name, model.Gradients.Slice(t.Offset, t.Length), G(p[t.Name]), failures);
        Assert.True(failures.Count == 0, string.Join("\n", failures.Take(20)));
    }
}
