using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Text;
using ModelGen;
using ModelGen.Checkpoints;
using ModelGen.Data;
using ModelGen.Numerics;
using ModelGen.Sampling;
using ModelGen.Training;

namespace CharLm;

/// <summary>
/// CharLm: trains a character-level language model declared in Models.cs, prints validation loss and bits per
/// character as it goes, then generates text. See <see cref="Options.Usage"/> (or --help).
/// </summary>
public static class App
{
    /// <summary>Runs the sample with <paramref name="args"/>, writing to <paramref name="output"/>; returns the exit code.</summary>
    public static int Run(string[] args, TextWriter output)
    {
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
            foreach (var info in new[] { CharRnnInfo(), CharGruInfo(), CharLstmInfo() })
                output.WriteLine("  " + info);
            return 0;
        }

        try
        {
            return options.Cell switch
            {
                "rnn" => Sample.Run<CharRnn>(options, output),
                "gru" => Sample.Run<CharGru>(options, output),
                _ => Sample.Run<CharLstm>(options, output),
            };
        }
        catch (SampleException e)
        {
            output.WriteLine("error: " + e.Message);
            return 1;
        }
        catch (CheckpointException e)
        {
            output.WriteLine("error: " + e.Message);
            return 1;
        }
        catch (DataFileException e)
        {
            output.WriteLine("error: " + e.Message);
            return 1;
        }
    }

    private static ModelInfo CharRnnInfo() => new CharRnn().Info;
    private static ModelInfo CharGruInfo() => new CharGru().Info;
    private static ModelInfo CharLstmInfo() => new CharLstm().Info;
}

internal sealed class SampleException(string message) : Exception(message);

