using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using ModelGen;
using ModelGen.Checkpoints;
using ModelGen.Data;
using ModelGen.Numerics;
using ModelGen.Training;

namespace WordLm;

/// <summary>
/// One run: initialize (or load) a model, tokenize the corpus, train epoch by epoch with SGD and the step decay, report
/// validation perplexity after each epoch and test perplexity at the end, save.
/// </summary>
internal static class Experiment
{
    // Checkpoint metadata besides the vocabulary: informative, except the cell, which --load checks for a clear message.
    private const string CellKey = "wordlm.cell", DataKey = "wordlm.data", StepsKey = "wordlm.steps",
        ValidKey = "wordlm.valid_perplexity", TestKey = "wordlm.test_perplexity";

    /// <summary>Runs the sample with the model <typeparamref name="TModel"/>; returns the exit code (0).</summary>
    public static int Run<TModel>(Options options, TextWriter output) where TModel : class, IRecurrentModel<TModel, float>
    {
        Hyperparameters h = options.Hyperparameters;
        CheckSaveDirectory(options.Save);
        TModel model = TModel.Create(options.Seed);
        InitializeUniform(model.Parameters, h.InitScale, options.Seed);
        WordTokenizer? vocabulary = options.Load is null ? null : Load(model, options.Load, options.Cell, output);

        TextSplits texts = options.Data is null ? GeneratedCorpus.Create(options.Seed) : TextSplits.ReadPtb(options.Data);
        Corpus corpus = Corpus.Tokenize(texts, vocabulary, model.Info.Vocab);
        PrintSetup(output, model.Info, texts, corpus, h, options.Load is null);
        var valid = new SplitStreams(corpus.Valid, h.BatchSize, h.Bptt);
        var test = new SplitStreams(corpus.Test, h.BatchSize, h.Bptt);

        (long steps, double validPerplexity) = TrainEpochs(model, corpus, texts.Train.Name, valid, test, h, options.MaxSteps, output);
        double testPerplexity = Test(model, corpus, test, output);
        if (options.Save is { } path)
        {
            Save(model, path, new Dictionary<string, string>
            {
                [WordTokenizer.MetadataKey] = corpus.Tokenizer.ToVocabularyString(),
                [CellKey] = CellName(options.Cell),
                [DataKey] = texts.Source,
                [StepsKey] = steps.ToString(CultureInfo.InvariantCulture),
                [ValidKey] = validPerplexity.ToString("R", CultureInfo.InvariantCulture),
                [TestKey] = testPerplexity.ToString("R", CultureInfo.InvariantCulture),
            });
            output.WriteLine($"saved {path}");
        }
        return 0;
    }

