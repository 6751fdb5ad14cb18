using System;
using System.Collections.Generic;
using ModelGen.Numerics;

namespace Seq2Seq;

/// <summary>A source and a target as token ids (without &lt;bos&gt; and &lt;eos&gt;).</summary>
internal sealed record EncodedPair(int[] Source, int[] Target);

/// <summary>
/// One batch of pairs with equal source lengths and equal target lengths, as the three buffers a training step reads
/// (row-major [B, T]): the encoder's tokens, the decoder's inputs &lt;bos&gt; + target, and its labels target + &lt;eos&gt;.
/// </summary>
internal readonly ref struct PairBatch
{
    public required int BatchSize { get; init; }
    public required int SourceSteps { get; init; }
    /// <summary>Decoder steps: the target length + 1.</summary>
    public required int TargetSteps { get; init; }
    public required ReadOnlySpan<int> Source { get; init; }
    public required ReadOnlySpan<int> DecoderInput { get; init; }
    public required ReadOnlySpan<int> Labels { get; init; }
    /// <summary>The index of each row's pair in the data the batches were made from.</summary>
    public required ReadOnlySpan<int> Pairs { get; init; }
}

/// <summary>
/// Batches of pairs grouped by (source length, target length), so that every batch has rectangular [B, T] buffers
/// without padding. Each bucket is cut into batches of at most the batch size; <see cref="Shuffle"/> reshuffles the
/// pairs within each bucket and the order of the batches (once per epoch).
/// </summary>
internal sealed class BucketBatches
{
    private readonly IReadOnlyList<EncodedPair> _pairs;
    private readonly List<int[]> _buckets = new();
    private readonly List<(int Bucket, int Start, int Count)> _batches = new();
    private readonly int _batchSize;
    private int[] _source = Array.Empty<int>(), _decoderInput = Array.Empty<int>(), _labels = Array.Empty<int>();

    /// <summary>Batches of at most <paramref name="batchSize"/> of <paramref name="pairs"/>, in bucket order until shuffled.</summary>
    public BucketBatches(IReadOnlyList<EncodedPair> pairs, int batchSize)
    {
        _pairs = pairs;
        _batchSize = batchSize;
        var byLengths = new SortedDictionary<(int, int), List<int>>();
        for (int i = 0; i < pairs.Count; i++)
        {
            var key = (pairs[i].Source.Length, pairs[i].Target.Length);
            if (!byLengths.TryGetValue(key, out List<int>? bucket)) byLengths[key] = bucket = new List<int>();
            bucket.Add(i);
        }
        foreach (List<int> bucket in byLengths.Values) _buckets.Add(bucket.ToArray());
        CutBatches();
    }

    /// <summary>Number of batches in one pass.</summary>
    public int Count => _batches.Count;

    /// <summary>Number of (source length, target length) buckets.</summary>
    public int BucketCount => _buckets.Count;

    /// <summary>Shuffles the pairs within each bucket, then the order of the batches.</summary>
    public void Shuffle(Rng rng)
    {
        foreach (int[] bucket in _buckets) Dataset.Shuffle(bucket, rng);
        CutBatches();
        Dataset.Shuffle(_batches, rng);
    }

    private void CutBatches()
    {
        _batches.Clear();
        for (int b = 0; b < _buckets.Count; b++)
            for (int start = 0; start < _buckets[b].Length; start += _batchSize)
                _batches.Add((b, start, Math.Min(_batchSize, _buckets[b].Length - start)));
    }

    /// <summary>Batch <paramref name="index"/>; its buffers are reused by the next call.</summary>
    public PairBatch Get(int index)
    {
        (int bucket, int start, int count) = _batches[index];
        ReadOnlySpan<int> rows = _buckets[bucket].AsSpan(start, count);
        int sourceSteps = _pairs[rows[0]].Source.Length, targetSteps = _pairs[rows[0]].Target.Length + 1;
        Span<int> source = Grow(ref _source, count * sourceSteps);
        Span<int> input = Grow(ref _decoderInput, count * targetSteps);
        Span<int> labels = Grow(ref _labels, count * targetSteps);
        for (int r = 0; r < count; r++)
        {
            EncodedPair pair = _pairs[rows[r]];
            pair.Source.CopyTo(source.Slice(r * sourceSteps, sourceSteps));
            // Teacher forcing: the decoder reads <bos> y1 .. yn and predicts y1 .. yn <eos>.
            Span<int> x = input.Slice(r * targetSteps, targetSteps), y = labels.Slice(r * targetSteps, targetSteps);
            x[0] = Vocabulary.Begin;
            pair.Target.CopyTo(x[1..]);
            pair.Target.CopyTo(y);
            y[^1] = Vocabulary.End;
        }
        return new PairBatch
        {
            BatchSize = count, SourceSteps = sourceSteps, TargetSteps = targetSteps,
            Source = source, DecoderInput = input, Labels = labels, Pairs = rows,
        };
    }

    private static Span<int> Grow(ref int[] buffer, int length)
    {
        if (buffer.Length < length) buffer = new int[Math.Max(length, 2 * buffer.Length)];
        return buffer.AsSpan(0, length);
    }
}
