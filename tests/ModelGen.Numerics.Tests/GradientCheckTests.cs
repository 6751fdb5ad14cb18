using System;
using System.Collections.Generic;
using System.Linq;
using ModelGen.Numerics;
using Xunit;

namespace ModelGen.Numerics.Tests;

/// <summary>
/// Central finite differences in double precision against the generated backward pass: every parameter, every
/// element of the initial state and (feature input) every input element, for every cell × head × 1 and 2 layers.
/// </summary>
public class GradientCheckTests
{
    /// <summary>
    /// Analytic and numerical gradients agree when |a − n| ≤ RelativeTolerance · max(|a|, |n|) + AbsoluteFloor.
    /// The floor covers round-off in the loss difference (about 1e-16 · loss / Epsilon).
    /// </summary>
    private const double RelativeTolerance = 1e-6, AbsoluteFloor = 1e-9, Epsilon = 1e-5;
    private const int Batch = 2, Steps = 3;

    public static IEnumerable<object[]> Models => GradientCheckModels.All.Keys.Concat(SpecModels.All.Keys).Select(k => new object[] { k });

    [Theory]
    [MemberData(nameof(Models))]
    public void Backward_matches_finite_differences(string name) => Check(name, finalStateLoss: false);

    /// <summary>
    /// The loss Σ g ⊙ FinalState of a forward pass without targets, its gradient g given through FinalStateGradient
    /// (how a decoder's loss reaches its encoder): every parameter, initial state and input element again.
    /// </summary>
    [Theory]
    [MemberData(nameof(Models))]
    public void Backward_from_FinalStateGradient_matches_finite_differences(string name) => Check(name, finalStateLoss: true);

    [Fact]
    public void Backward_adds_the_head_loss_and_FinalStateGradient()
    {
        var model = new GcLstmSoftmaxPerStepL2(1);
        int[] tokens = { 1, 2, 3, 4, 0, 1 };
        int[] labels = { 2, 3, 4, 0, 1, 2 };
        model.ResetState(2);
        var batch = SequenceBatch<double>.FromTokens(tokens, 2, 3, labels);

        model.ZeroGradients();
        model.Forward(batch);
        model.Backward();
        double[] headOnly = model.Gradients.ToArray();

        var g = new double[model.FinalStateGradient.Length];
        var rng = new Rng(3);
        for (int k = 0; k < g.Length; k++) g[k] = rng.NextUniform(-1, 1);
        model.ZeroGradients();
        model.Forward(SequenceBatch<double>.FromTokens(tokens, 2, 3));
        g.CopyTo(model.FinalStateGradient);
        model.Backward();
        double[] stateOnly = model.Gradients.ToArray();

        model.ZeroGradients();
        Assert.All(model.FinalStateGradient.ToArray(), v => Assert.Equal(0, v));
        model.Forward(batch);
        g.CopyTo(model.FinalStateGradient);
        model.Backward();
        double[] both = model.Gradients.ToArray();
        for (int k = 0; k < both.Length; k++) Assert.Equal(headOnly[k] + stateOnly[k], both[k], 1e-12);

        // Without targets and without a final-state gradient there is nothing to differentiate.
        model.ZeroGradients();
        model.Forward(SequenceBatch<double>.FromTokens(tokens, 2, 3));
        var e = Assert.Throws<InvalidOperationException>(model.Backward);
        Assert.Contains("FinalStateGradient", e.Message);
    }

