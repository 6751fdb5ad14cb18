using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text;

namespace ModelGen.Data;

/// <summary>
/// A word-level tokenizer: words are separated by whitespace, id 0 is <see cref="UnknownToken"/>, and optionally id 1 is
/// <see cref="EndOfSentenceToken"/>, appended at the end of every line (as the PTB language-modelling setup of
/// Zaremba et al. 2014 and PyTorch's word_language_model do).
/// </summary>
/// <remarks>
/// The other words follow in descending frequency, ties in ordinal order, so the same text always gives the same ids.
/// A word spelled <c>&lt;unk&gt;</c> in the text (PTB has them) is the unknown token.
/// </remarks>
public sealed class WordTokenizer
{
    /// <summary>The unknown-word token, id 0.</summary>
    public const string UnknownToken = "<unk>";

    /// <summary>The end-of-line token, id 1 when <see cref="AppendEndOfSentence"/> is set.</summary>
    public const string EndOfSentenceToken = "<eos>";

    /// <summary>The checkpoint metadata key under which trainers store <see cref="ToVocabularyString"/>.</summary>
    public const string MetadataKey = "modelgen.tokenizer.words";

    private const string Header = "#modelgen.words v1";

    private readonly string[] _words;
    private readonly Dictionary<string, int> _ids;

    /// <summary>A tokenizer over a fixed vocabulary: <see cref="UnknownToken"/> at id 0, then <see cref="EndOfSentenceToken"/>
    /// at id 1 when <paramref name="appendEndOfSentence"/> is set, then <paramref name="words"/> in order.</summary>
    /// <param name="words">The other words, each once, without whitespace and without the two special tokens.</param>
    /// <param name="appendEndOfSentence">Whether <see cref="Encode"/> appends <see cref="EndOfSentenceToken"/> at the end of every line.</param>
    /// <exception cref="ArgumentException">A word is empty, holds whitespace, is a special token, or occurs twice.</exception>
    public WordTokenizer(IEnumerable<string> words, bool appendEndOfSentence = false)
    {
        ArgumentNullException.ThrowIfNull(words);
        AppendEndOfSentence = appendEndOfSentence;
        var list = new List<string> { UnknownToken };
        if (appendEndOfSentence) list.Add(EndOfSentenceToken);
        _ids = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (string special in list) _ids.Add(special, _ids.Count);
        foreach (string word in words)
        {
            if (string.IsNullOrEmpty(word) || ContainsWhiteSpace(word))
                throw new ArgumentException($"The vocabulary word '{word}' is empty or holds whitespace; words are whitespace-separated, so it could never be produced.", nameof(words));
            if (!_ids.TryAdd(word, list.Count))
                throw new ArgumentException(
                    word is UnknownToken or EndOfSentenceToken
                        ? $"The vocabulary lists the special token '{word}', which the tokenizer adds itself; leave it out."
                        : $"The word '{word}' occurs twice in the vocabulary; list each word once.",
                    nameof(words));
            list.Add(word);
        }
        _words = list.ToArray();
    }

    private static bool ContainsWhiteSpace(string word)
    {
        foreach (char c in word) if (char.IsWhiteSpace(c)) return true;
        return false;
    }

