using System.IO;
using Xunit;

namespace ModelGen.Samples.Tests;

/// <summary>GpuTrain on ILGPU's CPU accelerator: the GPU variant trained by the ordinary Trainer, and the bench mode.</summary>
public class GpuTrainTests
{
    private static (int Code, string Output) Run(params string[] args) => SampleRun.Run(GpuTrain.App.Run, args);

    [Fact]
    public void Trains_the_gpu_variant_with_the_trainer_and_the_loss_falls()
    {
        (int code, string output) = Run("--device", "cpu", "--cell", "gru", "--steps", "8", "--lr", "0.01");
        Assert.True(code == 0, output);
        Assert.Contains("CPUAccelerator", output);
        Assert.Contains("Trained 8 steps", output);
        // The validation loss after the last step is below the first one (a uniform guess over 65 ids is 4.17).
        var losses = System.Text.RegularExpressions.Regex.Matches(output, @"valid loss (\d+\.\d+)");
        Assert.True(losses.Count >= 2, output);
        Assert.True(double.Parse(losses[^1].Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture)
                    < double.Parse(losses[0].Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture), output);
    }

    [Fact]
    public void Bench_reports_gpu_and_cpu_tokens_per_second()
    {
        (int code, string output) = Run("--device", "cpu", "--bench", "--cell", "rnn", "--steps", "1", "--cpu-steps", "1");
        Assert.True(code == 0, output);
        Assert.Matches(@"RESULT modelgen-gpu tiny rnn \d+", output);
        Assert.Matches(@"RESULT modelgen-cpu tiny rnn \d+", output);
    }

    [Fact]
    public void Bad_options_and_missing_files_say_what_to_fix()
    {
        (int code, string output) = Run("--cell", "all");
        Assert.Equal(2, code);
        Assert.Contains("--cell all is for --bench", output);
        (code, output) = Run("--device", "cpu", "--data", Path.Combine(Path.GetTempPath(), "no-such-text.txt"));
        Assert.Equal(1, code);
        Assert.Contains("does not exist", output);
    }
}
