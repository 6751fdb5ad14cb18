using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text;
using ModelGen.Data;
using ModelGen.Numerics;

namespace Seq2Seq;

/// <summary>A source and a target as tokens (characters or words).</summary>
internal sealed record TextPair(string[] Source, string[] Target);

/// <summary>Training, validation and test pairs, and where they came from.</summary>
internal sealed record Dataset(List<TextPair> Train, List<TextPair> Valid, List<TextPair> Test, string Description)
{
    private const double HeldOutFraction = 0.1;

    /// <summary>The pairs the options name: a --data file (with optional --valid and --test), or a generated task.</summary>
    /// <exception cref="DataFileException">A file is missing, unreadable or malformed.</exception>
    public static Dataset Load(Options o)
    {
        if (o.Data is null)
        {
            List<TextPair> pairs = GeneratedTask.Generate(o.Task, o.Pairs, o.MinLength, o.MaxLength, o.Seed);
            string description = string.Create(CultureInfo.InvariantCulture,
                $"generated task '{o.Task.ToString().ToLowerInvariant()}', {pairs.Count} distinct strings of a-j, lengths {o.MinLength}-{o.MaxLength}");
            return Split(pairs, o.Seed, "the generated data", holdOutValid: true, holdOutTest: true, description);
        }

        List<TextPair> data = PairFile.Read(o.Data, o.Words);
        List<TextPair>? valid = o.Valid is null ? null : PairFile.Read(o.Valid, o.Words);
        List<TextPair>? test = o.Test is null ? null : PairFile.Read(o.Test, o.Words);
        Dataset split = Split(data, o.Seed, o.Data, holdOutValid: valid is null, holdOutTest: test is null, o.Data);
        return split with { Valid = valid ?? split.Valid, Test = test ?? split.Test };
    }

    /// <summary>Shuffles <paramref name="pairs"/> with the seed and holds out 10% for each part not given as a file.</summary>
    private static Dataset Split(List<TextPair> pairs, int seed, string source, bool holdOutValid, bool holdOutTest, string description)
    {
        int heldOutParts = (holdOutValid ? 1 : 0) + (holdOutTest ? 1 : 0);
        int each = (int)(pairs.Count * HeldOutFraction);
        if (heldOutParts > 0 && (each < 1 || pairs.Count - heldOutParts * each < 1))
            throw new DataFileException(source, 0,
                $"it has {pairs.Count} pairs, too few to hold out 10% for validation and test; give at least 10 pairs, or --valid and --test files.");

        var shuffled = new List<TextPair>(pairs);
        Shuffle(shuffled, new Rng(seed + 0x5EED_0001L));
        int validCount = holdOutValid ? each : 0, testCount = holdOutTest ? each : 0;
        var valid = shuffled.GetRange(0, validCount);
        var test = shuffled.GetRange(validCount, testCount);
        var train = shuffled.GetRange(validCount + testCount, shuffled.Count - validCount - testCount);
        return new Dataset(train, valid, test, description);
    }

    /// <summary>Fisher-Yates shuffle.</summary>
    public static void Shuffle<T>(IList<T> items, Rng rng)
    {
        for (int i = items.Count - 1; i > 0; i--)
        {
            int j = rng.NextInt(i + 1);
            (items[i], items[j]) = (items[j], items[i]);
        }
    }
}

/// <summary>Reads 'source&lt;TAB&gt;target' lines.</summary>
internal static class PairFile
{
    /// <summary>The pairs of the file at <paramref name="path"/>, tokenized into characters or (with <paramref name="words"/>) words.</summary>
    /// <exception cref="DataFileException">The file cannot be read, a line does not hold exactly one TAB, or a side is empty.</exception>
    public static List<TextPair> Read(string path, bool words)
    {
        string text = TextFile.ReadUtf8(path);
        var pairs = new List<TextPair>();
        string[] lines = text.Split('\n');
        for (int i = 0; i < lines.Length; i++)
        {
            string line = lines[i].TrimEnd('\r');
            if (line.Length == 0) continue; // blank lines (and the end of the last line) separate nothing
            pairs.Add(ParseLine(path, i + 1, line, words));
        }
        if (pairs.Count == 0)
            throw new DataFileException(path, 0, "it holds no 'source<TAB>target' lines.");
        return pairs;
    }

    private static TextPair ParseLine(string path, int lineNumber, string line, bool words)
    {
        int tab = line.IndexOf('\t', StringComparison.Ordinal);
        if (tab < 0)
            throw new DataFileException(path, lineNumber, "expected 'source<TAB>target', but the line has no TAB.");
        if (line.IndexOf('\t', tab + 1) >= 0)
            throw new DataFileException(path, lineNumber, "expected 'source<TAB>target', but the line has more than one TAB.");
        string[] source = Tokenize(line[..tab], words), target = Tokenize(line[(tab + 1)..], words);
        if (source.Length == 0)
            throw new DataFileException(path, lineNumber, $"the source (before the TAB) is empty{(words ? " or only spaces" : "")}; every pair needs a source and a target.");
        if (target.Length == 0)
            throw new DataFileException(path, lineNumber, $"the target (after the TAB) is empty{(words ? " or only spaces" : "")}; every pair needs a source and a target.");
        return new TextPair(source, target);
    }

    /// <summary>Words between spaces, or characters (Unicode scalar values).</summary>
    public static string[] Tokenize(string text, bool words)
    {
        if (words) return text.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var tokens = new List<string>(text.Length);
        foreach (Rune rune in text.EnumerateRunes()) tokens.Add(rune.ToString());
        return tokens.ToArray();
    }
}

/// <summary>
/// The default data: distinct random strings of the letters a-j and their reversal, sorting or copy. Distinct sources
/// mean a validation or test string never occurs in training: the model must learn the rule, not the pairs.
/// </summary>
internal static class GeneratedTask
{
    private const int Letters = 10;
    private const int AttemptsPerPair = 50;

    /// <summary><paramref name="count"/> pairs with source lengths uniform in [<paramref name="minLength"/>, <paramref name="maxLength"/>].</summary>
    /// <exception cref="Seq2SeqException">There are not that many distinct strings of those lengths.</exception>
    public static List<TextPair> Generate(TaskKind task, int count, int minLength, int maxLength, int seed)
    {
        var rng = new Rng(seed);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var pairs = new List<TextPair>(count);
        var letters = new char[maxLength];
        for (long attempt = 0; pairs.Count < count; attempt++)
        {
            if (attempt >= (long)count * AttemptsPerPair)
                throw new Seq2SeqException(
                    $"Could not draw {count} distinct strings of lengths {minLength}-{maxLength} from 10 letters (got {pairs.Count}); ask for fewer --pairs or allow longer strings.");
            int length = minLength + rng.NextInt(maxLength - minLength + 1);
            for (int i = 0; i < length; i++) letters[i] = (char)('a' + rng.NextInt(Letters));
            string source = new(letters, 0, length);
            if (seen.Add(source)) pairs.Add(new TextPair(PairFile.Tokenize(source, words: false), PairFile.Tokenize(Target(task, source), words: false)));
        }
        return pairs;
    }

    private static string Target(TaskKind task, string source)
    {
        char[] letters = source.ToCharArray();
        if (task == TaskKind.Reverse) Array.Reverse(letters);
        else if (task == TaskKind.Sort) Array.Sort(letters);
        return new string(letters);
    }
}
