using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text;

namespace ModelGen.Data;

/// <summary>
/// A character-level tokenizer (as in char-rnn): one token per Unicode scalar value of the text.
/// </summary>
/// <remarks>
/// Characters are Unicode scalar values (<see cref="Rune"/>), so a character outside the Basic Multilingual Plane is one
/// token, not two surrogates. A vocabulary built from a text lists its distinct characters in ordinal (code point) order,
/// so the same text always gives the same ids. When the vocabulary is capped, id 0 is <see cref="UnknownToken"/> and the
/// rarer characters map to it.
/// </remarks>
public sealed class CharTokenizer
{
    /// <summary>The printable name of the unknown-character token in documentation and messages.</summary>
    public const string UnknownToken = "<unk>";

    /// <summary>The checkpoint metadata key under which trainers store <see cref="ToVocabularyString"/>.</summary>
    public const string MetadataKey = "modelgen.tokenizer.chars";

    private const string PlainPrefix = "chars:";
    private const string UnknownPrefix = "chars+unk:";

    private readonly Rune[] _characters;
    private readonly Dictionary<int, int> _ids;

    /// <summary>A tokenizer over the given characters, in order: the i-th character of <paramref name="characters"/> gets id i
    /// (shifted by one when <paramref name="withUnknown"/> puts <see cref="UnknownToken"/> at id 0).</summary>
    /// <param name="characters">The vocabulary, each character once.</param>
    /// <param name="withUnknown">Whether id 0 is <see cref="UnknownToken"/>, to which characters outside the vocabulary map.
    /// Without it, <see cref="Encode"/> rejects such characters.</param>
    /// <exception cref="ArgumentException">A character occurs twice, or the string holds an unpaired surrogate.</exception>
    public CharTokenizer(string characters, bool withUnknown = false)
    {
        ArgumentNullException.ThrowIfNull(characters);
        var list = new List<Rune>();
        int index = 0;
        while (index < characters.Length)
        {
            if (Rune.DecodeFromUtf16(characters.AsSpan(index), out Rune rune, out int used) != System.Buffers.OperationStatus.Done)
                throw new ArgumentException($"The character list holds an unpaired surrogate at index {index}; give whole characters.", nameof(characters));
            list.Add(rune);
            index += used;
        }
        (_characters, _ids) = Index(list, withUnknown);
        HasUnknown = withUnknown;
    }

    private CharTokenizer(List<Rune> characters, bool withUnknown)
    {
        (_characters, _ids) = Index(characters, withUnknown);
        HasUnknown = withUnknown;
    }

    private static (Rune[], Dictionary<int, int>) Index(List<Rune> characters, bool withUnknown)
    {
        int first = withUnknown ? 1 : 0;
        var ids = new Dictionary<int, int>(characters.Count);
        for (int i = 0; i < characters.Count; i++)
        {
            if (!ids.TryAdd(characters[i].Value, i + first))
                throw new ArgumentException($"The character {Describe(characters[i])} occurs twice in the vocabulary; list each character once.");
        }
        return (characters.ToArray(), ids);
    }

    /// <summary>
    /// Builds the vocabulary of <paramref name="text"/>: its distinct characters in ordinal order. With
    /// <paramref name="maxVocabularySize"/> &gt; 0 and more distinct characters than that, keeps the
    /// <paramref name="maxVocabularySize"/> - 1 most frequent ones (ties to the smaller code point) and adds
    /// <see cref="UnknownToken"/> at id 0 for the rest.
    /// </summary>
    /// <param name="text">The training text.</param>
    /// <param name="maxVocabularySize">The largest vocabulary, <see cref="UnknownToken"/> included; 0 for no limit.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="maxVocabularySize"/> is negative or 1.</exception>
    public static CharTokenizer Build(string text, int maxVocabularySize = 0)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (maxVocabularySize < 0 || maxVocabularySize == 1)
            throw new ArgumentOutOfRangeException(nameof(maxVocabularySize), maxVocabularySize,
                "The maximum vocabulary size must be 0 (no limit) or at least 2 (the unknown token and one character).");

        var counts = new Dictionary<int, long>();
        foreach (Rune rune in text.EnumerateRunes())
        {
            counts.TryGetValue(rune.Value, out long c);
            counts[rune.Value] = c + 1;
        }

        var distinct = new List<int>(counts.Keys);
        if (maxVocabularySize == 0 || distinct.Count <= maxVocabularySize)
        {
            distinct.Sort();
            return new CharTokenizer(distinct.ConvertAll(v => new Rune(v)), withUnknown: false);
        }

