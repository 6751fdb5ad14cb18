using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using ModelGen;
using ModelGen.Checkpoints;
using ModelGen.Numerics;
using ModelGen.Training;

namespace Seq2Seq;

/// <summary>One run of the sample with one cell: data, vocabulary, training, evaluation, checkpoint.</summary>
internal sealed class Experiment<TEncoder, TDecoder>(Options o, TextWriter output)
    where TEncoder : class, IRecurrentModel<TEncoder, float>
    where TDecoder : class, IRecurrentModel<TDecoder, float>
{
    private const int MaxConsecutiveSkips = 10;
    private const string DataKey = "seq2seq.data", ReverseSourceKey = "seq2seq.reverse_source", CellKey = "seq2seq.cell";

    private readonly EncoderDecoder<TEncoder, TDecoder> _model = new(o.Seed, o.LearningRate);

    /// <summary>The encoded pairs of one part of the data and their batches.</summary>
    private sealed record Part(string Name, List<EncodedPair> Pairs, BucketBatches Batches);

    public int Run()
    {
        output.WriteLine(_model.Encoder.Info.ToString());
        output.WriteLine(_model.Decoder.Info.ToString());
        Vocabulary? vocabulary = o.Load is null ? null : LoadCheckpoint(o.Load);

        Dataset data = Dataset.Load(o);
        vocabulary ??= Vocabulary.Build(data.Train, o.Words, EncoderDecoder<TEncoder, TDecoder>.Vocab);
        if (vocabulary.Dropped > 0)
            output.WriteLine($"Note: the training pairs have {vocabulary.Dropped} more distinct {(vocabulary.Words ? "words" : "characters")} than {TDecoder.ModelInfo.Name}'s Vocab = {EncoderDecoder<TEncoder, TDecoder>.Vocab} holds; the rarest read as <unk> (declare a bigger Vocab in Models.cs to keep them).");
        CheckVocabularyFits(vocabulary);
        Part train = Encode("train", data.Train, vocabulary), valid = Encode("validation", data.Valid, vocabulary), test = Encode("test", data.Test, vocabulary);
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"Data: {data.Description}; train {train.Pairs.Count}, validation {valid.Pairs.Count}, test {test.Pairs.Count} pairs; vocabulary {vocabulary.Count} ids ({(vocabulary.Words ? "words" : "characters")} + <unk> <bos> <eos>); {train.Batches.BucketCount} length buckets."));

        Train(train, valid, vocabulary);
        if (o.Save is not null)
        {
            _model.Save(o.Save, new Dictionary<string, string>
            {
                [Vocabulary.MetadataKey] = vocabulary.ToMetadata(),
                [ReverseSourceKey] = o.ReverseSource ? "true" : "false",
                [CellKey] = o.Cell,
                [DataKey] = data.Description,
            });
            output.WriteLine($"Saved {o.Save} (encoder) and {EncoderDecoder<TEncoder, TDecoder>.DecoderPath(o.Save)} (decoder).");
        }
        Report(valid, test, vocabulary);
        return 0;
    }

    private Vocabulary LoadCheckpoint(string path)
    {
        // The cell first: a clearer message than the architecture mismatch Checkpoint.Load would report.
        if (File.Exists(path) && Checkpoint.ReadMetadata(path).TryGetValue(CellKey, out string? cell) && cell != o.Cell)
            throw new Seq2SeqException($"The checkpoint '{path}' was trained with --cell {cell}: add --cell {cell}.");
        IReadOnlyDictionary<string, string> metadata = _model.Load(path);
        if (!metadata.TryGetValue(Vocabulary.MetadataKey, out string? saved))
            throw new Seq2SeqException($"The checkpoint '{path}' has no vocabulary ({Vocabulary.MetadataKey}); it was not written by this sample's --save.");
        Vocabulary vocabulary;
        try
        {
            vocabulary = Vocabulary.FromMetadata(saved);
        }
        catch (FormatException e)
        {
            throw new Seq2SeqException($"The vocabulary ({Vocabulary.MetadataKey}) in '{path}' is corrupt: {e.Message}.");
        }
        if (vocabulary.Words != o.Words)
            throw new Seq2SeqException(vocabulary.Words
                ? $"The checkpoint '{path}' was trained on word tokens: add --words (and a --data file)."
                : $"The checkpoint '{path}' was trained on character tokens: remove --words.");
        bool reversed = metadata.TryGetValue(ReverseSourceKey, out string? reverse) && reverse == "true";
        if (reversed != o.ReverseSource)
            throw new Seq2SeqException(reversed
                ? $"The checkpoint '{path}' was trained on reversed sources: add --reverse-source."
                : $"The checkpoint '{path}' was trained on sources in their order: remove --reverse-source.");
        string from = metadata.TryGetValue(DataKey, out string? description) ? $", trained on {description}" : "";
        output.WriteLine($"Loaded {path} and {EncoderDecoder<TEncoder, TDecoder>.DecoderPath(path)}{from}.");
        return vocabulary;
    }

    private static void CheckVocabularyFits(Vocabulary vocabulary)
    {
        int declared = EncoderDecoder<TEncoder, TDecoder>.Vocab;
        if (vocabulary.Count > declared)
            throw new Seq2SeqException(
                $"The training pairs have {vocabulary.Count - 3} distinct {(vocabulary.Words ? "words" : "characters")}, {vocabulary.Count} ids with <unk>, <bos> and <eos>, " +
                $"but {TEncoder.ModelInfo.Name} and {TDecoder.ModelInfo.Name} declare Vocab = {declared}. Declare a bigger Vocab (and the decoder's Output) in samples/Seq2Seq/Models.cs.");
    }

    private Part Encode(string name, List<TextPair> pairs, Vocabulary vocabulary)
    {
        int unknown = 0;
        var encoded = new List<EncodedPair>(pairs.Count);
        foreach (TextPair pair in pairs)
        {
            int[] source = vocabulary.Encode(pair.Source, ref unknown);
            if (o.ReverseSource) Array.Reverse(source);
            encoded.Add(new EncodedPair(source, vocabulary.Encode(pair.Target, ref unknown)));
        }
        if (unknown > 0) output.WriteLine($"Note: {unknown} tokens of the {name} pairs are not in the vocabulary and read as <unk>.");
        return new Part(name, encoded, new BucketBatches(encoded, o.BatchSize));
    }

    /// <summary>
    /// --epochs passes over the training batches (at most --steps steps), Adam with a cosine decay to 10% of the rate,
    /// evaluating on the validation pairs after every epoch.
    /// </summary>
    private void Train(Part train, Part valid, Vocabulary vocabulary)
    {
        long totalSteps = Math.Min((long)o.Epochs * train.Batches.Count, o.Steps);
        if (totalSteps <= 0)
        {
            output.WriteLine(o.Load is null ? "No training (--epochs 0 or --steps 0): evaluating the untrained model." : "No training: evaluating the loaded model.");
            return;
        }
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"Training {totalSteps} steps ({train.Batches.Count} batches of up to {o.BatchSize} pairs per epoch), Adam lr {o.LearningRate} with cosine decay, clip {o.Clip}."));

        var schedule = new CosineSchedule(o.LearningRate, totalSteps, o.LearningRate / 10);
        var rng = new Rng(o.Seed + 0x5EED_0002L);
        var clock = Stopwatch.StartNew();
        long step = 0, targetTokens = 0;
        int consecutiveSkips = 0;
        for (int epoch = 1; epoch <= o.Epochs && step < totalSteps; epoch++)
        {
            train.Batches.Shuffle(rng);
            double lossSum = 0;
            long epochTokens = 0;
            for (int i = 0; i < train.Batches.Count && step < totalSteps; i++)
            {
                PairBatch batch = train.Batches.Get(i);
                double rate = schedule.Rate(step);
                (double loss, double norm) = _model.TrainStep(batch, rate, o.Clip);
                if (!double.IsFinite(loss) || !double.IsFinite(norm))
                {
                    if (++consecutiveSkips >= MaxConsecutiveSkips)
                        throw new Seq2SeqException(string.Create(CultureInfo.InvariantCulture,
                            $"Training diverged: {consecutiveSkips} consecutive steps had a non-finite loss or gradient (at step {step}, learning rate {rate:G3}). Lower --lr or --clip."));
                    continue;
                }
                consecutiveSkips = 0;
                step++;
                int tokens = batch.BatchSize * batch.TargetSteps;
                lossSum += loss * tokens;
                epochTokens += tokens;
            }
            targetTokens += epochTokens;
            ReportEpoch(epoch, step, totalSteps, lossSum / Math.Max(1, epochTokens), schedule.Rate(Math.Max(0, step - 1)), valid, vocabulary, clock.Elapsed);
        }
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"Trained {step} steps in {clock.Elapsed.TotalSeconds:F1} s ({targetTokens / Math.Max(clock.Elapsed.TotalSeconds, 1e-9):N0} target tokens/s, evaluations included)."));
    }

    private void ReportEpoch(int epoch, long step, long totalSteps, double trainLoss, double rate, Part valid, Vocabulary vocabulary, TimeSpan elapsed)
    {
        double validLoss = TeacherForcedLoss(valid);
        Score score = Decode(valid, vocabulary);
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"epoch {epoch,3}  step {step,6}/{totalSteps}  train loss {trainLoss:F4}  valid loss {validLoss:F4}  valid exact {score.ExactMatch:P1}  token {score.TokenAccuracy:P1}  lr {rate:G3}  {elapsed.TotalSeconds:F1} s"));
    }

    /// <summary>Mean loss per target token (&lt;eos&gt; included) with teacher forcing.</summary>
    private double TeacherForcedLoss(Part part)
    {
        double sum = 0;
        long count = 0;
        for (int i = 0; i < part.Batches.Count; i++)
        {
            PairBatch batch = part.Batches.Get(i);
            int tokens = batch.BatchSize * batch.TargetSteps;
            sum += _model.Loss(batch) * tokens;
            count += tokens;
        }
        return sum / count;
    }

    private Score Decode(Part part, Vocabulary vocabulary) => Score.Of(part.Pairs, _model.DecodeAll(part.Batches, part.Pairs.Count, vocabulary.Count));

    /// <summary>Greedy-decoding accuracy on validation and test, test accuracy by source length, and a few test decodings.</summary>
    private void Report(Part valid, Part test, Vocabulary vocabulary)
    {
        output.WriteLine();
        PrintScore(valid, Score.Of(valid.Pairs, _model.DecodeAll(valid.Batches, valid.Pairs.Count, vocabulary.Count)));
        int[][] decoded = _model.DecodeAll(test.Batches, test.Pairs.Count, vocabulary.Count);
        Score testScore = Score.Of(test.Pairs, decoded);
        PrintScore(test, testScore);
        output.WriteLine("Test exact match by source length:");
        output.WriteLine("  " + string.Join("  ", testScore.ByLength().Select(b => string.Create(CultureInfo.InvariantCulture, $"{b.SourceLength}: {b.ExactMatch:P0} ({b.Count})"))));
        PrintExamples(test, decoded, vocabulary);
    }

    private void PrintScore(Part part, Score score) => output.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"{part.Name,-10} {score.Count,6} pairs  exact match {score.ExactMatch:P1}  per-token accuracy {score.TokenAccuracy:P1}  loss {TeacherForcedLoss(part):F4}  (greedy decoding)"));

    private void PrintExamples(Part test, int[][] decoded, Vocabulary vocabulary)
    {
        int shown = Math.Min(o.Examples, test.Pairs.Count);
        if (shown == 0) return;
        output.WriteLine("Examples (test, greedy):");
        for (int i = 0; i < shown; i++)
        {
            EncodedPair pair = test.Pairs[i];
            int[] original = pair.Source.ToArray();
            if (o.ReverseSource) Array.Reverse(original); // as in the data, not as the encoder read it
            string source = vocabulary.Decode(original), result = vocabulary.Decode(decoded[i]), expected = vocabulary.Decode(pair.Target);
            bool right = decoded[i].AsSpan().SequenceEqual(pair.Target);
            output.WriteLine($"  {source}  ->  {result}  {(right ? "[ok]" : "[wrong, expected " + expected + "]")}");
        }
    }
}
