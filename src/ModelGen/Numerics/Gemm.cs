using System;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace ModelGen.Numerics;

/// <summary>
/// Matrix products on row-major spans: the only dense kernels the generated forward and backward passes need.
/// </summary>
/// <remarks>
/// Every product is computed by one register-blocked kernel (4 rows of C by 2 vectors of columns, accumulators kept in
/// registers across the whole inner dimension). The kernel reads A through two strides, so <c>A·B</c> and <c>Aᵀ·B</c>
/// share it; products with a transposed right operand take a transposed copy of it first
/// (<see cref="Transpose{T}"/>), which the generated code keeps in its workspace.
/// </remarks>
public static class Gemm
{
    /// <summary>C[M,N] (+)= A[M,K] · B[K,N]. Leading dimensions are the row lengths.</summary>
    public static void Multiply<T>(int m, int n, int k, ReadOnlySpan<T> a, int lda, ReadOnlySpan<T> b, int ldb, Span<T> c, int ldc, bool accumulate)
        where T : unmanaged, INumberBase<T>
    {
        Check(m, n, k, a.Length, (m - 1) * lda + k, b.Length, (k - 1) * ldb + n, c.Length, (m - 1) * ldc + n);
        Kernel(m, n, k, ref MemoryMarshal.GetReference(a), lda, 1, ref MemoryMarshal.GetReference(b), ldb, ref MemoryMarshal.GetReference(c), ldc, accumulate);
    }

    /// <summary>C[M,N] (+)= Aᵀ · B where A is [K,M] and B is [K,N]: the weight-gradient product dW += dYᵀ·X.</summary>
    public static void MultiplyTransposedA<T>(int m, int n, int k, ReadOnlySpan<T> a, int lda, ReadOnlySpan<T> b, int ldb, Span<T> c, int ldc, bool accumulate)
        where T : unmanaged, INumberBase<T>
    {
        Check(m, n, k, a.Length, (k - 1) * lda + m, b.Length, (k - 1) * ldb + n, c.Length, (m - 1) * ldc + n);
        Kernel(m, n, k, ref MemoryMarshal.GetReference(a), 1, lda, ref MemoryMarshal.GetReference(b), ldb, ref MemoryMarshal.GetReference(c), ldc, accumulate);
    }

    /// <summary>y[M] (+)= A[M,K] · x[K]: a matrix-vector product by row dot products (single-step inference).</summary>
    public static void MultiplyVector<T>(int m, int k, ReadOnlySpan<T> a, ReadOnlySpan<T> x, Span<T> y, bool accumulate)
        where T : unmanaged, INumberBase<T>
    {
        if ((long)m * k > a.Length || x.Length < k || y.Length < m)
            throw new ArgumentException($"Matrix-vector product [{m}x{k}]·[{k}] does not fit the given buffers ({a.Length}, {x.Length}, {y.Length}).");
        x = x[..k];
        for (int i = 0; i < m; i++)
        {
            T dot = Dot(a.Slice(i * k, k), x);
            y[i] = accumulate ? y[i] + dot : dot;
        }
    }

    /// <summary>Dot product of two equally long spans.</summary>
    public static T Dot<T>(ReadOnlySpan<T> x, ReadOnlySpan<T> y) where T : unmanaged, INumberBase<T>
    {
        int n = x.Length;
        ref T px = ref MemoryMarshal.GetReference(x);
        ref T py = ref MemoryMarshal.GetReference(y);
        int i = 0;
        T sum = T.Zero;
        if (Vector.IsHardwareAccelerated && n >= Vector<T>.Count)
        {
            int w = Vector<T>.Count;
            Vector<T> acc0 = Vector<T>.Zero, acc1 = Vector<T>.Zero;
            for (; i <= n - 2 * w; i += 2 * w)
            {
                acc0 += Vector.LoadUnsafe(ref px, (nuint)i) * Vector.LoadUnsafe(ref py, (nuint)i);
                acc1 += Vector.LoadUnsafe(ref px, (nuint)(i + w)) * Vector.LoadUnsafe(ref py, (nuint)(i + w));
            }
            for (; i <= n - w; i += w)
                acc0 += Vector.LoadUnsafe(ref px, (nuint)i) * Vector.LoadUnsafe(ref py, (nuint)i);
            sum = Vector.Sum(acc0 + acc1);
        }
        for (; i < n; i++) sum += Unsafe.Add(ref px, i) * Unsafe.Add(ref py, i);
        return sum;
    }

