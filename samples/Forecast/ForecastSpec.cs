using System;
using System.Collections.Generic;
using System.Globalization;
using ModelGen.Checkpoints;

namespace Forecast;

/// <summary>
/// What a trained forecaster needs besides its weights: the input columns in slot order, the target, the window
/// length and each column's normalization (mean and standard deviation of the training part). Saved in, and read
/// back from, the checkpoint's metadata.
/// </summary>
public sealed class ForecastSpec
{
    private const string Prefix = "forecast.";
    private const string InputsKey = Prefix + "inputs", TargetKey = Prefix + "target", WindowKey = Prefix + "window";

    /// <summary>A spec from its parts; the arrays are one entry per input column.</summary>
    public ForecastSpec(IReadOnlyList<string> inputs, double[] inputMean, double[] inputStd, string target, double targetMean, double targetStd, int window)
    {
        Inputs = inputs;
        InputMean = inputMean;
        InputStd = inputStd;
        Target = target;
        TargetMean = targetMean;
        TargetStd = targetStd;
        Window = window;
    }

    /// <summary>The input columns; column i goes into input slot i.</summary>
    public IReadOnlyList<string> Inputs { get; }
    /// <summary>Mean of each input column over the training part.</summary>
    public double[] InputMean { get; }
    /// <summary>Standard deviation of each input column over the training part (1 for a constant column).</summary>
    public double[] InputStd { get; }
    /// <summary>The column forecast.</summary>
    public string Target { get; }
    /// <summary>Mean of the target over the training part.</summary>
    public double TargetMean { get; }
    /// <summary>Standard deviation of the target over the training part.</summary>
    public double TargetStd { get; }
    /// <summary>Steps of history per forecast.</summary>
    public int Window { get; }

    /// <summary>Fits the normalization of <paramref name="inputs"/> and <paramref name="target"/> on the first <paramref name="trainSteps"/> steps of <paramref name="table"/>.</summary>
    public static ForecastSpec Fit(SeriesTable table, IReadOnlyList<string> inputs, string target, int window, int trainSteps)
    {
        var mean = new double[inputs.Count];
        var std = new double[inputs.Count];
        for (int i = 0; i < inputs.Count; i++)
            (mean[i], std[i]) = MeanStd(table.Series(inputs[i]), trainSteps);
        (double targetMean, double targetStd) = MeanStd(table.Series(target), trainSteps);
        return new ForecastSpec(inputs, mean, std, target, targetMean, targetStd, window);
    }

    private static (double Mean, double Std) MeanStd(double[] values, int count)
    {
        double sum = 0;
        for (int t = 0; t < count; t++) sum += values[t];
        double mean = sum / count, squares = 0;
        for (int t = 0; t < count; t++) squares += (values[t] - mean) * (values[t] - mean);
        double std = Math.Sqrt(squares / count);
        return (mean, std > 1e-12 * Math.Max(1, Math.Abs(mean)) ? std : 1);
    }

    /// <summary>The metadata that <see cref="FromMetadata"/> reads back.</summary>
    public Dictionary<string, string> ToMetadata()
    {
        var metadata = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            [InputsKey] = Inputs.Count.ToString(CultureInfo.InvariantCulture),
            [TargetKey] = Target,
            [TargetKey + ".mean"] = Text(TargetMean),
            [TargetKey + ".std"] = Text(TargetStd),
            [WindowKey] = Window.ToString(CultureInfo.InvariantCulture),
        };
        for (int i = 0; i < Inputs.Count; i++)
        {
            string key = InputKey(i);
            metadata[key + ".name"] = Inputs[i];
            metadata[key + ".mean"] = Text(InputMean[i]);
            metadata[key + ".std"] = Text(InputStd[i]);
        }
        return metadata;
    }

    /// <summary>Reads a spec written by <see cref="ToMetadata"/> from the metadata of the checkpoint <paramref name="path"/>.</summary>
    /// <exception cref="CheckpointException">A key is missing or invalid: the checkpoint was not written by this sample.</exception>
    public static ForecastSpec FromMetadata(IReadOnlyDictionary<string, string> metadata, string path)
    {
        var reader = new MetadataReader(metadata, path);
        int count = reader.Integer(InputsKey, 1, int.MaxValue);
        var inputs = new string[count];
        var mean = new double[count];
        var std = new double[count];
        for (int i = 0; i < count; i++)
        {
            string key = InputKey(i);
            inputs[i] = reader.Text(key + ".name");
            mean[i] = reader.Number(key + ".mean");
            std[i] = reader.Positive(key + ".std");
        }
        return new ForecastSpec(inputs, mean, std, reader.Text(TargetKey), reader.Number(TargetKey + ".mean"), reader.Positive(TargetKey + ".std"),
            reader.Integer(WindowKey, 1, int.MaxValue));
    }

    private static string InputKey(int i) => string.Create(CultureInfo.InvariantCulture, $"{InputsKey}.{i}");

    private static string Text(double x) => x.ToString("R", CultureInfo.InvariantCulture);

    /// <summary>Reads typed values from checkpoint metadata, with errors that name the checkpoint and the key.</summary>
    private readonly struct MetadataReader(IReadOnlyDictionary<string, string> metadata, string path)
    {
        public string Text(string key)
            => metadata.TryGetValue(key, out string? value) && value.Length > 0 ? value
                : throw new CheckpointException($"The checkpoint '{path}' has no '{key}' in its metadata: it was not written by this sample's --save, so its columns, window and normalization are unknown.", path);

        public double Number(string key)
        {
            string text = Text(key);
            return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double x) && double.IsFinite(x) ? x
                : throw new CheckpointException($"The checkpoint '{path}' has an invalid '{key}' in its metadata ('{text}'); expected a finite number.", path);
        }

        public double Positive(string key)
        {
            double x = Number(key);
            return x > 0 ? x
                : throw new CheckpointException(string.Create(CultureInfo.InvariantCulture, $"The checkpoint '{path}' has an invalid '{key}' in its metadata ({x}); a standard deviation must be positive."), path);
        }

        public int Integer(string key, int min, int max)
        {
            string text = Text(key);
            return int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out int n) && n >= min && n <= max ? n
                : throw new CheckpointException(string.Create(CultureInfo.InvariantCulture, $"The checkpoint '{path}' has an invalid '{key}' in its metadata ('{text}'); expected an integer in [{min}, {max}]."), path);
        }
    }
}
