using System.Numerics;

namespace ModelGen.Training;

/// <summary>
/// A source of training or evaluation batches for a model: a language-model batcher, a classification dataset, a
/// generated task. Batches are views over buffers the source owns and reuses, valid until the next call.
/// </summary>
public interface IBatchSource<T> where T : unmanaged, IBinaryFloatingPointIeee754<T>
{
    /// <summary>Number of batches in one pass over the data.</summary>
    int BatchesPerEpoch { get; }

    /// <summary>
    /// True when consecutive batches continue the same streams (truncated BPTT, as Zaremba et al. 2014): the model's
    /// final state of one batch is the initial state of the next. False when every batch holds fresh sequences.
    /// </summary>
    bool ContinuesState { get; }

    /// <summary>Batch number <paramref name="index"/> of the epoch, in [0, <see cref="BatchesPerEpoch"/>).</summary>
    SequenceBatch<T> GetBatch(int index);

    /// <summary>Number of loss terms (predicted tokens or sequences) in batch <paramref name="index"/>: the weight of its mean loss.</summary>
    int CountOf(int index);
}
