using System;
using System.Collections.Generic;
using System.Globalization;
using ModelGen.Numerics;

namespace Forecast;

/// <summary>
/// The default data when no --data is given: a monthly series with a date column, as the rows a CSV file of it would
/// parse to (header first, every cell text), so it goes through the same checks as a file. It is a linear trend,
/// a yearly seasonality, a slower 41-month cycle and Gaussian noise, the same for a given seed.
/// </summary>
public static class GeneratedSeries
{
    /// <summary>What errors and the report call the generated data.</summary>
    public const string Source = "generated series";

    /// <summary>Number of months generated: 100 years.</summary>
    public const int Months = 1200;

    /// <summary>Standard deviation of the noise: the RMSE of a perfect one-step forecast.</summary>
    public const double NoiseSigma = 3.0;

    /// <summary>The rows of the series: a header ("month", "demand") then one row per month from 1900-01.</summary>
    public static List<string[]> Rows(int seed)
    {
        var rng = new Rng(seed);
        // Phases vary with the seed so that different seeds give different series.
        double yearlyPhase = rng.NextUniform(0, 2 * Math.PI), cyclePhase = rng.NextUniform(0, 2 * Math.PI);
        var rows = new List<string[]>(Months + 1) { new[] { "month", "demand" } };
        for (int t = 0; t < Months; t++)
        {
            double value = 100 + 0.05 * t
                + 20 * Math.Sin(2 * Math.PI * t / 12 + yearlyPhase)
                + 10 * Math.Sin(2 * Math.PI * t / 41 + cyclePhase)
                + NoiseSigma * rng.NextNormal();
            string month = string.Create(CultureInfo.InvariantCulture, $"{1900 + t / 12:D4}-{t % 12 + 1:D2}");
            rows.Add(new[] { month, value.ToString("F2", CultureInfo.InvariantCulture) });
        }
        return rows;
    }
}
