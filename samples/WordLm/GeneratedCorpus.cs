using System;
using System.Globalization;
using System.Text;
using ModelGen.Numerics;

namespace WordLm;

/// <summary>
/// The corpus used when no --data is given: sentences from a small probabilistic grammar of about 230 words, one per
/// line in PTB's format (lower case, space-separated, no punctuation), split into train, validation and test.
/// </summary>
/// <remarks>
/// The grammar has what a word-level model can learn beyond word frequencies: subject-verb number agreement, "a"/"an",
/// adjectives and verbs that announce the class of the noun that follows ("the ripe ..." is food, "visit the ..." a
/// place), tenses that agree with a time phrase at the end of the clause ("will ... tomorrow"), relative clauses and
/// conjunctions that make sentences from 2 to a few dozen words long (about 10 on average). Words in each list are drawn with Zipf weights, so
/// frequencies are skewed as in natural text. The same seed always gives the same corpus.
/// </remarks>
internal static class GeneratedCorpus
{
    private const int TrainSentences = 6000, ValidSentences = 600, TestSentences = 600;

    /// <summary>The three splits generated from <paramref name="seed"/>.</summary>
    public static TextSplits Create(int seed)
    {
        var grammar = new Grammar(new Rng(seed));
        string name = string.Create(CultureInfo.InvariantCulture, $"generated corpus (seed {seed})");
        return new TextSplits(name,
            new TextSplit(name + ", train", grammar.Lines(TrainSentences)),
            new TextSplit(name + ", valid", grammar.Lines(ValidSentences)),
            new TextSplit(name + ", test", grammar.Lines(TestSentences)));
    }
}

/// <summary>Draws one of a list's items, the i-th with weight 1 / (i + 1) (Zipf's law).</summary>
internal sealed class ZipfChoice
{
    private readonly double[] _cumulative;

    public ZipfChoice(int count)
    {
        _cumulative = new double[count];
        double sum = 0;
        for (int i = 0; i < count; i++) _cumulative[i] = sum += 1.0 / (i + 1);
    }

    public int Next(Rng rng)
    {
        double u = rng.NextDouble() * _cumulative[^1];
        int index = Array.BinarySearch(_cumulative, u);
        return Math.Min(index < 0 ? ~index : index, _cumulative.Length - 1);
    }
}

/// <summary>A list of words drawn with Zipf weights.</summary>
internal sealed class WordList(params string[] words)
{
    private readonly ZipfChoice _choice = new(words.Length);

    public string Next(Rng rng) => words[_choice.Next(rng)];
}

/// <summary>A class of nouns (singular and plural forms) with the adjectives and prepositions that go with it.</summary>
internal sealed class NounClass(string[] singularForms, string[] pluralForms, WordList adjectives, WordList prepositions)
{
    private readonly ZipfChoice _choice = new(singularForms.Length);

    public string Next(Rng rng, bool plural) => (plural ? pluralForms : singularForms)[_choice.Next(rng)];
    public WordList Adjectives => adjectives;
    public WordList Prepositions => prepositions;
}

/// <summary>A verb's forms and, for a transitive verb, the class of its object.</summary>
internal sealed record Verb(string Third, string Base, string Past, NounClass? Object = null);

/// <summary>The sentence grammar. Tense: 0 present, 1 past, 2 future.</summary>
internal sealed class Grammar(Rng rng)
{
    private static readonly NounClass Animate = new(
        ["dog", "man", "woman", "child", "cat", "teacher", "farmer", "bird", "doctor", "horse", "king", "wolf"],
        ["dogs", "men", "women", "children", "cats", "teachers", "farmers", "birds", "doctors", "horses", "kings", "wolves"],
        new WordList("hungry", "young", "tired", "happy", "angry"),
        new WordList("with", "for", "behind", "beside"));

    private static readonly NounClass Food = new(
        ["apple", "bread", "cake", "soup", "egg", "orange", "pie", "cheese"],
        ["apples", "breads", "cakes", "soups", "eggs", "oranges", "pies", "cheeses"],
        new WordList("fresh", "ripe", "sweet", "warm"),
        new WordList("with", "without"));

    private static readonly NounClass Place = new(
        ["house", "garden", "river", "city", "market", "school", "forest", "village"],
        ["houses", "gardens", "rivers", "cities", "markets", "schools", "forests", "villages"],
        new WordList("quiet", "busy", "distant", "empty"),
        new WordList("in", "near", "across", "behind"));

    private static readonly NounClass Thing = new(
        ["book", "letter", "key", "box", "stone", "ring", "lamp", "coat"],
        ["books", "letters", "keys", "boxes", "stones", "rings", "lamps", "coats"],
        new WordList("heavy", "broken", "shiny", "old"),
        new WordList("with", "under", "on"));

