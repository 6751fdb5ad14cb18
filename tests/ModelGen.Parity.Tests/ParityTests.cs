using System;
using System.Collections.Generic;
using System.Linq;
using ModelGen.Numerics;
using TorchSharp;
using Xunit;
using static TorchSharp.torch;

namespace ModelGen.Parity.Tests;

/// <summary>
/// ModelGen against libtorch (TorchSharp): the same weights, inputs and initial state give the same outputs, final
/// states, loss, and gradients of every parameter, of the input and of the initial state.
/// </summary>
[Trait("Category", "Parity")]
public class ParityTests
{
    private static readonly (int Batch, int Steps)[] Shapes = { (1, 1), (1, 4), (3, 1), (3, 4) };

    public static IEnumerable<object[]> TorchModules
        => ParityModels.All.Keys.Where(k => !k.StartsWith("PPeephole", StringComparison.Ordinal))
            .SelectMany(k => Shapes.Select(s => new object[] { k, s.Batch, s.Steps }));

    public static IEnumerable<object[]> PeepholeModels
        => ParityModels.All.Keys.Where(k => k.StartsWith("PPeephole", StringComparison.Ordinal))
            .SelectMany(k => Shapes.Select(s => new object[] { k, s.Batch, s.Steps }));

    [Theory]
    [MemberData(nameof(TorchModules))]
    public void Matches_torch_nn_modules(string name, int batch, int steps)
        => Check(name, batch, steps, (info, tensors, x, h0, c0) => TorchModulesForward(info, tensors, x, h0, c0));

    [Theory]
    [MemberData(nameof(PeepholeModels))]
    public void Peephole_lstm_matches_its_equations_written_in_libtorch(string name, int batch, int steps)
        => Check(name, batch, steps, (info, tensors, x, h0, c0) => PeepholeEquations(info, tensors, x, h0!, c0!));

    /// <summary>The reference forward pass: returns the head's logits and the final h (and c).</summary>
    private delegate (Tensor Logits, Tensor HN, Tensor? CN) Reference(ModelInfo info, Dictionary<string, Tensor> tensors, Tensor x, Tensor? h0, Tensor? c0);

