using System;
using System.Collections.Generic;
using System.Linq;

namespace ModelGen.Parity.Tests;

/// <summary>
/// The one tolerance of the parity tests: ModelGen and libtorch agree when
/// |ours − torch| ≤ Relative · max(|ours|, |torch|) + Absolute, element by element, in float.
/// </summary>
internal static class Tolerance
{
    /// <summary>1e-5 relative: what float arithmetic in a different order allows.</summary>
    public const double Relative = 1e-5;

    /// <summary>The floor for values near zero (a gradient summed over a batch cancels to ~1e-7 in float).</summary>
    public const double Absolute = 1e-6;

    /// <summary>Adds a line to <paramref name="failures"/> for each element that disagrees (at most 5 per tensor).</summary>
    public static void Compare(string what, ReadOnlySpan<float> ours, ReadOnlySpan<float> torch, List<string> failures)
    {
        if (ours.Length != torch.Length)
        {
            failures.Add($"{what}: {ours.Length} elements here, {torch.Length} in libtorch");
            return;
        }
        int reported = 0;
        for (int k = 0; k < ours.Length; k++)
        {
            double a = ours[k], e = torch[k];
            if (Math.Abs(a - e) <= Relative * Math.Max(Math.Abs(a), Math.Abs(e)) + Absolute) continue;
            if (reported++ < 5) failures.Add($"{what}[{k}]: ModelGen {a:R}, libtorch {e:R}");
        }
    }
}
