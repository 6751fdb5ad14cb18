using System;
using System.Numerics;
using System.Runtime.InteropServices;

namespace ModelGen.Training;

/// <summary>Global-norm gradient clipping, as torch.nn.utils.clip_grad_norm_.</summary>
public static class GradientClipping
{
    /// <summary>‖g‖₂ over the whole buffer, accumulated in double. NaN or ∞ when any gradient is not finite.</summary>
    public static double GlobalNorm<T>(ReadOnlySpan<T> gradients) where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        double sum = 0;
        int k = 0;
        if (Vector.IsHardwareAccelerated && typeof(T) == typeof(float))
        {
            // Vectorized: float lanes widened to double, squared and summed in double lanes.
            ReadOnlySpan<float> f = MemoryMarshal.Cast<T, float>(gradients);
            Vector<double> s0 = Vector<double>.Zero, s1 = Vector<double>.Zero;
            for (; k <= f.Length - Vector<float>.Count; k += Vector<float>.Count)
            {
                Vector.Widen(new Vector<float>(f.Slice(k)), out Vector<double> low, out Vector<double> high);
                s0 += low * low;
                s1 += high * high;
            }
            sum = Vector.Sum(s0 + s1);
        }
        else if (Vector.IsHardwareAccelerated && typeof(T) == typeof(double))
        {
            ReadOnlySpan<double> d = MemoryMarshal.Cast<T, double>(gradients);
            Vector<double> s0 = Vector<double>.Zero;
            for (; k <= d.Length - Vector<double>.Count; k += Vector<double>.Count)
            {
                var x = new Vector<double>(d.Slice(k));
                s0 += x * x;
            }
            sum = Vector.Sum(s0);
        }
        for (; k < gradients.Length; k++)
        {
            double x = double.CreateTruncating(gradients[k]);
            sum += x * x;
        }
        return Math.Sqrt(sum);
    }

    /// <summary>
    /// Scales the gradients by maxNorm / (‖g‖ + 1e-6) when ‖g‖ &gt; <paramref name="maxNorm"/> and returns ‖g‖ before
    /// clipping. A non-finite norm is returned as it is and the gradients are left untouched, so the caller can skip the step.
    /// </summary>
    public static double ClipGlobalNorm<T>(Span<T> gradients, double maxNorm) where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        if (!(maxNorm > 0) || double.IsInfinity(maxNorm))
            throw new ArgumentOutOfRangeException(nameof(maxNorm), $"The clipping norm must be a finite number > 0; got {maxNorm}.");
        double norm = GlobalNorm<T>(gradients);
        if (!double.IsFinite(norm) || norm <= maxNorm) return norm;
        T scale = T.CreateTruncating(maxNorm / (norm + 1e-6));
        System.Numerics.Tensors.TensorPrimitives.Multiply(gradients, scale, gradients);
        return norm;
    }
}
