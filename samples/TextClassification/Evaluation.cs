using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using ModelGen;
using static System.FormattableString;

namespace TextClassification;

/// <summary>Counts of (true class, predicted class) pairs, and the accuracy, precision, recall and F1 they give.</summary>
public sealed class ConfusionMatrix
{
    private readonly long[] _counts;

    /// <summary>An empty matrix for <paramref name="classes"/> classes.</summary>
    public ConfusionMatrix(int classes)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(classes, 1);
        Classes = classes;
        _counts = new long[classes * classes];
    }

    /// <summary>The number of classes.</summary>
    public int Classes { get; }

    /// <summary>The number of sentences counted.</summary>
    public long Total { get; private set; }

    /// <summary>The number of sentences of class <paramref name="truth"/> predicted as <paramref name="predicted"/>.</summary>
    public long this[int truth, int predicted] => _counts[truth * Classes + predicted];

    /// <summary>Counts one prediction.</summary>
    public void Add(int truth, int predicted)
    {
        _counts[truth * Classes + predicted]++;
        Total++;
    }

    /// <summary>The fraction of sentences predicted right (NaN when empty).</summary>
    public double Accuracy
    {
        get
        {
            long correct = 0;
            for (int k = 0; k < Classes; k++) correct += this[k, k];
            return Total == 0 ? double.NaN : (double)correct / Total;
        }
    }

    /// <summary>Of the sentences predicted as <paramref name="k"/>, the fraction that are (0 when none is).</summary>
    public double Precision(int k)
    {
        long predicted = 0;
        for (int t = 0; t < Classes; t++) predicted += this[t, k];
        return predicted == 0 ? 0 : (double)this[k, k] / predicted;
    }

    /// <summary>Of the sentences of class <paramref name="k"/>, the fraction predicted as such (0 when there are none).</summary>
    public double Recall(int k)
    {
        long actual = 0;
        for (int p = 0; p < Classes; p++) actual += this[k, p];
        return actual == 0 ? 0 : (double)this[k, k] / actual;
    }

    /// <summary>The harmonic mean of precision and recall of class <paramref name="k"/> (0 when both are 0).</summary>
    public double F1(int k)
    {
        double p = Precision(k), r = Recall(k);
        return p + r == 0 ? 0 : 2 * p * r / (p + r);
    }

    /// <summary>Writes the matrix with one row per true class and one column per predicted class, headed by the label names.</summary>
    public void Write(TextWriter output, IReadOnlyList<string> names)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(names);
        const string Corner = "true \\ predicted";
        int longest = names.Max(n => n.Length);
        int column = Math.Max(longest, Invariant($"{Total}").Length) + 2;
        int first = Math.Max(longest, Corner.Length) + 2;
        output.Write("  " + Corner.PadRight(first));
        for (int p = 0; p < Classes; p++) output.Write(names[p].PadLeft(column));
        output.WriteLine();
        for (int t = 0; t < Classes; t++)
        {
            output.Write("  " + names[t].PadRight(first));
            for (int p = 0; p < Classes; p++) output.Write(Invariant($"{this[t, p]}").PadLeft(column));
            output.WriteLine();
        }
    }
}

/// <summary>Runs a classifier over a batch source without training it.</summary>
public static class Evaluation
{
    /// <summary>
    /// The mean cross-entropy per sentence and the confusion matrix of <paramref name="model"/> on <paramref name="data"/>.
    /// A prediction is the argmax among the dataset's <paramref name="classes"/> classes (the model declares room for more).
    /// </summary>
    public static (double Loss, ConfusionMatrix Matrix) Run(IRecurrentModel<float> model, LengthBuckets data, int classes)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(data);
        var matrix = new ConfusionMatrix(classes);
        int outputs = model.Info.Output;
        double lossSum = 0;
        for (int i = 0; i < data.BatchesPerEpoch; i++)
        {
            SequenceBatch<float> batch = data.GetBatch(i);
            model.ResetState(batch.BatchSize);
            lossSum += model.Forward(batch, training: false) * (double)batch.BatchSize;
            ReadOnlySpan<float> logits = model.Outputs;
            for (int r = 0; r < batch.BatchSize; r++)
                matrix.Add(batch.Labels[r], ArgMax(logits.Slice(r * outputs, classes)));
        }
        return (matrix.Total == 0 ? double.NaN : lossSum / matrix.Total, matrix);
    }

    private static int ArgMax(ReadOnlySpan<float> z)
    {
        int best = 0;
        for (int k = 1; k < z.Length; k++) if (z[k] > z[best]) best = k;
        return best;
    }
}