    private static void Check(string name, bool finalStateLoss)
    {
        IRecurrentModel<double> model = (GradientCheckModels.All.TryGetValue(name, out var create) ? create : SpecModels.All[name])(11);
        ModelInfo info = model.Info;
        var rng = new Rng(5);

        // A batch with random inputs and targets, and a random (non-zero) initial state.
        int[] tokens = info.TokenInput ? Enumerable.Range(0, Batch * Steps).Select(_ => rng.NextInt(info.Vocab)).ToArray() : Array.Empty<int>();
        double[] features = info.TokenInput ? Array.Empty<double>() : Enumerable.Range(0, Batch * Steps * info.Input).Select(_ => rng.NextUniform(-1, 1)).ToArray();
        int headRows = info.PerStepHead ? Batch * Steps : Batch;
        int[] labels = info.ClassificationHead ? Enumerable.Range(0, headRows).Select(_ => rng.NextInt(info.Output)).ToArray() : Array.Empty<int>();
        double[] targets = info.ClassificationHead ? Array.Empty<double>()
            : Enumerable.Range(0, headRows * info.Output).Select(_ => info.Head == Head.SigmoidLast ? rng.NextInt(2) : rng.NextUniform(-1, 1)).ToArray();
        model.ResetState(Batch);
        foreach (ref double s in model.State) s = rng.NextUniform(-0.5, 0.5);
        // For the final-state loss: L = Σ g ⊙ FinalState with a fixed random g, and no targets.
        double[] g = Enumerable.Range(0, info.StateSize * Batch).Select(_ => rng.NextUniform(-1, 1)).ToArray();
        if (finalStateLoss) { labels = Array.Empty<int>(); targets = Array.Empty<double>(); }

        bool dropout = info.Dropout > 0;
        double Loss()
        {
            // Replaying the same dropout masks makes the loss a deterministic function of the parameters.
            if (dropout) model.DropoutRng.Reseed(99);
            var batch = new SequenceBatch<double> { BatchSize = Batch, Steps = Steps, Tokens = tokens, Features = features, Labels = labels, Targets = targets };
            double headLoss = model.Forward(batch, training: dropout);
            if (!finalStateLoss) return headLoss;
            double dot = 0;
            ReadOnlySpan<double> final = model.FinalState;
            for (int k = 0; k < g.Length; k++) dot += g[k] * final[k];
            return dot;
        }

        model.ZeroGradients();
        double loss = Loss();
        Assert.True(double.IsFinite(loss) && (finalStateLoss || loss > 0), $"loss {loss}");
        if (finalStateLoss) g.CopyTo(model.FinalStateGradient);
        model.Backward();
        double[] parameterGradient = model.Gradients.ToArray();
        double[] stateGradient = model.StateGradient.ToArray();
        double[] inputGradient = model.InputGradient.ToArray();
        Assert.True(parameterGradient.Any(g => g != 0), "the backward pass produced no gradient");

        var failures = new List<string>();
        void Compare(string what, double analytic, double numeric)
        {
            if (Math.Abs(analytic - numeric) > RelativeTolerance * Math.Max(Math.Abs(analytic), Math.Abs(numeric)) + AbsoluteFloor)
                failures.Add($"{what}: analytic {analytic:R}, numeric {numeric:R}");
        }
        double Numeric(Func<double> get, Action<double> set)
        {
            double saved = get();
            set(saved + Epsilon);
            double plus = Loss();
            set(saved - Epsilon);
            double minus = Loss();
            set(saved);
            return (plus - minus) / (2 * Epsilon);
        }

        foreach (var tensor in info.Tensors)
            for (int k = 0; k < tensor.Length; k++)
            {
                int index = tensor.Offset + k;
                Compare($"{tensor.Name}[{k}]", parameterGradient[index],
                    Numeric(() => model.Parameters[index], v => model.Parameters[index] = v));
            }
        for (int k = 0; k < stateGradient.Length; k++)
        {
            int index = k;
            Compare($"state[{k}]", stateGradient[k], Numeric(() => model.State[index], v => model.State[index] = v));
        }
        if (!info.TokenInput)
        {
            Assert.Equal(features.Length, inputGradient.Length);
            for (int k = 0; k < features.Length; k++)
            {
                int index = k;
                Compare($"input[{k}]", inputGradient[k], Numeric(() => features[index], v => features[index] = v));
            }
        }

        Assert.True(failures.Count == 0, $"{name}: {failures.Count} gradients disagree:\n" + string.Join("\n", failures.Take(20)));
    }
}
