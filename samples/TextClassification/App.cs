using System;
using System.IO;
using ModelGen;
using ModelGen.Checkpoints;
using ModelGen.Data;

namespace TextClassification;

/// <summary>
/// The sample's entry point: parses the options, trains and evaluates the selected classifier, prints everything to the
/// given writer (errors too, prefixed with "error: ").
/// </summary>
public static class App
{
    /// <summary>
    /// Runs the sample. Returns 0 on success, 2 for bad options, 1 for a data file or checkpoint that cannot be used (the
    /// message names the file, the line where there is one, and what was expected).
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
            PrintHelp(output);
            return 0;
        }

        try
        {
            return Dispatch(options, output);
        }
        catch (Exception e) when (e is DataFileException or CheckpointException or SampleException)
        {
            output.WriteLine("error: " + e.Message);
            return 1;
        }
    }

    /// <summary>Runs the model class the options select: one per cell and direction, declared in Models.cs.</summary>
    private static int Dispatch(Options o, TextWriter output) => (o.Cell, o.Bidirectional) switch
    {
        ("rnn", false) => Classifier.Run<RnnClassifier>(o, output),
        ("gru", false) => Classifier.Run<GruClassifier>(o, output),
        ("lstm", false) => Classifier.Run<LstmClassifier>(o, output),
        ("rnn", true) => Classifier.Run<BiRnnClassifier>(o, output),
        ("gru", true) => Classifier.Run<BiGruClassifier>(o, output),
        _ => Classifier.Run<BiLstmClassifier>(o, output),
    };

    private static void PrintHelp(TextWriter output)
    {
        output.WriteLine(Options.Usage);
        ModelInfo[] models =
        {
            InfoOf<RnnClassifier>(), InfoOf<GruClassifier>(), InfoOf<LstmClassifier>(),
            InfoOf<BiRnnClassifier>(), InfoOf<BiGruClassifier>(), InfoOf<BiLstmClassifier>(),
        };
        foreach (ModelInfo info in models) output.WriteLine("  " + info);
    }

    private static ModelInfo InfoOf<TModel>() where TModel : class, IRecurrentModel<TModel, float> => TModel.ModelInfo;
}
