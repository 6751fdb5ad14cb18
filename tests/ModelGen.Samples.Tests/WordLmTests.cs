using System.IO;
using System.Linq;
using Xunit;

namespace ModelGen.Samples.Tests;

public class WordLmTests
{
    private static (int Code, string Output) Run(params string[] args) => SampleRun.Run(WordLm.App.Run, args);

    [Theory]
    [InlineData("lstm")]
    [InlineData("gru")]
    [InlineData("rnn")]
    public void Default_run_trains_and_reports_validation_and_test_perplexity(string cell)
    {
        (int code, string output) = Run("--cell", cell, "--steps", "3");
        Assert.True(code == 0, output);
        Assert.Contains("valid", output);
        Assert.Contains("test", output);
        Assert.Contains("ppl", output);
    }

    /// <summary>Writes a tiny corpus in the PTB layout: space-separated tokens, one sentence per line.</summary>
    private static void WritePtb(SampleRun dir)
    {
        string[] subjects = { "the cat", "a dog", "the man", "my friend" }, verbs = { "sees", "likes", "finds" }, objects = { "the ball", "a tree", "the house" };
        var lines = (from s in subjects from v in verbs from o in objects select $" {s} {v} {o} ").ToList();
        File.WriteAllLines(Path.Combine(dir.Folder, "ptb.train.txt"), Enumerable.Repeat(lines, 10).SelectMany(l => l));
        File.WriteAllLines(Path.Combine(dir.Folder, "ptb.valid.txt"), lines);
        File.WriteAllLines(Path.Combine(dir.Folder, "ptb.test.txt"), lines);
    }

    [Fact]
    public void A_ptb_directory_trains_saves_and_loads_to_the_same_perplexity()
    {
        using var dir = new SampleRun();
        WritePtb(dir);
        string model = dir.PathOf("m.safetensors");
        (int code, string trained) = Run("--data", dir.Folder, "--batch", "4", "--bptt", "5", "--steps", "20", "--save", model);
        Assert.True(code == 0, trained);
        Assert.True(File.Exists(model));
        (code, string loaded) = Run("--data", dir.Folder, "--batch", "4", "--bptt", "5", "--load", model, "--epochs", "0");
        Assert.True(code == 0, loaded);
        Assert.Equal(TestPerplexity(trained), TestPerplexity(loaded));
    }

    private static string TestPerplexity(string output)
    {
        string? line = output.Split('\n').LastOrDefault(l => l.Contains("test", System.StringComparison.Ordinal) && l.Contains("ppl", System.StringComparison.Ordinal));
        Assert.NotNull(line);
        // "test ppl P over N tokens (accuracy A %, time); ...": everything but the time
        return line![..line!.IndexOf(" %,", System.StringComparison.Ordinal)].Trim();
    }

    [Fact]
    public void A_missing_file_of_the_ptb_layout_is_named()
    {
        using var dir = new SampleRun();
        WritePtb(dir);
        File.Delete(Path.Combine(dir.Folder, "ptb.valid.txt"));
        (int code, string output) = Run("--data", dir.Folder, "--steps", "3");
        Assert.Equal(1, code);
        Assert.Contains("ptb.valid.txt", output);
        Assert.DoesNotContain("   at ", output);
    }
}
