using System.IO;
using Xunit;

namespace ModelGen.Samples.Tests;

public class Seq2SeqTests
{
    private static (int Code, string Output) Run(params string[] args) => SampleRun.Run(Seq2Seq.App.Run, args);

    [Theory]
    [InlineData("lstm")]
    [InlineData("gru")]
    [InlineData("rnn")]
    public void Default_run_trains_the_encoder_and_decoder_and_reports_exact_match(string cell)
    {
        (int code, string output) = Run("--cell", cell, "--steps", "3");
        Assert.True(code == 0, output);
        Assert.Contains("exact match", output);
        Assert.Contains("per-token accuracy", output);
    }

    [Fact]
    public void Training_lowers_the_loss_of_both_models_through_the_final_state()
    {
        // A short run on the copy task learns something only if the decoder's gradient reaches the encoder.
        (int code, string output) = Run("--task", "copy", "--min-length", "2", "--max-length", "3", "--pairs", "400", "--steps", "150");
        Assert.True(code == 0, output);
        double loss = TestLoss(output);
        Assert.True(loss < 1.5, $"test loss {loss} after 150 steps:\n{output}");
    }

    private static double TestLoss(string output)
    {
        foreach (string line in output.Split('\n'))
            if (line.StartsWith("test ", System.StringComparison.Ordinal))
            {
                string[] parts = line.Split("loss ");
                return double.Parse(parts[1].Split(' ')[0], System.Globalization.CultureInfo.InvariantCulture);
            }
        return double.NaN;
    }

    [Fact]
    public void Pairs_from_a_file_round_trip_through_save_and_load()
    {
        using var dir = new SampleRun();
        var lines = new System.Collections.Generic.List<string>();
        string[] words = { "abc", "bcd", "cde", "def", "efg", "fgh", "ghi", "hij", "ija", "jab" };
        foreach (string w in words) foreach (string v in words) lines.Add(w + v + "\t" + v + w);
        File.WriteAllLines(dir.PathOf("pairs.tsv"), lines);
        string model = dir.PathOf("m.safetensors");
        (int code, string trained) = Run("--data", dir.PathOf("pairs.tsv"), "--steps", "10", "--save", model);
        Assert.True(code == 0, trained);
        Assert.True(File.Exists(model) && File.Exists(dir.PathOf("m.decoder.safetensors")));
        (code, string loaded) = Run("--data", dir.PathOf("pairs.tsv"), "--load", model, "--steps", "0");
        Assert.True(code == 0, loaded);
        Assert.Equal(Line(trained, "test "), Line(loaded, "test "));
    }

    private static string Line(string output, string start)
    {
        foreach (string line in output.Split('\n'))
            if (line.StartsWith(start, System.StringComparison.Ordinal)) return line.Trim();
        return $"(no line starting with {start})";
    }

    [Fact]
    public void Word_level_pairs_with_more_words_than_the_model_holds_keep_the_most_frequent()
    {
        using var dir = new SampleRun();
        // 12,000 distinct words (9,600 in the 80% training split), more than the word models' 8,192 ids; "the" and "a" are the frequent ones.
        var lines = new System.Collections.Generic.List<string>();
        for (int i = 0; i < 4000; i++)
            lines.Add($"the w{3 * i} a w{3 * i + 1}\tw{3 * i + 2} a the");
        File.WriteAllLines(dir.PathOf("words.tsv"), lines);
        (int code, string output) = Run("--data", dir.PathOf("words.tsv"), "--words", "--steps", "3");
        Assert.True(code == 0, output);
        Assert.Contains("the rarest read as <unk>", output);
        Assert.Contains("exact match", output);
    }

    [Fact]
    public void A_line_without_a_tab_is_reported_with_its_line()
    {
        using var dir = new SampleRun();
        string path = dir.PathOf("pairs.tsv");
        File.WriteAllLines(path, new[] { "abc\tcba", "abd dba" });
        (int code, string output) = Run("--data", path, "--steps", "3");
        Assert.Equal(1, code);
        Assert.Contains("pairs.tsv", output);
        Assert.Contains("line 2", output);
        Assert.DoesNotContain("   at ", output);
    }
}
