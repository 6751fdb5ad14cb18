using System;
using System.Numerics;
using ModelGen.Training;

namespace ModelGen.Data;

/// <summary>
/// Language-model batches for the trainer: inputs [B, T] and next-token labels [B, T] cut from one token stream by a
/// <see cref="LanguageModelBatcher"/>, with the state carried from each batch to the next (truncated BPTT).
/// </summary>
public sealed class LanguageModelBatches<T> : IBatchSource<T> where T : unmanaged, IBinaryFloatingPointIeee754<T>
{
    private readonly LanguageModelBatcher _batcher;
    private readonly int[] _inputs, _labels;

    /// <summary>Batches of <paramref name="batchSize"/> streams of <paramref name="steps"/> tokens from <paramref name="tokens"/>.</summary>
    public LanguageModelBatches(ReadOnlyMemory<int> tokens, int batchSize, int steps)
    {
        _batcher = new LanguageModelBatcher(tokens, batchSize, steps);
        _inputs = new int[batchSize * steps];
        _labels = new int[batchSize * steps];
    }

    /// <summary>The batcher that cuts the stream.</summary>
    public LanguageModelBatcher Batcher => _batcher;

    /// <inheritdoc/>
    public int BatchesPerEpoch => _batcher.BatchesPerEpoch;

    /// <inheritdoc/>
    public bool ContinuesState => true;

    /// <inheritdoc/>
    public SequenceBatch<T> GetBatch(int index)
    {
        _batcher.Fill(index, _inputs, _labels);
        return SequenceBatch<T>.FromTokens(_inputs, _batcher.BatchSize, _batcher.Steps, _labels);
    }

    /// <inheritdoc/>
    public int CountOf(int index) => _inputs.Length;
}
