using System;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using X86 = System.Runtime.Intrinsics.X86;
using System.Threading;

namespace ModelGen.Numerics;

/// <summary>
/// Matrix products on row-major spans: the only dense kernels the generated forward and backward passes need.
/// </summary>
/// <remarks>
/// With AVX-512 every product is computed by one cache-blocked, packed kernel whose register tile is 12 rows of C by 2
/// vectors of columns (see Gemm.Blocked.cs), with AVX2 and FMA by the same kernel with 6-row tiles of 256-bit vectors;
/// elsewhere, by a 4-row tile of <see cref="Vector{T}"/>. Both read A through
/// two strides, so <c>A·B</c> and <c>Aᵀ·B</c> share them; products with a transposed right operand take a transposed
/// copy of it first (<see cref="Transpose{T}(int, int, ReadOnlySpan{T}, Span{T})"/>), which the generated code keeps in its workspace.
/// </remarks>
public static partial class Gemm
{
    /// <summary>C[M,N] (+)= A[M,K] · B[K,N]. Leading dimensions are the row lengths.</summary>
    public static void Multiply<T>(int m, int n, int k, ReadOnlySpan<T> a, int lda, ReadOnlySpan<T> b, int ldb, Span<T> c, int ldc, bool accumulate)
        where T : unmanaged, INumberBase<T>
    {
        Check(m, n, k, a.Length, (m - 1) * lda + k, b.Length, (k - 1) * ldb + n, c.Length, (m - 1) * ldc + n);
        Run(m, n, k, ref MemoryMarshal.GetReference(a), lda, 1, ref MemoryMarshal.GetReference(b), ldb, ref MemoryMarshal.GetReference(c), ldc, accumulate);
    }

    /// <summary>C[M,N] (+)= Aᵀ · B where A is [K,M] and B is [K,N]: the weight-gradient product dW += dYᵀ·X.</summary>
    public static void MultiplyTransposedA<T>(int m, int n, int k, ReadOnlySpan<T> a, int lda, ReadOnlySpan<T> b, int ldb, Span<T> c, int ldc, bool accumulate)
        where T : unmanaged, INumberBase<T>
    {
        Check(m, n, k, a.Length, (k - 1) * lda + m, b.Length, (k - 1) * ldb + n, c.Length, (m - 1) * ldc + n);
        Run(m, n, k, ref MemoryMarshal.GetReference(a), 1, lda, ref MemoryMarshal.GetReference(b), ldb, ref MemoryMarshal.GetReference(c), ldc, accumulate);
    }

    /// <summary>Products at least this large (M·N·K) use two cores; smaller ones are not worth the hand-off.</summary>
    public const long ParallelThreshold = 1L << 21;

    /// <summary>
    /// Runs the kernel, on two cores for large products: C is split in two halves (by rows, or by columns when it has few
    /// rows), the second half is offered to a dedicated worker thread while this thread does the first. The operands stay
    /// pinned until both halves are done; nothing is allocated. When the worker is busy (another thread's product), this
    /// one runs alone.
    /// </summary>
    private static unsafe void Run<T>(int m, int n, int k, ref T a, int ars, int acs, ref T b, int ldb, ref T c, int ldc, bool accumulate)
        where T : unmanaged, INumberBase<T>
    {
        if ((long)m * n * k < ParallelThreshold || m < 8 || Environment.ProcessorCount < 2 || !Worker.TryAcquire())
        {
            Kernel(m, n, k, ref a, ars, acs, ref b, ldb, ref c, ldc, accumulate);
            return;
        }
        try
        {
            fixed (T* pa = &a, pb = &b, pc = &c)
            {
                if (m >= 8 * TileRows || n < 4 * Vector512<T>.Count)
                {
                    // Many rows: each core takes half of them (whole register tiles) and packs its own copy of B.
                    int half = (m / 2 + TileRows - 1) / TileRows * TileRows;
                    if (half >= m)
                    {
                        Kernel(m, n, k, ref a, ars, acs, ref b, ldb, ref c, ldc, accumulate);
                        return;
                    }
                    Job<T>.Set(m - half, n, k, (nint)(pa + (nint)half * ars), ars, acs, (nint)pb, ldb, (nint)(pc + (nint)half * ldc), ldc, accumulate);
                    Worker.Offer(&Job<T>.Execute);
                    Kernel(half, n, k, ref a, ars, acs, ref b, ldb, ref c, ldc, accumulate);
                }
                else
                {
                    // Few rows (a batch of one time step): split the columns instead, so neither core computes a tile
                    // that is mostly padding.
                    int nr = 2 * Vector512<T>.Count, half = (n / 2 + nr - 1) / nr * nr;
                    Job<T>.Set(m, n - half, k, (nint)pa, ars, acs, (nint)(pb + half), ldb, (nint)(pc + half), ldc, accumulate);
                    Worker.Offer(&Job<T>.Execute);
                    Kernel(m, half, k, ref a, ars, acs, ref b, ldb, ref c, ldc, accumulate);
                }
                Worker.Finish();
            }
        }
        finally
        {
            Worker.Release();
        }
    }

    /// <summary>The second half of a product, for the worker thread (pointers into operands pinned by the caller).</summary>
    private static unsafe class Job<T> where T : unmanaged, INumberBase<T>
    {
        private static int s_m, s_n, s_k, s_ars, s_acs, s_ldb, s_ldc;
        private static nint s_a, s_b, s_c;
        private static bool s_accumulate;

        public static void Set(int m, int n, int k, nint a, int ars, int acs, nint b, int ldb, nint c, int ldc, bool accumulate)
            => (s_m, s_n, s_k, s_a, s_ars, s_acs, s_b, s_ldb, s_c, s_ldc, s_accumulate) = (m, n, k, a, ars, acs, b, ldb, c, ldc, accumulate);

        public static void Execute()
            => Kernel(s_m, s_n, s_k, ref *(T*)s_a, s_ars, s_acs, ref *(T*)s_b, s_ldb, ref *(T*)s_c, s_ldc, s_accumulate);
    }

