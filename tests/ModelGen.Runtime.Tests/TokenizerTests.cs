using System;
using ModelGen.Data;
using Xunit;

namespace ModelGen.Runtime.Tests;

public class TokenizerTests
{
    [Fact]
    public void CharTokenizer_BuildsOrdinalSortedVocabulary()
    {
        var tok = CharTokenizer.Build("hello world");
        Assert.Equal(8, tok.VocabularySize);
        Assert.False(tok.HasUnknown);
        Assert.Equal(" dehlorw", string.Concat(tok.Characters));
        Assert.Equal(new[] { 3, 2, 4, 4, 5 }, tok.Encode("hello"));
    }

    [Fact]
    public void CharTokenizer_RoundTrips_IncludingSurrogatePairs()
    {
        const string text = "First Citizen:\nBefore we proceed 🎭 any further, hear me speak.\n";
        var tok = CharTokenizer.Build(text);
        int[] ids = tok.Encode(text);
        Assert.Equal(text, tok.Decode(ids));
        Assert.Equal(text.Length - 1, ids.Length); // the emoji is one token
    }

    [Fact]
    public void CharTokenizer_MaxVocabulary_MapsRareCharactersToUnknown()
    {
        var tok = CharTokenizer.Build("aaaabbbcc d", maxVocabularySize: 3);
        Assert.True(tok.HasUnknown);
        Assert.Equal(0, tok.UnknownId);
        Assert.Equal(3, tok.VocabularySize);
        Assert.Equal("ab", string.Concat(tok.Characters));
        Assert.Equal(new[] { 1, 2, 0, 0 }, tok.Encode("abcz"));
        Assert.Equal("ab\uFFFD", tok.Decode(new[] { 1, 2, 0 }));
    }

    [Fact]
    public void CharTokenizer_UnknownCharacterWithoutUnk_SaysWhatToDo()
    {
        var tok = CharTokenizer.Build("abc");
        var ex = Assert.Throws<ArgumentException>(() => tok.Encode("abz"));
        Assert.Contains("'z'", ex.Message, StringComparison.Ordinal);
        Assert.Contains("index 2", ex.Message, StringComparison.Ordinal);
        Assert.Contains("maximum vocabulary size", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void CharTokenizer_VocabularyString_RoundTrips()
    {
        foreach (var tok in new[] { CharTokenizer.Build("The quick brown fox\n🎭"), CharTokenizer.Build("aaabbc", 3) })
        {
            var restored = CharTokenizer.FromVocabularyString(tok.ToVocabularyString());
            Assert.Equal(tok.VocabularySize, restored.VocabularySize);
            Assert.Equal(tok.HasUnknown, restored.HasUnknown);
            Assert.Equal(tok.Characters, restored.Characters);
        }
        Assert.Throws<FormatException>(() => CharTokenizer.FromVocabularyString("abc"));
    }

    [Fact]
    public void CharTokenizer_FixedCharacters_KeepGivenOrder()
    {
        var tok = new CharTokenizer("zyx", withUnknown: true);
        Assert.Equal(new[] { 1, 2, 3, 0 }, tok.Encode("zyxa"));
        Assert.Throws<ArgumentException>(() => new CharTokenizer("aba"));
        Assert.Throws<ArgumentOutOfRangeException>(() => tok.Decode(new[] { 4 }));
    }

    [Fact]
    public void WordTokenizer_PtbStyle_AppendsEosPerLine()
    {
        const string text = "the cat sat\nthe dog <unk> sat\n";
        var tok = WordTokenizer.Build(text, appendEndOfSentence: true);
        Assert.Equal("<unk>", tok.Words[0]);
        Assert.Equal("<eos>", tok.Words[1]);
        Assert.Equal("sat", tok.Words[2]);  // most frequent first, ties ordinal
        Assert.Equal("the", tok.Words[3]);
        int[] ids = tok.Encode(text);
        Assert.Equal(9, ids.Length);
        Assert.Equal(tok.EndOfSentenceId, ids[3]);
        Assert.Equal(tok.EndOfSentenceId, ids[^1]);
        Assert.Equal(0, ids[6]);
        Assert.Equal(text, tok.Decode(ids));
    }

    [Fact]
    public void WordTokenizer_MinCountAndMaxSize_MapToUnknown()
    {
        var tok = WordTokenizer.Build("a a a b b c", minCount: 2);
        Assert.Equal(new[] { "<unk>", "a", "b" }, tok.Words);
        Assert.Equal(new[] { 1, 2, 0, 0 }, tok.Encode("a b c zebra"));
        var capped = WordTokenizer.Build("a a a b b c", maxVocabularySize: 2);
        Assert.Equal(new[] { "<unk>", "a" }, capped.Words);
    }

    [Fact]
    public void WordTokenizer_VocabularyString_RoundTrips()
    {
        var tok = WordTokenizer.Build("one two two three three three\nfour\n", appendEndOfSentence: true);
        var restored = WordTokenizer.FromVocabularyString(tok.ToVocabularyString());
        Assert.Equal(tok.Words, restored.Words);
        Assert.True(restored.AppendEndOfSentence);
        Assert.Equal(tok.Encode("three four five"), restored.Encode("three four five"));
        Assert.Throws<FormatException>(() => WordTokenizer.FromVocabularyString("a\nb\n"));
    }

    [Fact]
    public void TextCorpus_Split_IsNinetyTen()
    {
        string text = new string('x', 95) + "yyyyy";
        var (train, validation) = TextCorpus.Split(text, 0.9);
        Assert.Equal(90, train.Length);
        Assert.Equal(10, validation.Length);
        Assert.Equal(text, train + validation);
        Assert.Throws<ArgumentOutOfRangeException>(() => TextCorpus.Split(text, 1.0));
    }
}
