using System;
using System.IO;
using ModelGen;
using ModelGen.Checkpoints;
using ModelGen.Data;

namespace WordLm;

/// <summary>
/// The WordLm sample: a word-level language model after Zaremba et al. 2014, trained on PTB (--data DIR) or on a corpus
/// it generates itself. See <see cref="Options.Usage"/> (or run with --help).
/// </summary>
public static class App
{
    /// <summary>Parses <paramref name="args"/>, trains, evaluates and prints the report to <paramref name="output"/>.</summary>
    /// <returns>0 on success, 2 on bad options, 1 on a data or checkpoint error (a message, never a stack trace).</returns>
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
            PrintHelp(output);
            return 0;
        }
        try
        {
            return options.Cell switch
            {
                Cell.Rnn => Experiment.Run<WordRnn>(options, output),
                Cell.Gru => Experiment.Run<WordGru>(options, output),
                _ => Experiment.Run<WordLstm>(options, output),
            };
        }
        catch (Exception e) when (e is DataFileException or CheckpointException or WordLmException)
        {
            output.WriteLine("error: " + e.Message);
            return 1;
        }
    }

    private static void PrintHelp(TextWriter output)
    {
        output.WriteLine(Options.Usage);
        output.WriteLine("  " + Info<WordRnn>());
        output.WriteLine("  " + Info<WordGru>());
        output.WriteLine("  " + Info<WordLstm>());
    }

    private static ModelInfo Info<TModel>() where TModel : class, IRecurrentModel<TModel, float> => TModel.ModelInfo;
}
