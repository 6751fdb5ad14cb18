using System;
using System.Collections.Generic;
using ModelGen;
using ModelGen.Data;
using ModelGen.Numerics;
using ModelGen.Training;

namespace Compare;

/// <summary>A task's success measure on a data set: the fraction of sequences that meet the task's criterion.</summary>
internal readonly record struct Score(int Correct, int Total)
{
    public double Fraction => Total == 0 ? 0 : (double)Correct / Total;
    public override string ToString() => $"{100 * Fraction:F1}%";
}

/// <summary>One comparison task: its data, how its loss reads, and (for the classic tasks) the success criterion of the paper.</summary>
internal abstract class CompareTask
{
    public abstract string Name { get; }
    /// <summary>What is being learned, for the table's title and the plot.</summary>
    public abstract string Title { get; }
    /// <summary>The unit of <see cref="DisplayLoss"/>.</summary>
    public abstract string LossUnit { get; }
    /// <summary>What <see cref="Score"/> counts, or null when the task has no success criterion (language models).</summary>
    public abstract string? Criterion { get; }
    public abstract IBatchSource<float> Train { get; }
    public abstract IBatchSource<float> Valid { get; }
    public abstract IBatchSource<float> Test { get; }
    /// <summary>Default number of training steps of each cell.</summary>
    public abstract int DefaultSteps { get; }
    /// <summary>The learning rates tried for every cell unless --lr says otherwise (the best by validation loss is kept).</summary>
    public virtual IReadOnlyList<double> DefaultLearningRates => new[] { 1e-3, 3e-3, 1e-2 };
    /// <summary>At most this many validation batches per evaluation during training.</summary>
    public virtual int EvaluationBatches => int.MaxValue;
    /// <summary>Mean loss (nats or squared error) in the unit the table shows.</summary>
    public virtual double DisplayLoss(double loss) => loss;
    /// <summary>The fraction of sequences of <paramref name="data"/> the model gets right by the paper's criterion.</summary>
    public virtual Score? Evaluate(IRecurrentModel<float> model, BatchSet data) => null;

    /// <summary>Runs every batch of <paramref name="data"/> forward and counts with <paramref name="count"/>(outputs, batch index).</summary>
    protected static Score CountOver(IRecurrentModel<float> model, BatchSet data, Func<ReadOnlySpan<float>, int, (int Correct, int Total)> count)
    {
        int correct = 0, total = 0;
        for (int i = 0; i < data.BatchesPerEpoch; i++)
        {
            var batch = data.GetBatch(i);
            model.ResetState(batch.BatchSize);
            model.Forward(batch);
            (int c, int t) = count(model.Outputs, i);
            correct += c;
            total += t;
        }
        return new Score(correct, total);
    }
}

/// <summary>Character-level language modeling of a text (the generated play-like corpus by default): 90% train, 5% validation, 5% test.</summary>
internal sealed class CharLmTask : CompareTask
{
    public const int Vocab = 96;
    private readonly LanguageModelBatches<float> _train, _valid, _test;

    public CharLmTask(string? path, int batchSize, int bptt, int seed)
    {
        string text = path is null ? CharLm.Corpus.Generate(300_000, seed) : TextFile.ReadUtf8(path);
        Source = path ?? "generated play-like corpus";
        (string train, string rest) = TextCorpus.Split(text, 0.9);
        (string valid, string test) = TextCorpus.Split(rest, 0.5);
        if (test.Length < bptt + 1 || valid.Length < bptt + 1)
            throw new CompareException($"The text has {text.Length} characters; the validation and test parts (5% each) need at least {bptt + 1} (give a longer text or a smaller --bptt).");
        var tokenizer = CharTokenizer.Build(train, maxVocabularySize: Vocab);
        Tokenizer = tokenizer;
        _train = new LanguageModelBatches<float>(tokenizer.Encode(train), batchSize, bptt);
        _valid = Streams(tokenizer.Encode(valid), batchSize, bptt);
        _test = Streams(tokenizer.Encode(test), batchSize, bptt);
        Characters = text.Length;
    }

