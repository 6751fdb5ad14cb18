using System;
using System.IO;
using ModelGen;
using ModelGen.Checkpoints;
using ModelGen.Data;

namespace Forecast;

/// <summary>
/// The Forecast sample: trains a recurrent model declared in Models.cs to forecast a time series one step ahead, and
/// compares it with the persistence forecast. See <see cref="Options.Usage"/> (or --help).
/// </summary>
public static class App
{
    /// <summary>
    /// Parses <paramref name="args"/>, trains, evaluates and prints to <paramref name="output"/>. Returns 0 on success,
    /// 2 on bad options, 1 when the data or a checkpoint cannot be used (the message names the file and what is wrong).
    /// </summary>
    public static int Run(string[] args, TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(output);
        Options options;
        try
        {
            options = Options.Parse(args);
        }
        catch (OptionsException e)
        {
            output.WriteLine("error: " + e.Message);
            output.WriteLine("Run with --help to see the options.");
            return 2;
        }

        if (options.Help)
        {
            output.WriteLine(Options.Usage);
            foreach (ModelInfo info in new[] { InfoOf<ForecastRnn>(), InfoOf<ForecastGru>(), InfoOf<ForecastLstm>() })
                output.WriteLine("  " + info);
            return 0;
        }

        try
        {
            return options.Cell switch
            {
                "rnn" => Forecaster.Run<ForecastRnn>(options, output),
                "gru" => Forecaster.Run<ForecastGru>(options, output),
                _ => Forecaster.Run<ForecastLstm>(options, output),
            };
        }
        catch (Exception e) when (e is ForecastException or DataFileException or CheckpointException)
        {
            output.WriteLine("error: " + e.Message);
            return 1;
        }
    }

    private static ModelInfo InfoOf<TModel>() where TModel : class, IRecurrentModel<TModel, float> => TModel.ModelInfo;

    /// <summary>The --cell value of a declared model's class name, or null for another model.</summary>
    public static string? CellOf(string modelName) => modelName switch
    {
        nameof(ForecastRnn) => "rnn",
        nameof(ForecastGru) => "gru",
        nameof(ForecastLstm) => "lstm",
        _ => null,
    };
}

/// <summary>The data or a checkpoint does not fit what the sample needs; the message says what and how to fix it.</summary>
public sealed class ForecastException(string message) : Exception(message);
