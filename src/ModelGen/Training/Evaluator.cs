using System;
using System.Numerics;

namespace ModelGen.Training;

/// <summary>What an evaluation pass measured.</summary>
/// <param name="Loss">Mean loss per predicted token (or sequence, or element for regression).</param>
/// <param name="Count">Number of loss terms averaged.</param>
/// <param name="Accuracy">Fraction of argmax predictions equal to the label (softmax heads), or of rounded sigmoid outputs equal to the target; NaN for regression.</param>
public readonly record struct EvaluationResult(double Loss, long Count, double Accuracy)
{
    /// <summary>exp(loss): the perplexity of a language model.</summary>
    public double Perplexity => Math.Exp(Loss);

    /// <summary>loss / ln 2: bits per token (bits per character for a character model).</summary>
    public double BitsPerToken => Loss / Math.Log(2);
}

/// <summary>Evaluates a model on a batch source without training it: loss, perplexity, bits per token, accuracy.</summary>
public static class Evaluator
{
    /// <summary>
    /// Runs every batch of <paramref name="data"/> forward (dropout off) and averages the loss weighted by each
    /// batch's count. State is reset first and carried between batches when the source continues streams.
    /// </summary>
    public static EvaluationResult Evaluate<T>(IRecurrentModel<T> model, IBatchSource<T> data, int maxBatches = int.MaxValue)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(data);
        int batches = Math.Min(data.BatchesPerEpoch, maxBatches);
        if (batches <= 0)
            throw new ArgumentException("The evaluation data has no batches; give it at least one batch worth of data.", nameof(data));

        double lossSum = 0;
        long count = 0, correct = 0, predictions = 0;
        bool stateReset = false;
        for (int i = 0; i < batches; i++)
        {
            var batch = data.GetBatch(i);
            if (!stateReset || !data.ContinuesState)
            {
                model.ResetState(batch.BatchSize);
                stateReset = true;
            }
            double loss = double.CreateTruncating(model.Forward(batch, training: false));
            if (data.ContinuesState) model.CarryState();
            int n = data.CountOf(i);
            lossSum += loss * n;
            count += n;
            (long c, long p) = CountCorrect(model, batch);
            correct += c;
            predictions += p;
        }
        return new EvaluationResult(lossSum / count, count, predictions == 0 ? double.NaN : (double)correct / predictions);
    }

    private static (long Correct, long Total) CountCorrect<T>(IRecurrentModel<T> model, in SequenceBatch<T> batch)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        ModelInfo info = model.Info;
        ReadOnlySpan<T> outputs = model.Outputs;
        int classes = info.Output;
        long correct = 0, total = 0;
        if (info.ClassificationHead && batch.Labels.Length > 0)
        {
            for (int r = 0; r < batch.Labels.Length; r++)
            {
                ReadOnlySpan<T> z = outputs.Slice(r * classes, classes);
                int best = 0;
                for (int k = 1; k < classes; k++) if (z[k] > z[best]) best = k;
                if (best == batch.Labels[r]) correct++;
                total++;
            }
        }
        else if (info.Head == Head.SigmoidLast && batch.Targets.Length > 0)
        {
            for (int k = 0; k < batch.Targets.Length; k++)
            {
                bool predicted = outputs[k] > T.Zero;
                bool target = batch.Targets[k] > T.CreateTruncating(0.5);
                if (predicted == target) correct++;
                total++;
            }
        }
        return (correct, total);
    }
}
