using System.Text;
using ModelGen.Numerics;

namespace CharLm;

/// <summary>
/// The default training text when no --data is given: a play-like corpus generated from a small grammar, so the
/// sample runs on a fresh clone with no files. It has the structure a character model learns first (speaker names,
/// line breaks, capitals after full stops, frequent words and word endings) and stays the same for a given seed.
/// </summary>
internal static class Corpus
{
    private static readonly string[] Speakers = { "KING", "QUEEN", "HAMLET", "OPHELIA", "ROMEO", "JULIET", "FOOL", "MESSENGER" };
    private static readonly string[] Subjects = { "the king", "my lord", "the queen", "a fool", "this night", "the sea", "our love", "thy heart", "the moon", "my sword", "the crown", "a rose" };
    private static readonly string[] Verbs = { "loves", "fears", "sees", "keeps", "breaks", "follows", "remembers", "forgets", "calls", "hides", "wakes", "burns" };
    private static readonly string[] Objects = { "the light", "my name", "thy word", "the storm", "a letter", "the truth", "her eyes", "his ghost", "the gold", "our fate", "the stars", "this land" };
    private static readonly string[] Adverbs = { "", "", "", " tonight", " again", " in silence", " with grace", " for ever", " too soon", " no more" };
    private static readonly string[] Openers = { "", "", "O, ", "Alas, ", "Good sir, ", "Hark, ", "Nay, ", "Why, " };

    public static string Generate(int characters, int seed = 1)
    {
        var rng = new Rng(seed);
        var text = new StringBuilder(characters + 200);
        while (text.Length < characters)
        {
            text.Append(Speakers[rng.NextInt(Speakers.Length)]).Append(":\n");
            int lines = 1 + rng.NextInt(3);
            for (int l = 0; l < lines; l++)
            {
                string sentence = Openers[rng.NextInt(Openers.Length)]
                    + Subjects[rng.NextInt(Subjects.Length)] + " " + Verbs[rng.NextInt(Verbs.Length)] + " "
                    + Objects[rng.NextInt(Objects.Length)] + Adverbs[rng.NextInt(Adverbs.Length)];
                text.Append(char.ToUpperInvariant(sentence[0])).Append(sentence, 1, sentence.Length - 1);
                text.Append(rng.NextInt(4) == 0 ? "?" : rng.NextInt(3) == 0 ? "!" : ".").Append('\n');
            }
            text.Append('\n');
        }
        return text.ToString();
    }
}