    /// <summary>Writes the transpose of A[M,N] into AT[N,M].</summary>
    public static void Transpose<T>(int m, int n, ReadOnlySpan<T> a, Span<T> at) where T : unmanaged
    {
        if ((long)m * n > a.Length || (long)m * n > at.Length)
            throw new ArgumentException($"Transpose of [{m}x{n}] does not fit the given buffers ({a.Length}, {at.Length}).");
        const int Block = 32;
        for (int i0 = 0; i0 < m; i0 += Block)
        {
            int i1 = Math.Min(m, i0 + Block);
            for (int j0 = 0; j0 < n; j0 += Block)
            {
                int j1 = Math.Min(n, j0 + Block);
                for (int i = i0; i < i1; i++)
                    for (int j = j0; j < j1; j++)
                        at[j * m + i] = a[i * n + j];
            }
        }
    }

    private static void Check(int m, int n, int k, int aLength, long aNeeded, int bLength, long bNeeded, int cLength, long cNeeded)
    {
        if (m < 0 || n < 0 || k < 0)
            throw new ArgumentOutOfRangeException(nameof(m), $"Matrix sizes must not be negative (M={m}, N={n}, K={k}).");
        if (m == 0 || n == 0) return;
        if (k > 0 && (aLength < aNeeded || bLength < bNeeded) || cLength < cNeeded)
            throw new ArgumentException($"Matrix product M={m}, N={n}, K={k} does not fit the given buffers (A {aLength} of {aNeeded}, B {bLength} of {bNeeded}, C {cLength} of {cNeeded}).");
    }

