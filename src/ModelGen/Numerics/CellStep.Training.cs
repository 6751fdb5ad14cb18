using System;
using System.Numerics;
using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace ModelGen.Numerics;

// The element-wise halves of an LSTM or GRU layer's training step for one sequence of the batch: the forward pass keeps
// the gate activations for the backward pass, which turns dL/dh_t (and dL/dc_t) into the gates' pre-activation gradients.
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

    /// <summary>
    /// GRU forward for one sequence: <paramref name="gates"/> holds x·W_ihᵀ + b_ih (r, z, n) and gets the activations
    /// r = σ(· + q_r), z = σ(· + q_z), n = tanh(x_n + r ⊙ q_n) in place, where <paramref name="q"/> = h_(t-1)·W_hhᵀ + b_hh;
    /// h_t = (1 − z) ⊙ n + z ⊙ h_(t-1).
    /// </summary>
    public static void GruForward<T>(Span<T> gates, ReadOnlySpan<T> q, ReadOnlySpan<T> hPrev, Span<T> hNext)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        int n = hNext.Length;
        CheckGru(gates.Length, q.Length, n, hPrev.Length);
        int j = 0;
        if (typeof(T) == typeof(float) && Vector512.IsHardwareAccelerated)
        {
            ref float g = ref F(gates), pq = ref F(q), hp = ref F(hPrev), hn = ref F(hNext);
            for (; j <= n - 16; j += 16)
            {
                var r = Sigmoid(Vector512.LoadUnsafe(ref g, (nuint)j) + Vector512.LoadUnsafe(ref pq, (nuint)j));
                var z = Sigmoid(Vector512.LoadUnsafe(ref g, (nuint)(n + j)) + Vector512.LoadUnsafe(ref pq, (nuint)(n + j)));
                var candidate = Tanh(Vector512.FusedMultiplyAdd(r, Vector512.LoadUnsafe(ref pq, (nuint)(2 * n + j)), Vector512.LoadUnsafe(ref g, (nuint)(2 * n + j))));
                r.StoreUnsafe(ref g, (nuint)j);
                z.StoreUnsafe(ref g, (nuint)(n + j));
                candidate.StoreUnsafe(ref g, (nuint)(2 * n + j));
                // h_t = (1 − z) ⊙ n + z ⊙ h_(t-1) = (h_(t-1) − n) ⊙ z + n
                Vector512.FusedMultiplyAdd(Vector512.LoadUnsafe(ref hp, (nuint)j) - candidate, z, candidate).StoreUnsafe(ref hn, (nuint)j);
            }
            if (j == n) return;
        }
        int left = n - j;
        Span<T> gr = gates.Slice(j, left), gz = gates.Slice(n + j, left), gn = gates.Slice(2 * n + j, left);
        TensorPrimitives.Add(gr, q.Slice(j, left), gr);
        TensorPrimitives.Add(gz, q.Slice(n + j, left), gz);
        TensorPrimitives.Sigmoid(gr, gr);
        TensorPrimitives.Sigmoid(gz, gz);
        TensorPrimitives.MultiplyAdd(gr, q.Slice(2 * n + j, left), gn, gn);
        TensorPrimitives.Tanh(gn, gn);
        for (int u = 0; u < left; u++) hNext[j + u] = (T.One - gz[u]) * gn[u] + gz[u] * hPrev[j + u];
    }

    /// <summary>
    /// GRU backward for one sequence, from the activations <paramref name="gates"/> (r, z, n) the forward pass kept,
    /// q = h_(t-1)·W_hhᵀ + b_hh, h_(t-1) and dL/dh_t (<paramref name="dh"/>, replaced by the direct path's share of
    /// dL/dh_(t-1), dh ⊙ z): writes the gradients of the input side's pre-activations to <paramref name="dGates"/> and of
    /// q to <paramref name="dq"/> (r, z, and r ⊙ dn).
    /// </summary>
    public static void GruBackward<T>(ReadOnlySpan<T> gates, ReadOnlySpan<T> q, ReadOnlySpan<T> hPrev, Span<T> dh, Span<T> dGates, Span<T> dq)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        int n = dh.Length;
        CheckGru(gates.Length, q.Length, n, hPrev.Length);
        if (dGates.Length != 3 * n || dq.Length != 3 * n)
            throw new ArgumentException($"A GRU step of {n} units needs 3 * {n} gradients of each side's gates; got {dGates.Length} and {dq.Length}.");
        int j = 0;
        if (typeof(T) == typeof(float) && Vector512.IsHardwareAccelerated)
        {
            ref float g = ref F(gates), pq = ref F(q), hp = ref F(hPrev), pdh = ref F(dh), dg = ref F(dGates), pdq = ref F(dq);
            var one = Vector512<float>.One;
            for (; j <= n - 16; j += 16)
            {
                var r = Vector512.LoadUnsafe(ref g, (nuint)j);
                var z = Vector512.LoadUnsafe(ref g, (nuint)(n + j));
                var candidate = Vector512.LoadUnsafe(ref g, (nuint)(2 * n + j));
                var d = Vector512.LoadUnsafe(ref pdh, (nuint)j);
                // h_t = (1 − z) ⊙ n + z ⊙ h_(t-1)
                var dn = d * (one - z) * (one - candidate * candidate);
                var dz = d * (Vector512.LoadUnsafe(ref hp, (nuint)j) - candidate) * z * (one - z);
                // n = tanh(x_n + r ⊙ q_n)
                var dr = dn * Vector512.LoadUnsafe(ref pq, (nuint)(2 * n + j)) * r * (one - r);
                dr.StoreUnsafe(ref dg, (nuint)j);
                dz.StoreUnsafe(ref dg, (nuint)(n + j));
                dn.StoreUnsafe(ref dg, (nuint)(2 * n + j));
                dr.StoreUnsafe(ref pdq, (nuint)j);
                dz.StoreUnsafe(ref pdq, (nuint)(n + j));
                (dn * r).StoreUnsafe(ref pdq, (nuint)(2 * n + j));
                (d * z).StoreUnsafe(ref pdh, (nuint)j);
            }
        }
        for (; j < n; j++)
        {
            T r = gates[j], z = gates[n + j], candidate = gates[2 * n + j], d = dh[j];
            T dn = d * (T.One - z) * (T.One - candidate * candidate);
            T dz = d * (hPrev[j] - candidate) * z * (T.One - z);
            T dr = dn * q[2 * n + j] * r * (T.One - r);
            dGates[j] = dr; dGates[n + j] = dz; dGates[2 * n + j] = dn;
            dq[j] = dr; dq[n + j] = dz; dq[2 * n + j] = dn * r;
            dh[j] = d * z;
        }
    }

    private static void CheckGru(int gates, int q, int n, int hPrev)
    {
        if (gates != 3 * n || q != 3 * n || hPrev != n)
            throw new ArgumentException($"A GRU step of {n} units needs 3 * {n} gates of each side and a state of {n}; got {gates}, {q} and {hPrev}.");
    }

    private static void CheckTraining(int gates, int n, int cPrev, int cNext)
    {
        if (gates != 4 * n || cPrev != n || cNext != n)
            throw new ArgumentException($"An LSTM step of {n} units needs 4 * {n} gates and states of {n}; got {gates}, {cPrev} and {cNext}.");
    }
}
