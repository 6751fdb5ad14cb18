using System.IO;
using Xunit;

namespace ModelGen.Samples.Tests;

public class CharLmTests
{
    private static (int Code, string Output) Run(params string[] args) => SampleRun.Run(CharLm.App.Run, args);

    [Theory]
    [InlineData("lstm")]
    [InlineData("gru")]
    [InlineData("rnn")]
    public void Default_run_trains_validates_and_samples(string cell)
    {
        (int code, string output) = Run("--cell", cell, "--steps", "3", "--sample", "20");
        Assert.True(code == 0, output);
        Assert.Contains("valid loss", output);
        Assert.Contains("characters sampled", output);
    }

    [Fact]
    public void A_saved_model_samples_the_same_text_when_loaded()
    {
        using var dir = new SampleRun();
        string model = dir.PathOf("m.safetensors");
        (int code, string trained) = Run("--steps", "3", "--sample", "30", "--save", model);
        Assert.True(code == 0, trained);
        (code, string loaded) = Run("--steps", "0", "--sample", "30", "--load", model);
        Assert.True(code == 0, loaded);
        Assert.Equal(trained[trained.IndexOf("---", System.StringComparison.Ordinal)..], loaded[loaded.IndexOf("---", System.StringComparison.Ordinal)..]);

        (code, string missing) = Run("--data", dir.PathOf("none.txt"));
        Assert.Equal(1, code);
        Assert.Contains("none.txt", missing);
    }
}
