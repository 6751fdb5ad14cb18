using System;

namespace Forecast;

/// <summary>
/// The chronological split of a series of <c>length</c> steps: steps [0, TrainEnd) train, [TrainEnd, ValidEnd)
/// validate, [ValidEnd, length) test, 80/10/10. A window belongs to the part of the step it forecasts.
/// </summary>
/// <param name="Length">Number of time steps.</param>
/// <param name="Window">Steps of history per forecast: the first forecast step is <c>Window</c>.</param>
public readonly record struct ChronologicalSplit(int Length, int Window)
{
    /// <summary>End (exclusive) of the training part, the steps the normalization is fitted on.</summary>
    public int TrainEnd => (int)(Length * 8L / 10);

    /// <summary>End (exclusive) of the validation part.</summary>
    public int ValidEnd => (int)(Length * 9L / 10);

    /// <summary>Forecast steps of the training windows.</summary>
    public (int From, int To) Train => (Window, TrainEnd);

    /// <summary>Forecast steps of the validation windows.</summary>
    public (int From, int To) Valid => (Math.Max(Window, TrainEnd), ValidEnd);

    /// <summary>Forecast steps of the test windows.</summary>
    public (int From, int To) Test => (Math.Max(Window, ValidEnd), Length);

    /// <summary>The fewest steps a series needs for a window of <paramref name="window"/>: a training window and a step in every part.</summary>
    public static int MinimumLength(int window)
    {
        int length = window + 1;
        while (!new ChronologicalSplit(length, window).HasEveryPart) length++;
        return length;
    }

    /// <summary>True when every part has at least one window.</summary>
    public bool HasEveryPart => Train.To > Train.From && Valid.To > Valid.From && Test.To > Test.From;
}

/// <summary>
/// A table's chosen columns standardized as a <see cref="ForecastSpec"/> says, laid out for the model: the inputs as
/// [steps, slots] (slots beyond the chosen columns stay zero), the standardized target and the raw target.
/// </summary>
public sealed class WindowedSeries
{
    /// <summary>Standardizes the columns of <paramref name="table"/> named by <paramref name="spec"/> into <paramref name="slots"/> input slots.</summary>
    public WindowedSeries(SeriesTable table, ForecastSpec spec, int slots)
    {
        ArgumentNullException.ThrowIfNull(table);
        ArgumentNullException.ThrowIfNull(spec);
        if (spec.Inputs.Count > slots) throw new ArgumentException($"{spec.Inputs.Count} input columns do not fit {slots} input slots.", nameof(spec));
        Length = table.Length;
        Slots = slots;
        Window = spec.Window;
        Inputs = new float[Length * slots];
        for (int i = 0; i < spec.Inputs.Count; i++)
        {
            double[] values = table.Series(spec.Inputs[i]);
            for (int t = 0; t < Length; t++)
                Inputs[t * slots + i] = (float)((values[t] - spec.InputMean[i]) / spec.InputStd[i]);
        }
        RawTarget = table.Series(spec.Target);
        Target = new float[Length];
        for (int t = 0; t < Length; t++) Target[t] = (float)((RawTarget[t] - spec.TargetMean) / spec.TargetStd);
    }

    /// <summary>Number of time steps.</summary>
    public int Length { get; }
    /// <summary>Input slots per step (the model's Input).</summary>
    public int Slots { get; }
    /// <summary>Steps of history per forecast.</summary>
    public int Window { get; }
    /// <summary>Standardized inputs, [Length, Slots].</summary>
    public float[] Inputs { get; }
    /// <summary>Standardized target, [Length].</summary>
    public float[] Target { get; }
    /// <summary>The target in its own units, [Length].</summary>
    public double[] RawTarget { get; }
}