    private static LanguageModelBatches<float> Streams(int[] ids, int batchSize, int bptt)
        => new(ids, Math.Max(1, Math.Min(batchSize, (ids.Length - 1) / bptt)), bptt);

    public CharTokenizer Tokenizer { get; }
    public string Source { get; }
    public int Characters { get; }
    public override string Name => "charlm";
    public override string Title => $"Character language model ({Source}, {Characters:N0} characters)";
    public override string LossUnit => "bits/char";
    public override string? Criterion => null;
    public override IBatchSource<float> Train => _train;
    public override IBatchSource<float> Valid => _valid;
    public override IBatchSource<float> Test => _test;
    public override int DefaultSteps => 1_000;
    public override IReadOnlyList<double> DefaultLearningRates => new[] { 3e-3 };
    public override int EvaluationBatches => 20;
    public override double DisplayLoss(double loss) => loss / Math.Log(2);
}

/// <summary>
/// The adding problem (Hochreiter &amp; Schmidhuber 1997, experiment 4): each step carries a value in [-1, 1] and a
/// marker; two steps are marked, the first among the first 10, the second among the first T/2. The target at the end
/// is 0.5 + (X1 + X2) / 4; a sequence counts as solved when the absolute error is below 0.04.
/// </summary>
internal sealed class AddingTask : CompareTask
{
    public const double Tolerance = 0.04;
    private readonly BatchSet _train, _valid, _test;

    public AddingTask(int length, int batchSize, int seed, int trainSequences = 20_000)
    {
        if (length < 4) throw new CompareException($"--length must be at least 4 for the adding problem; got {length}.");
        Length = length;
        var rng = new Rng(seed);
        _train = new BatchSet(Generate(rng, trainSequences), batchSize, 2, perStepHead: false, targetWidth: 1);
        _valid = new BatchSet(Generate(rng, 1_000), batchSize, 2, perStepHead: false, targetWidth: 1);
        _test = new BatchSet(Generate(rng, 2_000), batchSize, 2, perStepHead: false, targetWidth: 1);
    }

    public int Length { get; }

    private List<Example> Generate(Rng rng, int count)
    {
        var examples = new List<Example>(count);
        int firstWindow = Math.Min(10, Length / 2);
        for (int n = 0; n < count; n++)
        {
            var x = new float[Length * 2];
            for (int t = 0; t < Length; t++) x[2 * t] = (float)rng.NextUniform(-1, 1);
            int first = rng.NextInt(firstWindow), second;
            do second = rng.NextInt(Length / 2); while (second == first);
            x[2 * first + 1] = 1;
            x[2 * second + 1] = 1;
            float target = 0.5f + (x[2 * first] + x[2 * second]) / 4f;
            examples.Add(new Example(Length, Array.Empty<int>(), x, Array.Empty<int>(), new[] { target }));
        }
        return examples;
    }

    public override string Name => "adding";
    public override string Title => $"Adding problem, T = {Length} (Hochreiter & Schmidhuber 1997, exp. 4)";
    public override string LossUnit => "MSE";
    public override string? Criterion => $"|error| < {Tolerance}";
    public override IBatchSource<float> Train => _train;
    public override IBatchSource<float> Valid => _valid;
    public override IBatchSource<float> Test => _test;
    public override int DefaultSteps => 4_000;

    public override Score? Evaluate(IRecurrentModel<float> model, BatchSet data) => CountOver(model, data, (outputs, i) =>
    {
        ReadOnlySpan<float> targets = data.GetBatch(i).Targets;
        int correct = 0;
        for (int b = 0; b < targets.Length; b++) if (Math.Abs(outputs[b] - targets[b]) < Tolerance) correct++;
        return (correct, targets.Length);
    });
}

