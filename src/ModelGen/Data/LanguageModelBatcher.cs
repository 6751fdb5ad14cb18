using System;

namespace ModelGen.Data;

/// <summary>
/// Cuts one token stream into <see cref="BatchSize"/> parallel streams and walks them <see cref="Steps"/> tokens at a time,
/// as the <c>batchify</c>/<c>get_batch</c> of PyTorch's word_language_model (after Zaremba et al. 2014): row b of every batch
/// continues row b of the batch before, so a model can carry its recurrent state from batch to batch (truncated BPTT).
/// </summary>
/// <remarks>
/// The stream is cut into B contiguous pieces of <see cref="StreamLength"/> = ⌊N / B⌋ tokens (the last N mod B tokens are
/// dropped). Batch k holds, for every stream b, the inputs <c>stream_b[kT .. kT+T)</c> and the targets
/// <c>stream_b[kT+1 .. kT+T+1)</c>, both [B, T] row-major. Only whole batches are produced (the tail of fewer than T + 1
/// tokens of each stream is dropped), so every batch has the same shape. The two arrays are allocated once and reused.
/// </remarks>
public sealed class LanguageModelBatcher
{
    private readonly ReadOnlyMemory<int> _tokens;
    private readonly int[] _inputs;
    private readonly int[] _targets;
    private int _position;

    /// <summary>A batcher over <paramref name="tokens"/> (not copied: do not change them while batching).</summary>
    /// <param name="tokens">The token stream, for example a tokenizer's output for the whole training text.</param>
    /// <param name="batchSize">B, the number of parallel streams.</param>
    /// <param name="steps">T, the number of steps of every batch (the BPTT length).</param>
    /// <exception cref="ArgumentException">The stream is too short for one batch; the message says how many tokens are needed.</exception>
    public LanguageModelBatcher(ReadOnlyMemory<int> tokens, int batchSize, int steps)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(steps, 1);
        long needed = (long)batchSize * (steps + 1);
        if (tokens.Length < needed)
            throw new ArgumentException(
                $"The token stream has {tokens.Length} tokens, too few for one batch of {batchSize} streams x {steps} steps: " +
                $"each stream needs {steps + 1} tokens (the inputs plus the next token as target), {needed} tokens in all. " +
                "Use more text, a smaller batch size or fewer steps.", nameof(tokens));
        _tokens = tokens;
        BatchSize = batchSize;
        Steps = steps;
        StreamLength = tokens.Length / batchSize;
        BatchesPerEpoch = (StreamLength - 1) / steps;
        _inputs = new int[batchSize * steps];
        _targets = new int[batchSize * steps];
    }

    /// <summary>B, the number of parallel streams (rows of a batch).</summary>
    public int BatchSize { get; }

    /// <summary>T, the number of steps (columns of a batch).</summary>
    public int Steps { get; }

    /// <summary>Length of each of the B streams, ⌊N / B⌋.</summary>
    public int StreamLength { get; }

    /// <summary>Number of whole batches in one pass over the streams, ⌊(StreamLength - 1) / T⌋.</summary>
    public int BatchesPerEpoch { get; }

    /// <summary>The index of the batch the next <see cref="Next"/> produces, in [0, <see cref="BatchesPerEpoch"/>]; set it to resume.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is outside [0, <see cref="BatchesPerEpoch"/>].</exception>
    public int Position
    {
        get => _position;
        set
        {
            if (value < 0 || value > BatchesPerEpoch)
                throw new ArgumentOutOfRangeException(nameof(value), value,
                    $"The batch position must be in [0, {BatchesPerEpoch}] (batches per epoch); was the checkpoint made with another batch size, step count or text?");
            _position = value;
        }
    }

    /// <summary>The inputs of the batch produced by the last <see cref="Next"/>, [B, T] row-major.</summary>
    public ReadOnlySpan<int> Inputs => _inputs;

    /// <summary>The targets of the batch produced by the last <see cref="Next"/>, [B, T] row-major: each input's next token.</summary>
    public ReadOnlySpan<int> Targets => _targets;

    /// <summary>Goes back to the first batch (the start of an epoch). Reset the model's state too.</summary>
    public void Reset() => _position = 0;

    /// <summary>
    /// Fills <see cref="Inputs"/> and <see cref="Targets"/> with the batch at <see cref="Position"/> and advances it; returns
    /// false, changing nothing, once the epoch is over (then call <see cref="Reset"/>).
    /// </summary>
    public bool Next()
    {
        if (_position >= BatchesPerEpoch) return false;
        Fill(_position, _inputs, _targets);
        _position++;
        return true;
    }

    /// <summary>Writes batch <paramref name="batchIndex"/> into caller-owned buffers of at least B * T elements each.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="batchIndex"/> is outside [0, <see cref="BatchesPerEpoch"/>).</exception>
    /// <exception cref="ArgumentException">A buffer is shorter than B * T.</exception>
    public void Fill(int batchIndex, Span<int> inputs, Span<int> targets)
    {
        if ((uint)batchIndex >= (uint)BatchesPerEpoch)
            throw new ArgumentOutOfRangeException(nameof(batchIndex), batchIndex, $"The batch index must be in [0, {BatchesPerEpoch}).");
        int size = BatchSize * Steps;
        if (inputs.Length < size || targets.Length < size)
            throw new ArgumentException($"The input and target buffers need {size} elements (B {BatchSize} x T {Steps}), but have {inputs.Length} and {targets.Length}.");
        ReadOnlySpan<int> tokens = _tokens.Span;
        for (int b = 0; b < BatchSize; b++)
        {
            ReadOnlySpan<int> source = tokens.Slice(b * StreamLength + batchIndex * Steps, Steps + 1);
            source[..Steps].CopyTo(inputs.Slice(b * Steps, Steps));
            source[1..].CopyTo(targets.Slice(b * Steps, Steps));
        }
    }
}
