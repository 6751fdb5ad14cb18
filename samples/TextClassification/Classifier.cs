using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using ModelGen;
using ModelGen.Data;
using ModelGen.Numerics;
using ModelGen.Training;
using static System.FormattableString;

namespace TextClassification;

/// <summary>
/// Trains one declared classifier with Adam, evaluates it on the development sentences after every epoch, keeps the
/// parameters of the best epoch, and reports test accuracy, a confusion matrix and (for two classes) the minority
/// class's F1.
/// </summary>
public static class Classifier
{
    /// <summary>The global gradient norm is clipped to this before every step.</summary>
    public const double ClipNorm = 5.0;

    /// <summary>Runs the sample with model class <typeparamref name="TModel"/>; returns the exit code.</summary>
    public static int Run<TModel>(Options o, TextWriter output) where TModel : class, IRecurrentModel<TModel, float>
    {
        ArgumentNullException.ThrowIfNull(o);
        ArgumentNullException.ThrowIfNull(output);
        var clock = Stopwatch.StartNew();
        CheckSavePath(o.Save);
        TModel model = TModel.Create(o.Seed);
        ModelInfo info = model.Info;
        output.WriteLine(info.ToString());
        SavedModel? loaded = o.Load is null ? null : SavedModel.Load(model, o.Load);
        if (loaded is not null) output.WriteLine($"Loaded {o.Load}: its vocabulary, labels and tokenization are used.");

        Dataset data = Dataset.Load(o, loaded?.Tokenization);
        foreach (string note in data.Notes) output.WriteLine("  " + note);
        SavedModel setup = loaded ?? Prepare(data, o, info, output);
        Splits splits = Encode(data, setup, o.BatchSize, output);
        PrintClassCounts(splits.TrainCounts, setup.Labels, output);

        (int bestEpoch, double bestDev) = Train(model, splits, setup.Labels.Count, o, output);
        if (bestEpoch > 0)
            output.WriteLine(Invariant($"Best dev accuracy {Percent(bestDev, 2)} after epoch {bestEpoch}: its parameters are evaluated on the test sentences."));

        (double testLoss, ConfusionMatrix matrix) = Evaluation.Run(model, splits.Test, setup.Labels.Count);
        PrintReport(testLoss, matrix, setup.Labels, splits.TrainCounts, output);
        if (o.Save is not null)
        {
            setup.Save(model, o.Save, bestDev);
            output.WriteLine($"Saved {o.Save}.");
        }
        output.WriteLine(Invariant($"Done in {clock.Elapsed.TotalSeconds:F1} s."));
        return 0;
    }

    /// <summary>Refuses a --save path whose directory does not exist before training, not after.</summary>
    private static void CheckSavePath(string? path)
    {
        if (path is null) return;
        string? directory = Path.GetDirectoryName(Path.GetFullPath(path));
        if (directory is not null && !Directory.Exists(directory))
            throw new SampleException($"Cannot write the checkpoint '{path}': the directory '{directory}' does not exist.");
    }

    /// <summary>The vocabulary and classes of a new model, from the training sentences.</summary>
    private static SavedModel Prepare(Dataset data, Options o, ModelInfo info, TextWriter output)
    {
        LabelSet labels = LabelSet.FromTraining(data.Labelled, info.Output);
        WordTokenizer vocabulary = Dataset.BuildVocabulary(data.Train, o.MinCount, info.Vocab, out int dropped);
        output.Write(Invariant($"Vocabulary: {vocabulary.VocabularySize:N0} ids (<unk> and the training words seen at least {o.MinCount} times, lower-cased, tokenized on {Words.Name(data.Tokenization)})"));
        output.WriteLine(dropped > 0 ? Invariant($"; the {dropped:N0} rarest words map to <unk>, since the models declare Vocab = {info.Vocab}.") : ".");
        return new SavedModel(vocabulary, labels, data.Tokenization);
    }

    /// <summary>The three splits as length-bucketed batches.</summary>
    private sealed record Splits(LengthBuckets Train, LengthBuckets Dev, LengthBuckets Test, int[] TrainCounts);

    private static Splits Encode(Dataset data, SavedModel setup, int batchSize, TextWriter output)
    {
        List<EncodedSentence> train = Dataset.Encode(data.Train, setup.Vocabulary, setup.Labels, out double trainUnknown);
        List<EncodedSentence> dev = Dataset.Encode(data.Dev, setup.Vocabulary, setup.Labels, out double devUnknown);
        List<EncodedSentence> test = Dataset.Encode(data.Test, setup.Vocabulary, setup.Labels, out double testUnknown);
        var splits = new Splits(new LengthBuckets(train, batchSize), new LengthBuckets(dev, batchSize), new LengthBuckets(test, batchSize), new int[setup.Labels.Count]);
        foreach (EncodedSentence s in train) splits.TrainCounts[s.Label]++;
        output.WriteLine(Invariant($"Sentences: train {train.Count:N0} in {splits.Train.BatchesPerEpoch} batches, dev {dev.Count:N0}, test {test.Count:N0}; words mapped to <unk>: train {Percent(trainUnknown, 1)}, dev {Percent(devUnknown, 1)}, test {Percent(testUnknown, 1)}."));
        return splits;
    }

    private static void PrintClassCounts(int[] counts, LabelSet labels, TextWriter output)
    {
        int total = counts.Sum();
        IEnumerable<string> parts = Enumerable.Range(0, labels.Count).Select(k => Invariant($"{labels.Names[k]} {counts[k]:N0} ({Percent((double)counts[k] / total, 1)})"));
        output.WriteLine("Classes (id order) in train: " + string.Join(", ", parts) + ".");
    }