    /// <summary>
    /// One background thread that runs half of a large product on the second core. Between jobs it spins for up to
    /// <see cref="SpinMicroseconds"/> before it blocks: products come back to back in a training step or a stream of
    /// steps, and waking a blocked thread costs tens of microseconds on a VM. A millisecond outlasts a small model's
    /// serial loop over its time steps (~0.5 ms at H = 128, B = 16) between two large products; with 100 us the worker
    /// fell asleep there, woke late for the weight gradients, and the caller spent 5% of the step waiting for its half
    /// (small LSTM +8% with 1 ms, median of alternating runs). libtorch's OpenMP threads spin for 200 ms.
    /// The half is offered, not handed over: the worker claims it when it gets to it, and a caller done with its own half
    /// while the offer still stands (the worker asleep, or its core busy with another process) takes it back and runs it
    /// itself, so a product on two cores is never slower than on one by more than the offer (a few stores and a wake-up
    /// call).
    /// </summary>
    private static unsafe class Worker
    {
        private const int SpinMicroseconds = 1000;
        private static readonly long s_spinTicks = System.Diagnostics.Stopwatch.Frequency * SpinMicroseconds / 1_000_000;
        private static readonly object s_gate = new();
        private static readonly ManualResetEventSlim s_start = new(false);
        private static delegate*<void> s_work;
        private static Exception? s_error;
        private static Thread? s_thread;
        private static int s_pending;
        // Jobs are numbered; s_open holds the number of the job on offer (0: none), s_finished the last the worker ran.
        private static long s_issued, s_open, s_finished;

        public static bool TryAcquire() => Monitor.TryEnter(s_gate);

        public static void Release() => Monitor.Exit(s_gate);

        /// <summary>Offers <paramref name="work"/> (whose operands the caller has set) to the worker.</summary>
        public static void Offer(delegate*<void> work)
        {
            if (s_thread is null)
            {
                s_thread = new Thread(Loop) { IsBackground = true, Name = "ModelGen GEMM worker" };
                s_thread.Start();
            }
            s_work = work;
            s_error = null;
            Volatile.Write(ref s_open, ++s_issued);
            Volatile.Write(ref s_pending, 1);
            s_start.Set();
        }

        /// <summary>
        /// After the caller's own half: runs the offered half here if the worker has not claimed it, else waits for the
        /// worker to finish it.
        /// </summary>
        public static void Finish()
        {
            long job = s_issued;
            if (Interlocked.CompareExchange(ref s_open, 0, job) == job)
            {
                s_work();
                return;
            }
            // The worker is running it: spin (yielding now and then, should it share this core) until it is done.
            var spinner = new SpinWait();
            while (Volatile.Read(ref s_finished) != job)
            {
                for (int i = 0; i < 64 && Volatile.Read(ref s_finished) != job; i++) Thread.SpinWait(1);
                spinner.SpinOnce(sleep1Threshold: -1);
            }
            if (s_error is { } e) throw new InvalidOperationException("The matrix product's worker thread failed.", e);
        }

        /// <summary>
        /// Spins until <paramref name="flag"/> is set or <see cref="SpinMicroseconds"/> pass; returns whether it was set. The
        /// first fifth spins without yielding, the rest yields the core now and then, so that the other thread, if the
        /// scheduler put it on this core (while a third holds the other), still gets to run.
        /// </summary>
        private static bool SpinUntilSet(ref int flag)
        {
            long start = System.Diagnostics.Stopwatch.GetTimestamp(), now = start;
            var spinner = new SpinWait();
            while (Volatile.Read(ref flag) == 0 && now - start < s_spinTicks)
            {
                if (now - start < s_spinTicks / 5)
                {
                    // One pause per look at the flag: an offer is seen within tens of nanoseconds (SpinWait(20) is
                    // ~20 normalized pauses, most of a microsecond, as long as a small product's half).
                    for (int i = 0; i < 32 && Volatile.Read(ref flag) == 0; i++) Thread.SpinWait(1);
                }
                else spinner.SpinOnce(sleep1Threshold: -1);
                now = System.Diagnostics.Stopwatch.GetTimestamp();
            }
            return Volatile.Read(ref flag) != 0;
        }

        private static void Loop()
        {
            while (true)
            {
                if (!SpinUntilSet(ref s_pending))
                {
                    // Blocked until an offer; a Set left over from one the spin already caught wakes it for nothing.
                    s_start.Wait();
                    s_start.Reset();
                    continue;
                }
                Volatile.Write(ref s_pending, 0);
                // Claim the job on offer, unless the caller took it back (then s_open is 0 or a later job's number,
                // which this claims instead: its operands were set before it was offered).
                long job = Volatile.Read(ref s_open);
                if (job == 0 || Interlocked.CompareExchange(ref s_open, 0, job) != job) continue;
                try
                {
                    s_work();
                }
                catch (Exception e)
                {
                    s_error = e;
                }
                Volatile.Write(ref s_finished, job);
            }
        }
    }

    /// <summary>
    /// Matrix-vector products whose weights take more bytes than this use two cores (single-step inference of an LSTM or
    /// GRU above H = 128 in float). Up to it the weights stay in one core's L2 (1 MB here) from step to step, and one core
    /// streams them (~200 GB/s) faster than two cores with the hand-off between them: LSTM at H = 128 (512 KB) measured
    /// 3.2 us a step on one core against 3.8-4.4 on two; on this VM a busy second core (even one spinning on pauses)
    /// also slows the first one's own work by up to 40%. Beyond it each core keeps its half in its own L2 (LSTM at
    /// H = 256: 16-19 us on two cores, 29 on one).
    /// </summary>
    public const long VectorParallelBytes = 512 * 1024;

    private static bool VectorOnOneCore<T>(int m, long k) where T : unmanaged
        => m * k * Unsafe.SizeOf<T>() <= VectorParallelBytes || m < 32 || Environment.ProcessorCount < 2 || !Worker.TryAcquire();

    /// <summary>
    /// y[M] (+)= A[M,K] · x[K]: a matrix-vector product (single-step inference). Four rows at a time share each load of
    /// x, with 512-bit (or <see cref="Vector{T}"/>) accumulators and one horizontal sum per row at the end; large
    /// products split their rows over two cores like <see cref="Multiply{T}"/>. Allocates nothing.
    /// </summary>
    public static unsafe void MultiplyVector<T>(int m, int k, ReadOnlySpan<T> a, ReadOnlySpan<T> x, Span<T> y, bool accumulate)
        where T : unmanaged, INumberBase<T>
    {
        if (m < 0 || k < 0 || (long)m * k > a.Length || x.Length < k || y.Length < m)
            throw new ArgumentException($"Matrix-vector product [{m}x{k}]·[{k}] does not fit the given buffers ({a.Length}, {x.Length}, {y.Length}).");
        if (m == 0) return;
        ref T pa = ref MemoryMarshal.GetReference(a);
        ref T px = ref MemoryMarshal.GetReference(x);
        ref T py = ref MemoryMarshal.GetReference(y);
        if (VectorOnOneCore<T>(m, k))
        {
            VectorRows(m, k, ref pa, ref px, ref py, accumulate);
            return;
        }
        try
        {
            fixed (T* ap = &pa, xp = &px, yp = &py)
            {
                int half = (m / 2 + 3) & ~3;
                VectorJob<T>.Set(m - half, k, (nint)(ap + (long)half * k), (nint)xp, (nint)(yp + half), accumulate);
                Worker.Offer(&VectorJob<T>.Execute);
                VectorRows(half, k, ref pa, ref px, ref py, accumulate);
                Worker.Finish();
            }
        }
        finally
        {
            Worker.Release();
        }
    }

