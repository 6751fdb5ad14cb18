using System;

namespace ModelGen.Data;

/// <summary>Helpers to prepare a text corpus for language modelling.</summary>
public static class TextCorpus
{
    /// <summary>
    /// Splits <paramref name="text"/> into a training part (its first <paramref name="trainFraction"/> of characters) and a
    /// validation part (the rest), as char-rnn does with 0.9. The cut never falls inside a surrogate pair.
    /// </summary>
    /// <param name="text">The whole corpus.</param>
    /// <param name="trainFraction">The share of the text used for training, in (0, 1).</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="trainFraction"/> is not strictly between 0 and 1.</exception>
    public static (string Train, string Validation) Split(string text, double trainFraction)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (!(trainFraction > 0 && trainFraction < 1))
            throw new ArgumentOutOfRangeException(nameof(trainFraction), trainFraction,
                "The training fraction must be strictly between 0 and 1, for example 0.9 for a 90/10 split.");
        int cut = (int)Math.Round(text.Length * trainFraction, MidpointRounding.ToZero);
        if (cut > 0 && cut < text.Length && char.IsHighSurrogate(text[cut - 1]) && char.IsLowSurrogate(text[cut])) cut++;
        return (text[..cut], text[cut..]);
    }
}
