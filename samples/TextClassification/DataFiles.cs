using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text;
using ModelGen.Data;

namespace TextClassification;

/// <summary>One labelled sentence: where it came from, its label as written, and its words.</summary>
/// <param name="Path">The file it was read from (or <c>&lt;generated&gt;</c>).</param>
/// <param name="Line">Its 1-based line in that file.</param>
/// <param name="Label">The label as written in the file.</param>
/// <param name="Words">The lower-cased words, at least one.</param>
public sealed record Sentence(string Path, int Line, string Label, string[] Words);

/// <summary>The sentences of one labelled file and what was skipped.</summary>
/// <param name="Path">The file.</param>
/// <param name="Format">The format it was read in (never <see cref="DataFormat.Auto"/>).</param>
/// <param name="Sentences">The sentences with at least one word, in file order.</param>
/// <param name="Skipped">The number of blank lines and of lines whose sentence has no word.</param>
/// <param name="FirstSkippedLine">The first of those lines, or 0.</param>
public sealed record LabelledFile(string Path, DataFormat Format, List<Sentence> Sentences, int Skipped, int FirstSkippedLine);

/// <summary>How a sentence is split into words. Both lower-case (invariant culture) first.</summary>
public enum Tokenization
{
    /// <summary>Split on whitespace: for pre-tokenized text such as SST.</summary>
    Spaces,
    /// <summary>Words are runs of letters and digits; everything else separates them (SMS messages).</summary>
    LettersAndDigits,
}

/// <summary>Splits sentences into words, and names the tokenizations for checkpoint metadata.</summary>
public static class Words
{
    /// <summary>The tokenization that fits a format: SST is pre-tokenized, TSV text is raw.</summary>
    public static Tokenization For(DataFormat format) => format == DataFormat.Tsv ? Tokenization.LettersAndDigits : Tokenization.Spaces;

    /// <summary>The name stored in checkpoint metadata.</summary>
    public static string Name(Tokenization tokenization) => tokenization == Tokenization.Spaces ? "spaces" : "letters-digits";

    /// <summary>The tokenization named <paramref name="name"/>, or null.</summary>
    public static Tokenization? Parse(string name) => name switch
    {
        "spaces" => Tokenization.Spaces,
        "letters-digits" => Tokenization.LettersAndDigits,
        _ => null,
    };

    /// <summary>The lower-cased words of <paramref name="text"/>.</summary>
    public static string[] Split(string text, Tokenization tokenization)
    {
        string lower = text.ToLowerInvariant();
        if (tokenization == Tokenization.Spaces)
            return lower.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
        var words = new List<string>();
        int start = -1;
        for (int i = 0; i <= lower.Length; i++)
        {
            bool inWord = i < lower.Length && char.IsLetterOrDigit(lower[i]);
            if (inWord && start < 0) start = i;
            else if (!inWord && start >= 0)
            {
                words.Add(lower[start..i]);
                start = -1;
            }
        }
        return words.ToArray();
    }
}

/// <summary>Reads labelled sentence files: <c>label sentence</c> (SST) or <c>label&lt;TAB&gt;text</c> (TSV) lines.</summary>
public static class DataFiles
{
    private static readonly char[] FieldSeparators = { ' ', '\t' };

    /// <summary>The format of a file's text: TSV when it holds a TAB, else SST.</summary>
    public static DataFormat Detect(string text) => text.Contains('\t', StringComparison.Ordinal) ? DataFormat.Tsv : DataFormat.Sst;

    /// <summary>
    /// Reads <paramref name="path"/>. Blank lines and sentences without words are skipped and counted; a TSV line without
    /// a TAB, or with an empty label, is an error naming the line.
    /// </summary>
    /// <exception cref="DataFileException">The file cannot be read, is not UTF-8 text, or has a malformed line.</exception>
    public static LabelledFile Read(string path, DataFormat format, Tokenization? tokenization = null)
    {
        string text = TextFile.ReadUtf8(path);
        DataFormat actual = format == DataFormat.Auto ? Detect(text) : format;
        Tokenization words = tokenization ?? Words.For(actual);
        var sentences = new List<Sentence>();
        int skipped = 0, firstSkipped = 0, lineNumber = 0;
        foreach (string raw in Lines(text))
        {
            lineNumber++;
            string line = raw.TrimEnd('\r');
            (string label, string sentence)? parsed = string.IsNullOrWhiteSpace(line) ? null : Parse(path, lineNumber, line, actual, format);
            string[] tokens = parsed is { } p ? Words.Split(p.sentence, words) : Array.Empty<string>();
            if (tokens.Length == 0)
            {
                skipped++;
                if (firstSkipped == 0) firstSkipped = lineNumber;
                continue;
            }
            sentences.Add(new Sentence(path, lineNumber, parsed!.Value.label, tokens));
        }
        if (sentences.Count == 0)
            throw new DataFileException(path, 0, $"the file has no labelled sentence ({Describe(actual)} lines expected).");
        return new LabelledFile(path, actual, sentences, skipped, firstSkipped);
    }

    /// <summary>The lines of <paramref name="text"/>; a final line break does not start another line.</summary>
    private static IEnumerable<string> Lines(string text)
    {
        int start = 0;
        while (start < text.Length)
        {
            int end = text.IndexOf('\n', start);
            if (end < 0) end = text.Length;
            yield return text[start..end];
            start = end + 1;
        }
    }

    private static (string Label, string Sentence) Parse(string path, int line, string text, DataFormat format, DataFormat requested)
    {
        if (format == DataFormat.Tsv)
        {
            int tab = text.IndexOf('\t', StringComparison.Ordinal);
            if (tab < 0)
            {
                string hint = requested == DataFormat.Auto ? " (the file holds a TAB elsewhere, so it is read as TSV; pass --format sst if it is not)" : "";
                throw new DataFileException(path, line, $"expected 'label<TAB>text', but the line has no TAB{hint}: '{Excerpt(text)}'.");
            }
            string label = text[..tab].Trim();
            if (label.Length == 0) throw new DataFileException(path, line, "expected 'label<TAB>text', but the label before the TAB is empty.");
            return (label, text[(tab + 1)..]);
        }
        string trimmed = text.TrimStart();
        int space = trimmed.IndexOfAny(FieldSeparators);
        return space < 0 ? (trimmed, "") : (trimmed[..space], trimmed[(space + 1)..]);
    }

    private static string Describe(DataFormat format) => format == DataFormat.Tsv ? "'label<TAB>text'" : "'label sentence'";

    private static string Excerpt(string text) => text.Length > 60 ? text[..60] + "..." : text;

    /// <summary>A one-line summary of what was read, e.g. "6,920 sentences (sst), 2 empty skipped from line 17".</summary>
    public static string Summary(LabelledFile file)
    {
        var sb = new StringBuilder();
        sb.Append(CultureInfo.InvariantCulture, $"{file.Sentences.Count:N0} sentences ({(file.Format == DataFormat.Tsv ? "tsv" : "sst")} format)");
        if (file.Skipped > 0)
            sb.Append(CultureInfo.InvariantCulture, $", {file.Skipped} blank or wordless lines skipped (the first is line {file.FirstSkippedLine})");
        return sb.ToString();
    }
}
