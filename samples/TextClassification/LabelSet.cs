using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using ModelGen.Data;

namespace TextClassification;

/// <summary>
/// The classes of a dataset: label names mapped to ids in sorted order (numerically when every label is an integer,
/// else ordinally), so "0" &lt; "1" &lt; "10" and "ham" &lt; "spam".
/// </summary>
public sealed class LabelSet
{
    private readonly string[] _names;
    private readonly Dictionary<string, int> _ids;

    private LabelSet(string[] names)
    {
        _names = names;
        _ids = new Dictionary<string, int>(StringComparer.Ordinal);
        for (int i = 0; i < names.Length; i++) _ids.Add(names[i], i);
    }

    /// <summary>The label names by class id.</summary>
    public IReadOnlyList<string> Names => _names;

    /// <summary>The number of classes.</summary>
    public int Count => _names.Length;

    /// <summary>
    /// The labels of the training sentences. More than <paramref name="maxClasses"/> is an error at the line where the
    /// first label past the limit appears.
    /// </summary>
    /// <exception cref="DataFileException">The data has more classes than the model's output, or only one.</exception>
    public static LabelSet FromTraining(IReadOnlyList<Sentence> train, int maxClasses)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (Sentence s in train)
        {
            if (seen.Add(s.Label) && seen.Count > maxClasses)
                throw new DataFileException(s.Path, s.Line, string.Create(CultureInfo.InvariantCulture,
                    $"label '{s.Label}' is class number {seen.Count}, but the models declare Output = {maxClasses} (the most classes among Kim 2014's datasets). Merge classes, or declare models with a larger Output in Models.cs."));
        }
        if (seen.Count < 2)
            throw new DataFileException(train[0].Path, 0, $"every training sentence has the label '{train[0].Label}'; a classifier needs at least two classes.");
        return new LabelSet(Sort(seen));
    }

    private static string[] Sort(IEnumerable<string> labels)
    {
        string[] names = labels.ToArray();
        bool numeric = names.All(n => long.TryParse(n, NumberStyles.Integer, CultureInfo.InvariantCulture, out _));
        if (numeric)
            Array.Sort(names, (a, b) => long.Parse(a, CultureInfo.InvariantCulture).CompareTo(long.Parse(b, CultureInfo.InvariantCulture)));
        else
            Array.Sort(names, StringComparer.Ordinal);
        return names;
    }

    /// <summary>The class id of <paramref name="sentence"/>'s label.</summary>
    /// <exception cref="DataFileException">The label is not one of the classes (naming the file and line).</exception>
    public int IdOf(Sentence sentence)
    {
        if (_ids.TryGetValue(sentence.Label, out int id)) return id;
        throw new DataFileException(sentence.Path, sentence.Line,
            $"the label '{sentence.Label}' is not one of the classes the model knows ({string.Join(", ", _names)}); the classes come from the training data (or the loaded checkpoint).");
    }

    /// <summary>The names one per line, for checkpoint metadata.</summary>
    public string ToMetadata() => string.Join('\n', _names);

    /// <summary>The label set stored by <see cref="ToMetadata"/>, or null when the text is not a valid list of labels.</summary>
    public static LabelSet? FromMetadata(string text, int maxClasses)
    {
        string[] names = text.Split('\n');
        if (names.Length < 2 || names.Length > maxClasses || names.Any(string.IsNullOrWhiteSpace) || names.Distinct(StringComparer.Ordinal).Count() != names.Length)
            return null;
        return new LabelSet(names);
    }
}
