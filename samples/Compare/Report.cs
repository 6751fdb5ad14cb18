using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using Spectre.Console;

namespace Compare;

/// <summary>The comparison's table and plot.</summary>
internal static class Report
{
    public static void Table(IAnsiConsole console, CompareTask task, Options o, IReadOnlyList<CellResult> results)
    {
        var table = new Table().Title(task.Title).Border(TableBorder.Rounded);
        table.AddColumn("cell");
        table.AddColumn(new TableColumn("hidden").RightAligned());
        table.AddColumn(new TableColumn("parameters").RightAligned());
        table.AddColumn(new TableColumn("lr").RightAligned());
        table.AddColumn(new TableColumn($"valid {task.LossUnit}").RightAligned());
        table.AddColumn(new TableColumn($"test {task.LossUnit}").RightAligned());
        if (task.Criterion is not null)
        {
            table.AddColumn(new TableColumn("test solved").RightAligned());
            table.AddColumn(new TableColumn("solved at step").RightAligned());
        }
        table.AddColumn(new TableColumn("tokens/s").RightAligned());
        table.AddColumn(new TableColumn("wall").RightAligned());
        foreach (CellResult r in results)
        {
            var row = new List<string>
            {
                r.Cell.ToUpperInvariant(),
                r.Hidden.ToString(CultureInfo.InvariantCulture),
                r.Parameters.ToString("N0", CultureInfo.InvariantCulture),
                o.Load is null ? r.LearningRate.ToString(CultureInfo.InvariantCulture) : "-",
                r.ValidLoss.ToString("F4", CultureInfo.InvariantCulture),
                r.TestLoss.ToString("F4", CultureInfo.InvariantCulture),
            };
            if (task.Criterion is not null)
            {
                row.Add(r.TestScore?.ToString() ?? "-");
                row.Add(r.SolvedAt?.ToString("N0", CultureInfo.InvariantCulture) ?? (o.Load is null ? "no" : "-"));
            }
            row.Add(r.TokensPerSecond > 0 ? r.TokensPerSecond.ToString("N0", CultureInfo.InvariantCulture) : "-");
            row.Add(r.Wall.TotalSeconds.ToString("F1", CultureInfo.InvariantCulture) + " s");
            table.AddRow(row.Select(Markup.Escape).ToArray());
        }
        console.Write(table);
        if (task.Criterion is { } criterion)
            console.WriteLine($"Solved: a test sequence counts when {criterion}; \"solved at step\" is the first validation at which {Runner.SolvedFraction:P0} of the validation sequences did.");
        CellResult best = results.MinBy(r => r.TestLoss)!;
        console.WriteLine($"Lowest test loss: {best.Cell.ToUpperInvariant()} ({best.TestLoss.ToString("F4", CultureInfo.InvariantCulture)} {task.LossUnit}).");
        foreach (CellResult r in results.Where(r => r.SkippedSteps > 0))
            console.WriteLine($"{r.Cell.ToUpperInvariant()}: {r.SkippedSteps} steps were skipped because the loss or gradient was not finite.");
    }

    public static void Plot(CompareTask task, IReadOnlyList<CellResult> results, string path)
    {
        var plot = new ScottPlot.Plot();
        plot.Title(task.Title);
        plot.XLabel("step");
        plot.YLabel($"validation loss ({task.LossUnit})");
        foreach (CellResult r in results.Where(r => r.Curve.Count > 0))
        {
            var line = plot.Add.Scatter(r.Curve.Select(p => (double)p.Step).ToArray(), r.Curve.Select(p => p.Loss).ToArray());
            line.LegendText = $"{r.Cell.ToUpperInvariant()} ({r.Parameters:N0} parameters)";
        }
        plot.ShowLegend(ScottPlot.Alignment.UpperRight);
        try
        {
            plot.SavePng(path, 900, 500);
        }
        catch (Exception e) when (e is System.IO.IOException or UnauthorizedAccessException)
        {
            throw new CompareException($"Cannot write the plot '{path}': {e.Message}");
        }
    }
}
