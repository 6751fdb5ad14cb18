using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using CharLm;
using ModelGen;
using ModelGen.Checkpoints;
using ModelGen.Data;
using ModelGen.Numerics;
using ModelGen.Sampling;

namespace AotInference;

/// <summary>Loads a CharLm checkpoint and generates (or scores) text one character at a time with <c>Step</c>.</summary>
public static class Inference
{
    public const string Usage = """
        AotInference: streams text from a character model trained by the CharLm sample, one Step per character.

        Usage: AotInference MODEL.safetensors [options]          (dotnet run --project samples/AotInference -- ... with the JIT)

          --length N          characters to generate (default 400)
          --prompt TEXT       text to condition on (default: a newline, as CharLm's sampling)
          --temperature X     sampling temperature, 0 = greedy (default 0.8)
          --top-k K           sample among the K most likely characters only (default 0 = all)
          --seed N            seed of the sampler (default 1, as CharLm's --seed)
          --score FILE        instead of generating, print the bits per character of FILE's text under the model
          --help              this text

        The checkpoint says which model it holds (CharLm's LSTM, GRU or RNN) and carries the character vocabulary.
        """;

    /// <summary>Runs the program with <paramref name="args"/>, writing to <paramref name="output"/>; returns the exit code.</summary>
    public static int Run(string[] args, TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(output);
        Options o;
        try
        {
            o = Options.Parse(args);
        }
        catch (FormatException e)
        {
            output.WriteLine("error: " + e.Message);
            output.WriteLine("Run with --help to see the options.");
            return 2;
        }
        if (o.Help)
        {
            output.WriteLine(Usage);
            return 0;
        }
        try
        {
            IReadOnlyDictionary<string, string> metadata = Checkpoint.ReadMetadata(o.Model);
            metadata.TryGetValue(Checkpoint.ArchitectureKey, out string? architecture);
            // Dispatch on the architecture the file records: every model type is known at compile time (no reflection).
            if (architecture == Architecture<CharLstm>()) return Serve(new CharLstm(), o, output);
            if (architecture == Architecture<CharGru>()) return Serve(new CharGru(), o, output);
            if (architecture == Architecture<CharRnn>()) return Serve(new CharRnn(), o, output);
            throw new CheckpointException($"'{o.Model}' holds a {architecture ?? "model of unknown architecture"}; this program serves CharLm's models: "
                + $"{Architecture<CharLstm>()}; {Architecture<CharGru>()}; {Architecture<CharRnn>()}.");
        }
        catch (Exception e) when (e is CheckpointException or DataFileException)
        {
            output.WriteLine("error: " + e.Message);
            return 1;
        }
    }

    private static string Architecture<TModel>() where TModel : class, IRecurrentModel<TModel, float> => TModel.ModelInfo.Architecture;

    private static int Serve(IRecurrentModel<float> model, Options o, TextWriter output)
    {
        IReadOnlyDictionary<string, string> metadata = Checkpoint.Load(model, o.Model);
        if (!metadata.TryGetValue(CharTokenizer.MetadataKey, out string? vocabulary))
            throw new CheckpointException($"'{o.Model}' has no character vocabulary ({CharTokenizer.MetadataKey}); write it with CharLm's --save.");
        CharTokenizer tokenizer = CharTokenizer.FromVocabularyString(vocabulary);
        if (o.Score is not null) return Score(model, tokenizer, o.Score, output);

        int[] prompt = tokenizer.Encode(o.Prompt);
        if (prompt.Length == 0 || prompt[0] == tokenizer.UnknownId && o.Prompt == "\n") prompt = new[] { 0 };
        var sampler = new Sampler<float>(tokenizer.VocabularySize, new Rng(o.Seed), o.Temperature, o.TopK);
        var state = new float[model.Info.StateSize];
        var logits = new float[model.Info.Output];
        foreach (int token in prompt) model.Step(token, state, logits);
        Span<int> one = stackalloc int[1];
        for (int i = 0; i < o.Length; i++)
        {
            // Only the tokenizer's characters are drawn (the model declares room for more).
            int next = sampler.Sample(logits.AsSpan(0, Math.Min(tokenizer.VocabularySize, logits.Length)));
            one[0] = next;
            output.Write(tokenizer.Decode(one));
            if (i + 1 < o.Length) model.Step(next, state, logits);
        }
        output.WriteLine();
        output.Flush();
        return 0;
    }