    /// <summary>
    /// y[M] = A1[M,K1] · x1[K1] + A2[M,K2] · x2[K2]: the two products of a recurrent layer's step (W_ih x + W_hh h) in
    /// one pass over the rows, so each row's sum is reduced and stored once. Large ones split over two cores.
    /// </summary>
    public static unsafe void MultiplyVectorPair<T>(int m, int k1, ReadOnlySpan<T> a1, ReadOnlySpan<T> x1, int k2, ReadOnlySpan<T> a2, ReadOnlySpan<T> x2, Span<T> y)
        where T : unmanaged, INumberBase<T>
    {
        if (m < 0 || k1 < 0 || k2 < 0 || (long)m * k1 > a1.Length || (long)m * k2 > a2.Length || x1.Length < k1 || x2.Length < k2 || y.Length < m)
            throw new ArgumentException($"Matrix-vector products [{m}x{k1}]·[{k1}] + [{m}x{k2}]·[{k2}] do not fit the given buffers ({a1.Length}, {x1.Length}, {a2.Length}, {x2.Length}, {y.Length}).");
        if (m == 0) return;
        ref T pa1 = ref MemoryMarshal.GetReference(a1), px1 = ref MemoryMarshal.GetReference(x1);
        ref T pa2 = ref MemoryMarshal.GetReference(a2), px2 = ref MemoryMarshal.GetReference(x2);
        ref T py = ref MemoryMarshal.GetReference(y);
        if (VectorOnOneCore<T>(m, (long)k1 + k2))
        {
            VectorPairRows(m, k1, ref pa1, ref px1, k2, ref pa2, ref px2, ref py);
            return;
        }
        try
        {
            fixed (T* a1p = &pa1, x1p = &px1, a2p = &pa2, x2p = &px2, yp = &py)
            {
                int half = (m / 2 + 3) & ~3;
                VectorPairJob<T>.Set(m - half, k1, (nint)(a1p + (long)half * k1), (nint)x1p, k2, (nint)(a2p + (long)half * k2), (nint)x2p, (nint)(yp + half));
                Worker.Offer(&VectorPairJob<T>.Execute);
                VectorPairRows(half, k1, ref pa1, ref px1, k2, ref pa2, ref px2, ref py);
                Worker.Finish();
            }
        }
        finally
        {
            Worker.Release();
        }
    }

    /// <summary>
    /// y1[M] = A1[M,K1] · x1[K1] and y2[M] = A2[M,K2] · x2[K2]: two products of the same height kept apart (a GRU step's
    /// W_ih x and W_hh h, which its candidate gate needs separately) in one call, so that together they are large enough
    /// to split over two cores: each core takes the same half of the rows of both.
    /// </summary>
    public static unsafe void MultiplyVectorTwo<T>(int m, int k1, ReadOnlySpan<T> a1, ReadOnlySpan<T> x1, Span<T> y1, int k2, ReadOnlySpan<T> a2, ReadOnlySpan<T> x2, Span<T> y2)
        where T : unmanaged, INumberBase<T>
    {
        if (m < 0 || k1 < 0 || k2 < 0 || (long)m * k1 > a1.Length || (long)m * k2 > a2.Length || x1.Length < k1 || x2.Length < k2 || y1.Length < m || y2.Length < m)
            throw new ArgumentException($"Matrix-vector products [{m}x{k1}]·[{k1}] and [{m}x{k2}]·[{k2}] do not fit the given buffers ({a1.Length}, {x1.Length}, {y1.Length}, {a2.Length}, {x2.Length}, {y2.Length}).");
        if (m == 0) return;
        ref T pa1 = ref MemoryMarshal.GetReference(a1), px1 = ref MemoryMarshal.GetReference(x1), py1 = ref MemoryMarshal.GetReference(y1);
        ref T pa2 = ref MemoryMarshal.GetReference(a2), px2 = ref MemoryMarshal.GetReference(x2), py2 = ref MemoryMarshal.GetReference(y2);
        if (VectorOnOneCore<T>(m, (long)k1 + k2))
        {
            VectorRows(m, k1, ref pa1, ref px1, ref py1, accumulate: false);
            VectorRows(m, k2, ref pa2, ref px2, ref py2, accumulate: false);
            return;
        }
        try
        {
            fixed (T* a1p = &pa1, x1p = &px1, y1p = &py1, a2p = &pa2, x2p = &px2, y2p = &py2)
            {
                int half = (m / 2 + 3) & ~3;
                VectorTwoJob<T>.Set(m - half, k1, (nint)(a1p + (long)half * k1), (nint)x1p, (nint)(y1p + half), k2, (nint)(a2p + (long)half * k2), (nint)x2p, (nint)(y2p + half));
                Worker.Offer(&VectorTwoJob<T>.Execute);
                VectorRows(half, k1, ref pa1, ref px1, ref py1, accumulate: false);
                VectorRows(half, k2, ref pa2, ref px2, ref py2, accumulate: false);
                Worker.Finish();
            }
        }
        finally
        {
            Worker.Release();
        }
    }

    /// <summary>The second half of two separate matrix-vector products, for the worker thread.</summary>
    private static unsafe class VectorTwoJob<T> where T : unmanaged, INumberBase<T>
    {
        private static int s_m, s_k1, s_k2;
        private static nint s_a1, s_x1, s_y1, s_a2, s_x2, s_y2;

        public static void Set(int m, int k1, nint a1, nint x1, nint y1, int k2, nint a2, nint x2, nint y2)
            => (s_m, s_k1, s_a1, s_x1, s_y1, s_k2, s_a2, s_x2, s_y2) = (m, k1, a1, x1, y1, k2, a2, x2, y2);

        public static void Execute()
        {
            VectorRows(s_m, s_k1, ref *(T*)s_a1, ref *(T*)s_x1, ref *(T*)s_y1, accumulate: false);
            VectorRows(s_m, s_k2, ref *(T*)s_a2, ref *(T*)s_x2, ref *(T*)s_y2, accumulate: false);
        }
    }

    /// <summary>The second half of a pair of matrix-vector products, for the worker thread.</summary>
    private static unsafe class VectorPairJob<T> where T : unmanaged, INumberBase<T>
    {
        private static int s_m, s_k1, s_k2;
        private static nint s_a1, s_x1, s_a2, s_x2, s_y;

