using System;
using System.IO;
using ModelGen;
using ModelGen.Checkpoints;
using ModelGen.Data;

namespace Seq2Seq;

/// <summary>
/// The Seq2Seq sample: trains an encoder-decoder declared in Models.cs on source/target pairs (a generated task by
/// default), then reports greedy-decoding accuracy on validation and test. See <c>--help</c>.
/// </summary>
public static class App
{
    /// <summary>
    /// Parses <paramref name="args"/>, trains, evaluates and prints everything to <paramref name="output"/>. Returns 0 on
    /// success, 2 on bad options, 1 when a data file or checkpoint cannot be used (the message names the file and says why).
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
            return options.Cell switch
            {
                "rnn" when options.Words => new Experiment<WordRnnEncoder, WordRnnDecoder>(options, output).Run(),
                "gru" when options.Words => new Experiment<WordGruEncoder, WordGruDecoder>(options, output).Run(),
                _ when options.Words => new Experiment<WordLstmEncoder, WordLstmDecoder>(options, output).Run(),
                "rnn" => new Experiment<RnnEncoder, RnnDecoder>(options, output).Run(),
                "gru" => new Experiment<GruEncoder, GruDecoder>(options, output).Run(),
                _ => new Experiment<LstmEncoder, LstmDecoder>(options, output).Run(),
            };
        }
        catch (Exception e) when (e is DataFileException or CheckpointException or Seq2SeqException)
        {
            output.WriteLine("error: " + e.Message);
            return 1;
        }
    }

    private static void PrintHelp(TextWriter output)
    {
        output.WriteLine(Options.Usage);
        foreach (ModelInfo info in new[] { InfoOf<RnnEncoder>(), InfoOf<RnnDecoder>(), InfoOf<GruEncoder>(), InfoOf<GruDecoder>(), InfoOf<LstmEncoder>(), InfoOf<LstmDecoder>(), InfoOf<WordLstmEncoder>(), InfoOf<WordLstmDecoder>() })
            output.WriteLine("  " + info);
    }

    private static ModelInfo InfoOf<TModel>() where TModel : class, IRecurrentModel<TModel, float> => TModel.ModelInfo;
}
