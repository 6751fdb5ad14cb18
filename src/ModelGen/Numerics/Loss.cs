using System;
using System.Numerics;

namespace ModelGen.Numerics;

/// <summary>
/// The losses of the heads, forward (summed over rows, in double) and backward (scaled, into a gradient buffer).
/// The generated code divides by the number of rows or elements, as PyTorch's default <c>reduction='mean'</c>.
/// </summary>
public static class Loss
{
    /// <summary>
    /// Softmax cross-entropy of <paramref name="rows"/> rows of <paramref name="classes"/> logits:
    /// p = softmax(z) (written to <paramref name="probabilities"/>), returns Σ_rows −log p[label].
    /// </summary>
    public static double SoftmaxCrossEntropy<T>(ReadOnlySpan<T> logits, int rows, int classes, ReadOnlySpan<int> labels, Span<T> probabilities)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        CheckLabels(labels, rows, classes);
        double total = 0;
        for (int r = 0; r < rows; r++)
        {
            ReadOnlySpan<T> z = logits.Slice(r * classes, classes);
            Span<T> p = probabilities.Slice(r * classes, classes);
            double logSumExp = Softmax(z, p);
            total += logSumExp - double.CreateTruncating(z[labels[r]]);
        }
        return total;
    }

    /// <summary>dz = (p − onehot(label)) · scale, the gradient of the summed cross-entropy times <paramref name="scale"/>.</summary>
    public static void SoftmaxCrossEntropyBackward<T>(ReadOnlySpan<T> probabilities, int rows, int classes, ReadOnlySpan<int> labels, T scale, Span<T> gradient)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        for (int r = 0; r < rows; r++)
        {
            ReadOnlySpan<T> p = probabilities.Slice(r * classes, classes);
            Span<T> dz = gradient.Slice(r * classes, classes);
            System.Numerics.Tensors.TensorPrimitives.Multiply(p, scale, dz);
            dz[labels[r]] -= scale;
        }
    }

    /// <summary>
    /// p = softmax(z) with the maximum subtracted for stability; returns log Σ exp z. Vectorized (a word-level model's
    /// 10,000 classes per row make this a fifth of its training step with one scalar exp per class).
    /// </summary>
    public static double Softmax<T>(ReadOnlySpan<T> z, Span<T> p) where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        p = p.Slice(0, z.Length);
        T max = System.Numerics.Tensors.TensorPrimitives.Max(z);
        System.Numerics.Tensors.TensorPrimitives.Subtract(z, max, p);
        System.Numerics.Tensors.TensorPrimitives.Exp(p, p);
        T sum = System.Numerics.Tensors.TensorPrimitives.Sum<T>(p);
        System.Numerics.Tensors.TensorPrimitives.Multiply(p, T.One / sum, p);
        return double.CreateTruncating(max) + Math.Log(double.CreateTruncating(sum));
    }

    /// <summary>Σ (y − target)², the summed squared error.</summary>
    public static double SquaredError<T>(ReadOnlySpan<T> y, ReadOnlySpan<T> target) where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        CheckSameLength(y.Length, target.Length);
        double total = 0;
        for (int k = 0; k < y.Length; k++)
        {
            double d = double.CreateTruncating(y[k] - target[k]);
            total += d * d;
        }
        return total;
    }

    /// <summary>dy = 2 (y − target) · scale, the gradient of the summed squared error times <paramref name="scale"/>.</summary>
    public static void SquaredErrorBackward<T>(ReadOnlySpan<T> y, ReadOnlySpan<T> target, T scale, Span<T> gradient) where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        CheckSameLength(y.Length, target.Length);
        T twice = (T.One + T.One) * scale;
        for (int k = 0; k < y.Length; k++) gradient[k] = (y[k] - target[k]) * twice;
    }

    /// <summary>
    /// Binary cross-entropy on logits, Σ max(x, 0) − x·t + log(1 + exp(−|x|)), stable for any x (as BCEWithLogitsLoss).
    /// </summary>
    public static double BinaryCrossEntropyWithLogits<T>(ReadOnlySpan<T> logits, ReadOnlySpan<T> target) where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        CheckSameLength(logits.Length, target.Length);
        double total = 0;
        for (int k = 0; k < logits.Length; k++)
        {
            double x = double.CreateTruncating(logits[k]);
            double t = double.CreateTruncating(target[k]);
            total += Math.Max(x, 0) - x * t + Math.Log(1 + Math.Exp(-Math.Abs(x)));
        }
        return total;
    }

    /// <summary>dx = (σ(x) − t) · scale, the gradient of the summed binary cross-entropy times <paramref name="scale"/>.</summary>
    public static void BinaryCrossEntropyWithLogitsBackward<T>(ReadOnlySpan<T> logits, ReadOnlySpan<T> target, T scale, Span<T> gradient) where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        CheckSameLength(logits.Length, target.Length);
        for (int k = 0; k < logits.Length; k++)
            gradient[k] = (Activations.Sigmoid(logits[k]) - target[k]) * scale;
    }

    private static void CheckLabels(ReadOnlySpan<int> labels, int rows, int classes)
    {
        if (labels.Length < rows)
            throw new ArgumentException($"Expected {rows} labels, got {labels.Length}.", nameof(labels));
        for (int r = 0; r < rows; r++)
            if ((uint)labels[r] >= (uint)classes)
                throw new ArgumentOutOfRangeException(nameof(labels), $"Label {labels[r]} at position {r} is outside the head's {classes} classes [0, {classes - 1}].");
    }

    private static void CheckSameLength(int a, int b)
    {
        if (a != b) throw new ArgumentException($"Outputs and targets differ in length ({a} and {b}).");
    }
}

/// <summary>Scalar activation functions shared by generated code and the runtime.</summary>
public static class Activations
{
    /// <summary>σ(x) = 1 / (1 + e^(−x)).</summary>
    public static T Sigmoid<T>(T x) where T : IBinaryFloatingPointIeee754<T> => T.One / (T.One + T.Exp(-x));
}
