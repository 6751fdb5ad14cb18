using System.Collections.Generic;
using ModelGen.Numerics;

namespace TextClassification;

/// <summary>
/// The dataset used when no data file is given: short movie-review sentences labelled <c>negative</c> or
/// <c>positive</c>, generated from a seed, so the sample runs on a fresh clone with no files.
/// </summary>
/// <remarks>
/// The label depends on word order, not only on which words occur. A clause's polarity is its adjective's, flipped by
/// "not" or "never" before it. Of two clauses, the main one decides: the second after "but" ("the plot is dull but the
/// cast is great" is positive) and the one without "although" ("although the plot is dull , the cast is great" is
/// positive, "the plot is dull , although the cast is great" negative: the same bag of words). A bag-of-words model
/// cannot tell those apart; a recurrent model can learn the rule from the order.
/// </remarks>
public static class GeneratedReviews
{
    /// <summary>The path reported for generated sentences.</summary>
    public const string Path = "<generated>";

    private static readonly string[] Subjects = { "film", "movie", "plot", "acting", "story", "music", "ending", "cast", "script", "sequel" };
    private static readonly string[] Verbs = { "is", "was", "feels", "seems" };
    private static readonly string[] Intensifiers = { "very", "really", "quite", "truly", "rather" };
    private static readonly string[] Positive = { "good", "great", "funny", "moving", "clever", "charming", "brilliant", "fresh" };
    private static readonly string[] Negative = { "bad", "dull", "boring", "awful", "silly", "clumsy", "weak", "tedious" };

    /// <summary>
    /// <paramref name="count"/> sentences drawn from <paramref name="seed"/>, about half of each label: 25% one clause,
    /// 25% "c1 but c2", 15% "although c1 , c2", 15% "c1 , although c2" (the two clauses mostly of opposite polarities)
    /// and 20% "c1 and c2" (one polarity).
    /// </summary>
    public static List<Sentence> Generate(int count, int seed)
    {
        var rng = new Rng(seed);
        var sentences = new List<Sentence>(count);
        var words = new List<string>(16);
        for (int i = 0; i < count; i++)
        {
            words.Clear();
            bool positive = rng.NextInt(2) == 1;
            int shape = rng.NextInt(20);
            if (shape < 5)
            {
                AddClause(words, rng, positive);
            }
            else if (shape < 10)
            {
                // "c1 but c2": the second clause decides; the first mostly says the opposite.
                AddClause(words, rng, Contrast(rng, positive));
                words.Add("but");
                AddClause(words, rng, positive);
            }
            else if (shape < 13)
            {
                // "although c1 , c2": the main clause, second, decides.
                words.Add("although");
                AddClause(words, rng, Contrast(rng, positive));
                words.Add(",");
                AddClause(words, rng, positive);
            }
            else if (shape < 16)
            {
                // "c1 , although c2": the main clause, now first, decides: the same words as above, the other label.
                AddClause(words, rng, positive);
                words.Add(",");
                words.Add("although");
                AddClause(words, rng, Contrast(rng, positive));
            }
            else
            {
                AddClause(words, rng, positive);
                words.Add("and");
                AddClause(words, rng, positive);
            }
            sentences.Add(new Sentence(Path, i + 1, positive ? "positive" : "negative", words.ToArray()));
        }
        return sentences;
    }

    /// <summary>The polarity of a subordinate clause: mostly the opposite of the sentence's.</summary>
    private static bool Contrast(Rng rng, bool positive) => rng.NextInt(5) == 0 ? positive : !positive;

    /// <summary>"the plot is [not] [very] dull": the adjective's polarity, flipped by "not", is <paramref name="positive"/>.</summary>
    private static void AddClause(List<string> words, Rng rng, bool positive)
    {
        words.Add("the");
        words.Add(Subjects[rng.NextInt(Subjects.Length)]);
        words.Add(Verbs[rng.NextInt(Verbs.Length)]);
        bool negated = rng.NextInt(3) == 0;
        if (negated) words.Add(rng.NextInt(3) == 0 ? "never" : "not");
        if (rng.NextInt(2) == 0) words.Add(Intensifiers[rng.NextInt(Intensifiers.Length)]);
        string[] adjectives = positive != negated ? Positive : Negative;
        words.Add(adjectives[rng.NextInt(adjectives.Length)]);
    }
}