        public static void Set(int m, int k1, nint a1, nint x1, int k2, nint a2, nint x2, nint y)
            => (s_m, s_k1, s_a1, s_x1, s_k2, s_a2, s_x2, s_y) = (m, k1, a1, x1, k2, a2, x2, y);

        public static void Execute()
            => VectorPairRows(s_m, s_k1, ref *(T*)s_a1, ref *(T*)s_x1, s_k2, ref *(T*)s_a2, ref *(T*)s_x2, ref *(T*)s_y);
    }

    // y[i] = A1[i, :] · x1 + A2[i, :] · x2 for i < m: four rows per pass with AVX-512, else two passes of VectorRows.
    private static void VectorPairRows<T>(int m, int k1, ref T a1, ref T x1, int k2, ref T a2, ref T x2, ref T y) where T : unmanaged, INumberBase<T>
    {
        if (IsShortRow<T>(k1) && IsShortRow<T>(k2))
        {
            ShortRowPairs(m, k1, ref Unsafe.As<T, float>(ref a1), ref Unsafe.As<T, float>(ref x1), k2, ref Unsafe.As<T, float>(ref a2), ref Unsafe.As<T, float>(ref x2), ref Unsafe.As<T, float>(ref y));
            return;
        }
        int i = 0;
        if (Vector512.IsHardwareAccelerated && Vector512<T>.IsSupported)
            for (; i <= m - 4; i += 4)
                FourDotPairs512(k1, ref Unsafe.Add(ref a1, (nint)i * k1), ref x1, k2, ref Unsafe.Add(ref a2, (nint)i * k2), ref x2, ref Unsafe.Add(ref y, i));
        if (i < m)
        {
            VectorRows(m - i, k1, ref Unsafe.Add(ref a1, (nint)i * k1), ref x1, ref Unsafe.Add(ref y, i), accumulate: false);
            VectorRows(m - i, k2, ref Unsafe.Add(ref a2, (nint)i * k2), ref x2, ref Unsafe.Add(ref y, i), accumulate: true);
        }
    }

    /// <summary>The second half of a matrix-vector product, for the worker thread (pointers pinned by the caller).</summary>
    private static unsafe class VectorJob<T> where T : unmanaged, INumberBase<T>
    {
        private static int s_m, s_k;
        private static nint s_a, s_x, s_y;
        private static bool s_accumulate;

        public static void Set(int m, int k, nint a, nint x, nint y, bool accumulate)
            => (s_m, s_k, s_a, s_x, s_y, s_accumulate) = (m, k, a, x, y, accumulate);

        public static void Execute() => VectorRows(s_m, s_k, ref *(T*)s_a, ref *(T*)s_x, ref *(T*)s_y, s_accumulate);
    }

    // y[i] (+)= A[i, :] · x for i < m, four rows per pass over x.
    private static void VectorRows<T>(int m, int k, ref T a, ref T x, ref T y, bool accumulate) where T : unmanaged, INumberBase<T>
    {
        if (IsShortRow<T>(k))
        {
            ShortRows(m, k, ref Unsafe.As<T, float>(ref a), ref Unsafe.As<T, float>(ref x), ref Unsafe.As<T, float>(ref y), accumulate);
            return;
        }
        int i = 0;
        if (Vector512.IsHardwareAccelerated && Vector512<T>.IsSupported && k >= Vector512<T>.Count)
            for (; i <= m - 4; i += 4) FourDots512(k, ref Unsafe.Add(ref a, (nint)i * k), ref x, ref Unsafe.Add(ref y, i), accumulate);
        else if (Vector.IsHardwareAccelerated && k >= Vector<T>.Count)
            for (; i <= m - 4; i += 4) FourDots(k, ref Unsafe.Add(ref a, (nint)i * k), ref x, ref Unsafe.Add(ref y, i), accumulate);
        for (; i < m; i++)
        {
            T dot = Dot(MemoryMarshal.CreateReadOnlySpan(ref Unsafe.Add(ref a, (nint)i * k), k), MemoryMarshal.CreateReadOnlySpan(ref x, k));
            Unsafe.Add(ref y, i) = accumulate ? Unsafe.Add(ref y, i) + dot : dot;
        }
    }

    // y[0..3] (+)= rows 0..3 of A (row length k) · x, with 512-bit accumulators; the last k % 16 columns by scalars.
    private static void FourDots512<T>(int k, ref T a, ref T x, ref T y, bool accumulate) where T : unmanaged, INumberBase<T>
    {
        Vector512<T> s0 = default, s1 = default, s2 = default, s3 = default;
        int p = AccumulateFour512(k, ref a, ref x, ref s0, ref s1, ref s2, ref s3);
        T d0 = Vector512.Sum(s0), d1 = Vector512.Sum(s1), d2 = Vector512.Sum(s2), d3 = Vector512.Sum(s3);
        TailFour(p, k, ref a, ref x, ref d0, ref d1, ref d2, ref d3);
        Store4(ref y, d0, d1, d2, d3, accumulate);
    }

    // y[0..3] = rows 0..3 of A1 · x1 + rows 0..3 of A2 · x2 (a layer's W_ih x + W_hh h) in one set of accumulators.
    private static void FourDotPairs512<T>(int k1, ref T a1, ref T x1, int k2, ref T a2, ref T x2, ref T y) where T : unmanaged, INumberBase<T>
    {
        Vector512<T> s0 = default, s1 = default, s2 = default, s3 = default;
        int p1 = AccumulateFour512(k1, ref a1, ref x1, ref s0, ref s1, ref s2, ref s3);
        int p2 = AccumulateFour512(k2, ref a2, ref x2, ref s0, ref s1, ref s2, ref s3);
        T d0 = Vector512.Sum(s0), d1 = Vector512.Sum(s1), d2 = Vector512.Sum(s2), d3 = Vector512.Sum(s3);
        TailFour(p1, k1, ref a1, ref x1, ref d0, ref d1, ref d2, ref d3);
        TailFour(p2, k2, ref a2, ref x2, ref d0, ref d1, ref d2, ref d3);
        Store4(ref y, d0, d1, d2, d3, accumulate: false);
    }

