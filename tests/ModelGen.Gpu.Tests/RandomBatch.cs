using System;
using ModelGen.Numerics;
using ModelGen.Training;

namespace ModelGen.Gpu.Tests;

/// <summary>A batch of random inputs and the targets a model's head expects, kept in arrays.</summary>
internal sealed class RandomBatch
{
    private int[] _tokens = Array.Empty<int>(), _labels = Array.Empty<int>();
    private float[] _features = Array.Empty<float>(), _targets = Array.Empty<float>();
    private int _batch, _steps;

    public SequenceBatch<float> Batch => new()
    {
        BatchSize = _batch, Steps = _steps, Tokens = _tokens, Features = _features, Labels = _labels, Targets = _targets,
    };

    public int Count => _batch;

    public static RandomBatch For(ModelInfo info, int batch, int steps, Rng rng)
    {
        var data = new RandomBatch { _batch = batch, _steps = steps };
        int rows = batch * steps, headRows = info.PerStepHead ? rows : batch;
        if (info.TokenInput)
        {
            data._tokens = new int[rows];
            for (int k = 0; k < rows; k++) data._tokens[k] = rng.NextInt(info.Vocab);
        }
        else
        {
            data._features = new float[rows * info.Input];
            for (int k = 0; k < data._features.Length; k++) data._features[k] = (float)rng.NextUniform(-1, 1);
        }
        if (info.ClassificationHead)
        {
            data._labels = new int[headRows];
            for (int k = 0; k < headRows; k++) data._labels[k] = rng.NextInt(info.Output);
        }
        else
        {
            data._targets = new float[headRows * info.Output];
            for (int k = 0; k < data._targets.Length; k++)
                data._targets[k] = info.Head == Head.SigmoidLast ? rng.NextInt(2) : (float)rng.NextUniform(-1, 1);
        }
        return data;
    }
}

/// <summary>A fixed list of batches as a training source.</summary>
internal sealed class FixedBatches(RandomBatch[] batches, bool continuesState) : IBatchSource<float>
{
    public int BatchesPerEpoch => batches.Length;
    public bool ContinuesState => continuesState;
    public SequenceBatch<float> GetBatch(int index) => batches[index].Batch;
    public int CountOf(int index) => batches[index].Count;
}