    /// <summary>
    /// Trains epoch by epoch (each in a new batch order, at most --steps optimizer steps in all), evaluates dev accuracy
    /// after each, and leaves the model with the parameters of the best epoch. Returns that epoch (0 when none ran) and
    /// its dev accuracy.
    /// </summary>
    private static (int Epoch, double DevAccuracy) Train(IRecurrentModel<float> model, Splits splits, int classes, Options o, TextWriter output)
    {
        var optimizer = new Adam<float>(o.LearningRate);
        var order = new Rng(unchecked((long)o.Seed * 7919 + 1));
        float[] best = model.Parameters.ToArray();
        double bestDev = double.NegativeInfinity;
        int bestEpoch = 0;
        long remaining = o.Steps ?? long.MaxValue;
        if (o.Epochs > 0 && remaining > 0)
            output.WriteLine(Invariant($"Training {o.Epochs} epochs{(o.Steps is { } cap ? Invariant($" (at most {cap} steps)") : "")}: Adam lr {o.LearningRate}, clip {ClipNorm}, batches of up to {o.BatchSize} sentences of one length."));
        for (int epoch = 1; epoch <= o.Epochs && remaining > 0; epoch++)
        {
            var clock = Stopwatch.StartNew();
            splits.Train.Shuffle(order);
            int steps = (int)Math.Min(splits.Train.BatchesPerEpoch, remaining);
            double trainLoss = TrainEpoch(model, optimizer, splits.Train, steps, out long skipped);
            remaining -= steps;
            (double devLoss, ConfusionMatrix dev) = Evaluation.Run(model, splits.Dev, classes);
            bool improved = dev.Accuracy > bestDev;
            if (improved)
            {
                bestDev = dev.Accuracy;
                bestEpoch = epoch;
                model.Parameters.CopyTo(best);
            }
            string partial = steps < splits.Train.BatchesPerEpoch ? Invariant($", {steps} of {splits.Train.BatchesPerEpoch} batches") : "";
            if (skipped > 0) partial += Invariant($", {skipped} non-finite steps skipped: consider a lower --lr");
            output.WriteLine(Invariant($"epoch {epoch,3}  train loss {trainLoss:F4}  dev loss {devLoss:F4}  dev acc {Percent(dev.Accuracy, 2)}{(improved ? " *" : "  ")}  ({clock.Elapsed.TotalSeconds:F1} s{partial})"));
        }
        if (bestEpoch == 0)
        {
            (double devLoss, ConfusionMatrix dev) = Evaluation.Run(model, splits.Dev, classes);
            output.WriteLine(Invariant($"No training (--epochs 0 or --steps 0): dev loss {devLoss:F4}, dev acc {Percent(dev.Accuracy, 2)}."));
            return (0, dev.Accuracy);
        }
        best.CopyTo(model.Parameters);
        return (bestEpoch, bestDev);
    }

    /// <summary>
    /// One pass of <paramref name="steps"/> batches through the library's <see cref="Trainer{T}"/> (which resets the state
    /// before every batch, as the source does not continue state). Returns the mean training loss per sentence and the
    /// number of steps the trainer skipped because their loss or gradient was not finite.
    /// </summary>
    private static double TrainEpoch(IRecurrentModel<float> model, Adam<float> optimizer, LengthBuckets train, int steps, out long skipped)
    {
        // A new trainer per epoch starts at batch 0 of the freshly shuffled order; the optimizer (and its moments) carries on.
        var trainer = new Trainer<float>(model, optimizer, new TrainerOptions { Steps = steps, ClipNorm = ClipNorm, EvaluateEvery = 0 });
        TrainingResult result = trainer.Train(train);
        skipped = result.SkippedSteps;
        // A skipped step (non-finite loss) leaves no loss: then the batch weights no longer line up, so average plainly.
        if (skipped > 0) return result.TrainingLoss.Average();
        double sum = 0;
        long count = 0;
        for (int i = 0; i < result.TrainingLoss.Count; i++)
        {
            sum += result.TrainingLoss[i] * train.CountOf(i);
            count += train.CountOf(i);
        }
        return sum / count;
    }

    /// <summary>100·<paramref name="fraction"/> with <paramref name="decimals"/> decimals and a % sign, e.g. 84.90%.</summary>
    private static string Percent(double fraction, int decimals)
        => (100 * fraction).ToString(decimals == 1 ? "F1" : "F2", System.Globalization.CultureInfo.InvariantCulture) + "%";

    private static void PrintReport(double loss, ConfusionMatrix matrix, LabelSet labels, int[] trainCounts, TextWriter output)
    {
        output.WriteLine(Invariant($"Test: {matrix.Total:N0} sentences, loss {loss:F4}, accuracy {Percent(matrix.Accuracy, 2)}."));
        output.WriteLine("Confusion matrix (rows: true label, columns: predicted label):");
        matrix.Write(output, labels.Names);
        if (labels.Count != 2) return;
        // The minority class is the rarer one in training (the second on a tie): its F1 says more than accuracy when classes are unbalanced.
        int minority = trainCounts[0] < trainCounts[1] ? 0 : 1;
        output.WriteLine(Invariant($"Minority class '{labels.Names[minority]}': F1 {matrix.F1(minority):F4} (precision {matrix.Precision(minority):F4}, recall {matrix.Recall(minority):F4})."));
    }
}