    // s0..s3 += rows 0..3 of A (row length k) · x over the whole vectors of the row; returns the first column left over.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static int AccumulateFour512<T>(int k, ref T a, ref T x, ref Vector512<T> s0, ref Vector512<T> s1, ref Vector512<T> s2, ref Vector512<T> s3)
        where T : unmanaged, INumberBase<T>
    {
        int w = Vector512<T>.Count, p = 0;
        ref T a1 = ref Unsafe.Add(ref a, k), a2 = ref Unsafe.Add(ref a, 2 * k), a3 = ref Unsafe.Add(ref a, 3 * k);
        if (typeof(T) == typeof(float))
        {
            // Fused multiply-adds: one instruction per row and chunk instead of two.
            ref float fa = ref Unsafe.As<T, float>(ref a), fa1 = ref Unsafe.As<T, float>(ref a1), fa2 = ref Unsafe.As<T, float>(ref a2), fa3 = ref Unsafe.As<T, float>(ref a3);
            ref float fx = ref Unsafe.As<T, float>(ref x);
            Vector512<float> f0 = s0.As<T, float>(), f1 = s1.As<T, float>(), f2 = s2.As<T, float>(), f3 = s3.As<T, float>();
            // Two chunks per pass into two sets of accumulators: eight independent chains of fused multiply-adds keep
            // both FMA units busy while the rows stream in from L2 (four chains wait on the FMA latency).
            Vector512<float> g0 = default, g1 = default, g2 = default, g3 = default;
            for (; p <= k - 2 * w; p += 2 * w)
            {
                Vector512<float> xv = Vector512.LoadUnsafe(ref fx, (nuint)p), xw = Vector512.LoadUnsafe(ref fx, (nuint)(p + w));
                f0 = Vector512.FusedMultiplyAdd(Vector512.LoadUnsafe(ref fa, (nuint)p), xv, f0);
                f1 = Vector512.FusedMultiplyAdd(Vector512.LoadUnsafe(ref fa1, (nuint)p), xv, f1);
                f2 = Vector512.FusedMultiplyAdd(Vector512.LoadUnsafe(ref fa2, (nuint)p), xv, f2);
                f3 = Vector512.FusedMultiplyAdd(Vector512.LoadUnsafe(ref fa3, (nuint)p), xv, f3);
                g0 = Vector512.FusedMultiplyAdd(Vector512.LoadUnsafe(ref fa, (nuint)(p + w)), xw, g0);
                g1 = Vector512.FusedMultiplyAdd(Vector512.LoadUnsafe(ref fa1, (nuint)(p + w)), xw, g1);
                g2 = Vector512.FusedMultiplyAdd(Vector512.LoadUnsafe(ref fa2, (nuint)(p + w)), xw, g2);
                g3 = Vector512.FusedMultiplyAdd(Vector512.LoadUnsafe(ref fa3, (nuint)(p + w)), xw, g3);
            }
            (f0, f1, f2, f3) = (f0 + g0, f1 + g1, f2 + g2, f3 + g3);
            for (; p <= k - w; p += w)
            {
                Vector512<float> xv = Vector512.LoadUnsafe(ref fx, (nuint)p);
                f0 = Vector512.FusedMultiplyAdd(Vector512.LoadUnsafe(ref fa, (nuint)p), xv, f0);
                f1 = Vector512.FusedMultiplyAdd(Vector512.LoadUnsafe(ref fa1, (nuint)p), xv, f1);
                f2 = Vector512.FusedMultiplyAdd(Vector512.LoadUnsafe(ref fa2, (nuint)p), xv, f2);
                f3 = Vector512.FusedMultiplyAdd(Vector512.LoadUnsafe(ref fa3, (nuint)p), xv, f3);
            }
            (s0, s1, s2, s3) = (f0.As<float, T>(), f1.As<float, T>(), f2.As<float, T>(), f3.As<float, T>());
            return p;
        }
        for (; p <= k - w; p += w)
        {
            Vector512<T> xv = Vector512.LoadUnsafe(ref x, (nuint)p);
            s0 += Vector512.LoadUnsafe(ref a, (nuint)p) * xv;
            s1 += Vector512.LoadUnsafe(ref a1, (nuint)p) * xv;
            s2 += Vector512.LoadUnsafe(ref a2, (nuint)p) * xv;
            s3 += Vector512.LoadUnsafe(ref a3, (nuint)p) * xv;
        }
        return p;
    }

    // d0..d3 += rows 0..3 of A (row length k) · x over columns [from, k).
    private static void TailFour<T>(int from, int k, ref T a, ref T x, ref T d0, ref T d1, ref T d2, ref T d3) where T : unmanaged, INumberBase<T>
    {
        ref T a1 = ref Unsafe.Add(ref a, k), a2 = ref Unsafe.Add(ref a, 2 * k), a3 = ref Unsafe.Add(ref a, 3 * k);
        for (int p = from; p < k; p++)
        {
            T xp = Unsafe.Add(ref x, p);
            d0 += Unsafe.Add(ref a, p) * xp;
            d1 += Unsafe.Add(ref a1, p) * xp;
            d2 += Unsafe.Add(ref a2, p) * xp;
            d3 += Unsafe.Add(ref a3, p) * xp;
        }
    }

    // The same with Vector<T> (256-bit where AVX-512 is missing).
    private static void FourDots<T>(int k, ref T a, ref T x, ref T y, bool accumulate) where T : unmanaged, INumberBase<T>
    {
        int w = Vector<T>.Count, p = 0;
        ref T a1 = ref Unsafe.Add(ref a, k), a2 = ref Unsafe.Add(ref a, 2 * k), a3 = ref Unsafe.Add(ref a, 3 * k);
        Vector<T> s0 = default, s1 = default, s2 = default, s3 = default;
        for (; p <= k - w; p += w)
        {
            Vector<T> xv = Vector.LoadUnsafe(ref x, (nuint)p);
            s0 += Vector.LoadUnsafe(ref a, (nuint)p) * xv;
            s1 += Vector.LoadUnsafe(ref a1, (nuint)p) * xv;
            s2 += Vector.LoadUnsafe(ref a2, (nuint)p) * xv;
            s3 += Vector.LoadUnsafe(ref a3, (nuint)p) * xv;
        }
        T d0 = Vector.Sum(s0), d1 = Vector.Sum(s1), d2 = Vector.Sum(s2), d3 = Vector.Sum(s3);
        for (; p < k; p++)
        {
            T xp = Unsafe.Add(ref x, p);
            d0 += Unsafe.Add(ref a, p) * xp;
            d1 += Unsafe.Add(ref a1, p) * xp;
            d2 += Unsafe.Add(ref a2, p) * xp;
            d3 += Unsafe.Add(ref a3, p) * xp;
        }
        Store4(ref y, d0, d1, d2, d3, accumulate);
    }