    private static void Check(string name, int batch, int steps, Reference reference)
    {
        using var scope = NewDisposeScope();
        IRecurrentModel<float> model = ParityModels.All[name](17);
        ModelInfo info = model.Info;
        var rng = new Rng(batch * 100 + steps);
        int layers = info.Layers, hidden = info.Hidden, rows = info.PerStepHead ? batch * steps : batch;

        // Inputs, targets and a non-zero initial state.
        int[] tokens = info.TokenInput ? Enumerable.Range(0, batch * steps).Select(_ => rng.NextInt(info.Vocab)).ToArray() : Array.Empty<int>();
        float[] features = info.TokenInput ? Array.Empty<float>() : Enumerable.Range(0, batch * steps * info.Input).Select(_ => (float)rng.NextUniform(-1, 1)).ToArray();
        int[] labels = info.ClassificationHead ? Enumerable.Range(0, rows).Select(_ => rng.NextInt(info.Output)).ToArray() : Array.Empty<int>();
        float[] targets = info.ClassificationHead ? Array.Empty<float>()
            : Enumerable.Range(0, rows * info.Output).Select(_ => info.Head == Head.SigmoidLast ? rng.NextInt(2) : (float)rng.NextUniform(-1, 1)).ToArray();
        float[] state = Enumerable.Range(0, info.StateSize * batch).Select(_ => (float)rng.NextUniform(-0.5, 0.5)).ToArray();

        // ModelGen.
        model.ResetState(batch);
        state.CopyTo(model.State);
        model.ZeroGradients();
        float loss = model.Forward(new SequenceBatch<float> { BatchSize = batch, Steps = steps, Tokens = tokens, Features = features, Labels = labels, Targets = targets });
        model.Backward();

        // libtorch, from the same parameters.
        var tensors = new Dictionary<string, Tensor>();
        foreach (var t in info.Tensors)
            tensors[t.Name] = tensor(model.Parameters.Slice(t.Offset, t.Length).ToArray(), t.Shape.Select(d => (long)d).ToArray()).requires_grad_();
        int hLength = layers * info.Directions * batch * hidden;
        bool lstm = info.Cell == CellType.Lstm;
        long[] stateShape = { layers * info.Directions, batch, hidden };
        Tensor h0 = tensor(state[..hLength], stateShape).requires_grad_();
        Tensor? c0 = lstm ? tensor(state[hLength..], stateShape).requires_grad_() : null;
        Tensor? featureTensor = info.TokenInput ? null : tensor(features, new long[] { batch, steps, info.Input }).requires_grad_();
        Tensor x = info.TokenInput
            ? tensors["embedding.weight"].index_select(0, tensor(tokens.Select(t => (long)t).ToArray())).reshape(batch, steps, info.Embedding)
            : featureTensor!;

        var (logits, hN, cN) = reference(info, tensors, x, h0, c0);
        Tensor torchLoss = info.Head switch
        {
            Head.SoftmaxPerStep or Head.SoftmaxLast => nn.functional.cross_entropy(logits.reshape(rows, info.Output), tensor(labels.Select(l => (long)l).ToArray())),
            Head.SigmoidLast => nn.functional.binary_cross_entropy_with_logits(logits, tensor(targets, new long[] { rows, info.Output })),
            _ => nn.functional.mse_loss(logits.reshape(rows, info.Output), tensor(targets, new long[] { rows, info.Output })),
        };
        torchLoss.backward();

        var failures = new List<string>();
        Tolerance.Compare("outputs", model.Outputs, Data(logits), failures);
        Tolerance.Compare("h_n", model.FinalState[..hLength], Data(hN), failures);
        if (cN is not null) Tolerance.Compare("c_n", model.FinalState[hLength..], Data(cN), failures);
        Tolerance.Compare("loss", new[] { loss }, new[] { torchLoss.item<float>() }, failures);
        foreach (var t in info.Tensors)
            Tolerance.Compare("grad " + t.Name, model.Gradients.Slice(t.Offset, t.Length), Grad(tensors[t.Name]), failures);
        Tolerance.Compare("grad h0", model.StateGradient[..hLength], Grad(h0), failures);
        if (c0 is not null) Tolerance.Compare("grad c0", model.StateGradient[hLength..], Grad(c0), failures);
        if (featureTensor is not null) Tolerance.Compare("grad input", model.InputGradient, Grad(featureTensor), failures);

        Assert.True(failures.Count == 0, $"{name}, batch {batch}, steps {steps}: {failures.Count} mismatches\n" + string.Join("\n", failures.Take(25)));
    }

    private static float[] Data(Tensor t) => t.detach().contiguous().data<float>().ToArray();

    /// <summary>The gradient libtorch computed, or zeros where the tensor did not reach the loss.</summary>
    private static float[] Grad(Tensor t) => t.grad is { } g ? Data(g) : new float[t.numel()];

    /// <summary>torch.nn.RNN/GRU/LSTM (batch_first) and torch.nn.Linear with ModelGen's parameters.</summary>
    private static (Tensor, Tensor, Tensor?) TorchModulesForward(ModelInfo info, Dictionary<string, Tensor> tensors, Tensor x, Tensor? h0, Tensor? c0)
    {
        int input = info.LayerInput;
        Tensor output, hN;
        Tensor? cN = null;
        switch (info.Cell)
        {
            case CellType.Lstm:
            {
                var lstm = nn.LSTM(input, info.Hidden, info.Layers, batchFirst: true, bidirectional: info.Bidirectional);
                Load(lstm, tensors);
                (output, hN, cN) = lstm.call(x, (h0!, c0!));
                break;
            }
            case CellType.Gru:
            {
                var gru = nn.GRU(input, info.Hidden, info.Layers, batchFirst: true, bidirectional: info.Bidirectional);
                Load(gru, tensors);
                (output, hN) = gru.call(x, h0);
                break;
            }
            default:
            {
                var rnn = nn.RNN(input, info.Hidden, info.Layers, info.Activation == Activation.Relu ? nn.NonLinearities.ReLU : nn.NonLinearities.Tanh, batchFirst: true, bidirectional: info.Bidirectional);
                Load(rnn, tensors);
                (output, hN) = rnn.call(x, h0);
                break;
            }
        }
        // The last-step heads read the top layer's output at the last step; bidirectional, the final state of both
        // directions, cat(h_n[-2], h_n[-1]) (the reverse direction's last output is at the first step).
        Tensor headInput = info.PerStepHead ? output
            : info.Bidirectional ? cat(new[] { hN[-2], hN[-1] }, 1)
            : output.select(1, -1);
        Tensor logits = nn.functional.linear(headInput, tensors["head.weight"], tensors["head.bias"]);
        return (logits, hN, cN);
    }