    // C[i, j] (+)= sum_p A(i, p) · B[p, j], where A(i, p) = a[i * ars + p * acs].
    private static void Kernel<T>(int m, int n, int k, ref T a, int ars, int acs, ref T b, int ldb, ref T c, int ldc, bool accumulate)
        where T : unmanaged, INumberBase<T>
    {
        if (m == 0 || n == 0) return;
        int w = Vector.IsHardwareAccelerated ? Vector<T>.Count : int.MaxValue;
        int i = 0;
        // Blocks of 4 rows.
        for (; i + 4 <= m; i += 4)
        {
            ref T a0 = ref Unsafe.Add(ref a, i * ars);
            ref T a1 = ref Unsafe.Add(ref a0, ars);
            ref T a2 = ref Unsafe.Add(ref a1, ars);
            ref T a3 = ref Unsafe.Add(ref a2, ars);
            ref T c0 = ref Unsafe.Add(ref c, i * ldc);
            ref T c1 = ref Unsafe.Add(ref c0, ldc);
            ref T c2 = ref Unsafe.Add(ref c1, ldc);
            ref T c3 = ref Unsafe.Add(ref c2, ldc);
            int j = 0;
            for (; j + 2 * w <= n; j += 2 * w)
            {
                Vector<T> s00, s01, s10, s11, s20, s21, s30, s31;
                if (accumulate)
                {
                    s00 = Vector.LoadUnsafe(ref c0, (nuint)j); s01 = Vector.LoadUnsafe(ref c0, (nuint)(j + w));
                    s10 = Vector.LoadUnsafe(ref c1, (nuint)j); s11 = Vector.LoadUnsafe(ref c1, (nuint)(j + w));
                    s20 = Vector.LoadUnsafe(ref c2, (nuint)j); s21 = Vector.LoadUnsafe(ref c2, (nuint)(j + w));
                    s30 = Vector.LoadUnsafe(ref c3, (nuint)j); s31 = Vector.LoadUnsafe(ref c3, (nuint)(j + w));
                }
                else
                {
                    s00 = s01 = s10 = s11 = s20 = s21 = s30 = s31 = Vector<T>.Zero;
                }
                ref T bp = ref Unsafe.Add(ref b, j);
                for (int p = 0; p < k; p++)
                {
                    Vector<T> b0 = Vector.LoadUnsafe(ref bp);
                    Vector<T> b1 = Vector.LoadUnsafe(ref bp, (nuint)w);
                    int ap = p * acs;
                    var x0 = new Vector<T>(Unsafe.Add(ref a0, ap));
                    var x1 = new Vector<T>(Unsafe.Add(ref a1, ap));
                    var x2 = new Vector<T>(Unsafe.Add(ref a2, ap));
                    var x3 = new Vector<T>(Unsafe.Add(ref a3, ap));
                    s00 += x0 * b0; s01 += x0 * b1;
                    s10 += x1 * b0; s11 += x1 * b1;
                    s20 += x2 * b0; s21 += x2 * b1;
                    s30 += x3 * b0; s31 += x3 * b1;
                    bp = ref Unsafe.Add(ref bp, ldb);
                }
                s00.StoreUnsafe(ref c0, (nuint)j); s01.StoreUnsafe(ref c0, (nuint)(j + w));
                s10.StoreUnsafe(ref c1, (nuint)j); s11.StoreUnsafe(ref c1, (nuint)(j + w));
                s20.StoreUnsafe(ref c2, (nuint)j); s21.StoreUnsafe(ref c2, (nuint)(j + w));
                s30.StoreUnsafe(ref c3, (nuint)j); s31.StoreUnsafe(ref c3, (nuint)(j + w));
            }
            for (; j + w <= n; j += w)
            {
                Vector<T> s0, s1, s2, s3;
                if (accumulate)
                {
                    s0 = Vector.LoadUnsafe(ref c0, (nuint)j); s1 = Vector.LoadUnsafe(ref c1, (nuint)j);
                    s2 = Vector.LoadUnsafe(ref c2, (nuint)j); s3 = Vector.LoadUnsafe(ref c3, (nuint)j);
                }
                else
                {
                    s0 = s1 = s2 = s3 = Vector<T>.Zero;
                }
                ref T bp = ref Unsafe.Add(ref b, j);
                for (int p = 0; p < k; p++)
                {
                    Vector<T> b0 = Vector.LoadUnsafe(ref bp);
                    int ap = p * acs;
                    s0 += new Vector<T>(Unsafe.Add(ref a0, ap)) * b0;
                    s1 += new Vector<T>(Unsafe.Add(ref a1, ap)) * b0;
                    s2 += new Vector<T>(Unsafe.Add(ref a2, ap)) * b0;
                    s3 += new Vector<T>(Unsafe.Add(ref a3, ap)) * b0;
                    bp = ref Unsafe.Add(ref bp, ldb);
                }
                s0.StoreUnsafe(ref c0, (nuint)j); s1.StoreUnsafe(ref c1, (nuint)j);
                s2.StoreUnsafe(ref c2, (nuint)j); s3.StoreUnsafe(ref c3, (nuint)j);
            }
            for (; j < n; j++)
            {
                T s0 = accumulate ? Unsafe.Add(ref c0, j) : T.Zero;
                T s1 = accumulate ? Unsafe.Add(ref c1, j) : T.Zero;
                T s2 = accumulate ? Unsafe.Add(ref c2, j) : T.Zero;
                T s3 = accumulate ? Unsafe.Add(ref c3, j) : T.Zero;
                for (int p = 0; p < k; p++)
                {
                    T bv = Unsafe.Add(ref b, p * ldb + j);
                    int ap = p * acs;
                    s0 += Unsafe.Add(ref a0, ap) * bv;
                    s1 += Unsafe.Add(ref a1, ap) * bv;
                    s2 += Unsafe.Add(ref a2, ap) * bv;
                    s3 += Unsafe.Add(ref a3, ap) * bv;
                }
                Unsafe.Add(ref c0, j) = s0; Unsafe.Add(ref c1, j) = s1;
                Unsafe.Add(ref c2, j) = s2; Unsafe.Add(ref c3, j) = s3;
            }
        }
        // Remaining rows one at a time.
        for (; i < m; i++)
        {
            ref T a0 = ref Unsafe.Add(ref a, i * ars);
            ref T c0 = ref Unsafe.Add(ref c, i * ldc);
            int j = 0;
            for (; j + w <= n; j += w)
            {
                Vector<T> s0 = accumulate ? Vector.LoadUnsafe(ref c0, (nuint)j) : Vector<T>.Zero;
                ref T bp = ref Unsafe.Add(ref b, j);
                for (int p = 0; p < k; p++)
                {
                    s0 += new Vector<T>(Unsafe.Add(ref a0, p * acs)) * Vector.LoadUnsafe(ref bp);
                    bp = ref Unsafe.Add(ref bp, ldb);
                }
                s0.StoreUnsafe(ref c0, (nuint)j);
            }
            for (; j < n; j++)
            {
                T s0 = accumulate ? Unsafe.Add(ref c0, j) : T.Zero;
                for (int p = 0; p < k; p++)
                    s0 += Unsafe.Add(ref a0, p * acs) * Unsafe.Add(ref b, p * ldb + j);
                Unsafe.Add(ref c0, j) = s0;
            }
        }
    }
}