    private static void Store4<T>(ref T y, T d0, T d1, T d2, T d3, bool accumulate) where T : unmanaged, INumberBase<T>
    {
        if (accumulate)
        {
            y += d0;
            Unsafe.Add(ref y, 1) += d1;
            Unsafe.Add(ref y, 2) += d2;
            Unsafe.Add(ref y, 3) += d3;
        }
        else
        {
            y = d0;
            Unsafe.Add(ref y, 1) = d1;
            Unsafe.Add(ref y, 2) = d2;
            Unsafe.Add(ref y, 3) = d3;
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
    public static void Transpose<T>(int m, int n, ReadOnlySpan<T> a, Span<T> at) where T : unmanaged => Transpose(m, n, a, at, m);

    /// <summary>
    /// Writes the transpose of A[M,N] into AT[N,M] whose rows are <paramref name="ldat"/> ≥ M apart (the columns past M
    /// are left as they are). A padded row length keeps a panel of AT read in place off a few L1 sets when M is a
    /// multiple of 1 KB's worth of elements (see the generated code's W_hhᵀ).
    /// </summary>
    public static void Transpose<T>(int m, int n, ReadOnlySpan<T> a, Span<T> at, int ldat) where T : unmanaged
    {
        if (ldat < m)
            throw new ArgumentOutOfRangeException(nameof(ldat), $"The transpose's rows ({ldat} apart) must hold M = {m} elements.");
        if ((long)m * n > a.Length || n > 0 && (long)(n - 1) * ldat + m > at.Length)
            throw new ArgumentException($"Transpose of [{m}x{n}] does not fit the given buffers ({a.Length}, {at.Length} with rows {ldat} apart).");
        // Blocks of 8 x 8, swept down A's rows for 8 columns at a time: the 8 rows of AT being written advance in step,
        // each line filled by two consecutive blocks. They are m apart, a power of two in most models, so they share one
        // L1 cache set: 8 lines fit its 12 ways (blocks of 32 across A's rows did not, and every store missed: 6.8 ms
        // instead of about 1 for 2048 x 512).
        const int Block = 8;
        ref T src = ref MemoryMarshal.GetReference(a);
        ref T dst = ref MemoryMarshal.GetReference(at);
        for (int j0 = 0; j0 < n; j0 += Block)
        {
            int j1 = Math.Min(n, j0 + Block);
            for (int i0 = 0; i0 < m; i0 += Block)
            {
                int i1 = Math.Min(m, i0 + Block);
                if (typeof(T) == typeof(float) && X86.Avx.IsSupported && i1 - i0 == Block && j1 - j0 == Block)
                {
                    Transpose8x8(ref Unsafe.As<T, float>(ref Unsafe.Add(ref src, (nint)i0 * n + j0)), n,
                        ref Unsafe.As<T, float>(ref Unsafe.Add(ref dst, (nint)j0 * ldat + i0)), ldat);
                    continue;
                }
                for (int i = i0; i < i1; i++)
                {
                    ref T row = ref Unsafe.Add(ref src, (nint)i * n);
                    for (int j = j0; j < j1; j++) Unsafe.Add(ref dst, (nint)j * ldat + i) = Unsafe.Add(ref row, j);
                }
            }
        }
    }

    /// <summary>
    /// An 8 x 8 block of floats transposed in registers (eight 256-bit loads, three rounds of unpack/shuffle/permute,
    /// eight stores) instead of 64 scalar moves.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Transpose8x8(ref float a, int lda, ref float at, int ldat)
    {
        Vector256<float> r0 = Vector256.LoadUnsafe(ref a), r1 = Vector256.LoadUnsafe(ref a, (nuint)lda);
        Vector256<float> r2 = Vector256.LoadUnsafe(ref a, (nuint)(2 * lda)), r3 = Vector256.LoadUnsafe(ref a, (nuint)(3 * lda));
        Vector256<float> r4 = Vector256.LoadUnsafe(ref a, (nuint)(4 * lda)), r5 = Vector256.LoadUnsafe(ref a, (nuint)(5 * lda));
        Vector256<float> r6 = Vector256.LoadUnsafe(ref a, (nuint)(6 * lda)), r7 = Vector256.LoadUnsafe(ref a, (nuint)(7 * lda));
        // Interleave pairs of rows, then pairs of pairs: each 128-bit lane then holds a 4 x 4 transpose.
        Vector256<float> t0 = X86.Avx.UnpackLow(r0, r1), t1 = X86.Avx.UnpackHigh(r0, r1);
        Vector256<float> t2 = X86.Avx.UnpackLow(r2, r3), t3 = X86.Avx.UnpackHigh(r2, r3);
        Vector256<float> t4 = X86.Avx.UnpackLow(r4, r5), t5 = X86.Avx.UnpackHigh(r4, r5);
        Vector256<float> t6 = X86.Avx.UnpackLow(r6, r7), t7 = X86.Avx.UnpackHigh(r6, r7);
        Vector256<float> s0 = X86.Avx.Shuffle(t0, t2, 0x44), s1 = X86.Avx.Shuffle(t0, t2, 0xEE);
        Vector256<float> s2 = X86.Avx.Shuffle(t1, t3, 0x44), s3 = X86.Avx.Shuffle(t1, t3, 0xEE);
        Vector256<float> s4 = X86.Avx.Shuffle(t4, t6, 0x44), s5 = X86.Avx.Shuffle(t4, t6, 0xEE);
        Vector256<float> s6 = X86.Avx.Shuffle(t5, t7, 0x44), s7 = X86.Avx.Shuffle(t5, t7, 0xEE);
        // Rows 0-3 and 4-7 of the result: the low lanes of (s, s + 4), then the high lanes.
        X86.Avx.Permute2x128(s0, s4, 0x20).StoreUnsafe(ref at);
        X86.Avx.Permute2x128(s1, s5, 0x20).StoreUnsafe(ref at, (nuint)ldat);
        X86.Avx.Permute2x128(s2, s6, 0x20).StoreUnsafe(ref at, (nuint)(2 * ldat));
        X86.Avx.Permute2x128(s3, s7, 0x20).StoreUnsafe(ref at, (nuint)(3 * ldat));
        X86.Avx.Permute2x128(s0, s4, 0x31).StoreUnsafe(ref at, (nuint)(4 * ldat));
        X86.Avx.Permute2x128(s1, s5, 0x31).StoreUnsafe(ref at, (nuint)(5 * ldat));
        X86.Avx.Permute2x128(s2, s6, 0x31).StoreUnsafe(ref at, (nuint)(6 * ldat));
        X86.Avx.Permute2x128(s3, s7, 0x31).StoreUnsafe(ref at, (nuint)(7 * ldat));
    }

    private static void Check(int m, int n, int k, int aLength, long aNeeded, int bLength, long bNeeded, int cLength, long cNeeded)
    {
        if (m < 0 || n < 0 || k < 0)
            throw new ArgumentOutOfRangeException(nameof(m), $"Matrix sizes must not be negative (M={m}, N={n}, K={k}).");
        if (m == 0 || n == 0) return;
        if (k > 0 && (aLength < aNeeded || bLength < bNeeded) || cLength < cNeeded)
            throw new ArgumentException($"Matrix product M={m}, N={n}, K={k} does not fit the given buffers (A {aLength} of {aNeeded}, B {bLength} of {bNeeded}, C {cLength} of {cNeeded}).");
    }

    // Cache blocking: B is packed KC rows x NC columns at a time into panels of PanelVectors vectors, so the micro-kernel
    // streams it from L1/L2 while 4 rows of A are broadcast against it.
    private const int KC = 256, NC = 2048, PanelVectors = 2;

    /// <summary>A packing buffer per thread, allocated once.</summary>
    private static class PackBuffer<T> where T : unmanaged
    {
        [ThreadStatic] private static T[]? t_buffer;
        [ThreadStatic] private static ArraySegment<T> t_aligned;

        public static T[] Get(int length)
        {
            T[]? buffer = t_buffer;
            if (buffer is null || buffer.Length < length) t_buffer = buffer = new T[length];
            return buffer;
        }

        /// <summary>
        /// <paramref name="length"/> elements starting on a 64-byte boundary (<see cref="AlignedBuffer"/>): a 512-bit load
        /// from a packed panel then reads one cache line instead of straddling two.
        /// </summary>
        public static ref T GetAligned(int length)
        {
            ArraySegment<T> buffer = t_aligned;
            if (buffer.Array is null || buffer.Count < length) t_aligned = buffer = AlignedBuffer.Allocate<T>(length);
            return ref buffer.Array![buffer.Offset];
        }
    }

    // C[i, j] (+)= sum_p A(i, p) · B[p, j], where A(i, p) = a[i * ars + p * acs].
    private static void Kernel<T>(int m, int n, int k, ref T a, int ars, int acs, ref T b, int ldb, ref T c, int ldc, bool accumulate)
        where T : unmanaged, INumberBase<T>
    {
        if (m == 0 || n == 0) return;
        if (k == 0)
        {
            if (!accumulate)
                for (int i = 0; i < m; i++) MemoryMarshal.CreateSpan(ref Unsafe.Add(ref c, i * ldc), n).Clear();
            return;
        }
        bool wide = Vector512.IsHardwareAccelerated && Vector512<T>.IsSupported;
        int w = wide ? Vector512<T>.Count : Vector<T>.Count;
        if (!wide && !Vector.IsHardwareAccelerated)
        {
            Scalar(m, n, k, ref a, ars, acs, ref b, ldb, ref c, ldc, accumulate);
            return;
        }
        if (n < w)
        {
            // Narrower than a vector (a layer's input of a few features): vectorize along K or M instead.
            if (acs == 1) NarrowByDots(m, n, k, ref a, ars, ref b, ldb, ref c, ldc, accumulate);
            else if (ars == 1) NarrowByRows(m, n, k, ref a, acs, ref b, ldb, ref c, ldc, accumulate);
            else Scalar(m, n, k, ref a, ars, acs, ref b, ldb, ref c, ldc, accumulate);
            return;
        }
        if (wide)
        {
            Blocked(wide: true, m, n, k, ref a, ars, acs, ref b, ldb, ref c, ldc, accumulate);
            return;
        }
        if (Vector256.IsHardwareAccelerated && Vector256<T>.IsSupported && X86.Fma.IsSupported && n >= Vector256<T>.Count)
        {
            Blocked(wide: false, m, n, k, ref a, ars, acs, ref b, ldb, ref c, ldc, accumulate);
            return;
        }
        // Neither AVX-512 nor AVX2 with FMA (ARM, older x64): the 4 x 2-vector kernel over packed panels of B.
        int panel = PanelVectors * w;
        T[] pack = PackBuffer<T>.Get(KC * (NC + panel));
        for (int k0 = 0; k0 < k; k0 += KC)
        {
            int kc = Math.Min(KC, k - k0);
            bool add = accumulate || k0 > 0;
            for (int j0 = 0; j0 < n; j0 += NC)
            {
                int nc = Math.Min(NC, n - j0);
                int panels = (nc + panel - 1) / panel;
                // Pack B[k0 .. k0 + kc, j0 .. j0 + nc] as panels [panel][p][panel width], the last one zero-padded.
                for (int q = 0; q < panels; q++)
                    PackPanel(ref Unsafe.Add(ref b, k0 * ldb + j0 + q * panel), ldb, kc, Math.Min(panel, nc - q * panel), panel, pack.AsSpan(q * kc * panel, kc * panel));
                ref T a0base = ref Unsafe.Add(ref a, k0 * acs);
                int i = 0;
                for (; i + 4 <= m; i += 4)
                    for (int q = 0; q < panels; q++)
                        Micro4(kc, ref Unsafe.Add(ref a0base, i * ars), ars, acs, ref pack[q * kc * panel],
                            ref Unsafe.Add(ref c, i * ldc + j0 + q * panel), ldc, Math.Min(panel, nc - q * panel), add);
                for (; i < m; i++)
                    for (int q = 0; q < panels; q++)
                        Micro1(kc, ref Unsafe.Add(ref a0base, i * ars), acs, ref pack[q * kc * panel],
                            ref Unsafe.Add(ref c, i * ldc + j0 + q * panel), Math.Min(panel, nc - q * panel), add);
            }
        }
    }

    /// <summary>4 rows of C by one packed panel of 2 vectors: 8 accumulators in registers over the whole kc.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Micro4<T>(int kc, ref T a, int ars, int acs, ref T bp, ref T c, int ldc, int width, bool add)
        where T : unmanaged, INumberBase<T>
    {
        int w = Vector<T>.Count;
        Vector<T> s00 = default, s01 = default, s10 = default, s11 = default, s20 = default, s21 = default, s30 = default, s31 = default;
        ref T a1 = ref Unsafe.Add(ref a, ars);
        ref T a2 = ref Unsafe.Add(ref a1, ars);
        ref T a3 = ref Unsafe.Add(ref a2, ars);
        for (int p = 0; p < kc; p++)
        {
            Vector<T> b0 = Vector.LoadUnsafe(ref bp, (nuint)(p * 2 * w));
            Vector<T> b1 = Vector.LoadUnsafe(ref bp, (nuint)(p * 2 * w + w));
            int ap = p * acs;
            var x0 = new Vector<T>(Unsafe.Add(ref a, ap));
            var x1 = new Vector<T>(Unsafe.Add(ref a1, ap));
            var x2 = new Vector<T>(Unsafe.Add(ref a2, ap));
            var x3 = new Vector<T>(Unsafe.Add(ref a3, ap));
            s00 += x0 * b0; s01 += x0 * b1;
            s10 += x1 * b0; s11 += x1 * b1;
            s20 += x2 * b0; s21 += x2 * b1;
            s30 += x3 * b0; s31 += x3 * b1;
        }
        Store(ref c, s00, s01, width, add);
        Store(ref Unsafe.Add(ref c, ldc), s10, s11, width, add);
        Store(ref Unsafe.Add(ref c, 2 * ldc), s20, s21, width, add);
        Store(ref Unsafe.Add(ref c, 3 * ldc), s30, s31, width, add);
    }

    /// <summary>Copies <paramref name="rows"/> rows of <paramref name="width"/> columns of B to <paramref name="dst"/> as rows of <paramref name="panel"/>, zero-padded.</summary>
    private static void PackPanel<T>(ref T b, int ldb, int rows, int width, int panel, Span<T> dst) where T : unmanaged, INumberBase<T>
    {
        for (int p = 0; p < rows; p++)
        {
            Span<T> row = dst.Slice(p * panel, panel);
            MemoryMarshal.CreateReadOnlySpan(ref Unsafe.Add(ref b, p * ldb), width).CopyTo(row);
            if (width < panel) row[width..].Clear();
        }
    }

    /// <summary>
    /// N narrower than a vector, A's rows contiguous (C = A·B with B of a few columns): B's columns are copied to rows,
    /// then every C[i, j] is one vectorized dot product over K.
    /// </summary>
    private static void NarrowByDots<T>(int m, int n, int k, ref T a, int ars, ref T b, int ldb, ref T c, int ldc, bool accumulate)
        where T : unmanaged, INumberBase<T>
    {
        T[] bt = PackBuffer<T>.Get(n * k);
        for (int p = 0; p < k; p++)
            for (int j = 0; j < n; j++)
                bt[j * k + p] = Unsafe.Add(ref b, p * ldb + j);
        for (int i = 0; i < m; i++)
        {
            ReadOnlySpan<T> row = MemoryMarshal.CreateReadOnlySpan(ref Unsafe.Add(ref a, i * ars), k);
            for (int j = 0; j < n; j++)
            {
                T dot = Dot(row, bt.AsSpan(j * k, k));
                ref T target = ref Unsafe.Add(ref c, i * ldc + j);
                target = accumulate ? target + dot : dot;
            }
        }
    }

    /// <summary>
    /// N narrower than a vector, A's columns contiguous (C = Aᵀ·B, the weight gradient of a layer with a few inputs): for
    /// every step p, column j of C gains B[p, j] times row p of A, a vectorized AXPY over M into a transposed copy of C.
    /// </summary>
    private static void NarrowByRows<T>(int m, int n, int k, ref T a, int acs, ref T b, int ldb, ref T c, int ldc, bool accumulate)
        where T : unmanaged, INumberBase<T>
    {
        T[] ct = PackBuffer<T>.Get(n * m);
        Span<T> cts = ct.AsSpan(0, n * m);
        cts.Clear();
        for (int p = 0; p < k; p++)
        {
            ref T ap = ref Unsafe.Add(ref a, p * acs);
            for (int j = 0; j < n; j++)
                Axpy(m, Unsafe.Add(ref b, p * ldb + j), ref ap, ref ct[j * m]);
        }
        for (int i = 0; i < m; i++)
            for (int j = 0; j < n; j++)
            {
                ref T target = ref Unsafe.Add(ref c, i * ldc + j);
                target = accumulate ? target + ct[j * m + i] : ct[j * m + i];
            }
    }

    /// <summary>y[0..n) += alpha · x[0..n).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Axpy<T>(int n, T alpha, ref T x, ref T y) where T : unmanaged, INumberBase<T>
    {
        int i = 0;
        if (Vector.IsHardwareAccelerated && n >= Vector<T>.Count)
        {
            int w = Vector<T>.Count;
            var va = new Vector<T>(alpha);
            for (; i <= n - w; i += w)
                (Vector.LoadUnsafe(ref y, (nuint)i) + va * Vector.LoadUnsafe(ref x, (nuint)i)).StoreUnsafe(ref y, (nuint)i);
        }
        for (; i < n; i++) Unsafe.Add(ref y, i) += alpha * Unsafe.Add(ref x, i);
    }

    /// <summary>One row of C by one packed panel of 2 vectors.</summary>
    private static void Micro1<T>(int kc, ref T a, int acs, ref T bp, ref T c, int width, bool add)
        where T : unmanaged, INumberBase<T>
    {
        int w = Vector<T>.Count;
        Vector<T> s0 = default, s1 = default;
        for (int p = 0; p < kc; p++)
        {
            var x = new Vector<T>(Unsafe.Add(ref a, p * acs));
            s0 += x * Vector.LoadUnsafe(ref bp, (nuint)(p * 2 * w));
            s1 += x * Vector.LoadUnsafe(ref bp, (nuint)(p * 2 * w + w));
        }
        Store(ref c, s0, s1, width, add);
    }

    /// <summary>Writes (or adds) the first <paramref name="width"/> of the 2 vectors' lanes to C's row.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Store<T>(ref T c, Vector<T> v0, Vector<T> v1, int width, bool add) where T : unmanaged, INumberBase<T>
    {
        int w = Vector<T>.Count;
        if (width == 2 * w)
        {
            if (add)
            {
                v0 += Vector.LoadUnsafe(ref c);
                v1 += Vector.LoadUnsafe(ref c, (nuint)w);
            }
            v0.StoreUnsafe(ref c);
            v1.StoreUnsafe(ref c, (nuint)w);
            return;
        }
        for (int j = 0; j < width; j++)
        {
            T value = j < w ? v0[j] : v1[j - w];
            ref T target = ref Unsafe.Add(ref c, j);
            target = add ? target + value : value;
        }
    }

    private static void Scalar<T>(int m, int n, int k, ref T a, int ars, int acs, ref T b, int ldb, ref T c, int ldc, bool accumulate)
        where T : unmanaged, INumberBase<T>
    {
        for (int i = 0; i < m; i++)
            for (int j = 0; j < n; j++)
            {
                T sum = accumulate ? Unsafe.Add(ref c, i * ldc + j) : T.Zero;
                for (int p = 0; p < k; p++)
                    sum += Unsafe.Add(ref a, i * ars + p * acs) * Unsafe.Add(ref b, p * ldb + j);
                Unsafe.Add(ref c, i * ldc + j) = sum;
            }
    }
}