    /// <summary>
    /// Copies ModelGen's tensors into the module's parameters (rnn.weight_ih_l0 → weight_ih_l0), then lets the
    /// dictionary name the module's parameters, so the gradients read after backward are the module's.
    /// </summary>
    private static void Load(nn.Module module, Dictionary<string, Tensor> tensors)
    {
        foreach (var (name, parameter) in module.named_parameters().ToList())
        {
            Tensor source = tensors["rnn." + name];
            Assert.Equal(source.shape, parameter.shape);
            using (no_grad()) parameter.copy_(source);
            tensors["rnn." + name] = parameter;
        }
    }

    /// <summary>The peephole LSTM of Gers &amp; Schmidhuber, written out with libtorch operations.</summary>
    private static (Tensor, Tensor, Tensor?) PeepholeEquations(ModelInfo info, Dictionary<string, Tensor> p, Tensor x, Tensor h0, Tensor c0)
    {
        long steps = x.shape[1];
        int hidden = info.Hidden;
        var hs = new List<Tensor>();
        var cs = new List<Tensor>();
        Tensor layerInput = x;
        for (int l = 0; l < info.Layers; l++)
        {
            Tensor h = h0[l], c = c0[l];
            Tensor wih = p[$"rnn.weight_ih_l{l}"], whh = p[$"rnn.weight_hh_l{l}"], bih = p[$"rnn.bias_ih_l{l}"], bhh = p[$"rnn.bias_hh_l{l}"];
            Tensor pi = p[$"rnn.peephole_i_l{l}"], pf = p[$"rnn.peephole_f_l{l}"], po = p[$"rnn.peephole_o_l{l}"];
            var outputs = new List<Tensor>();
            for (long t = 0; t < steps; t++)
            {
                Tensor gates = nn.functional.linear(layerInput.select(1, t), wih, bih) + nn.functional.linear(h, whh, bhh);
                Tensor[] g = gates.chunk(4, 1);
                Tensor i = sigmoid(g[0] + pi * c);           // i = σ(W_i x + U_i h + b_i + p_i ⊙ c_(t-1))
                Tensor f = sigmoid(g[1] + pf * c);           // f = σ(W_f x + U_f h + b_f + p_f ⊙ c_(t-1))
                Tensor candidate = tanh(g[2]);                // g = tanh(W_g x + U_g h + b_g)
                c = f * c + i * candidate;                    // c_t = f ⊙ c_(t-1) + i ⊙ g
                Tensor o = sigmoid(g[3] + po * c);           // o = σ(W_o x + U_o h + b_o + p_o ⊙ c_t)
                h = o * tanh(c);                              // h_t = o ⊙ tanh(c_t)
                outputs.Add(h);
            }
            hs.Add(h);
            cs.Add(c);
            layerInput = stack(outputs, 1);
        }
        Tensor headInput = info.PerStepHead ? layerInput : layerInput.select(1, -1);
        Tensor logits = nn.functional.linear(headInput, p["head.weight"], p["head.bias"]);
        _ = hidden;
        return (logits, stack(hs, 0), stack(cs, 0));
    }
}
