using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Runtime.CompilerServices;
using ModelGen;
using ModelGen.Checkpoints;
using ModelGen.Data;
using Spectre.Console;

[assembly: InternalsVisibleTo("ModelGen.Samples.Tests")]

namespace Compare;

/// <summary>The comparison program: parse options, build the task, run every cell, print the table, draw the plot.</summary>
public static class App
{
    /// <summary>Runs the program with <paramref name="args"/>, writing to <paramref name="output"/>; returns the exit code.</summary>
    public static int Run(string[] args, TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(output);
        bool terminal = ReferenceEquals(output, Console.Out) && !Console.IsOutputRedirected;
        IAnsiConsole console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(output),
            Ansi = terminal ? AnsiSupport.Detect : AnsiSupport.No,
            ColorSystem = terminal ? ColorSystemSupport.Detect : ColorSystemSupport.NoColors,
            Interactive = terminal ? InteractionSupport.Detect : InteractionSupport.No,
        });
        if (!terminal) console.Profile.Width = 132; // a log or a test: no terminal to fit, keep table rows on one line

        Options o;
        try
        {
            o = Options.Parse(args);
        }
        catch (OptionsException e)
        {
            output.WriteLine("error: " + e.Message);
            output.WriteLine("Run with --help to see the options.");
            return 2;
        }
        if (o.Help)
        {
            output.WriteLine(Options.Usage);
            return 0;
        }

        try
        {
            CompareTask task = o.Task switch
            {
                "adding" => new AddingTask(o.Length, o.BatchSize, o.Seed),
                "reber" => new ReberTask(o.BatchSize, o.Seed),
                "temporal" => new TemporalOrderTask(o.Length, o.BatchSize, o.Seed),
                _ => new CharLmTask(o.Data, o.BatchSize, o.Bptt, o.Seed),
            };
            List<CellResult> results = RunCells(console, task, o);
            Report.Table(console, task, o, results);
            if (!o.NoPlot && o.Load is null)
            {
                string plot = o.Plot ?? $"compare-{task.Name}.png";
                Report.Plot(task, results, plot);
                output.WriteLine($"Plot of validation loss against step: {Path.GetFullPath(plot)}");
            }
            return 0;
        }
        catch (Exception e) when (e is CompareException or DataFileException or CheckpointException or ModelGen.Training.TrainingDivergedException)
        {
            output.WriteLine("error: " + e.Message);
            return 1;
        }
    }

    private static List<CellResult> RunCells(IAnsiConsole console, CompareTask task, Options o)
    {
        console.WriteLine(task.Title);
        int steps = o.Load is null ? o.Steps ?? task.DefaultSteps : 1;
        IReadOnlyList<double> rates = o.LearningRates ?? task.DefaultLearningRates;
        string lr = string.Join(", ", rates.Select(r => r.ToString(CultureInfo.InvariantCulture)));
        console.WriteLine(o.Load is null
            ? $"Each cell: {steps:N0} steps of {o.BatchSize} sequences, seed {o.Seed}, Adam with cosine decay, clip 1, "
              + (rates.Count == 1 ? $"learning rate {lr}" : $"the best of learning rates {lr} by validation loss")
              + (o.ForgetBias is { } fb ? string.Create(CultureInfo.InvariantCulture, $"; LSTM forget-gate bias {fb}") : "; PyTorch's initialization") + "."
              + (task.Criterion is { } c ? $" Success criterion: {c}." : "")
            : $"Evaluating the models saved in {o.Load}.");
        int runs = o.Load is null ? rates.Count : 1;
        var results = new List<CellResult>();
        console.Progress()
            .AutoClear(false)
            .Columns(new TaskDescriptionColumn { Alignment = Justify.Left }, new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn(), new RemainingTimeColumn())
            .Start(ctx =>
            {
                var bars = o.Cells.ToDictionary(cell => cell, cell => ctx.AddTask(cell.ToUpperInvariant(), autoStart: false, maxValue: (double)steps * runs));
                foreach (string cell in o.Cells)
                {
                    ProgressTask bar = bars[cell];
                    bar.StartTask();
                    // One run per learning rate; the cell keeps the run with the lowest validation loss.
                    CellResult? best = null;
                    for (int r = 0; r < runs; r++)
                    {
                        CellResult run = RunCell(cell, task, o, rates[r], bar, (long)r * steps);
                        if (best is null || run.ValidLoss < best.ValidLoss || double.IsNaN(best.ValidLoss)) best = run;
                    }
                    results.Add(best!);
                    if (o.Save is not null) Runner.Save(best!, task, o.Save);
                    bar.Value = bar.MaxValue;
                    bar.StopTask();
                }
            });
        return results;
    }

    private static CellResult RunCell(string cell, CompareTask task, Options o, double lr, ProgressTask bar, long offset) => (task, cell) switch
    {
        (CharLmTask, "rnn") => Runner.Run<CharRnn>(cell, task, o, lr, bar, offset),
        (CharLmTask, "gru") => Runner.Run<CharGru>(cell, task, o, lr, bar, offset),
        (CharLmTask, _) => Runner.Run<CharLstm>(cell, task, o, lr, bar, offset),
        (AddingTask, "rnn") => Runner.Run<AddingRnn>(cell, task, o, lr, bar, offset),
        (AddingTask, "gru") => Runner.Run<AddingGru>(cell, task, o, lr, bar, offset),
        (AddingTask, _) => Runner.Run<AddingLstm>(cell, task, o, lr, bar, offset),
        (ReberTask, "rnn") => Runner.Run<ReberRnn>(cell, task, o, lr, bar, offset),
        (ReberTask, "gru") => Runner.Run<ReberGru>(cell, task, o, lr, bar, offset),
        (ReberTask, _) => Runner.Run<ReberLstm>(cell, task, o, lr, bar, offset),
        (TemporalOrderTask, "rnn") => Runner.Run<TemporalRnn>(cell, task, o, lr, bar, offset),
        (TemporalOrderTask, "gru") => Runner.Run<TemporalGru>(cell, task, o, lr, bar, offset),
        _ => Runner.Run<TemporalLstm>(cell, task, o, lr, bar, offset),
    };
}
