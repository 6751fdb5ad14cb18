using System;
using ModelGen.Numerics;
using ModelGen.Training;
using Xunit;
using Xunit.Abstractions;

namespace ModelGen.Numerics.Tests;

[LstmModel(Input = 2, Hidden = 24, Output = 1, Head = Head.LinearLast)]
public partial class AddingLstm;

/// <summary>
/// The adding problem of Hochreiter &amp; Schmidhuber (1997): each step carries a random value in [0, 1) and a marker;
/// exactly two steps are marked, and the target is the sum of their values. Fresh sequences every batch.
/// </summary>
internal sealed class AddingProblem : IBatchSource<float>
{
    private readonly int _batch, _length, _seed;
    private readonly float[] _features, _targets;

    public AddingProblem(int batch, int length, int seed)
    {
        (_batch, _length, _seed) = (batch, length, seed);
        _features = new float[batch * length * 2];
        _targets = new float[batch];
    }

    public int BatchesPerEpoch => 1_000_000;
    public bool ContinuesState => false;
    public int CountOf(int index) => _batch;

    public SequenceBatch<float> GetBatch(int index)
    {
        var rng = new Rng(_seed * 1_000_003L + index);
        Array.Clear(_features);
        for (int b = 0; b < _batch; b++)
        {
            int first = rng.NextInt(_length / 2), second = _length / 2 + rng.NextInt(_length / 2);
            float sum = 0;
            for (int t = 0; t < _length; t++)
            {
                float value = rng.NextSingle();
                int at = (b * _length + t) * 2;
                _features[at] = value;
                if (t == first || t == second)
                {
                    _features[at + 1] = 1;
                    sum += value;
                }
            }
            _targets[b] = sum;
        }
        return SequenceBatch<float>.FromFeatures(_features, _batch, _length, _targets);
    }
}

public class ConvergenceTests(ITestOutputHelper output)
{
    /// <summary>
    /// A 1-layer LSTM solves the adding problem at T = 20: the validation mean squared error falls below 0.01 (always
    /// answering the mean, 1.0, scores 1/6 ≈ 0.167) within 600 Adam steps, a few seconds.
    /// </summary>
    [Fact]
    public void Lstm_learns_the_adding_problem()
    {
        var model = new AddingLstm(seed: 1);
        var trainer = new Trainer<float>(model, new Adam<float>(1e-2), new TrainerOptions { Steps = 600, EvaluateEvery = 100, ClipNorm = 1.0 });
        TrainingResult result = trainer.Train(new AddingProblem(batch: 32, length: 20, seed: 1), new ValidationSet(new AddingProblem(64, 20, seed: 2)));
        foreach (var (step, r) in result.Validation)
            output.WriteLine($"step {step}: validation MSE {r.Loss:F5}");
        Assert.True(result.Validation[^1].Result.Loss < 0.01, $"validation MSE {result.Validation[^1].Result.Loss} after 600 steps");
        Assert.True(result.Validation[0].Result.Loss > result.Validation[^1].Result.Loss);
    }

    /// <summary>A fixed validation set: the first 4 batches of a source.</summary>
    private sealed class ValidationSet(IBatchSource<float> source) : IBatchSource<float>
    {
        public int BatchesPerEpoch => 4;
        public bool ContinuesState => false;
        public int CountOf(int index) => source.CountOf(index);
        public SequenceBatch<float> GetBatch(int index) => source.GetBatch(index);
    }
}
