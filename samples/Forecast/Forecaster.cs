using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using ModelGen;
using ModelGen.Checkpoints;
using ModelGen.Data;
using ModelGen.Numerics;
using ModelGen.Training;
using static System.FormattableString;

namespace Forecast;

/// <summary>
/// The sample's pipeline for one declared model: read or generate the table, choose and standardize the columns,
/// train on shuffled windows keeping the best-validation parameters, report, save.
/// </summary>
public static class Forecaster
{
    /// <summary>Windows per batch when scoring (any size works; bigger batches are faster).</summary>
    private const int ScoringBatch = 256;

    /// <summary>Runs the sample with <typeparamref name="TModel"/>; returns the exit code.</summary>
    /// <exception cref="ForecastException">The data or checkpoint does not fit (a clear message).</exception>
    /// <exception cref="DataFileException">The data file cannot be read or has a bad cell.</exception>
    /// <exception cref="CheckpointException">The checkpoint cannot be read or does not fit the model.</exception>
    public static int Run<TModel>(Options options, TextWriter output) where TModel : class, IRecurrentModel<TModel, float>
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(output);
        TModel model = TModel.Create(options.Seed);
        ModelInfo info = model.Info;
        output.WriteLine(info.ToString());

        if (options.Save is not null) CheckWritable(options.Save);
        ForecastSpec? loaded = options.Load is null ? null : LoadCheckpoint(model, options.Load, output);
        SeriesTable table = options.Data is null
            ? SeriesTable.FromRows(GeneratedSeries.Rows(options.Seed), GeneratedSeries.Source)
            : SeriesTable.Read(options.Data);
        DescribeTable(table, output);

        (IReadOnlyList<string> inputs, string target, int window) = loaded is null
            ? ChooseColumns(options, table, info.Input)
            : CheckLoadedColumns(options, loaded, info.Input);
        var split = new ChronologicalSplit(table.Length, window);
        if (!split.HasEveryPart)
            throw new ForecastException(Invariant($"{table.Source} has {table.Length} time steps; a window of {window} steps needs at least {ChronologicalSplit.MinimumLength(window)} (a training window and a step to forecast in each of the train, validation and test parts). Give more rows or a smaller --window."));
        ForecastSpec spec = loaded ?? ForecastSpec.Fit(table, inputs, target, window, split.TrainEnd);
        var data = new WindowedSeries(table, spec, info.Input);
        DescribeSpec(spec, table, split, loaded is not null, output);

        var valid = new WindowBatches(data, split.Valid.From, split.Valid.To, ScoringBatch);
        var test = new WindowBatches(data, split.Test.From, split.Test.To, ScoringBatch);
        int bestEpoch = Train(model, options, data, split, valid, spec, output);