        // Keep the most frequent characters, ties to the smaller code point, then list them in ordinal order.
        distinct.Sort((a, b) => counts[a] != counts[b] ? counts[b].CompareTo(counts[a]) : a.CompareTo(b));
        var kept = distinct.GetRange(0, maxVocabularySize - 1);
        kept.Sort();
        return new CharTokenizer(kept.ConvertAll(v => new Rune(v)), withUnknown: true);
    }

    /// <summary>Number of token ids, <see cref="UnknownToken"/> included.</summary>
    public int VocabularySize => _characters.Length + (HasUnknown ? 1 : 0);

    /// <summary>Whether id 0 is <see cref="UnknownToken"/>.</summary>
    public bool HasUnknown { get; }

    /// <summary>The id of <see cref="UnknownToken"/>: 0, or -1 when the vocabulary has none.</summary>
    public int UnknownId => HasUnknown ? 0 : -1;

    /// <summary>The characters of the vocabulary in id order, without <see cref="UnknownToken"/>.</summary>
    public IReadOnlyList<Rune> Characters => _characters;

    /// <summary>The id of each character of <paramref name="text"/>.</summary>
    /// <exception cref="ArgumentException">A character is outside the vocabulary and there is no <see cref="UnknownToken"/>.</exception>
    public int[] Encode(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var ids = new List<int>(text.Length);
        int index = 0, line = 1, lineStart = 0;
        foreach (Rune rune in text.EnumerateRunes())
        {
            if (_ids.TryGetValue(rune.Value, out int id)) ids.Add(id);
            else if (HasUnknown) ids.Add(0);
            else
                throw new ArgumentException(
                    $"The character {Describe(rune)} at line {line}, column {index - lineStart + 1} (index {index}) is not in the vocabulary of {_characters.Length} characters. " +
                    "Build the tokenizer from text that contains it, or with a maximum vocabulary size so unknown characters map to <unk>.",
                    nameof(text));
            index += rune.Utf16SequenceLength;
            if (rune.Value == '\n')
            {
                line++;
                lineStart = index;
            }
        }
        return ids.ToArray();
    }

    /// <summary>The text of <paramref name="ids"/>; <see cref="UnknownToken"/> decodes to U+FFFD (the replacement character).</summary>
    /// <exception cref="ArgumentOutOfRangeException">An id is outside [0, <see cref="VocabularySize"/>).</exception>
    public string Decode(ReadOnlySpan<int> ids)
    {
        var sb = new StringBuilder(ids.Length);
        int first = HasUnknown ? 1 : 0;
        Span<char> buffer = stackalloc char[2];
        for (int i = 0; i < ids.Length; i++)
        {
            int id = ids[i];
            if ((uint)id >= (uint)VocabularySize)
                throw new ArgumentOutOfRangeException(nameof(ids), id,
                    $"Token id {id} at position {i} is outside the vocabulary [0, {VocabularySize}); was it produced by a model with a different vocabulary?");
            if (id < first) sb.Append('\uFFFD');
            else
            {
                int n = _characters[id - first].EncodeToUtf16(buffer);
                sb.Append(buffer[..n]);
            }
        }
        return sb.ToString();
    }

    /// <summary>
    /// The vocabulary as one string, to store in checkpoint metadata (see <see cref="MetadataKey"/>):
    /// <c>chars:</c> or <c>chars+unk:</c> followed by the characters in id order. <see cref="FromVocabularyString"/> restores it.
    /// </summary>
    public string ToVocabularyString()
    {
        var sb = new StringBuilder();
        sb.Append(HasUnknown ? UnknownPrefix : PlainPrefix);
        foreach (Rune r in _characters) sb.Append(r.ToString());
        return sb.ToString();
    }

    /// <summary>Restores a tokenizer saved by <see cref="ToVocabularyString"/>, with the same ids.</summary>
    /// <exception cref="FormatException">The string was not written by <see cref="ToVocabularyString"/>.</exception>
    public static CharTokenizer FromVocabularyString(string vocabulary)
    {
        ArgumentNullException.ThrowIfNull(vocabulary);
        bool unknown;
        string characters;
        if (vocabulary.StartsWith(UnknownPrefix, StringComparison.Ordinal)) { unknown = true; characters = vocabulary[UnknownPrefix.Length..]; }
        else if (vocabulary.StartsWith(PlainPrefix, StringComparison.Ordinal)) { unknown = false; characters = vocabulary[PlainPrefix.Length..]; }
        else
            throw new FormatException(
                $"A saved character vocabulary starts with '{PlainPrefix}' or '{UnknownPrefix}', but this one starts with '{Preview(vocabulary)}'. " +
                "Pass the string written by CharTokenizer.ToVocabularyString.");
        try
        {
            return new CharTokenizer(characters, unknown);
        }
        catch (ArgumentException e)
        {
            throw new FormatException("The saved character vocabulary is corrupt: " + e.Message, e);
        }
    }

    private static string Preview(string s) => s.Length <= 12 ? s : s[..12] + "...";

    private static string Describe(Rune rune)
        => Rune.IsControl(rune) || Rune.IsWhiteSpace(rune)
            ? "U+" + rune.Value.ToString("X4", CultureInfo.InvariantCulture)
            : $"'{rune}' (U+{rune.Value.ToString("X4", CultureInfo.InvariantCulture)})";
}
