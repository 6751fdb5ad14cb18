using System;
using System.IO;
using System.Linq;
using Compare;
using ModelGen.Numerics;
using Xunit;

namespace ModelGen.Samples.Tests;

public class CompareTests
{
    private static (int Code, string Output) Run(params string[] args) => SampleRun.Run(App.Run, args);

    [Fact]
    public void Default_run_trains_the_three_cells_prints_the_table_and_plots()
    {
        using var dir = new SampleRun();
        string plot = dir.PathOf("compare.png");
        (int code, string output) = Run("--steps", "3", "--plot", plot);
        Assert.True(code == 0, output);
        foreach (string cell in new[] { "RNN", "GRU", "LSTM" })
            Assert.Contains($"│ {cell}", output);
        Assert.Contains("bits/char", output);
        byte[] png = File.ReadAllBytes(plot);
        Assert.True(png.Length > 1000 && png[1] == 'P' && png[2] == 'N' && png[3] == 'G', "the plot is not a PNG");
    }

    [Theory]
    [InlineData("adding")]
    [InlineData("reber")]
    [InlineData("temporal")]
    public void Long_range_tasks_run_and_report_the_success_criterion(string task)
    {
        (int code, string output) = Run("--task", task, "--length", "20", "--steps", "3", "--no-plot");
        Assert.True(code == 0, output);
        Assert.Contains("test solved", output);
        Assert.Contains("Solved: a test sequence counts when", output);
    }

    [Fact]
    public void An_LSTM_solves_the_adding_problem_at_T_10_within_800_steps()
    {
        Options o = Options.Parse(new[] { "--task", "adding", "--length", "10", "--steps", "800" });
        var task = new AddingTask(10, 32, seed: 1);
        CellResult r = Runner.Run<AddingLstm>("lstm", task, o, lr: 1e-2, bar: null);
        Assert.NotNull(r.TestScore);
        Assert.True(r.TestScore!.Value.Fraction >= 0.95, $"only {r.TestScore} of the test sequences within 0.04");
        Assert.NotNull(r.SolvedAt);
    }

    [Fact]
    public void The_RNN_and_GRU_of_each_task_have_the_LSTM_parameter_budget_within_2_percent()
    {
        int[][] budgets =
        {
            new[] { CharRnn.ParameterCount, CharGru.ParameterCount, CharLstm.ParameterCount },
            new[] { AddingRnn.ParameterCount, AddingGru.ParameterCount, AddingLstm.ParameterCount },
            new[] { ReberRnn.ParameterCount, ReberGru.ParameterCount, ReberLstm.ParameterCount },
            new[] { TemporalRnn.ParameterCount, TemporalGru.ParameterCount, TemporalLstm.ParameterCount },
        };
        foreach (int[] b in budgets)
            Assert.True(b.All(n => Math.Abs(n - b[2]) <= 0.02 * b[2]), $"parameter counts {string.Join(", ", b)}: not within 2% of the LSTM's");
    }

    [Fact]
    public void Embedded_Reber_strings_follow_the_grammar()
    {
        var examples = ReberTask.Generate(new Rng(3), 500);
        foreach (var e in examples)
        {
            int[] symbols = e.Tokens.Append(e.Labels[^1]).ToArray();
            Assert.Equal(ReberTask.B, symbols[0]);
            Assert.Equal(ReberTask.E, symbols[^1]);
            Assert.Equal(ReberTask.B, symbols[2]);
            // The long-range dependency: the symbol before the final E repeats the second one.
            Assert.Equal(symbols[1], symbols[^2]);
            Assert.Contains(symbols[1], new[] { ReberTask.T, ReberTask.P });
            // Every next symbol is one of the possible ones, and the step before the last T/P has exactly one.
            for (int t = 0; t < e.Steps; t++) Assert.True((e.Legal![t] & (1 << e.Labels[t])) != 0, $"step {t}");
            Assert.Equal(1 << symbols[1], e.Legal![e.Steps - 2]);
        }
        Assert.True(examples.Select(e => e.Steps).Distinct().Count() > 5, "the strings should vary in length");
    }

    [Fact]
    public void Saved_models_evaluate_to_the_same_losses_when_loaded()
    {
        using var dir = new SampleRun();
        (int code, string trained) = Run("--task", "temporal", "--length", "20", "--steps", "5", "--no-plot", "--save", dir.Folder);
        Assert.True(code == 0, trained);
        Assert.True(File.Exists(dir.PathOf("temporal-lstm.safetensors")));
        (code, string loaded) = Run("--task", "temporal", "--length", "20", "--load", dir.Folder);
        Assert.True(code == 0, loaded);
        Assert.Equal(Losses(trained), Losses(loaded));

        (code, string other) = Run("--task", "temporal", "--length", "30", "--load", dir.Folder);
        Assert.Equal(1, code);
        Assert.Contains("give the same --task, --length and --data", other);
    }

    private static string[] Losses(string output) => output.Split('\n')
        .Where(l => l.StartsWith("│ RNN", StringComparison.Ordinal) || l.StartsWith("│ GRU", StringComparison.Ordinal) || l.StartsWith("│ LSTM", StringComparison.Ordinal))
        .Select(l => l.Split('│')).Select(cells => string.Join("|", cells[1], cells[2], cells[3], cells[5], cells[6]))
        .ToArray();

    [Theory]
    [InlineData(2, "Unknown option '--bogus'", "--bogus")]
    [InlineData(2, "--task must be one of", "--task", "nope")]
    [InlineData(2, "--steps needs a whole number", "--steps", "x")]
    [InlineData(2, "--data is for --task charlm", "--task", "adding", "--data", "f.txt")]
    [InlineData(1, "no-such-file.txt", "--data", "no-such-file.txt", "--steps", "1")]
    public void Mistakes_get_a_clear_message(int expected, string message, params string[] args)
    {
        (int code, string output) = Run(args);
        Assert.Equal(expected, code);
        Assert.Contains(message, output);
        Assert.DoesNotContain("   at ", output);
    }
}
