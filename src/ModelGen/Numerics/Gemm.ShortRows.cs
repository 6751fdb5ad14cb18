using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace ModelGen.Numerics;

// Matrix-vector products whose rows are short (16 to 128 floats, whole 512-bit vectors): the steps of streaming
// inference up to H = 128. x stays in registers for the whole product and every row is read by one unrolled run of
// fused multiply-adds, so each 64 bytes of the matrix costs one load and one FMA and nothing else. The general
// four-row kernel reloads x for every group of rows and runs a short counted loop per row: at H = 128 it reads the
// weights from L2 at about 100 GB/s against 160-200 here (an LSTM step's W_ih x + W_hh h, 512 KB: 5.3 -> 2.6 us on one
// core, side by side).
//
// The row length is a type argument (V1 .. V8, the number of vectors), so the JIT compiles each length as straight-line
// code: the `if (N.Count > j)` tests are constants and vanish with the registers they would have used.
public static partial class Gemm
{
    /// <summary>The longest row (in floats) the register kernels take: eight 512-bit vectors of x.</summary>
    private const int ShortRowMax = 128;

    private interface IVectorCount { static abstract int Count { get; } }
    private struct V1 : IVectorCount { public static int Count => 1; }
    private struct V2 : IVectorCount { public static int Count => 2; }
    private struct V3 : IVectorCount { public static int Count => 3; }
    private struct V4 : IVectorCount { public static int Count => 4; }
    private struct V5 : IVectorCount { public static int Count => 5; }
    private struct V6 : IVectorCount { public static int Count => 6; }
    private struct V7 : IVectorCount { public static int Count => 7; }
    private struct V8 : IVectorCount { public static int Count => 8; }

    /// <summary>True where the register kernels run: float with AVX-512 and a row of 1 to 8 whole vectors.</summary>
    private static bool IsShortRow<T>(int k) =>
        typeof(T) == typeof(float) && Vector512.IsHardwareAccelerated && k > 0 && k <= ShortRowMax && k % 16 == 0;

    /// <summary>x[0 .. 16·N) in eight registers (those past N unused).</summary>
    private struct XRegisters
    {
        public Vector512<float> X0, X1, X2, X3, X4, X5, X6, X7;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static XRegisters LoadX<N>(ref float x) where N : struct, IVectorCount
    {
        XRegisters r = default;
        r.X0 = Vector512.LoadUnsafe(ref x);
        if (N.Count > 1) r.X1 = Vector512.LoadUnsafe(ref x, 16);
        if (N.Count > 2) r.X2 = Vector512.LoadUnsafe(ref x, 32);
        if (N.Count > 3) r.X3 = Vector512.LoadUnsafe(ref x, 48);
        if (N.Count > 4) r.X4 = Vector512.LoadUnsafe(ref x, 64);
        if (N.Count > 5) r.X5 = Vector512.LoadUnsafe(ref x, 80);
        if (N.Count > 6) r.X6 = Vector512.LoadUnsafe(ref x, 96);
        if (N.Count > 7) r.X7 = Vector512.LoadUnsafe(ref x, 112);
        return r;
    }

    /// <summary>The lane-wise partial sums of one row · x: two chains of FMAs over the row's N vectors, added.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<float> RowDot<N>(ref float row, in XRegisters x) where N : struct, IVectorCount
    {
        Vector512<float> s = Vector512.LoadUnsafe(ref row) * x.X0;
        if (N.Count == 1) return s;
        Vector512<float> t = Vector512.LoadUnsafe(ref row, 16) * x.X1;
        if (N.Count > 2) s = Vector512.FusedMultiplyAdd(Vector512.LoadUnsafe(ref row, 32), x.X2, s);
        if (N.Count > 3) t = Vector512.FusedMultiplyAdd(Vector512.LoadUnsafe(ref row, 48), x.X3, t);
        if (N.Count > 4) s = Vector512.FusedMultiplyAdd(Vector512.LoadUnsafe(ref row, 64), x.X4, s);
        if (N.Count > 5) t = Vector512.FusedMultiplyAdd(Vector512.LoadUnsafe(ref row, 80), x.X5, t);
        if (N.Count > 6) s = Vector512.FusedMultiplyAdd(Vector512.LoadUnsafe(ref row, 96), x.X6, s);
        if (N.Count > 7) t = Vector512.FusedMultiplyAdd(Vector512.LoadUnsafe(ref row, 112), x.X7, t);
        return s + t;
    }

