using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Text.Json;

// PlotLog: turns the JSON-lines metrics of a training run (TrainerOptions.MetricsLog, or a sample's --log FILE) into
// a PNG of training and validation loss against the step. Several logs plot side by side, one line each.
//
//   dotnet run --project samples/PlotLog -- run.jsonl [other.jsonl ...] plot.png

if (args.Length < 2 || args[^1] is "--help" or "-h" || !args[^1].EndsWith(".png", StringComparison.OrdinalIgnoreCase))
{
    Console.Error.WriteLine("usage: dotnet run --project samples/PlotLog -- LOG.jsonl [LOG2.jsonl ...] OUT.png");
    return 2;
}

var plot = new ScottPlot.Plot();
plot.Title("Loss by step");
plot.XLabel("step");
plot.YLabel("loss (nats)");
for (int f = 0; f < args.Length - 1; f++)
{
    string path = args[f];
    var steps = new List<double>();
    var losses = new List<double>();
    var validSteps = new List<double>();
    var validLosses = new List<double>();
    string[] lines;
    try
    {
        lines = File.ReadAllLines(path);
    }
    catch (Exception e) when (e is IOException or UnauthorizedAccessException)
    {
        Console.Error.WriteLine($"error: {path} cannot be read: {e.Message}");
        return 1;
    }
    for (int i = 0; i < lines.Length; i++)
    {
        if (lines[i].Length == 0) continue;
        try
        {
            using var json = JsonDocument.Parse(lines[i]);
            JsonElement root = json.RootElement;
            double step = root.GetProperty("step").GetDouble();
            if (root.TryGetProperty("loss", out var loss) && loss.ValueKind == JsonValueKind.Number) { steps.Add(step); losses.Add(loss.GetDouble()); }
            if (root.TryGetProperty("valid_loss", out var valid) && valid.ValueKind == JsonValueKind.Number) { validSteps.Add(step); validLosses.Add(valid.GetDouble()); }
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException)
        {
            Console.Error.WriteLine($"error: {path}, line {i + 1}: not a metrics record ({e.Message}); give a log written by TrainerOptions.MetricsLog or --log.");
            return 1;
        }
    }
    if (steps.Count == 0)
    {
        Console.Error.WriteLine($"error: {path} holds no training steps.");
        return 1;
    }
    string name = Path.GetFileNameWithoutExtension(path);
    var train = plot.Add.ScatterLine(steps.ToArray(), losses.ToArray());
    train.LegendText = name + " (train)";
    if (validSteps.Count > 0)
    {
        var valid = plot.Add.Scatter(validSteps.ToArray(), validLosses.ToArray());
        valid.LegendText = name + " (validation)";
        valid.LineWidth = 2;
    }
}
plot.ShowLegend(ScottPlot.Alignment.UpperRight);
plot.SavePng(args[^1], 900, 500);
Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"wrote {args[^1]}"));
return 0;
