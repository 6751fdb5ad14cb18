using System;
using System.Collections.Generic;
using System.Linq;
using ModelGen;
using ModelGen.Numerics;
using ModelGen.Training;

namespace TextClassification;

/// <summary>A sentence as the model sees it: word ids and a class id.</summary>
/// <param name="Ids">Word ids, at least one.</param>
/// <param name="Label">Class id.</param>
public readonly record struct EncodedSentence(int[] Ids, int Label);

/// <summary>
/// Batches of sentences of exactly one length, so no sentence is padded and the last step of every row is its last
/// word (what the last-step softmax head reads). Sentences are sorted by length (stably) and each length's group is cut
/// into batches of up to the batch size; <see cref="Shuffle"/> reorders the batches, not their contents.
/// </summary>
/// <remarks>
/// Every batch holds fresh sentences, so <see cref="ContinuesState"/> is false: the <see cref="Trainer{T}"/> then calls
/// <c>ResetState</c> before every batch, and each sentence starts from a zero state as in PyTorch's default.
/// </remarks>
public sealed class LengthBuckets : IBatchSource<float>
{
    private readonly int[][] _tokens;
    private readonly int[][] _labels;
    private readonly int[] _steps;
    private readonly int[] _order;

    /// <summary>Buckets <paramref name="sentences"/> into batches of at most <paramref name="batchSize"/> sentences of equal length.</summary>
    public LengthBuckets(IReadOnlyList<EncodedSentence> sentences, int batchSize)
    {
        ArgumentNullException.ThrowIfNull(sentences);
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);
        // OrderBy is stable: sentences of one length keep their order, so the batches depend on the data only.
        List<EncodedSentence> sorted = sentences.OrderBy(s => s.Ids.Length).ToList();

        var tokens = new List<int[]>();
        var labels = new List<int[]>();
        var steps = new List<int>();
        int start = 0;
        while (start < sorted.Count)
        {
            int length = sorted[start].Ids.Length;
            int end = start;
            while (end < sorted.Count && end - start < batchSize && sorted[end].Ids.Length == length) end++;
            (int[] t, int[] l) = Pack(sorted, start, end, length);
            tokens.Add(t);
            labels.Add(l);
            steps.Add(length);
            start = end;
        }
        _tokens = tokens.ToArray();
        _labels = labels.ToArray();
        _steps = steps.ToArray();
        _order = new int[_tokens.Length];
        for (int i = 0; i < _order.Length; i++) _order[i] = i;
        SentenceCount = sentences.Count;
    }

    private static (int[] Tokens, int[] Labels) Pack(List<EncodedSentence> sorted, int start, int end, int length)
    {
        int rows = end - start;
        var tokens = new int[rows * length];
        var labels = new int[rows];
        for (int r = 0; r < rows; r++)
        {
            sorted[start + r].Ids.CopyTo(tokens, r * length);
            labels[r] = sorted[start + r].Label;
        }
        return (tokens, labels);
    }

    /// <summary>The number of sentences in all batches.</summary>
    public int SentenceCount { get; }

    /// <inheritdoc/>
    public int BatchesPerEpoch => _tokens.Length;

    /// <inheritdoc/>
    public bool ContinuesState => false;

    /// <inheritdoc/>
    public SequenceBatch<float> GetBatch(int index)
    {
        int b = _order[index];
        return SequenceBatch<float>.FromTokens(_tokens[b], _labels[b].Length, _steps[b], _labels[b]);
    }

    /// <inheritdoc/>
    public int CountOf(int index) => _labels[_order[index]].Length;

    /// <summary>Puts the batches in a new random order (Fisher–Yates) drawn from <paramref name="rng"/>.</summary>
    public void Shuffle(Rng rng)
    {
        ArgumentNullException.ThrowIfNull(rng);
        for (int i = _order.Length - 1; i > 0; i--)
        {
            int j = rng.NextInt(i + 1);
            (_order[i], _order[j]) = (_order[j], _order[i]);
        }
    }
}
