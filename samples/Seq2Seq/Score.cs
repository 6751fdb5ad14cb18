using System;
using System.Collections.Generic;

namespace Seq2Seq;

/// <summary>
/// Accuracy of decoded sequences against references: exact match (the whole sequence equal) and per-token accuracy
/// (position by position over the longer of the two, so a missing or an extra token counts as a wrong one), overall and
/// by source length.
/// </summary>
internal sealed class Score
{
    private readonly SortedDictionary<int, (int Count, int Exact)> _byLength = new();

    public int Count { get; private set; }
    public int Exact { get; private set; }
    public long TokensCorrect { get; private set; }
    public long TokenPositions { get; private set; }

    public double ExactMatch => Count == 0 ? double.NaN : (double)Exact / Count;
    public double TokenAccuracy => TokenPositions == 0 ? double.NaN : (double)TokensCorrect / TokenPositions;

    /// <summary>Exact-match count and rate by source length, shortest first.</summary>
    public IEnumerable<(int SourceLength, int Count, double ExactMatch)> ByLength()
    {
        foreach (var (length, (count, exact)) in _byLength) yield return (length, count, (double)exact / count);
    }

    /// <summary>Scores every decoded sequence against its pair's target.</summary>
    public static Score Of(IReadOnlyList<EncodedPair> pairs, int[][] decoded)
    {
        var score = new Score();
        for (int i = 0; i < pairs.Count; i++) score.Add(pairs[i].Source.Length, pairs[i].Target, decoded[i]);
        return score;
    }

    private void Add(int sourceLength, ReadOnlySpan<int> reference, ReadOnlySpan<int> decoded)
    {
        int common = Math.Min(reference.Length, decoded.Length);
        int correct = 0;
        for (int i = 0; i < common; i++) if (reference[i] == decoded[i]) correct++;
        bool exact = correct == reference.Length && decoded.Length == reference.Length;

        Count++;
        if (exact) Exact++;
        TokensCorrect += correct;
        TokenPositions += Math.Max(reference.Length, decoded.Length);
        _byLength.TryGetValue(sourceLength, out var byLength);
        _byLength[sourceLength] = (byLength.Count + 1, byLength.Exact + (exact ? 1 : 0));
    }
}
