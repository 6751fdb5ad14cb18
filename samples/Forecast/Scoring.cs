using System;
using ModelGen;

namespace Forecast;

/// <summary>Root mean squared error and mean absolute error of one-step forecasts, in the target's units.</summary>
/// <param name="Rmse">sqrt(mean((forecast − actual)²)).</param>
/// <param name="Mae">mean(|forecast − actual|).</param>
public readonly record struct ForecastErrors(double Rmse, double Mae);

/// <summary>Scores a model's forecasts, and the persistence forecast, on a set of windows.</summary>
public static class Scoring
{
    /// <summary>
    /// Runs <paramref name="model"/> over every window of <paramref name="windows"/> (no training, zero initial state),
    /// turns its standardized forecasts back into the target's units with <paramref name="spec"/> and scores them.
    /// </summary>
    public static ForecastErrors Model(IRecurrentModel<float> model, WindowBatches windows, WindowedSeries data, ForecastSpec spec)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(windows);
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(spec);
        double squares = 0, absolute = 0;
        for (int b = 0; b < windows.BatchesPerEpoch; b++)
        {
            var batch = windows.GetBatch(b);
            model.ResetState(batch.BatchSize);
            model.Forward(batch, training: false);
            ReadOnlySpan<float> outputs = model.Outputs; // [B, 1]
            for (int r = 0; r < batch.BatchSize; r++)
            {
                double forecast = outputs[r] * spec.TargetStd + spec.TargetMean;
                double error = forecast - data.RawTarget[windows.ForecastStep(b, r)];
                squares += error * error;
                absolute += Math.Abs(error);
            }
        }
        return new ForecastErrors(Math.Sqrt(squares / windows.Count), absolute / windows.Count);
    }

    /// <summary>The persistence forecast (each step equals the one before) of the steps [<paramref name="from"/>, <paramref name="to"/>).</summary>
    public static ForecastErrors Persistence(double[] target, int from, int to)
    {
        ArgumentNullException.ThrowIfNull(target);
        if (from < 1 || to > target.Length || to <= from)
            throw new ArgumentOutOfRangeException(nameof(from), $"The steps [{from}, {to}) need a step before them inside the {target.Length} steps.");
        double squares = 0, absolute = 0;
        for (int t = from; t < to; t++)
        {
            double error = target[t - 1] - target[t];
            squares += error * error;
            absolute += Math.Abs(error);
        }
        int n = to - from;
        return new ForecastErrors(Math.Sqrt(squares / n), absolute / n);
    }
}