    /// <summary>Evaluates the test split, prints its perplexity next to the unigram baseline and returns it.</summary>
    private static double Test<TModel>(TModel model, Corpus corpus, SplitStreams test, TextWriter output) where TModel : class, IRecurrentModel<TModel, float>
    {
        var clock = Stopwatch.StartNew();
        EvaluationResult tested = Evaluator.Evaluate(model, test);
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"test ppl {tested.Perplexity:F2} over {tested.Count:N0} tokens (accuracy {tested.Accuracy:P1}, {clock.Elapsed.TotalSeconds:F1} s); unigram baseline {corpus.UnigramPerplexity(corpus.Test):F2}"));
        return tested.Perplexity;
    }

    /// <summary>Zaremba et al.'s initialization: every parameter uniform in [-scale, scale], drawn from <paramref name="seed"/>.</summary>
    private static void InitializeUniform(Span<float> parameters, double scale, int seed)
    {
        var rng = new Rng(seed);
        float width = (float)(2 * scale), low = (float)-scale;
        foreach (ref float p in parameters) p = low + width * rng.NextSingle();
    }

    /// <summary>
    /// Trains <see cref="Hyperparameters.Epochs"/> epochs, or until <paramref name="maxSteps"/> steps in all, one trainer per
    /// epoch (the schedule shifted by the steps already done) so each epoch is timed and validated on its own.
    /// Returns the steps taken and the last validation perplexity (NaN when nothing was trained).
    /// </summary>
    /// <remarks>
    /// Zaremba et al. (like TensorFlow's ptb_word_lm) minimize the loss summed over the T steps of a batch and averaged over
    /// its B streams, while the generated models return the mean over all B·T predictions. An SGD step on the sum with rate
    /// η and clipping at c is exactly a step on the mean with rate η·T and clipping at c/T, so that is what the trainer gets
    /// (PyTorch's word_language_model uses lr 20 for the same reason). Options and reports keep the paper's units.
    /// </remarks>
    private static (long Steps, double ValidPerplexity) TrainEpochs<TModel>(TModel model, Corpus corpus, string trainName, SplitStreams valid,
        SplitStreams test, Hyperparameters h, long maxSteps, TextWriter output) where TModel : class, IRecurrentModel<TModel, float>
    {
        long needed = (long)h.BatchSize * (h.Bptt + 1);
        if (corpus.Train.Length < needed)
            throw new WordLmException(string.Create(CultureInfo.InvariantCulture,
                $"{trainName} has {corpus.Train.Length:N0} tokens, too few for one batch of {h.BatchSize} streams x {h.Bptt} steps ({needed:N0} tokens); use a smaller --batch or --bptt."));
        var batches = new LanguageModelBatches<float>(corpus.Train, h.BatchSize, h.Bptt);
        int perEpoch = batches.BatchesPerEpoch;
        // --lr and --clip are for the loss summed over the T steps of a batch; the trainer's loss is the mean (see remarks).
        double scale = h.Bptt;
        var schedule = new StepDecaySchedule(h.LearningRate * scale, decayEvery: perEpoch, factor: h.Decay, startAfter: (long)h.DecayAfter * perEpoch);
        var optimizer = new Sgd<float>(h.LearningRate * scale);
        long done = 0;
        double validPerplexity = double.NaN;
        for (int epoch = 1; epoch <= h.Epochs && done < maxSteps; epoch++)
        {
            long steps = Math.Min(perEpoch, maxSteps - done);
            TrainingResult trained = TrainEpoch(model, optimizer, batches, new ShiftedSchedule(schedule, done), h.Clip / scale, epoch, steps, output);
            done += trained.Steps;
            var clock = Stopwatch.StartNew();
            EvaluationResult validated = Evaluator.Evaluate(model, valid);
            EvaluationResult tested = Evaluator.Evaluate(model, test);
            validPerplexity = validated.Perplexity;
            PrintEpoch(output, epoch, steps < perEpoch, schedule.Rate(done - 1) / scale, trained, validated, tested, clock.Elapsed);
            if (steps == perEpoch) WarnIfDiverged(output, validated, model.Info.Vocab);
        }
        if (done == 0)
        {
            validPerplexity = Evaluator.Evaluate(model, valid).Perplexity;
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"no training (--epochs 0 or --steps 0): valid ppl {validPerplexity:F2}"));
        }
        return (done, validPerplexity);
    }

    private static TrainingResult TrainEpoch<TModel>(TModel model, Sgd<float> optimizer, LanguageModelBatches<float> batches, ShiftedSchedule schedule,
        double clip, int epoch, long steps, TextWriter output) where TModel : class, IRecurrentModel<TModel, float>
    {
        var trainer = new Trainer<float>(model, optimizer, new TrainerOptions
        {
            Steps = steps,
            ClipNorm = clip,
            Schedule = schedule,
            EvaluateEvery = 0,
            Progress = new EpochProgress(output, epoch, steps, batches.Batcher.Steps),
        });
        try
        {
            return trainer.Train(batches);
        }
        // The trainer's divergence guard (repeated non-finite losses) is a consequence of the options, not a bug: a message, no trace.
        catch (TrainingDivergedException e)
        {
            throw new WordLmException(e.Message + " (--lr, --clip)");
        }
    }

    private static void PrintEpoch(TextWriter output, int epoch, bool partial, double rate, TrainingResult trained, EvaluationResult validated,
        EvaluationResult tested, TimeSpan evaluationTime)
    {
        double trainPerplexity = Math.Exp(MeanLoss(trained));
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"epoch {epoch,2}{(partial ? " (partial)" : "")}: {trained.Steps} step{(trained.Steps == 1 ? "" : "s")}  lr {rate:G4}  train ppl {trainPerplexity:F2}  valid ppl {validated.Perplexity:F2} (accuracy {validated.Accuracy:P1})  test ppl {tested.Perplexity:F2}  {trained.TokensPerSecond:N0} tokens/s  train {trained.Elapsed.TotalSeconds:F1} s + evaluation {evaluationTime.TotalSeconds:F1} s"));
        if (trained.SkippedSteps > 0)
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {trained.SkippedSteps} steps were skipped: their loss or gradient was not finite"));
    }

    /// <summary>
    /// An untrained model scores about the vocabulary size; after a whole epoch, a validation perplexity far above it means
    /// training diverged (the tanh RNN does at the LSTM's learning rate). The first steps of a run may overshoot, so
    /// partial epochs are not judged.
    /// </summary>
    private static void WarnIfDiverged(TextWriter output, EvaluationResult validated, int vocabulary)
    {
        if (!(validated.Perplexity <= 2.0 * vocabulary))
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  training diverged: valid ppl above {2 * vocabulary:N0}, worse than an untrained model (about {vocabulary:N0}); lower --lr (the tanh RNN needs about 0.25) or --clip"));
    }

    /// <summary>The mean training loss per token of an epoch (every step has as many tokens).</summary>
    private static double MeanLoss(TrainingResult trained)
    {
        double sum = 0;
        foreach (double loss in trained.TrainingLoss) sum += loss;
        return sum / Math.Max(1, trained.TrainingLoss.Count);
    }

    private static void PrintSetup(TextWriter output, ModelInfo info, TextSplits texts, Corpus corpus, Hyperparameters h, bool initialized)
    {
        output.WriteLine(info.ToString());
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"data: {texts.Source}; vocabulary {corpus.Tokenizer.VocabularySize:N0}; tokens train {corpus.Train.Length:N0}, valid {corpus.Valid.Length:N0}, test {corpus.Test.Length:N0} (<unk> {corpus.UnknownRate(corpus.Train):P1}, {corpus.UnknownRate(corpus.Valid):P1}, {corpus.UnknownRate(corpus.Test):P1})"));
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"unigram baseline (add-one, counts from train): valid ppl {corpus.UnigramPerplexity(corpus.Valid):F2}, test ppl {corpus.UnigramPerplexity(corpus.Test):F2}"));
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"SGD lr {h.LearningRate:G4}, x{h.Decay:G4} per epoch after epoch {h.DecayAfter}; batch {h.BatchSize} x bptt {h.Bptt}; clip {h.Clip:G4}; {h.Epochs} epoch{(h.Epochs == 1 ? "" : "s")}; {(initialized ? $"init uniform +-{h.InitScale:G4}" : "weights loaded")}"));
    }

    private static string CellName(Cell cell) => cell.ToString().ToLowerInvariant();

    /// <summary>Checks the checkpoint's metadata, then loads its weights into <paramref name="model"/>; returns its vocabulary.</summary>
    private static WordTokenizer Load<TModel>(TModel model, string path, Cell cell, TextWriter output) where TModel : class, IRecurrentModel<TModel, float>
    {
        if (!File.Exists(path)) throw new WordLmException($"The checkpoint '{path}' does not exist (--load).");
        IReadOnlyDictionary<string, string> metadata = Checkpoint.ReadMetadata(path);
        if (!metadata.TryGetValue(WordTokenizer.MetadataKey, out string? saved))
            throw new WordLmException($"The checkpoint '{path}' has no word vocabulary (metadata '{WordTokenizer.MetadataKey}'): it was not written by WordLm --save.");
        if (metadata.TryGetValue(CellKey, out string? savedCell) && savedCell != CellName(cell))
            throw new WordLmException($"The checkpoint '{path}' was trained with --cell {savedCell}; run with --cell {savedCell} to load it.");
        WordTokenizer tokenizer;
        try
        {
            tokenizer = WordTokenizer.FromVocabularyString(saved);
        }
        catch (FormatException e)
        {
            throw new WordLmException($"The checkpoint '{path}' holds a damaged vocabulary: {e.Message}");
        }
        if (!tokenizer.AppendEndOfSentence || tokenizer.VocabularySize > model.Info.Vocab)
            throw new WordLmException(string.Create(CultureInfo.InvariantCulture,
                $"The checkpoint '{path}' holds a vocabulary of {tokenizer.VocabularySize:N0} words {(tokenizer.AppendEndOfSentence ? "" : "without <eos>")}; WordLm needs one with <eos> and at most {model.Info.Vocab:N0} words."));
        Checkpoint.Load(model, path);
        output.WriteLine($"loaded {path}");
        return tokenizer;
    }

    /// <summary>Refuses a --save path whose directory does not exist before hours of training, not after.</summary>
    private static void CheckSaveDirectory(string? path)
    {
        if (path is null) return;
        string? directory = Path.GetDirectoryName(Path.GetFullPath(path));
        if (directory is not null && !Directory.Exists(directory))
            throw new WordLmException($"Cannot save to '{path}': the directory '{directory}' does not exist (--save).");
    }

    private static void Save<TModel>(TModel model, string path, Dictionary<string, string> metadata) where TModel : class, IRecurrentModel<TModel, float>
    {
        try
        {
            Checkpoint.Save(model, path, metadata);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new WordLmException($"Cannot write the checkpoint '{path}': {e.Message}");
        }
    }
}