    /// <summary>y[i] (+)= A[i, :] · x for i &lt; m, rows of k = 16·N floats (see <see cref="IsShortRow{T}"/>).</summary>
    private static void ShortRows(int m, int k, ref float a, ref float x, ref float y, bool accumulate)
    {
        switch (k / 16)
        {
            case 1: ShortRows<V1>(m, ref a, ref x, ref y, accumulate); break;
            case 2: ShortRows<V2>(m, ref a, ref x, ref y, accumulate); break;
            case 3: ShortRows<V3>(m, ref a, ref x, ref y, accumulate); break;
            case 4: ShortRows<V4>(m, ref a, ref x, ref y, accumulate); break;
            case 5: ShortRows<V5>(m, ref a, ref x, ref y, accumulate); break;
            case 6: ShortRows<V6>(m, ref a, ref x, ref y, accumulate); break;
            case 7: ShortRows<V7>(m, ref a, ref x, ref y, accumulate); break;
            default: ShortRows<V8>(m, ref a, ref x, ref y, accumulate); break;
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void ShortRows<N>(int m, ref float a, ref float x, ref float y, bool accumulate) where N : struct, IVectorCount
    {
        int k = 16 * N.Count, i = 0;
        XRegisters xr = LoadX<N>(ref x);
        // Rows of up to four vectors: four rows a pass, eight independent FMA chains, one joint horizontal sum for the
        // four. Longer rows: two a pass (four a pass measured slower at eight vectors: 3.9 against 2.5 us at H = 128).
        if (N.Count > 4)
        {
            for (; i <= m - 2; i += 2)
            {
                ref float row = ref Unsafe.Add(ref a, (nint)i * k);
                Vector128<float> d = Reduce2(RowDot<N>(ref row, xr), RowDot<N>(ref Unsafe.Add(ref row, k), xr));
                ref float yi = ref Unsafe.Add(ref y, i);
                if (accumulate) { yi += d.ToScalar(); Unsafe.Add(ref yi, 1) += d.GetElement(1); }
                else { yi = d.ToScalar(); Unsafe.Add(ref yi, 1) = d.GetElement(1); }
            }
        }
        for (; i <= m - 4; i += 4)
        {
            ref float row = ref Unsafe.Add(ref a, (nint)i * k);
            Vector128<float> d = Reduce4(RowDot<N>(ref row, xr), RowDot<N>(ref Unsafe.Add(ref row, k), xr),
                RowDot<N>(ref Unsafe.Add(ref row, 2 * k), xr), RowDot<N>(ref Unsafe.Add(ref row, 3 * k), xr));
            ref float yi = ref Unsafe.Add(ref y, i);
            if (accumulate) d += Vector128.LoadUnsafe(ref yi);
            d.StoreUnsafe(ref yi);
        }
        for (; i < m; i++)
        {
            float d = Vector512.Sum(RowDot<N>(ref Unsafe.Add(ref a, (nint)i * k), xr));
            Unsafe.Add(ref y, i) = accumulate ? Unsafe.Add(ref y, i) + d : d;
        }
    }

    /// <summary>
    /// y[i] = A1[i, :] · x1 + A2[i, :] · x2 for i &lt; m, both row lengths short (see <see cref="IsShortRow{T}"/>): the
    /// two rows of a step's W_ih x + W_hh h are read side by side, with x1 and x2 in sixteen registers.
    /// </summary>
    private static void ShortRowPairs(int m, int k1, ref float a1, ref float x1, int k2, ref float a2, ref float x2, ref float y)
    {
        switch (k1 / 16)
        {
            case 1: ShortRowPairs<V1>(m, ref a1, ref x1, k2, ref a2, ref x2, ref y); break;
            case 2: ShortRowPairs<V2>(m, ref a1, ref x1, k2, ref a2, ref x2, ref y); break;
            case 3: ShortRowPairs<V3>(m, ref a1, ref x1, k2, ref a2, ref x2, ref y); break;
            case 4: ShortRowPairs<V4>(m, ref a1, ref x1, k2, ref a2, ref x2, ref y); break;
            case 5: ShortRowPairs<V5>(m, ref a1, ref x1, k2, ref a2, ref x2, ref y); break;
            case 6: ShortRowPairs<V6>(m, ref a1, ref x1, k2, ref a2, ref x2, ref y); break;
            case 7: ShortRowPairs<V7>(m, ref a1, ref x1, k2, ref a2, ref x2, ref y); break;
            default: ShortRowPairs<V8>(m, ref a1, ref x1, k2, ref a2, ref x2, ref y); break;
        }
    }

    private static void ShortRowPairs<N1>(int m, ref float a1, ref float x1, int k2, ref float a2, ref float x2, ref float y) where N1 : struct, IVectorCount
    {
        switch (k2 / 16)
        {
            case 1: ShortRowPairs<N1, V1>(m, ref a1, ref x1, ref a2, ref x2, ref y); break;
            case 2: ShortRowPairs<N1, V2>(m, ref a1, ref x1, ref a2, ref x2, ref y); break;
            case 3: ShortRowPairs<N1, V3>(m, ref a1, ref x1, ref a2, ref x2, ref y); break;
            case 4: ShortRowPairs<N1, V4>(m, ref a1, ref x1, ref a2, ref x2, ref y); break;
            case 5: ShortRowPairs<N1, V5>(m, ref a1, ref x1, ref a2, ref x2, ref y); break;
            case 6: ShortRowPairs<N1, V6>(m, ref a1, ref x1, ref a2, ref x2, ref y); break;
            case 7: ShortRowPairs<N1, V7>(m, ref a1, ref x1, ref a2, ref x2, ref y); break;
            default: ShortRowPairs<N1, V8>(m, ref a1, ref x1, ref a2, ref x2, ref y); break;
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void ShortRowPairs<N1, N2>(int m, ref float a1, ref float x1, ref float a2, ref float x2, ref float y)
        where N1 : struct, IVectorCount where N2 : struct, IVectorCount
    {
        int k1 = 16 * N1.Count, k2 = 16 * N2.Count, i = 0;
        XRegisters p = LoadX<N1>(ref x1), q = LoadX<N2>(ref x2);
        // Each row of both matrices read side by side; rows of up to eight vectors in all four a pass with one joint
        // horizontal sum for the four, longer ones two a pass (four measured slower: 3.9 against 2.5 us at H = 128).
        if (N1.Count + N2.Count > 8)
        {
            for (; i <= m - 2; i += 2)
            {
                ref float r1 = ref Unsafe.Add(ref a1, (nint)i * k1);
                ref float r2 = ref Unsafe.Add(ref a2, (nint)i * k2);
                Vector512<float> u0 = RowDot<N1>(ref r1, p) + RowDot<N2>(ref r2, q);
                Vector512<float> u1 = RowDot<N1>(ref Unsafe.Add(ref r1, k1), p) + RowDot<N2>(ref Unsafe.Add(ref r2, k2), q);
                Vector128<float> d = Reduce2(u0, u1);
                Unsafe.Add(ref y, i) = d.ToScalar();
                Unsafe.Add(ref y, i + 1) = d.GetElement(1);
            }
        }
        for (; i <= m - 4; i += 4)
        {
            ref float r1 = ref Unsafe.Add(ref a1, (nint)i * k1);
            ref float r2 = ref Unsafe.Add(ref a2, (nint)i * k2);
            Vector512<float> u0 = RowDot<N1>(ref r1, p) + RowDot<N2>(ref r2, q);
            Vector512<float> u1 = RowDot<N1>(ref Unsafe.Add(ref r1, k1), p) + RowDot<N2>(ref Unsafe.Add(ref r2, k2), q);
            Vector512<float> u2 = RowDot<N1>(ref Unsafe.Add(ref r1, 2 * k1), p) + RowDot<N2>(ref Unsafe.Add(ref r2, 2 * k2), q);
            Vector512<float> u3 = RowDot<N1>(ref Unsafe.Add(ref r1, 3 * k1), p) + RowDot<N2>(ref Unsafe.Add(ref r2, 3 * k2), q);
            Reduce4(u0, u1, u2, u3).StoreUnsafe(ref Unsafe.Add(ref y, i));
        }
        for (; i < m; i++)
            Unsafe.Add(ref y, i) = Vector512.Sum(RowDot<N1>(ref Unsafe.Add(ref a1, (nint)i * k1), p) + RowDot<N2>(ref Unsafe.Add(ref a2, (nint)i * k2), q));
    }

    /// <summary>The horizontal sums of u0 and u1 in the first two elements: halves folded by two-source permutes, then two horizontal adds.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector128<float> Reduce2(Vector512<float> u0, Vector512<float> u1)
    {
        // [u0 lanes 0-7 + 8-15 | u1 lanes 0-7 + 8-15], then [u0 pairs, u1 pairs | ...] by a 256-bit horizontal add.
        Vector512<float> a = Avx512F.PermuteVar16x32x2(u0, Vector512.Create(0, 1, 2, 3, 4, 5, 6, 7, 16, 17, 18, 19, 20, 21, 22, 23), u1)
            + Avx512F.PermuteVar16x32x2(u0, Vector512.Create(8, 9, 10, 11, 12, 13, 14, 15, 24, 25, 26, 27, 28, 29, 30, 31), u1);
        Vector256<float> h = Avx.HorizontalAdd(a.GetLower(), a.GetUpper());
        Vector128<float> q = h.GetLower() + h.GetUpper();
        return Sse3.HorizontalAdd(q, q);
    }

    /// <summary>
    /// The four horizontal sums of u0 .. u3 as one 128-bit vector: lane halves folded together by two-source permutes
    /// (16 -> 8 -> 4 partial sums of each row), then the last four within each 128-bit lane. 13 instructions for four
    /// rows, where four <see cref="Vector512.Sum{T}(Vector512{T})"/> take about 80.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector128<float> Reduce4(Vector512<float> u0, Vector512<float> u1, Vector512<float> u2, Vector512<float> u3)
    {
        // [u0 lanes 0-7 | u1 lanes 0-7] + [u0 lanes 8-15 | u1 lanes 8-15]: eight partial sums of u0, then of u1.
        Vector512<int> low = Vector512.Create(0, 1, 2, 3, 4, 5, 6, 7, 16, 17, 18, 19, 20, 21, 22, 23);
        Vector512<int> high = Vector512.Create(8, 9, 10, 11, 12, 13, 14, 15, 24, 25, 26, 27, 28, 29, 30, 31);
        Vector512<float> a = Avx512F.PermuteVar16x32x2(u0, low, u1) + Avx512F.PermuteVar16x32x2(u0, high, u1);
        Vector512<float> b = Avx512F.PermuteVar16x32x2(u2, low, u3) + Avx512F.PermuteVar16x32x2(u2, high, u3);
        // Four partial sums of each row, one row per 128-bit lane: u0, u1, u2, u3.
        Vector512<float> c = Avx512F.PermuteVar16x32x2(a, Vector512.Create(0, 1, 2, 3, 8, 9, 10, 11, 16, 17, 18, 19, 24, 25, 26, 27), b)
            + Avx512F.PermuteVar16x32x2(a, Vector512.Create(4, 5, 6, 7, 12, 13, 14, 15, 20, 21, 22, 23, 28, 29, 30, 31), b);
        // Within each lane: (0 + 1, 2 + 3), then the two pairs: every element of lane j holds row j's sum.
        c += Avx512F.Permute4x32(c, 0b10_11_00_01);
        c += Avx512F.Permute4x32(c, 0b01_00_11_10);
        return Avx512F.PermuteVar16x32(c, Vector512.Create(0, 4, 8, 12, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)).GetLower().GetLower();
    }
}
