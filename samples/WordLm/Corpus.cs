using System;
using System.Globalization;
using System.IO;
using ModelGen.Data;

namespace WordLm;

/// <summary>One split's text, with the name that reports and errors use for it (its path for a file).</summary>
internal sealed record TextSplit(string Name, string Text);

/// <summary>The three splits of a corpus as text, and where they came from.</summary>
internal sealed record TextSplits(string Source, TextSplit Train, TextSplit Valid, TextSplit Test)
{
    /// <summary>The file names of the PTB layout (Mikolov's preprocessed Penn Treebank, as used by Zaremba et al.).</summary>
    public static readonly string[] PtbFileNames = ["ptb.train.txt", "ptb.valid.txt", "ptb.test.txt"];

    /// <summary>Reads <c>ptb.train.txt</c>, <c>ptb.valid.txt</c> and <c>ptb.test.txt</c> from <paramref name="directory"/>.</summary>
    /// <exception cref="DataFileException">The directory or a file is missing, or a file is empty, binary or not UTF-8.</exception>
    public static TextSplits ReadPtb(string directory)
    {
        string expected = $"--data takes a directory holding {string.Join(", ", PtbFileNames)}";
        if (File.Exists(directory))
            throw new DataFileException(directory, 0, $"this is a file, not a directory; {expected}.");
        if (!Directory.Exists(directory))
            throw new DataFileException(directory, 0, $"the directory does not exist; {expected}.");
        var splits = new TextSplit[PtbFileNames.Length];
        for (int i = 0; i < splits.Length; i++)
        {
            string path = Path.Combine(directory, PtbFileNames[i]);
            if (!File.Exists(path)) throw new DataFileException(path, 0, $"the file does not exist; {expected}.");
            splits[i] = new TextSplit(path, TextFile.ReadUtf8(path));
        }
        return new TextSplits(directory, splits[0], splits[1], splits[2]);
    }
}

/// <summary>A corpus as token ids: <c>&lt;eos&gt;</c> after every line, words outside the vocabulary as <c>&lt;unk&gt;</c>.</summary>
internal sealed class Corpus
{
    private Corpus(WordTokenizer tokenizer, int[] train, int[] valid, int[] test)
    {
        Tokenizer = tokenizer;
        Train = train;
        Valid = valid;
        Test = test;
    }

    /// <summary>The vocabulary: built from the training split, or loaded from a checkpoint.</summary>
    public WordTokenizer Tokenizer { get; }

    /// <summary>The training split's token ids.</summary>
    public int[] Train { get; }

    /// <summary>The validation split's token ids.</summary>
    public int[] Valid { get; }

    /// <summary>The test split's token ids.</summary>
    public int[] Test { get; }

    /// <summary>
    /// Tokenizes the three splits with <paramref name="vocabulary"/>, or with a vocabulary built from the training split
    /// (every word it holds) when that is null.
    /// </summary>
    /// <exception cref="DataFileException">A split holds no words, or the vocabulary has more than <paramref name="maxVocabulary"/> ids.</exception>
    public static Corpus Tokenize(TextSplits texts, WordTokenizer? vocabulary, int maxVocabulary)
    {
        WordTokenizer tokenizer = vocabulary ?? WordTokenizer.Build(texts.Train.Text, appendEndOfSentence: true);
        if (tokenizer.VocabularySize > maxVocabulary)
            throw new DataFileException(texts.Train.Name, 0, string.Create(CultureInfo.InvariantCulture,
                $"the training text has {tokenizer.VocabularySize:N0} distinct words (with <unk> and <eos>), more than the {maxVocabulary:N0} the models declare (Vocab in Models.cs); map rare words to <unk> as PTB does (it has exactly 10,000), or declare models with a larger Vocab."));
        return new Corpus(tokenizer, Encode(tokenizer, texts.Train), Encode(tokenizer, texts.Valid), Encode(tokenizer, texts.Test));
    }

    private static int[] Encode(WordTokenizer tokenizer, TextSplit split)
    {
        int[] ids = tokenizer.Encode(split.Text);
        if (Array.FindIndex(ids, id => id != tokenizer.EndOfSentenceId) < 0)
            throw new DataFileException(split.Name, 0, "the file holds no words, only blank lines; give one sentence of space-separated words per line.");
        return ids;
    }

    /// <summary>The share of <paramref name="ids"/> that are <c>&lt;unk&gt;</c>.</summary>
    public double UnknownRate(int[] ids) => (double)Array.FindAll(ids, id => id == Tokenizer.UnknownId).Length / ids.Length;

    /// <summary>
    /// The perplexity of <paramref name="ids"/> (every token after the first, as the models are scored) under a unigram
    /// model of the training split with add-one smoothing: the baseline a language model must beat.
    /// </summary>
    public double UnigramPerplexity(int[] ids)
    {
        var counts = new long[Tokenizer.VocabularySize];
        foreach (int id in Train) counts[id]++;
        double total = Train.Length + counts.Length, nll = 0;
        for (int i = 1; i < ids.Length; i++) nll -= Math.Log((counts[ids[i]] + 1) / total);
        return Math.Exp(nll / (ids.Length - 1));
    }
}