    /// <summary>Bits per character of <paramref name="text"/>: each character predicted from the ones before it.</summary>
    private static int Score(IRecurrentModel<float> model, CharTokenizer tokenizer, string path, TextWriter output)
    {
        int[] ids;
        try
        {
            ids = tokenizer.Encode(TextFile.ReadUtf8(path));
        }
        catch (ArgumentException e)
        {
            // A character the model never saw in training (the message says which, and where).
            throw new DataFileException($"'{path}' cannot be scored by this model: {e.Message.Split(" (Parameter")[0]}");
        }
        if (ids.Length < 2) throw new DataFileException($"'{path}' needs at least 2 characters to score.");
        var state = new float[model.Info.StateSize];
        var logits = new float[model.Info.Output];
        double nats = 0;
        for (int t = 0; t + 1 < ids.Length; t++)
        {
            model.Step(ids[t], state, logits);
            nats -= LogSoftmax(logits, ids[t + 1]);
        }
        double bits = nats / (ids.Length - 1) / Math.Log(2);
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{bits:F6} bits per character over {ids.Length - 1:N0} predictions"));
        return 0;
    }

    private static double LogSoftmax(ReadOnlySpan<float> z, int k)
    {
        double max = double.NegativeInfinity, sum = 0;
        foreach (float v in z) max = Math.Max(max, v);
        foreach (float v in z) sum += Math.Exp(v - max);
        return z[k] - max - Math.Log(sum);
    }

    private sealed class Options
    {
        public string Model { get; private set; } = "";
        public int Length { get; private set; } = 400;
        public string Prompt { get; private set; } = "\n";
        public double Temperature { get; private set; } = 0.8;
        public int TopK { get; private set; }
        public int Seed { get; private set; } = 1;
        public string? Score { get; private set; }
        public bool Help { get; private set; }

        public static Options Parse(string[] args)
        {
            var o = new Options();
            for (int i = 0; i < args.Length; i++)
            {
                string arg = args[i];
                string Value() => i + 1 < args.Length ? args[++i] : throw new FormatException($"{arg} needs a value.");
                int Int(int min)
                {
                    string v = Value();
                    return int.TryParse(v, NumberStyles.Integer, CultureInfo.InvariantCulture, out int n) && n >= min
                        ? n : throw new FormatException($"{arg} needs a whole number of at least {min}; got '{v}'.");
                }
                switch (arg)
                {
                    case "--length": o.Length = Int(0); break;
                    case "--prompt": o.Prompt = Value(); break;
                    case "--temperature":
                        string t = Value();
                        o.Temperature = double.TryParse(t, NumberStyles.Float, CultureInfo.InvariantCulture, out double x) && x >= 0 && double.IsFinite(x)
                            ? x : throw new FormatException($"--temperature needs a number of at least 0; got '{t}'.");
                        break;
                    case "--top-k": o.TopK = Int(0); break;
                    case "--seed": o.Seed = Int(0); break;
                    case "--score": o.Score = Value(); break;
                    case "--help" or "-h": o.Help = true; break;
                    default:
                        if (arg.StartsWith("--", StringComparison.Ordinal)) throw new FormatException($"Unknown option '{arg}'.");
                        if (o.Model.Length > 0) throw new FormatException($"One checkpoint at a time; got '{o.Model}' and '{arg}'.");
                        o.Model = arg;
                        break;
                }
            }
            if (!o.Help && o.Model.Length == 0) throw new FormatException("Give the checkpoint to load (written by CharLm's --save).");
            return o;
        }
    }
}