    /// <summary>
    /// Builds the vocabulary of <paramref name="text"/>: words seen at least <paramref name="minCount"/> times, the most
    /// frequent first, at most <paramref name="maxVocabularySize"/> ids in all (special tokens included); the others map to
    /// <see cref="UnknownToken"/>.
    /// </summary>
    /// <param name="text">The training text.</param>
    /// <param name="appendEndOfSentence">Whether to append <see cref="EndOfSentenceToken"/> at the end of every line (PTB).</param>
    /// <param name="minCount">The fewest occurrences a word needs to get its own id (1 keeps every word).</param>
    /// <param name="maxVocabularySize">The largest vocabulary, special tokens included; 0 for no limit.</param>
    public static WordTokenizer Build(string text, bool appendEndOfSentence = false, int minCount = 1, int maxVocabularySize = 0)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentOutOfRangeException.ThrowIfLessThan(minCount, 1);
        int specials = appendEndOfSentence ? 2 : 1;
        if (maxVocabularySize != 0 && maxVocabularySize < specials)
            throw new ArgumentOutOfRangeException(nameof(maxVocabularySize), maxVocabularySize,
                $"The maximum vocabulary size must be 0 (no limit) or at least {specials}, the number of special tokens.");

        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (string word in text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries))
        {
            if (word is UnknownToken or EndOfSentenceToken) continue;
            counts.TryGetValue(word, out int c);
            counts[word] = c + 1;
        }
        var words = new List<string>();
        foreach (var (word, count) in counts)
            if (count >= minCount) words.Add(word);
        words.Sort((a, b) => counts[a] != counts[b] ? counts[b].CompareTo(counts[a]) : string.CompareOrdinal(a, b));
        if (maxVocabularySize != 0 && words.Count > maxVocabularySize - specials)
            words.RemoveRange(maxVocabularySize - specials, words.Count - (maxVocabularySize - specials));
        return new WordTokenizer(words, appendEndOfSentence);
    }

    /// <summary>Whether <see cref="Encode"/> appends <see cref="EndOfSentenceToken"/> at the end of every line.</summary>
    public bool AppendEndOfSentence { get; }

    /// <summary>Number of token ids, special tokens included.</summary>
    public int VocabularySize => _words.Length;

    /// <summary>The id of <see cref="UnknownToken"/>: always 0.</summary>
    public int UnknownId => 0;

    /// <summary>The id of <see cref="EndOfSentenceToken"/>: 1, or -1 without <see cref="AppendEndOfSentence"/>.</summary>
    public int EndOfSentenceId => AppendEndOfSentence ? 1 : -1;

    /// <summary>The words in id order, special tokens included.</summary>
    public IReadOnlyList<string> Words => _words;

    /// <summary>The id of <paramref name="word"/>, or <see cref="UnknownId"/>.</summary>
    public int IdOf(string word) => _ids.TryGetValue(word, out int id) ? id : 0;

    /// <summary>
    /// The ids of the whitespace-separated words of <paramref name="text"/>, unknown words as <see cref="UnknownId"/>, with
    /// <see cref="EndOfSentenceToken"/> after every line when <see cref="AppendEndOfSentence"/> is set (a final line break
    /// does not start another line, as in Python's <c>for line in file</c>).
    /// </summary>
    public int[] Encode(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var ids = new List<int>();
        if (!AppendEndOfSentence)
        {
            foreach (string word in text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries)) ids.Add(IdOf(word));
            return ids.ToArray();
        }
        int start = 0;
        while (start < text.Length)
        {
            int newline = text.IndexOf('\n', start);
            int end = newline < 0 ? text.Length : newline;
            foreach (string word in text[start..end].Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries)) ids.Add(IdOf(word));
            ids.Add(EndOfSentenceId);
            start = end + 1;
        }
        return ids.ToArray();
    }

    /// <summary>The words of <paramref name="ids"/> separated by spaces; <see cref="EndOfSentenceToken"/> decodes to a line break.</summary>
    /// <exception cref="ArgumentOutOfRangeException">An id is outside [0, <see cref="VocabularySize"/>).</exception>
    public string Decode(ReadOnlySpan<int> ids)
    {
        var sb = new StringBuilder();
        bool lineStart = true;
        for (int i = 0; i < ids.Length; i++)
        {
            int id = ids[i];
            if ((uint)id >= (uint)_words.Length)
                throw new ArgumentOutOfRangeException(nameof(ids), id,
                    $"Token id {id} at position {i} is outside the vocabulary [0, {_words.Length}); was it produced by a model with a different vocabulary?");
            if (id == EndOfSentenceId) { sb.Append('\n'); lineStart = true; continue; }
            if (!lineStart) sb.Append(' ');
            sb.Append(_words[id]);
            lineStart = false;
        }
        return sb.ToString();
    }

    /// <summary>
    /// The vocabulary as text, to store in checkpoint metadata (see <see cref="MetadataKey"/>) or a file: a header line, then one
    /// word per line in id order. <see cref="FromVocabularyString"/> restores it.
    /// </summary>
    public string ToVocabularyString()
    {
        var sb = new StringBuilder();
        sb.Append(Header).Append(AppendEndOfSentence ? " eos" : "").Append('\n');
        for (int i = AppendEndOfSentence ? 2 : 1; i < _words.Length; i++) sb.Append(_words[i]).Append('\n');
        return sb.ToString();
    }

    /// <summary>Restores a tokenizer saved by <see cref="ToVocabularyString"/>, with the same ids.</summary>
    /// <exception cref="FormatException">The text was not written by <see cref="ToVocabularyString"/>.</exception>
    public static WordTokenizer FromVocabularyString(string vocabulary)
    {
        ArgumentNullException.ThrowIfNull(vocabulary);
        string[] lines = vocabulary.Split('\n');
        string first = lines[0].TrimEnd('\r');
        bool eos;
        if (first == Header) eos = false;
        else if (first == Header + " eos") eos = true;
        else
            throw new FormatException(
                $"A saved word vocabulary starts with the line '{Header}', but this one starts with '{(first.Length > 40 ? first[..40] + "..." : first)}'. " +
                "Pass the text written by WordTokenizer.ToVocabularyString.");
        var words = new List<string>(lines.Length);
        for (int i = 1; i < lines.Length; i++)
        {
            string line = lines[i].TrimEnd('\r');
            if (line.Length == 0 && i == lines.Length - 1) break;
            words.Add(line);
        }
        try
        {
            return new WordTokenizer(words, eos);
        }
        catch (ArgumentException e)
        {
            throw new FormatException(string.Create(CultureInfo.InvariantCulture, $"The saved word vocabulary is corrupt: {e.Message}"), e);
        }
    }
}