    private static readonly WordList CommonAdjectives = new("big", "small", "good", "little", "new", "other");
    private static readonly WordList Names = new("john", "mary", "peter", "anna", "paul", "susan", "tom", "lucy", "james", "emma");
    private static readonly WordList SingularDeterminers = new("the", "a", "this", "that", "every", "my", "his", "her");
    private static readonly WordList PluralDeterminers = new("the", "some", "these", "those", "many", "my", "his", "two");
    private static readonly WordList Adverbs = new("quickly", "slowly", "often", "again", "together", "alone");
    private static readonly WordList Conjunctions = new("and", "but", "because", "while", "so");
    private static readonly WordList[] TimePhrases =
    [
        new("today", "now", "every day", "at night"),
        new("yesterday", "last night", "last week", "long ago"),
        new("tomorrow", "soon", "next week", "later"),
    ];

    private static readonly Verb[] Transitive =
    [
        new("sees", "see", "saw", Animate), new("eats", "eat", "ate", Food), new("visits", "visit", "visited", Place),
        new("finds", "find", "found", Thing), new("helps", "help", "helped", Animate), new("buys", "buy", "bought", Food),
        new("carries", "carry", "carried", Thing), new("leaves", "leave", "left", Place), new("cooks", "cook", "cooked", Food),
        new("follows", "follow", "followed", Animate), new("loses", "lose", "lost", Thing), new("builds", "build", "built", Place),
        new("calls", "call", "called", Animate), new("sells", "sell", "sold", Food), new("opens", "open", "opened", Thing),
        new("paints", "paint", "painted", Place),
    ];

    private static readonly Verb[] Intransitive =
    [
        new("sleeps", "sleep", "slept"), new("runs", "run", "ran"), new("sings", "sing", "sang"), new("waits", "wait", "waited"),
        new("laughs", "laugh", "laughed"), new("works", "work", "worked"), new("dances", "dance", "danced"), new("smiles", "smile", "smiled"),
        new("cries", "cry", "cried"), new("rests", "rest", "rested"),
    ];

    private static readonly ZipfChoice TransitiveChoice = new(Transitive.Length), IntransitiveChoice = new(Intransitive.Length);

    private readonly StringBuilder _text = new();

    /// <summary><paramref name="count"/> sentences, one per line.</summary>
    public string Lines(int count)
    {
        _text.Clear();
        for (int i = 0; i < count; i++)
        {
            Sentence();
            _text.Append('\n');
        }
        return _text.ToString();
    }

    /// <summary>One to three clauses joined by conjunctions.</summary>
    private void Sentence()
    {
        Clause();
        for (int i = 0; i < 2 && rng.NextDouble() < 0.3; i++)
        {
            Word(Conjunctions.Next(rng));
            Clause();
        }
    }

    /// <summary>Subject, verb phrase, optional prepositional phrase, adverb and time phrase, in one tense.</summary>
    private void Clause()
    {
        bool plural = rng.NextDouble() < 0.35;
        int tense = rng.NextDouble() switch { < 0.5 => 0, < 0.85 => 1, _ => 2 };
        Subject(plural, tense);
        VerbPhrase(plural, tense);
        if (rng.NextDouble() < 0.25) Word(Adverbs.Next(rng));
        if (rng.NextDouble() < 0.3) PrepositionalPhrase();
        if (rng.NextDouble() < 0.3) Word(TimePhrases[tense].Next(rng));
    }

    private void Subject(bool plural, int tense)
    {
        if (!plural && rng.NextDouble() < 0.2)
        {
            Word(Names.Next(rng));
            return;
        }
        NounPhrase(Animate, plural);
        if (rng.NextDouble() < 0.12)
        {
            Word("who");
            VerbPhrase(plural, tense);
        }
    }

    private void VerbPhrase(bool plural, int tense)
    {
        bool transitive = rng.NextDouble() < 0.65;
        Verb verb = transitive ? Transitive[TransitiveChoice.Next(rng)] : Intransitive[IntransitiveChoice.Next(rng)];
        if (tense == 2) Word("will");
        Word(tense switch { 1 => verb.Past, 2 => verb.Base, _ => plural ? verb.Base : verb.Third });
        if (verb.Object is { } objects) NounPhrase(objects, rng.NextDouble() < 0.4);
    }

    private void PrepositionalPhrase()
    {
        NounClass nouns = rng.NextInt(3) switch { 0 => Place, 1 => Thing, _ => Animate };
        Word(nouns.Prepositions.Next(rng));
        NounPhrase(nouns, rng.NextDouble() < 0.3);
    }

    /// <summary>Determiner, up to two adjectives, noun; "a" becomes "an" before a vowel.</summary>
    private void NounPhrase(NounClass nouns, bool plural)
    {
        string determiner = (plural ? PluralDeterminers : SingularDeterminers).Next(rng);
        string? first = null, second = null;
        if (rng.NextDouble() < 0.4) first = rng.NextDouble() < 0.6 ? nouns.Adjectives.Next(rng) : CommonAdjectives.Next(rng);
        if (first is not null && rng.NextDouble() < 0.2) second = nouns.Adjectives.Next(rng);
        string noun = nouns.Next(rng, plural);
        string next = first ?? noun;
        Word(determiner == "a" && "aeiou".Contains(next[0], StringComparison.Ordinal) ? "an" : determiner);
        if (first is not null) Word(first);
        if (second is not null && second != first) Word(second);
        Word(noun);
    }

    private void Word(string word)
    {
        if (_text.Length > 0 && _text[^1] != '\n') _text.Append(' ');
        _text.Append(word);
    }
}