        string parameters = bestEpoch > 0 ? Invariant($"after epoch {bestEpoch} (best validation)")
            : loaded is not null ? "as loaded" : "as initialized";
        Report(info, model, spec, data, split, valid, test, parameters, output);
        if (options.Save is not null) Save(model, options.Save, spec, output);
        return 0;
    }

    private static ForecastSpec LoadCheckpoint<TModel>(TModel model, string path, TextWriter output) where TModel : class, IRecurrentModel<TModel, float>
    {
        if (!File.Exists(path)) throw new ForecastException($"The checkpoint '{path}' does not exist.");
        IReadOnlyDictionary<string, string> metadata = Checkpoint.ReadMetadata(path);
        if (metadata.TryGetValue(Checkpoint.ModelKey, out string? savedFrom) && savedFrom != model.Info.Name && App.CellOf(savedFrom) is { } cell)
            throw new ForecastException($"The checkpoint '{path}' holds a {savedFrom}, but --cell selects {model.Info.Name}; load it with --cell {cell}.");
        ForecastSpec spec = ForecastSpec.FromMetadata(metadata, path);
        Checkpoint.Load(model, path);
        output.WriteLine($"Loaded {path}: inputs {SeriesTable.Quoted(spec.Inputs)}, target '{spec.Target}', window {spec.Window}, normalization of its training data.");
        return spec;
    }

    private static void DescribeTable(SeriesTable table, TextWriter output)
    {
        output.WriteLine(Invariant($"Data: {table.Source}, {table.Length:N0} time steps, numeric columns {(table.NumericColumns.Count > 0 ? SeriesTable.Quoted(table.NumericColumns) : "none")}."));
        foreach (IgnoredColumn c in table.IgnoredColumns)
            output.WriteLine($"Ignored column '{c.Name}': not numeric ({c.Reason}).");
    }

    private static (IReadOnlyList<string> Inputs, string Target, int Window) ChooseColumns(Options options, SeriesTable table, int slots)
    {
        // A column named on the command line must exist and be numeric in every row (else: the line of its first bad cell).
        if (options.Target is not null) table.Series(options.Target);
        foreach (string name in options.Columns ?? Array.Empty<string>()) table.Series(name);
        if (table.NumericColumns.Count == 0 && (options.Columns is null || options.Target is null))
            throw new DataFileException(table.Source, table.HeaderLine, $"no column is numeric in every row, so there is no series to forecast (columns {SeriesTable.Quoted(table.Header)}).");
        IReadOnlyList<string> inputs = options.Columns ?? table.NumericColumns;
        string target = options.Target ?? table.NumericColumns[^1];
        if (inputs.Count > slots)
            throw new ForecastException(Invariant($"{inputs.Count} input columns are chosen ({SeriesTable.Quoted(inputs)}), but the models take at most {slots} series per step. Choose at most {slots} with --columns, or declare the models with a bigger Input (ModelSizes.MaxSeries) in samples/Forecast/Models.cs."));
        return (inputs, target, options.Window ?? Options.DefaultWindow);
    }

    private static (IReadOnlyList<string> Inputs, string Target, int Window) CheckLoadedColumns(Options options, ForecastSpec loaded, int slots)
    {
        if (options.Columns is { } columns && !columns.SequenceEqual(loaded.Inputs, StringComparer.Ordinal))
            throw new ForecastException($"--columns {string.Join(",", columns)} differs from the checkpoint's inputs {SeriesTable.Quoted(loaded.Inputs)}; leave --columns out with --load.");
        if (options.Target is { } target && target != loaded.Target)
            throw new ForecastException($"--target '{target}' differs from the checkpoint's target '{loaded.Target}'; leave --target out with --load.");
        if (options.Window is { } window && window != loaded.Window)
            throw new ForecastException(Invariant($"--window {window} differs from the checkpoint's window {loaded.Window}; leave --window out with --load."));
        if (loaded.Inputs.Count > slots)
            throw new ForecastException(Invariant($"The checkpoint lists {loaded.Inputs.Count} input columns but the model takes {slots}."));
        return (loaded.Inputs, loaded.Target, loaded.Window);
    }

    private static void DescribeSpec(ForecastSpec spec, SeriesTable table, ChronologicalSplit split, bool loaded, TextWriter output)
    {
        output.WriteLine($"Inputs {SeriesTable.Quoted(spec.Inputs)}, target '{spec.Target}', window {spec.Window} steps.");
        output.WriteLine(Invariant($"Split 80/10/10 in time: train {Period(table, split.Train)}, valid {Period(table, split.Valid)}, test {Period(table, split.Test)}."));
        output.WriteLine(Invariant($"Normalization ({(loaded ? "from the checkpoint" : "fitted on the training part")}): '{spec.Target}' mean {spec.TargetMean:G6}, std {spec.TargetStd:G6}."));
    }

    private static string Period(SeriesTable table, (int From, int To) steps)
        => Invariant($"{steps.To - steps.From:N0} windows ({table.LabelOf(steps.From)} .. {table.LabelOf(steps.To - 1)})");

    /// <summary>Trains for the epochs and steps the options allow; leaves the best-validation parameters in the model and returns their epoch (0: as loaded or initialized).</summary>
    private static int Train(IRecurrentModel<float> model, Options options, WindowedSeries data, ChronologicalSplit split, WindowBatches valid, ForecastSpec spec, TextWriter output)
    {
        int epochs = options.EffectiveEpochs;
        long stepsLeft = options.Steps ?? long.MaxValue;
        if (epochs == 0 || stepsLeft == 0)
        {
            output.WriteLine("No training (--epochs 0 or --steps 0).");
            return 0;
        }
        var train = new WindowBatches(data, split.Train.From, split.Train.To, options.Batch, new Rng(unchecked(options.Seed + 1_000_003L)));
        var optimizer = new Adam<float>(options.LearningRate);
        ForecastErrors best = Scoring.Model(model, valid, data, spec);
        float[] bestParameters = model.Parameters.ToArray();
        int bestEpoch = 0, every = Math.Max(1, (epochs + 19) / 20);
        output.WriteLine(Invariant($"Training up to {epochs} epochs of {train.BatchesPerEpoch} batches of {train.BatchSize} windows{(options.Steps is { } s ? Invariant($", at most {s} steps") : "")} (Adam, lr {options.LearningRate}, clip 1). Valid RMSE before training {best.Rmse:F3}."));

        var clock = Stopwatch.StartNew();
        long steps = 0, windows = 0;
        int epoch = 0;
        while (epoch < epochs && stepsLeft > 0)
        {
            epoch++;
            long count = Math.Min(train.BatchesPerEpoch, stepsLeft);
            double loss = TrainEpoch(model, optimizer, train, count);
            for (int b = 0; b < count; b++) windows += train.CountOf(b);
            stepsLeft -= count;
            steps += count;
            ForecastErrors errors = Scoring.Model(model, valid, data, spec);
            bool improved = errors.Rmse < best.Rmse;
            if (improved)
            {
                (best, bestEpoch) = (errors, epoch);
                model.Parameters.CopyTo(bestParameters);
            }
            if (improved || epoch % every == 0 || epoch == epochs || stepsLeft == 0)
                output.WriteLine(Invariant($"epoch {epoch,4}  step {steps,6}  train MSE {loss,8:F5} (standardized)  valid RMSE {errors.Rmse,9:F3}  MAE {errors.Mae,9:F3}{(improved ? "  *best" : "")}"));
        }
        bestParameters.CopyTo(model.Parameters);
        double seconds = clock.Elapsed.TotalSeconds;
        output.WriteLine(Invariant($"Trained {steps} steps ({epoch} epochs) in {seconds:F1} s, {windows / Math.Max(seconds, 1e-9):N0} windows/s. Best validation after epoch {bestEpoch}: RMSE {best.Rmse:F3}."));
        return bestEpoch;
    }

    /// <summary>One pass (or the first <paramref name="steps"/> batches) over freshly shuffled windows; returns the mean training loss.</summary>
    private static double TrainEpoch(IRecurrentModel<float> model, Adam<float> optimizer, WindowBatches train, long steps)
    {
        train.Shuffle();
        var trainer = new Trainer<float>(model, optimizer, new TrainerOptions { Steps = steps, ClipNorm = 1.0, EvaluateEvery = 0 });
        TrainingResult result;
        try
        {
            result = trainer.Train(train);
        }
        catch (InvalidOperationException e)
        {
            throw new ForecastException(e.Message + " (--lr sets the learning rate).");
        }
        return result.TrainingLoss.Count > 0 ? result.TrainingLoss.Average() : double.NaN;
    }

    private static void Report(ModelInfo info, IRecurrentModel<float> model, ForecastSpec spec, WindowedSeries data, ChronologicalSplit split,
        WindowBatches valid, WindowBatches test, string parameters, TextWriter output)
    {
        string cell = info.Cell.ToString().ToUpperInvariant();
        output.WriteLine();
        output.WriteLine(Invariant($"One-step forecasts of '{spec.Target}' in its own units, {cell} parameters {parameters}:"));
        output.WriteLine("  part    windows    model RMSE       MAE   persistence RMSE       MAE   model/persistence RMSE     MAE");
        ReportLine(output, "valid", model, valid, data, spec, split.Valid);
        (ForecastErrors testModel, ForecastErrors testPersistence) = ReportLine(output, "test", model, test, data, spec, split.Test);
        output.WriteLine(Verdict(cell, testModel, testPersistence));
    }

    private static (ForecastErrors Model, ForecastErrors Persistence) ReportLine(TextWriter output, string part, IRecurrentModel<float> model, WindowBatches windows, WindowedSeries data, ForecastSpec spec, (int From, int To) steps)
    {
        ForecastErrors m = Scoring.Model(model, windows, data, spec);
        ForecastErrors p = Scoring.Persistence(data.RawTarget, steps.From, steps.To);
        output.WriteLine(Invariant($"  {part,-5} {windows.Count,9:N0} {m.Rmse,13:F3} {m.Mae,9:F3} {p.Rmse,18:F3} {p.Mae,9:F3} {m.Rmse / p.Rmse,24:F3} {m.Mae / p.Mae,7:F3}"));
        return (m, p);
    }

    private static string Verdict(string cell, ForecastErrors model, ForecastErrors persistence)
    {
        bool rmse = model.Rmse < persistence.Rmse, mae = model.Mae < persistence.Mae;
        string ratios = Invariant($"RMSE x{model.Rmse / persistence.Rmse:F3}, MAE x{model.Mae / persistence.Mae:F3}");
        return rmse && mae ? $"The {cell} beats persistence on the test part ({ratios})."
            : rmse || mae ? $"The {cell} beats persistence on the test part by one measure only ({ratios})."
            : $"The {cell} does not beat persistence on the test part ({ratios}).";
    }

    /// <summary>Fails before training when the checkpoint's directory does not exist, rather than after.</summary>
    private static void CheckWritable(string path)
    {
        string? directory = Path.GetDirectoryName(Path.GetFullPath(path));
        if (directory is not null && !Directory.Exists(directory))
            throw new ForecastException($"Cannot write the checkpoint '{path}': the directory '{directory}' does not exist.");
    }

    private static void Save(IRecurrentModel<float> model, string path, ForecastSpec spec, TextWriter output)
    {
        try
        {
            Checkpoint.Save(model, path, spec.ToMetadata());
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ForecastException($"Cannot write the checkpoint '{path}': {e.Message}");
        }
        output.WriteLine($"Saved {path} (the best-validation parameters; columns, window and normalization in its metadata).");
    }
}
