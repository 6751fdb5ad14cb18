using System;
using System.Numerics;
using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace ModelGen.Numerics;

// The element-wise halves of an LSTM layer's training step for one sequence of the batch: the forward pass keeps the
// gate activations for the backward pass, which turns dL/dh_t and dL/dc_t into the gates' pre-activation gradients.
// With AVX-512 and float, 16 hidden units at a time in registers (the same σ and tanh as the inference step); the
// generated code used to run them as five vectorized calls and a scalar loop per sequence and step (forward) and a
// vectorized tanh and a scalar loop (backward). Other element types and machines: the same equations element by element
// (double keeps the gradient checks exact).
public static partial class CellStep
{
    /// <summary>
    /// LSTM forward for one sequence: <paramref name="gates"/> holds the pre-activations (i, f, g, o; both biases added)
    /// and gets the activations i = σ, f = σ, g = tanh, o = σ in place; c_t = f ⊙ c_(t-1) + i ⊙ g, h_t = o ⊙ tanh(c_t).
    /// </summary>
    public static void LstmForward<T>(Span<T> gates, ReadOnlySpan<T> cPrev, Span<T> cNext, Span<T> hNext)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        int n = hNext.Length;
        CheckTraining(gates.Length, n, cPrev.Length, cNext.Length);
        int j = 0;
        if (typeof(T) == typeof(float) && Vector512.IsHardwareAccelerated)
        {
            ref float g = ref F(gates), cp = ref F(cPrev), ct = ref F(cNext), ht = ref F(hNext);
            for (; j <= n - 16; j += 16)
            {
                var i = Sigmoid(Vector512.LoadUnsafe(ref g, (nuint)j));
                var f = Sigmoid(Vector512.LoadUnsafe(ref g, (nuint)(n + j)));
                var candidate = Tanh(Vector512.LoadUnsafe(ref g, (nuint)(2 * n + j)));
                var o = Sigmoid(Vector512.LoadUnsafe(ref g, (nuint)(3 * n + j)));
                i.StoreUnsafe(ref g, (nuint)j);
                f.StoreUnsafe(ref g, (nuint)(n + j));
                candidate.StoreUnsafe(ref g, (nuint)(2 * n + j));
                o.StoreUnsafe(ref g, (nuint)(3 * n + j));
                var c = Vector512.FusedMultiplyAdd(f, Vector512.LoadUnsafe(ref cp, (nuint)j), i * candidate);
                c.StoreUnsafe(ref ct, (nuint)j);
                (o * Tanh(c)).StoreUnsafe(ref ht, (nuint)j);
            }
            if (j == n) return;
        }
        int r = n - j;
        Span<T> gi = gates.Slice(j, r), gf = gates.Slice(n + j, r), gg = gates.Slice(2 * n + j, r), go = gates.Slice(3 * n + j, r);
        TensorPrimitives.Sigmoid(gi, gi);
        TensorPrimitives.Sigmoid(gf, gf);
        TensorPrimitives.Tanh(gg, gg);
        TensorPrimitives.Sigmoid(go, go);
        for (int u = 0; u < r; u++) cNext[j + u] = gf[u] * cPrev[j + u] + gi[u] * gg[u];
        TensorPrimitives.Tanh(cNext.Slice(j, r), hNext.Slice(j, r));
        TensorPrimitives.Multiply(hNext.Slice(j, r), go, hNext.Slice(j, r));
    }

    /// <summary>
    /// LSTM backward for one sequence, from the activations <paramref name="gates"/> (i, f, g, o) the forward pass kept,
    /// c_(t-1), c_t, dL/dh_t and dL/dc_t (<paramref name="dc"/>, replaced by dL/dc_(t-1) = dc_t ⊙ f): writes the
    /// pre-activation gradients (i, f, g, o) to <paramref name="dGates"/>.
    /// </summary>
    public static void LstmBackward<T>(ReadOnlySpan<T> gates, ReadOnlySpan<T> cPrev, ReadOnlySpan<T> cNext, ReadOnlySpan<T> dh, Span<T> dc, Span<T> dGates)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        int n = dh.Length;
        CheckTraining(gates.Length, n, cPrev.Length, cNext.Length);
        if (dc.Length != n || dGates.Length != 4 * n)
            throw new ArgumentException($"An LSTM step of {n} units needs dc of {n} and 4 * {n} gate gradients; got {dc.Length} and {dGates.Length}.");
        int j = 0;
        if (typeof(T) == typeof(float) && Vector512.IsHardwareAccelerated)
        {
            ref float g = ref F(gates), cp = ref F(cPrev), ct = ref F(cNext), pdh = ref F(dh), pdc = ref F(dc), dg = ref F(dGates);
            var one = Vector512<float>.One;
            for (; j <= n - 16; j += 16)
            {
                var i = Vector512.LoadUnsafe(ref g, (nuint)j);
                var f = Vector512.LoadUnsafe(ref g, (nuint)(n + j));
                var candidate = Vector512.LoadUnsafe(ref g, (nuint)(2 * n + j));
                var o = Vector512.LoadUnsafe(ref g, (nuint)(3 * n + j));
                var tc = Tanh(Vector512.LoadUnsafe(ref ct, (nuint)j));
                var dhv = Vector512.LoadUnsafe(ref pdh, (nuint)j);
                // h_t = o ⊙ tanh(c_t): do = dh ⊙ tanh(c_t) ⊙ o(1 − o), dc_t += dh ⊙ o ⊙ (1 − tanh²(c_t))
                (dhv * tc * o * (one - o)).StoreUnsafe(ref dg, (nuint)(3 * n + j));
                var dct = Vector512.LoadUnsafe(ref pdc, (nuint)j) + dhv * o * (one - tc * tc);
                // c_t = f ⊙ c_(t-1) + i ⊙ g
                (dct * candidate * i * (one - i)).StoreUnsafe(ref dg, (nuint)j);
                (dct * Vector512.LoadUnsafe(ref cp, (nuint)j) * f * (one - f)).StoreUnsafe(ref dg, (nuint)(n + j));
                (dct * i * (one - candidate * candidate)).StoreUnsafe(ref dg, (nuint)(2 * n + j));
                (dct * f).StoreUnsafe(ref pdc, (nuint)j);
            }
        }
        for (; j < n; j++)
        {
            T i = gates[j], f = gates[n + j], candidate = gates[2 * n + j], o = gates[3 * n + j];
            T tc = T.Tanh(cNext[j]);
            dGates[3 * n + j] = dh[j] * tc * o * (T.One - o);
            T dct = dc[j] + dh[j] * o * (T.One - tc * tc);
            dGates[j] = dct * candidate * i * (T.One - i);
            dGates[n + j] = dct * cPrev[j] * f * (T.One - f);
            dGates[2 * n + j] = dct * i * (T.One - candidate * candidate);
            dc[j] = dct * f;
        }
    }

    private static void CheckTraining(int gates, int n, int cPrev, int cNext)
    {
        if (gates != 4 * n || cPrev != n || cNext != n)
            throw new ArgumentException($"An LSTM step of {n} units needs 4 * {n} gates and states of {n}; got {gates}, {cPrev} and {cNext}.");
    }
}
