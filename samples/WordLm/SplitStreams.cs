using System;
using ModelGen;
using ModelGen.Training;

namespace WordLm;

/// <summary>
/// A whole split for evaluation: every token but the first is predicted exactly once. The split is cut into B streams of
/// equal length walked T steps at a time with the state carried (the last batch shorter), as Zaremba et al. validate; the
/// fewer than B tokens left over at the end form one more batch of a single stream, from a zero state.
/// </summary>
/// <remarks>B parallel streams make evaluation several times faster than one stream of the whole split; each stream
/// starts without context, which costs a little perplexity on its first few tokens.</remarks>
internal sealed class SplitStreams : IBatchSource<float>
{
    private readonly int[] _tokens;
    private readonly int _streams, _steps, _streamLength, _streamBatches, _tail;
    private readonly int[] _inputs, _labels;

    /// <summary>Batches of up to <paramref name="streams"/> x <paramref name="steps"/> tokens over <paramref name="tokens"/> (at least 2 tokens, not copied).</summary>
    public SplitStreams(int[] tokens, int streams, int steps)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(tokens.Length, 2, nameof(tokens));
        ArgumentOutOfRangeException.ThrowIfLessThan(streams, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(steps, 1);
        int predictions = tokens.Length - 1;
        _tokens = tokens;
        _streams = Math.Min(streams, predictions);
        _steps = steps;
        _streamLength = predictions / _streams;
        _tail = predictions - _streams * _streamLength;
        _streamBatches = (_streamLength + steps - 1) / steps;
        _inputs = new int[_streams * steps];
        _labels = new int[_streams * steps];
    }

    /// <inheritdoc/>
    public int BatchesPerEpoch => _streamBatches + (_tail > 0 ? 1 : 0);

    /// <inheritdoc/>
    public bool ContinuesState => true;

    /// <inheritdoc/>
    public SequenceBatch<float> GetBatch(int index)
    {
        if (index == _streamBatches)
        {
            int start = _streams * _streamLength;
            return SequenceBatch<float>.FromTokens(_tokens.AsSpan(start, _tail), 1, _tail, _tokens.AsSpan(start + 1, _tail));
        }
        int offset = index * _steps, length = Math.Min(_steps, _streamLength - offset);
        for (int b = 0; b < _streams; b++)
        {
            ReadOnlySpan<int> source = _tokens.AsSpan(b * _streamLength + offset, length + 1);
            source[..length].CopyTo(_inputs.AsSpan(b * length, length));
            source[1..].CopyTo(_labels.AsSpan(b * length, length));
        }
        int size = _streams * length;
        return SequenceBatch<float>.FromTokens(_inputs.AsSpan(0, size), _streams, length, _labels.AsSpan(0, size));
    }

    /// <inheritdoc/>
    public int CountOf(int index)
        => index == _streamBatches ? _tail : _streams * Math.Min(_steps, _streamLength - index * _steps);
}