/// <summary>
/// The temporal order problem (Hochreiter &amp; Schmidhuber 1997, experiment 6a): a sequence of random symbols a–d,
/// started by E and ended by B, holds X or Y at one step in [T/10, T/5] and another in [T/2, 3T/5]; the class is
/// their order (XX, XY, YX, YY). A sequence counts as solved when every output's error is below 0.3, that is when
/// the softmax gives the right class a probability above 0.7.
/// </summary>
internal sealed class TemporalOrderTask : CompareTask
{
    public const int A = 0, X = 4, Y = 5, Start = 6, End = 7;
    private readonly BatchSet _train, _valid, _test;

    public TemporalOrderTask(int length, int batchSize, int seed, int trainSequences = 10_000)
    {
        if (length < 10) throw new CompareException($"--length must be at least 10 for the temporal order problem; got {length}.");
        Length = length;
        var rng = new Rng(seed);
        _train = new BatchSet(Generate(rng, trainSequences), batchSize, 0, perStepHead: false);
        _valid = new BatchSet(Generate(rng, 1_000), batchSize, 0, perStepHead: false);
        _test = new BatchSet(Generate(rng, 2_000), batchSize, 0, perStepHead: false);
    }

    public int Length { get; }

    private List<Example> Generate(Rng rng, int count)
    {
        var examples = new List<Example>(count);
        int t1Low = Length / 10, t1High = Length / 5, t2Low = Length / 2, t2High = 3 * Length / 5;
        for (int n = 0; n < count; n++)
        {
            var tokens = new int[Length];
            tokens[0] = Start;
            tokens[^1] = End;
            for (int t = 1; t < Length - 1; t++) tokens[t] = A + rng.NextInt(4);
            int first = t1Low + rng.NextInt(t1High - t1Low + 1), second = t2Low + rng.NextInt(t2High - t2Low + 1);
            bool firstY = rng.NextInt(2) == 1, secondY = rng.NextInt(2) == 1;
            tokens[first] = firstY ? Y : X;
            tokens[second] = secondY ? Y : X;
            examples.Add(new Example(Length, tokens, Array.Empty<float>(), new[] { (firstY ? 2 : 0) + (secondY ? 1 : 0) }, Array.Empty<float>()));
        }
        return examples;
    }

    public override string Name => "temporal";
    public override string Title => $"Temporal order problem, T = {Length} (Hochreiter & Schmidhuber 1997, exp. 6a)";
    public override string LossUnit => "nats";
    public override string? Criterion => "p(right class) > 0.7";
    public override IBatchSource<float> Train => _train;
    public override IBatchSource<float> Valid => _valid;
    public override IBatchSource<float> Test => _test;
    public override int DefaultSteps => 2_000;

    public override Score? Evaluate(IRecurrentModel<float> model, BatchSet data) => CountOver(model, data, (outputs, i) =>
    {
        ReadOnlySpan<int> labels = data.GetBatch(i).Labels;
        int correct = 0;
        for (int b = 0; b < labels.Length; b++)
            if (Softmax(outputs.Slice(b * 4, 4), labels[b]) > 0.7) correct++;
        return (correct, labels.Length);
    });

    private static double Softmax(ReadOnlySpan<float> z, int k)
    {
        double max = double.NegativeInfinity, sum = 0;
        foreach (float v in z) max = Math.Max(max, v);
        foreach (float v in z) sum += Math.Exp(v - max);
        return Math.Exp(z[k] - max) / sum;
    }
}

/// <summary>
/// The embedded Reber grammar (Hochreiter &amp; Schmidhuber 1997, experiment 1; Cleeremans et al. 1989): predict the
/// next symbol of strings B (T|P) [a Reber string] (T|P) E, where the symbol before the final E repeats the second one,
/// across the whole inner string. A string counts as solved when at every step the possible next symbols are exactly
/// the most probable outputs (as many of them as there are possible symbols).
/// </summary>
internal sealed class ReberTask : CompareTask
{
    public const int B = 0, T = 1, P = 2, S = 3, X = 4, V = 5, E = 6;
    private readonly BatchSet _train, _valid, _test;

