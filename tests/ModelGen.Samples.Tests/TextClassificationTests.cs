using System.IO;
using Xunit;

namespace ModelGen.Samples.Tests;

public class TextClassificationTests
{
    private static (int Code, string Output) Run(params string[] args) => SampleRun.Run(TextClassification.App.Run, args);

    [Theory]
    [InlineData("lstm")]
    [InlineData("gru")]
    [InlineData("rnn")]
    public void Default_run_trains_and_reports_accuracy_and_a_confusion_matrix(string cell)
    {
        (int code, string output) = Run("--cell", cell, "--steps", "3");
        Assert.True(code == 0, output);
        Assert.Contains("Test:", output);
        Assert.Contains("accuracy", output);
        Assert.Contains("Confusion matrix", output);
    }

    [Fact]
    public void A_bidirectional_encoder_trains_on_sst_format_files_and_round_trips_through_a_checkpoint()
    {
        using var dir = new SampleRun();
        // SST in the Kim 2014 format: "label sentence", lower-cased and tokenized.
        string[] good = { "a fine film", "a moving and funny story", "truly great acting", "not bad at all" };
        string[] bad = { "a dull film", "boring and far too long", "truly awful acting", "not good at all" };
        var lines = new System.Collections.Generic.List<string>();
        for (int r = 0; r < 20; r++)
            for (int i = 0; i < good.Length; i++) { lines.Add("1 " + good[i]); lines.Add("0 " + bad[i]); }
        File.WriteAllLines(dir.PathOf("sst.train"), lines);
        File.WriteAllLines(dir.PathOf("sst.dev"), lines.GetRange(0, 16));
        File.WriteAllLines(dir.PathOf("sst.test"), lines.GetRange(16, 16));
        string model = dir.PathOf("model.safetensors");
        (int code, string trained) = Run("--data", dir.PathOf("sst"), "--bidirectional", "--epochs", "2", "--save", model);
        Assert.True(code == 0, trained);
        Assert.True(File.Exists(model));
        (code, string loaded) = Run("--data", dir.PathOf("sst"), "--bidirectional", "--load", model, "--epochs", "0");
        Assert.True(code == 0, loaded);
        Assert.Equal(Line(trained, "Test:"), Line(loaded, "Test:"));
    }

    private static string Line(string output, string start)
    {
        foreach (string line in output.Split('\n'))
            if (line.StartsWith(start, System.StringComparison.Ordinal)) return line.Trim();
        return $"(no line starting with {start})";
    }

    [Fact]
    public void Malformed_files_name_the_file_and_line()
    {
        using var dir = new SampleRun();
        string path = dir.PathOf("data.tsv");
        File.WriteAllLines(path, new[] { "spam\tWIN a prize now", "ham\tsee you at noon", "ham see you later" });
        (int code, string output) = Run("--train", path, "--format", "tsv", "--steps", "3");
        Assert.Equal(1, code);
        Assert.Contains("data.tsv", output);
        Assert.Contains("line 3", output);
        Assert.DoesNotContain("   at ", output);

        (code, output) = Run("--train", dir.PathOf("missing.txt"));
        Assert.Equal(1, code);
        Assert.Contains("missing.txt", output);
    }
}
