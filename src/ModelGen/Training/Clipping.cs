using System;
using System.Numerics;

namespace ModelGen.Training;

/// <summary>Global-norm gradient clipping, as torch.nn.utils.clip_grad_norm_.</summary>
public static class GradientClipping
{
    /// <summary>‖g‖₂ over the whole buffer, accumulated in double. NaN or ∞ when any gradient is not finite.</summary>
    public static double GlobalNorm<T>(ReadOnlySpan<T> gradients) where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        double sum = 0;
        foreach (T g in gradients)
        {
            double x = double.CreateTruncating(g);
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