    public ReberTask(int batchSize, int seed, int trainStrings = 5_000)
    {
        var rng = new Rng(seed);
        _train = new BatchSet(Generate(rng, trainStrings), batchSize, 0, perStepHead: true);
        _valid = new BatchSet(Generate(rng, 500), batchSize, 0, perStepHead: true);
        _test = new BatchSet(Generate(rng, 1_000), batchSize, 0, perStepHead: true);
    }

    private static int Bit(int symbol) => 1 << symbol;

    internal static List<Example> Generate(Rng rng, int count)
    {
        var examples = new List<Example>(count);
        var symbols = new List<int>();
        var legal = new List<int>();   // possible next symbols after each emitted symbol
        for (int n = 0; n < count; n++)
        {
            symbols.Clear();
            legal.Clear();
            void Emit(int symbol, int next) { symbols.Add(symbol); legal.Add(next); }
            int branch = rng.NextInt(2) == 0 ? T : P;
            Emit(B, Bit(T) | Bit(P));
            Emit(branch, Bit(B));
            Emit(B, Bit(T) | Bit(P));
            int state = 1;
            while (state != 6)
            {
                bool left = rng.NextInt(2) == 0;
                (int symbol, int to) = state switch
                {
                    1 => left ? (T, 2) : (P, 3),
                    2 => left ? (S, 2) : (X, 4),
                    3 => left ? (T, 3) : (V, 5),
                    4 => left ? (X, 3) : (S, 6),
                    _ => left ? (P, 4) : (V, 6),
                };
                int next = to switch
                {
                    2 => Bit(S) | Bit(X),
                    3 => Bit(T) | Bit(V),
                    4 => Bit(X) | Bit(S),
                    5 => Bit(P) | Bit(V),
                    _ => Bit(E),
                };
                Emit(symbol, next);
                state = to;
            }
            Emit(E, Bit(branch));      // the long-range step: only the symbol seen at the start may follow
            Emit(branch, Bit(E));
            symbols.Add(E);
            int steps = symbols.Count - 1;
            var inputs = symbols.GetRange(0, steps).ToArray();
            var labels = symbols.GetRange(1, steps).ToArray();
            examples.Add(new Example(steps, inputs, Array.Empty<float>(), labels, Array.Empty<float>(), legal.ToArray()));
        }
        return examples;
    }

    public override string Name => "reber";
    public override string Title => "Embedded Reber grammar, next-symbol prediction (Hochreiter & Schmidhuber 1997, exp. 1)";
    public override string LossUnit => "nats";
    public override string? Criterion => "every step's possible symbols are the top outputs";
    public override IBatchSource<float> Train => _train;
    public override IBatchSource<float> Valid => _valid;
    public override IBatchSource<float> Test => _test;
    public override int DefaultSteps => 1_500;

    public override Score? Evaluate(IRecurrentModel<float> model, BatchSet data) => CountOver(model, data, (outputs, i) =>
    {
        var batch = data.GetBatch(i);
        ReadOnlySpan<int> legal = data.LegalOf(i);
        int correct = 0;
        for (int b = 0; b < batch.BatchSize; b++)
        {
            bool ok = true;
            for (int t = 0; t < batch.Steps && ok; t++)
            {
                int row = b * batch.Steps + t;
                ok = TopMatches(outputs.Slice(row * 7, 7), legal[row]);
            }
            if (ok) correct++;
        }
        return (correct, batch.BatchSize);
    });

    /// <summary>True when the k highest outputs, k the number of possible symbols, are exactly the possible symbols.</summary>
    private static bool TopMatches(ReadOnlySpan<float> z, int mask)
    {
        float lowestLegal = float.PositiveInfinity, highestOther = float.NegativeInfinity;
        for (int k = 0; k < z.Length; k++)
        {
            if ((mask & Bit(k)) != 0) lowestLegal = Math.Min(lowestLegal, z[k]);
            else highestOther = Math.Max(highestOther, z[k]);
        }
        return lowestLegal > highestOther;
    }
}

/// <summary>A problem with the command line or the data that the user can fix.</summary>
internal sealed class CompareException(string message) : Exception(message);
