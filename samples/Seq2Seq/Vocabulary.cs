using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;

namespace Seq2Seq;

/// <summary>
/// The token ids shared by source and target: 0 is &lt;unk&gt; (a token not seen in training), 1 is &lt;bos&gt; (the
/// decoder's first input), 2 is &lt;eos&gt; (the decoder's last label), then the training tokens in ordinal order, so
/// the same training pairs always give the same ids. Tokens are characters, or words with <see cref="Words"/>.
/// </summary>
internal sealed class Vocabulary
{
    public const int Unknown = 0, Begin = 1, End = 2;

    /// <summary>The checkpoint metadata key of <see cref="ToMetadata"/>.</summary>
    public const string MetadataKey = "seq2seq.vocabulary";

    private static readonly string[] Specials = { "<unk>", "<bos>", "<eos>" };
    private const string CharsHeader = "chars", WordsHeader = "words";

    private readonly string[] _tokens;
    private readonly Dictionary<string, int> _ids;

    private Vocabulary(IReadOnlyCollection<string> tokens, bool words)
    {
        _tokens = new string[Specials.Length + tokens.Count];
        Specials.CopyTo(_tokens, 0);
        _ids = new Dictionary<string, int>(_tokens.Length, StringComparer.Ordinal);
        int id = Specials.Length;
        foreach (string token in tokens)
        {
            if (!_ids.TryAdd(token, id))
                throw new FormatException($"The token '{token}' occurs twice in the vocabulary.");
            _tokens[id++] = token;
        }
        Words = words;
    }

    /// <summary>Whether tokens are words (joined by spaces when decoded) rather than characters.</summary>
    public bool Words { get; }

    /// <summary>Number of ids, the three special ones included.</summary>
    public int Count => _tokens.Length;

    /// <summary>The vocabulary of the sources and targets of <paramref name="pairs"/>.</summary>
    public static Vocabulary Build(IEnumerable<TextPair> pairs, bool words, int maxIds = int.MaxValue)
    {
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (TextPair pair in pairs)
        {
            foreach (string token in pair.Source) counts[token] = counts.GetValueOrDefault(token) + 1;
            foreach (string token in pair.Target) counts[token] = counts.GetValueOrDefault(token) + 1;
        }
        // The most frequent tokens when there are more than the model's ids hold (3 go to <unk>, <bos>, <eos>); the rest read as <unk>.
        IEnumerable<string> kept = counts.Count + 3 <= maxIds ? counts.Keys
            : counts.OrderByDescending(c => c.Value).ThenBy(c => c.Key, StringComparer.Ordinal).Take(maxIds - 3).Select(c => c.Key);
        return new Vocabulary(new SortedSet<string>(kept, StringComparer.Ordinal), words) { Dropped = Math.Max(0, counts.Count + 3 - maxIds) };
    }

    /// <summary>Distinct training tokens left out because the model's vocabulary is full (they read as &lt;unk&gt;).</summary>
    public int Dropped { get; private init; }

    /// <summary>The ids of <paramref name="tokens"/>; tokens outside the vocabulary become <see cref="Unknown"/> and are counted.</summary>
    public int[] Encode(string[] tokens, ref int unknown)
    {
        var ids = new int[tokens.Length];
        for (int i = 0; i < tokens.Length; i++)
        {
            if (!_ids.TryGetValue(tokens[i], out ids[i]))
            {
                ids[i] = Unknown;
                unknown++;
            }
        }
        return ids;
    }

    /// <summary>The text of <paramref name="ids"/>: characters run together, words separated by spaces.</summary>
    public string Decode(ReadOnlySpan<int> ids)
    {
        var text = new StringBuilder();
        for (int i = 0; i < ids.Length; i++)
        {
            if (Words && i > 0) text.Append(' ');
            int id = ids[i];
            text.Append((uint)id < (uint)_tokens.Length ? _tokens[id] : "<?>");
        }
        return text.ToString();
    }

    /// <summary>The vocabulary as one string for checkpoint metadata: "chars" or "words", then one token per line.</summary>
    public string ToMetadata()
    {
        var text = new StringBuilder(Words ? WordsHeader : CharsHeader);
        for (int id = Specials.Length; id < _tokens.Length; id++) text.Append('\n').Append(_tokens[id]);
        return text.ToString();
    }

    /// <summary>Restores a vocabulary written by <see cref="ToMetadata"/>, with the same ids.</summary>
    /// <exception cref="FormatException">The string was not written by <see cref="ToMetadata"/>.</exception>
    public static Vocabulary FromMetadata(string text)
    {
        string[] lines = text.Split('\n');
        bool words = lines[0] switch
        {
            WordsHeader => true,
            CharsHeader => false,
            _ => throw new FormatException($"it should start with '{CharsHeader}' or '{WordsHeader}' on its own line"),
        };
        foreach (string token in lines.AsSpan(1))
            if (token.Length == 0) throw new FormatException("it holds an empty token");
        return new Vocabulary(lines[1..], words);
    }
}
