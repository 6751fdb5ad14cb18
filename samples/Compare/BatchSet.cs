using System;
using System.Collections.Generic;
using System.Linq;
using ModelGen;
using ModelGen.Training;

namespace Compare;

/// <summary>
/// One generated sequence: token ids or features, and its label(s) or target(s). <see cref="Legal"/> optionally holds,
/// per label, a bit mask of the answers that also count as correct (the Reber grammar's possible next symbols).
/// </summary>
internal sealed record Example(int Steps, int[] Tokens, float[] Features, int[] Labels, float[] Targets, int[]? Legal = null);

/// <summary>
/// A fixed set of batches of generated sequences, as an <see cref="IBatchSource{T}"/>. Sequences of a batch must have
/// the same length, so examples are grouped by length (in the order they come) and each group is cut into batches of up
/// to the batch size: no padding, and so no mask is needed. Every batch holds fresh sequences (the state starts at zero).
/// </summary>
internal sealed class BatchSet : IBatchSource<float>
{
    private readonly List<Range> _batches = new();
    private readonly int[] _tokens, _labels, _legal;
    private readonly float[] _features, _targets;
    private readonly int _input, _targetWidth;
    private readonly bool _perStep;

    private readonly record struct Range(int First, int Count, int Steps, int Token, int Feature, int Label, int Target);

    /// <summary>Groups <paramref name="examples"/> into batches of up to <paramref name="batchSize"/> sequences.</summary>
    /// <param name="input">Features per step (0 for token input).</param>
    /// <param name="perStepHead">Labels or targets per step (true) or one per sequence (false).</param>
    /// <param name="targetWidth">Targets per label position (the head's Output) for regression heads, else 0.</param>
    public BatchSet(IReadOnlyList<Example> examples, int batchSize, int input, bool perStepHead, int targetWidth = 0)
    {
        if (examples.Count == 0) throw new ArgumentException("A batch set needs at least one example.", nameof(examples));
        _input = input;
        _perStep = perStepHead;
        _targetWidth = targetWidth;

        var ordered = examples.GroupBy(e => e.Steps).SelectMany(g => g.Chunk(batchSize)).ToList();
        var tokens = new List<int>();
        var features = new List<float>();
        var labels = new List<int>();
        var legal = new List<int>();
        var targets = new List<float>();
        int first = 0;
        foreach (Example[] chunk in ordered)
        {
            _batches.Add(new Range(first, chunk.Length, chunk[0].Steps, tokens.Count, features.Count, labels.Count, targets.Count));
            foreach (Example e in chunk)
            {
                tokens.AddRange(e.Tokens);
                features.AddRange(e.Features);
                labels.AddRange(e.Labels);
                targets.AddRange(e.Targets);
                legal.AddRange(e.Legal ?? Enumerable.Repeat(0, e.Labels.Length));
            }
            first += chunk.Length;
        }
        (_tokens, _features, _labels, _targets, _legal) = (tokens.ToArray(), features.ToArray(), labels.ToArray(), targets.ToArray(), legal.ToArray());
    }

    /// <inheritdoc/>
    public int BatchesPerEpoch => _batches.Count;

    /// <inheritdoc/>
    public bool ContinuesState => false;

    /// <inheritdoc/>
    public SequenceBatch<float> GetBatch(int index)
    {
        Range r = _batches[index];
        int rows = r.Count * r.Steps;
        int labels = LabelCount(r);
        return new SequenceBatch<float>
        {
            BatchSize = r.Count,
            Steps = r.Steps,
            Tokens = _input == 0 ? _tokens.AsSpan(r.Token, rows) : default,
            Features = _input > 0 ? _features.AsSpan(r.Feature, rows * _input) : default,
            Labels = _labels.Length > 0 ? _labels.AsSpan(r.Label, labels) : default,
            Targets = _targets.Length > 0 ? _targets.AsSpan(r.Target, labels * _targetWidth) : default,
        };
    }

    /// <summary>The masks of correct answers of batch <paramref name="index"/>, one per label position.</summary>
    public ReadOnlySpan<int> LegalOf(int index) => _legal.AsSpan(_batches[index].Label, LabelCount(_batches[index]));

    /// <inheritdoc/>
    public int CountOf(int index) => LabelCount(_batches[index]);

    private int LabelCount(Range r) => _perStep ? r.Count * r.Steps : r.Count;
}