internal static class Sample
{
    public static int Run<TModel>(Options o, TextWriter output) where TModel : class, IRecurrentModel<TModel, float>
    {
        TModel model = TModel.Create(o.Seed);
        ModelInfo info = model.Info;
        output.WriteLine(info.ToString());

        // The vocabulary: from the checkpoint when loading, else the text's most frequent characters.
        CharTokenizer? tokenizer = null;
        long resumedAt = 0;
        if (o.Load is not null)
        {
            if (!File.Exists(o.Load)) throw new SampleException($"The checkpoint '{o.Load}' does not exist.");
            IReadOnlyDictionary<string, string> metadata = Checkpoint.Load(model, o.Load);
            if (!metadata.TryGetValue(CharTokenizer.MetadataKey, out string? vocabulary))
                throw new SampleException($"The checkpoint '{o.Load}' has no character vocabulary ({CharTokenizer.MetadataKey}); it was not written by this sample.");
            tokenizer = CharTokenizer.FromVocabularyString(vocabulary);
            output.WriteLine($"Loaded {o.Load}.");
        }

        if (o.Resume is not null)
        {
            if (!File.Exists(o.Resume)) throw new SampleException($"The checkpoint '{o.Resume}' does not exist.");
            IReadOnlyDictionary<string, string> metadata = Checkpoint.ReadMetadata(o.Resume);
            if (!metadata.TryGetValue(CharTokenizer.MetadataKey, out string? vocabulary))
                throw new SampleException($"The checkpoint '{o.Resume}' has no character vocabulary ({CharTokenizer.MetadataKey}); it was not written by this sample.");
            tokenizer = CharTokenizer.FromVocabularyString(vocabulary);
            if (!metadata.TryGetValue(Trainer<float>.StepKey, out string? step) || !long.TryParse(step, NumberStyles.Integer, CultureInfo.InvariantCulture, out resumedAt))
                throw new SampleException($"'{o.Resume}' is a model checkpoint, not a training checkpoint; start a new run from it with --load.");
            if (resumedAt >= o.Steps) throw new SampleException($"The checkpoint '{o.Resume}' is at step {resumedAt}, already at or past --steps {o.Steps}.");
        }

        if (o.Steps > 0)
        {
            string text = ReadText(o.Data);
            (string trainText, string validText) = TextCorpus.Split(text, 0.9);
            tokenizer ??= CharTokenizer.Build(trainText, maxVocabularySize: info.Vocab);
            if (tokenizer.VocabularySize > info.Vocab)
                throw new SampleException($"The vocabulary has {tokenizer.VocabularySize} characters but {info.Name} declares Vocab = {info.Vocab}.");
            int[] train = tokenizer.Encode(trainText);
            int[] valid = tokenizer.Encode(validText);
            output.WriteLine($"Text: {text.Length:N0} characters ({(o.Data ?? "generated corpus")}), vocabulary {tokenizer.VocabularySize}, train {train.Length:N0}, validation {valid.Length:N0}.");

            var trainBatches = new LanguageModelBatches<float>(train, o.BatchSize, o.Bptt);
            // Validation uses the same sequence length and as many streams as the text allows.
            int validBatch = Math.Max(1, Math.Min(o.BatchSize, (valid.Length - 1) / o.Bptt));
            if (valid.Length < o.Bptt + 1)
                throw new SampleException($"The validation part of the text has {valid.Length} characters; it needs at least {o.Bptt + 1} (give a longer text or a smaller --bptt).");
            var validBatches = new LanguageModelBatches<float>(valid, validBatch, o.Bptt);

            var optimizer = new Adam<float>(o.LearningRate);
            var vocabularyMetadata = new Dictionary<string, string> { [CharTokenizer.MetadataKey] = tokenizer.ToVocabularyString() };
            using StreamWriter? log = o.Log is null ? null : new StreamWriter(o.Log, append: o.Resume is not null);
            // --steps is the run's total: a resumed run trains what is left of it.
            var trainer = new Trainer<float>(model, optimizer, new TrainerOptions
            {
                Steps = o.Steps - resumedAt,
                ClipNorm = 1.0,
                Schedule = new CosineSchedule(o.LearningRate, o.Steps, o.LearningRate / 10, warmupSteps: 0),
                EvaluateEvery = Math.Max(1, o.Steps / 6),
                EvaluationBatches = 50,
                Progress = new ConsoleProgress(output),
                CheckpointDirectory = o.CheckpointEvery > 0 ? o.CheckpointDirectory : null,
                CheckpointEvery = o.CheckpointEvery,
                CheckpointMetadata = vocabularyMetadata,
                MetricsLog = log,
            });
            if (o.Resume is not null)
            {
                trainer.LoadCheckpoint(o.Resume);
                output.WriteLine($"Resumed {o.Resume} at step {resumedAt}.");
            }
            output.WriteLine($"Training {o.Steps - resumedAt} steps of {o.BatchSize} x {o.Bptt} characters (Adam, lr {o.LearningRate}, cosine decay, clip 1.0).");
            TrainingResult result = trainer.Train(trainBatches, validBatches);
            var last = result.Validation[^1].Result;
            output.WriteLine($"Done in {result.Elapsed.TotalSeconds:F1} s, {result.TokensPerSecond:N0} characters/s. Validation loss {last.Loss:F4}, {last.BitsPerToken:F3} bits per character.");
            if (result.SkippedSteps > 0) output.WriteLine($"{result.SkippedSteps} steps were skipped because the loss or gradient was not finite.");
        }

        if (tokenizer is null)
            throw new SampleException("Nothing to sample from: train (--steps N) or load a checkpoint (--load FILE).");

        if (o.Save is not null)
        {
            Checkpoint.Save(model, o.Save, new Dictionary<string, string> { [CharTokenizer.MetadataKey] = tokenizer.ToVocabularyString() });
            output.WriteLine($"Saved {o.Save}.");
        }

        if (o.Sample > 0)
        {
            // Only the tokenizer's characters are drawn: the model declares room for more (Vocab = 96).
            var sampler = new Sampler<float>(tokenizer.VocabularySize, new Rng(o.Seed), o.Temperature, o.TopK);
            int[] prompt = tokenizer.Encode("\n");
            if (prompt.Length == 0 || prompt[0] == tokenizer.UnknownId) prompt = new[] { 0 };
            var generated = new int[o.Sample];
            sampler.Generate(model, prompt, o.Sample, generated);
            output.WriteLine();
            output.WriteLine($"--- {o.Sample} characters sampled at temperature {o.Temperature.ToString(CultureInfo.InvariantCulture)} ---");
            output.WriteLine(tokenizer.Decode(generated));
        }
        return 0;
    }

    private static string ReadText(string? path) => path is null ? Corpus.Generate(300_000) : TextFile.ReadUtf8(path);
}

/// <summary>Prints a line every 25 steps and at every validation.</summary>
internal sealed class ConsoleProgress(TextWriter output) : IProgress<TrainingProgress>
{
    public void Report(TrainingProgress p)
    {
        if (p.Validation is { } v)
            output.WriteLine($"step {p.Step,6}/{p.TotalSteps}  train loss {p.Loss:F4}  valid loss {v.Loss:F4}  valid bpc {v.BitsPerToken:F3}  lr {p.LearningRate:G3}  {p.TokensPerSecond:N0} chars/s");
        else if (p.Step % 25 == 0)
            output.WriteLine($"step {p.Step,6}/{p.TotalSteps}  train loss {p.Loss:F4}  |grad| {p.GradientNorm:F3}  lr {p.LearningRate:G3}  {p.TokensPerSecond:N0} chars/s");
    }
}
