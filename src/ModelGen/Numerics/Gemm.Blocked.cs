using System;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using X86 = System.Runtime.Intrinsics.X86;

namespace ModelGen.Numerics;

public static partial class Gemm
{
    // The product, blocked as in GotoBLAS/BLIS (described for AVX-512; AVX2 runs the same blocking with 6-row tiles): B
    // is packed BlockK rows x BlockN columns at a time into panels of one register tile's width, A BlockM rows x BlockK at
    // a time into tiles of TileRows rows stored column by column, and the register kernel computes a TileRows x (2
    // vectors) tile of C with fused multiply-adds, its 24 accumulators kept in registers over the whole BlockK. The B
    // panel (BlockK x 32 floats, 32 KiB) stays in L1 while the kernel walks down the A block (BlockM x BlockK, 96 KiB) in
    // L2.

    /// <summary>Rows of C in one register tile (each broadcast from packed A against the tile's two vectors of B).</summary>
    private const int TileRows = 12;

    /// <summary>Cache blocks of the AVX-512 product: the inner dimension, the rows of A and the columns of B packed at a time.</summary>
    private const int BlockK = 256, BlockM = 96, BlockN = 4096;

    /// <summary>Products with at most this many rows read B in place instead of packing it.</summary>
    private const int InPlaceRows = 48;

    /// <summary>
    /// C[i, j] (+)= sum_p A(i, p) · B[p, j], where A(i, p) = a[i * ars + p * acs]. With <paramref name="wide"/> (AVX-512)
    /// the register tiles are 12 (or 4) rows by two 512-bit vectors; without it (AVX2 with FMA: 16 vector registers), 6
    /// rows by two 256-bit vectors, two of them per packed tile of 12 rows.
    /// </summary>
    /// <remarks>
    /// The kernels are compiled fully optimized on first use (no tier-0 code, no on-stack replacement): a training run's
    /// first steps are as fast as its later ones.
    /// </remarks>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Blocked<T>(bool wide, int m, int n, int k, ref T a, int ars, int acs, ref T b, int ldb, ref T c, int ldc, bool accumulate)
        where T : unmanaged, INumberBase<T>
    {
        int nr = 2 * (wide ? Vector512<T>.Count : Vector256<T>.Count);
        int rowStep = wide ? 4 : 6;
        int panelLength = BlockK * nr, aLength = BlockK * BlockM;
        int bLength = ((BlockN + nr - 1) / nr) * panelLength;
        ref T bPack = ref PackBuffer<T>.GetAligned(bLength + aLength + TileRows * nr);
        ref T aPack = ref Unsafe.Add(ref bPack, bLength);
        ref T edge = ref Unsafe.Add(ref aPack, aLength);
        // Few rows (a time step's batch): each panel of B is used by a few tiles only, not worth a copy; read in place.
        bool inPlace = m <= InPlaceRows;
        for (int j0 = 0; j0 < n; j0 += BlockN)
        {
            int nc = Math.Min(BlockN, n - j0);
            for (int p0 = 0; p0 < k; p0 += BlockK)
            {
                int kc = Math.Min(BlockK, k - p0);
                bool add = accumulate || p0 > 0;
                ref T bBlock = ref Unsafe.Add(ref b, (nint)p0 * ldb + j0);
                if (!inPlace) PackPanels(kc, nc, nr, ref bBlock, ldb, ref bPack);
                else if (nc % nr != 0) PackPanels(kc, nc % nr, nr, ref Unsafe.Add(ref bBlock, nc - nc % nr), ldb, ref bPack);
                for (int i0 = 0; i0 < m; i0 += BlockM)
                {
                    int mc = Math.Min(BlockM, m - i0);
                    PackTiles(mc, kc, ref Unsafe.Add(ref a, (nint)i0 * ars + (nint)p0 * acs), ars, acs, ref aPack, rowStep);
                    for (int jr = 0; jr < nc; jr += nr)
                    {
                        int cols = Math.Min(nr, nc - jr);
                        bool direct = inPlace && cols == nr;
                        ref T panel = ref direct ? ref Unsafe.Add(ref bBlock, jr) : ref Unsafe.Add(ref bPack, inPlace ? 0 : (jr / nr) * kc * nr);
                        int stride = direct ? ldb : nr;
                        for (int ir = 0; ir < mc; ir += TileRows)
                        {
                            ref T tile = ref Unsafe.Add(ref aPack, ir * kc);
                            ref T target = ref Unsafe.Add(ref c, (nint)(i0 + ir) * ldc + j0 + jr);
                            int rows = Math.Min(TileRows, mc - ir);
                            if (wide && rows == TileRows && cols == nr)
                            {
                                Tile12(kc, ref tile, ref panel, stride, ref target, ldc, add);
                                continue;
                            }
                            // The last rows (a batch of 16 or 20, say) by an 8-row tile and 4-row ones (6-row ones on
                            // AVX2, which does all its rows here); a tile cut short by the last row or column is
                            // computed whole into a scratch tile and its valid part merged into C.
                            for (int r0 = 0, step; r0 < rows; r0 += step)
                            {
                                step = rowStep;
                                int part = Math.Min(rowStep, rows - r0);
                                ref T rowsOut = ref Unsafe.Add(ref target, (nint)r0 * ldc);
                                if (wide && rows - r0 >= 8 && cols == nr)
                                {
                                    // Eight rows in one pass over the panel: 16 FMAs per two loads of B, where two
                                    // 4-row tiles read the panel twice at 8 (8 x 512 x 128: 6.5 -> 5.5 us).
                                    Tile8(kc, ref Unsafe.Add(ref tile, r0), ref panel, stride, ref rowsOut, ldc, add);
                                    step = 8;
                                    continue;
                                }
                                if (part == rowStep && cols == nr)
                                {
                                    if (wide) Tile4(kc, ref Unsafe.Add(ref tile, r0), ref panel, stride, ref rowsOut, ldc, add);
                                    else Tile6x256(kc, ref Unsafe.Add(ref tile, r0), ref panel, stride, ref rowsOut, ldc, add);
                                    continue;
                                }
                                if (wide) Tile4(kc, ref Unsafe.Add(ref tile, r0), ref panel, stride, ref edge, nr, add: false);
                                else Tile6x256(kc, ref Unsafe.Add(ref tile, r0), ref panel, stride, ref edge, nr, add: false);
                                for (int r = 0; r < part; r++)
                                    for (int j = 0; j < cols; j++)
                                    {
                                        ref T x = ref Unsafe.Add(ref rowsOut, (nint)r * ldc + j);
                                        T v = Unsafe.Add(ref edge, r * nr + j);
                                        x = add ? x + v : v;
                                    }
                            }
                        }
                    }
                }
            }
        }
    }

    /// <summary>Packs B[kc, nc] as panels of <paramref name="nr"/> columns, each [kc][nr], the last one zero-padded.</summary>
    private static void PackPanels<T>(int kc, int nc, int nr, ref T b, int ldb, ref T dst) where T : unmanaged, INumberBase<T>
    {
        for (int j = 0; j < nc; j += nr)
        {
            int width = Math.Min(nr, nc - j);
            ref T panel = ref Unsafe.Add(ref dst, (j / nr) * kc * nr);
            for (int p = 0; p < kc; p++)
            {
                ref T from = ref Unsafe.Add(ref b, (nint)p * ldb + j);
                ref T to = ref Unsafe.Add(ref panel, p * nr);
                if (width == nr && nr == 2 * Vector512<T>.Count)
                {
                    Vector512.LoadUnsafe(ref from).StoreUnsafe(ref to);
                    Vector512.LoadUnsafe(ref from, (nuint)Vector512<T>.Count).StoreUnsafe(ref to, (nuint)Vector512<T>.Count);
                    continue;
                }
                if (width == nr && nr == 2 * Vector256<T>.Count)
                {
                    Vector256.LoadUnsafe(ref from).StoreUnsafe(ref to);
                    Vector256.LoadUnsafe(ref from, (nuint)Vector256<T>.Count).StoreUnsafe(ref to, (nuint)Vector256<T>.Count);
                    continue;
                }
                for (int x = 0; x < width; x++) Unsafe.Add(ref to, x) = Unsafe.Add(ref from, x);
                for (int x = width; x < nr; x++) Unsafe.Add(ref to, x) = T.Zero;
            }
        }
    }

    /// <summary>
    /// Packs A(0..mc, 0..kc) as tiles of <see cref="TileRows"/> rows, each stored column by column ([kc][TileRows]) so the
    /// kernel broadcasts consecutive elements. In the last tile, rows past <paramref name="mc"/> up to a multiple of
    /// <paramref name="rowStep"/> (the short tiles' height) are zero; the kernels never read further.
    /// </summary>
    private static void PackTiles<T>(int mc, int kc, ref T a, int ars, int acs, ref T dst, int rowStep) where T : unmanaged, INumberBase<T>
    {
        for (int i = 0; i < mc; i += TileRows)
        {
            int rows = Math.Min(TileRows, mc - i);
            ref T tile = ref Unsafe.Add(ref dst, i * kc);
            ref T from = ref Unsafe.Add(ref a, (nint)i * ars);
            if (ars == 1)
            {
                // A stored transposed (the weight gradient's dYᵀ): a tile's column is contiguous, one block copy of
                // twelve elements (a few vector moves) where the tile is whole.
                if (rows == TileRows)
                {
                    for (int p = 0; p < kc; p++)
                        Unsafe.CopyBlockUnaligned(ref Unsafe.As<T, byte>(ref Unsafe.Add(ref tile, p * TileRows)),
                            ref Unsafe.As<T, byte>(ref Unsafe.Add(ref from, (nint)p * acs)), (uint)(TileRows * Unsafe.SizeOf<T>()));
                    continue;
                }
                for (int p = 0; p < kc; p++)
                {
                    ref T col = ref Unsafe.Add(ref from, (nint)p * acs);
                    ref T to = ref Unsafe.Add(ref tile, p * TileRows);
                    for (int r = 0; r < rows; r++) Unsafe.Add(ref to, r) = Unsafe.Add(ref col, r);
                }
            }
            else if (acs == 1 && typeof(T) == typeof(float) && X86.Avx.IsSupported)
            {
                // A row-major, float: rows 0-7 of a whole tile by 8 x 8 transposes in registers, then groups of four rows
                // by 4 x 4 ones, eight or four columns at a time; what is left (a row or column tail) element by element.
                ref float f = ref Unsafe.As<T, float>(ref from);
                ref float ft = ref Unsafe.As<T, float>(ref tile);
                int r0 = 0, p;
                if (rows >= 8)
                {
                    for (p = 0; p <= kc - 8; p += 8)
                        Transpose8x8(ref Unsafe.Add(ref f, p), ars, ref Unsafe.Add(ref ft, p * TileRows), TileRows);
                    PackColumns(ref f, ars, ref ft, 0, 8, p, kc);
                    r0 = 8;
                }
                for (; r0 + 4 <= rows; r0 += 4)
                {
                    ref float four = ref Unsafe.Add(ref f, (nint)r0 * ars);
                    for (p = 0; p <= kc - 4; p += 4)
                        Transpose4x4(ref Unsafe.Add(ref four, p), ars, ref Unsafe.Add(ref ft, p * TileRows + r0), TileRows);
                    PackColumns(ref f, ars, ref ft, r0, r0 + 4, p, kc);
                }
                PackColumns(ref f, ars, ref ft, r0, rows, 0, kc);
            }
            else if (rows == TileRows && acs == 1)
            {
                // A row-major: column by column, the tile's twelve rows read as twelve sequential streams and the tile
                // written in order (row by row, every store would land 48 bytes past the last).
                ref T r0 = ref from, r1 = ref Unsafe.Add(ref from, (nint)ars), r2 = ref Unsafe.Add(ref from, 2 * (nint)ars);
                ref T r3 = ref Unsafe.Add(ref from, 3 * (nint)ars), r4 = ref Unsafe.Add(ref from, 4 * (nint)ars), r5 = ref Unsafe.Add(ref from, 5 * (nint)ars);
                ref T r6 = ref Unsafe.Add(ref from, 6 * (nint)ars), r7 = ref Unsafe.Add(ref from, 7 * (nint)ars), r8 = ref Unsafe.Add(ref from, 8 * (nint)ars);
                ref T r9 = ref Unsafe.Add(ref from, 9 * (nint)ars), r10 = ref Unsafe.Add(ref from, 10 * (nint)ars), r11 = ref Unsafe.Add(ref from, 11 * (nint)ars);
                for (int p = 0; p < kc; p++)
                {
                    ref T to = ref Unsafe.Add(ref tile, p * TileRows);
                    to = Unsafe.Add(ref r0, p); Unsafe.Add(ref to, 1) = Unsafe.Add(ref r1, p); Unsafe.Add(ref to, 2) = Unsafe.Add(ref r2, p);
                    Unsafe.Add(ref to, 3) = Unsafe.Add(ref r3, p); Unsafe.Add(ref to, 4) = Unsafe.Add(ref r4, p); Unsafe.Add(ref to, 5) = Unsafe.Add(ref r5, p);
                    Unsafe.Add(ref to, 6) = Unsafe.Add(ref r6, p); Unsafe.Add(ref to, 7) = Unsafe.Add(ref r7, p); Unsafe.Add(ref to, 8) = Unsafe.Add(ref r8, p);
                    Unsafe.Add(ref to, 9) = Unsafe.Add(ref r9, p); Unsafe.Add(ref to, 10) = Unsafe.Add(ref r10, p); Unsafe.Add(ref to, 11) = Unsafe.Add(ref r11, p);
                }
            }
            else
            {
                for (int r = 0; r < rows; r++)
                {
                    ref T row = ref Unsafe.Add(ref from, (nint)r * ars);
                    for (int p = 0; p < kc; p++) Unsafe.Add(ref tile, p * TileRows + r) = Unsafe.Add(ref row, (nint)p * acs);
                }
            }
            int read = Math.Min(TileRows, (rows + rowStep - 1) / rowStep * rowStep);
            for (int r = rows; r < read; r++)
                for (int p = 0; p < kc; p++) Unsafe.Add(ref tile, p * TileRows + r) = T.Zero;
        }
    }

    /// <summary>Rows [r0, r1) of a row-major float A, columns [p0, kc), into a tile, element by element.</summary>
    private static void PackColumns(ref float a, int ars, ref float tile, int r0, int r1, int p0, int kc)
    {
        for (int r = r0; r < r1; r++)
            for (int p = p0; p < kc; p++) Unsafe.Add(ref tile, p * TileRows + r) = Unsafe.Add(ref a, (nint)r * ars + p);
    }

    /// <summary>A 4 x 4 block of floats transposed in registers (the rows of a 12-row tile past the first eight).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Transpose4x4(ref float a, int lda, ref float at, int ldat)
    {
        Vector128<float> r0 = Vector128.LoadUnsafe(ref a), r1 = Vector128.LoadUnsafe(ref a, (nuint)lda);
        Vector128<float> r2 = Vector128.LoadUnsafe(ref a, (nuint)(2 * lda)), r3 = Vector128.LoadUnsafe(ref a, (nuint)(3 * lda));
        Vector128<float> t0 = X86.Sse.UnpackLow(r0, r1), t1 = X86.Sse.UnpackHigh(r0, r1);
        Vector128<float> t2 = X86.Sse.UnpackLow(r2, r3), t3 = X86.Sse.UnpackHigh(r2, r3);
        X86.Sse.MoveLowToHigh(t0, t2).StoreUnsafe(ref at);
        X86.Sse.MoveHighToLow(t2, t0).StoreUnsafe(ref at, (nuint)ldat);
        X86.Sse.MoveLowToHigh(t1, t3).StoreUnsafe(ref at, (nuint)(2 * ldat));
        X86.Sse.MoveHighToLow(t3, t1).StoreUnsafe(ref at, (nuint)(3 * ldat));
    }

    /// <summary>x · y + z in one rounding where the hardware has it (float and double), else a multiply and an add.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<T> Fma<T>(Vector512<T> x, Vector512<T> y, Vector512<T> z) where T : unmanaged, INumberBase<T>
    {
        if (typeof(T) == typeof(float))
            return Vector512.FusedMultiplyAdd(x.As<T, float>(), y.As<T, float>(), z.As<T, float>()).As<float, T>();
        if (typeof(T) == typeof(double))
            return Vector512.FusedMultiplyAdd(x.As<T, double>(), y.As<T, double>(), z.As<T, double>()).As<double, T>();
        return x * y + z;
    }

    /// <summary>
    /// The register kernel: C[12, 2 vectors] (+)= A tile [kc][12] · B panel [kc][2 vectors]. Per step of the inner
    /// dimension, two loads of B and twelve broadcasts of A feed 24 fused multiply-adds into 24 accumulators.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Tile12<T>(int kc, ref T a, ref T b, int ldb, ref T c, int ldc, bool add) where T : unmanaged, INumberBase<T>
    {
        int w = Vector512<T>.Count;
        Vector512<T> c00 = default, c01 = default, c10 = default, c11 = default, c20 = default, c21 = default;
        Vector512<T> c30 = default, c31 = default, c40 = default, c41 = default, c50 = default, c51 = default;
        Vector512<T> c60 = default, c61 = default, c70 = default, c71 = default, c80 = default, c81 = default;
        Vector512<T> c90 = default, c91 = default, cA0 = default, cA1 = default, cB0 = default, cB1 = default;
        for (int p = 0; p < kc; p++)
        {
            Vector512<T> b0 = Vector512.LoadUnsafe(ref b);
            Vector512<T> b1 = Vector512.LoadUnsafe(ref b, (nuint)w);
            Vector512<T> x = Vector512.Create(a);
            c00 = Fma(x, b0, c00); c01 = Fma(x, b1, c01);
            x = Vector512.Create(Unsafe.Add(ref a, 1));
            c10 = Fma(x, b0, c10); c11 = Fma(x, b1, c11);
            x = Vector512.Create(Unsafe.Add(ref a, 2));
            c20 = Fma(x, b0, c20); c21 = Fma(x, b1, c21);
            x = Vector512.Create(Unsafe.Add(ref a, 3));
            c30 = Fma(x, b0, c30); c31 = Fma(x, b1, c31);
            x = Vector512.Create(Unsafe.Add(ref a, 4));
            c40 = Fma(x, b0, c40); c41 = Fma(x, b1, c41);
            x = Vector512.Create(Unsafe.Add(ref a, 5));
            c50 = Fma(x, b0, c50); c51 = Fma(x, b1, c51);
            x = Vector512.Create(Unsafe.Add(ref a, 6));
            c60 = Fma(x, b0, c60); c61 = Fma(x, b1, c61);
            x = Vector512.Create(Unsafe.Add(ref a, 7));
            c70 = Fma(x, b0, c70); c71 = Fma(x, b1, c71);
            x = Vector512.Create(Unsafe.Add(ref a, 8));
            c80 = Fma(x, b0, c80); c81 = Fma(x, b1, c81);
            x = Vector512.Create(Unsafe.Add(ref a, 9));
            c90 = Fma(x, b0, c90); c91 = Fma(x, b1, c91);
            x = Vector512.Create(Unsafe.Add(ref a, 10));
            cA0 = Fma(x, b0, cA0); cA1 = Fma(x, b1, cA1);
            x = Vector512.Create(Unsafe.Add(ref a, 11));
            cB0 = Fma(x, b0, cB0); cB1 = Fma(x, b1, cB1);
            a = ref Unsafe.Add(ref a, TileRows);
            b = ref Unsafe.Add(ref b, ldb);
        }
        StoreRow(ref c, c00, c01, add);
        StoreRow(ref Unsafe.Add(ref c, ldc), c10, c11, add);
        StoreRow(ref Unsafe.Add(ref c, 2 * ldc), c20, c21, add);
        StoreRow(ref Unsafe.Add(ref c, 3 * ldc), c30, c31, add);
        StoreRow(ref Unsafe.Add(ref c, 4 * ldc), c40, c41, add);
        StoreRow(ref Unsafe.Add(ref c, 5 * ldc), c50, c51, add);
        StoreRow(ref Unsafe.Add(ref c, 6 * ldc), c60, c61, add);
        StoreRow(ref Unsafe.Add(ref c, 7 * ldc), c70, c71, add);
        StoreRow(ref Unsafe.Add(ref c, 8 * ldc), c80, c81, add);
        StoreRow(ref Unsafe.Add(ref c, 9 * ldc), c90, c91, add);
        StoreRow(ref Unsafe.Add(ref c, 10 * ldc), cA0, cA1, add);
        StoreRow(ref Unsafe.Add(ref c, 11 * ldc), cB0, cB1, add);
    }

    // Tile12, Tile8 and Tile4 are written out on purpose: one generic tile with the height as a type argument (the
    // short-row kernels' trick) measured slower on few-row products (8 x 512 x 128: 6.3-6.5 against 5.3-5.5 us,
    // 12 x 512 x 128: 8.6-8.8 against 8.0-8.2), the same on large ones.

    /// <summary>Tile12 for 8 rows (a tile's first eight from <paramref name="a"/>, still 12 apart): the product's last rows.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Tile8<T>(int kc, ref T a, ref T b, int ldb, ref T c, int ldc, bool add) where T : unmanaged, INumberBase<T>
    {
        int w = Vector512<T>.Count;
        Vector512<T> c00 = default, c01 = default, c10 = default, c11 = default, c20 = default, c21 = default, c30 = default, c31 = default;
        Vector512<T> c40 = default, c41 = default, c50 = default, c51 = default, c60 = default, c61 = default, c70 = default, c71 = default;
        for (int p = 0; p < kc; p++)
        {
            Vector512<T> b0 = Vector512.LoadUnsafe(ref b);
            Vector512<T> b1 = Vector512.LoadUnsafe(ref b, (nuint)w);
            Vector512<T> x = Vector512.Create(a);
            c00 = Fma(x, b0, c00); c01 = Fma(x, b1, c01);
            x = Vector512.Create(Unsafe.Add(ref a, 1));
            c10 = Fma(x, b0, c10); c11 = Fma(x, b1, c11);
            x = Vector512.Create(Unsafe.Add(ref a, 2));
            c20 = Fma(x, b0, c20); c21 = Fma(x, b1, c21);
            x = Vector512.Create(Unsafe.Add(ref a, 3));
            c30 = Fma(x, b0, c30); c31 = Fma(x, b1, c31);
            x = Vector512.Create(Unsafe.Add(ref a, 4));
            c40 = Fma(x, b0, c40); c41 = Fma(x, b1, c41);
            x = Vector512.Create(Unsafe.Add(ref a, 5));
            c50 = Fma(x, b0, c50); c51 = Fma(x, b1, c51);
            x = Vector512.Create(Unsafe.Add(ref a, 6));
            c60 = Fma(x, b0, c60); c61 = Fma(x, b1, c61);
            x = Vector512.Create(Unsafe.Add(ref a, 7));
            c70 = Fma(x, b0, c70); c71 = Fma(x, b1, c71);
            a = ref Unsafe.Add(ref a, TileRows);
            b = ref Unsafe.Add(ref b, ldb);
        }
        StoreRow(ref c, c00, c01, add);
        StoreRow(ref Unsafe.Add(ref c, ldc), c10, c11, add);
        StoreRow(ref Unsafe.Add(ref c, 2 * ldc), c20, c21, add);
        StoreRow(ref Unsafe.Add(ref c, 3 * ldc), c30, c31, add);
        StoreRow(ref Unsafe.Add(ref c, 4 * ldc), c40, c41, add);
        StoreRow(ref Unsafe.Add(ref c, 5 * ldc), c50, c51, add);
        StoreRow(ref Unsafe.Add(ref c, 6 * ldc), c60, c61, add);
        StoreRow(ref Unsafe.Add(ref c, 7 * ldc), c70, c71, add);
    }

    /// <summary>Tile12 for 4 rows (a tile's first four from <paramref name="a"/>, still 12 apart): the product's last rows.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Tile4<T>(int kc, ref T a, ref T b, int ldb, ref T c, int ldc, bool add) where T : unmanaged, INumberBase<T>
    {
        int w = Vector512<T>.Count;
        Vector512<T> c00 = default, c01 = default, c10 = default, c11 = default, c20 = default, c21 = default, c30 = default, c31 = default;
        for (int p = 0; p < kc; p++)
        {
            Vector512<T> b0 = Vector512.LoadUnsafe(ref b);
            Vector512<T> b1 = Vector512.LoadUnsafe(ref b, (nuint)w);
            Vector512<T> x = Vector512.Create(a);
            c00 = Fma(x, b0, c00); c01 = Fma(x, b1, c01);
            x = Vector512.Create(Unsafe.Add(ref a, 1));
            c10 = Fma(x, b0, c10); c11 = Fma(x, b1, c11);
            x = Vector512.Create(Unsafe.Add(ref a, 2));
            c20 = Fma(x, b0, c20); c21 = Fma(x, b1, c21);
            x = Vector512.Create(Unsafe.Add(ref a, 3));
            c30 = Fma(x, b0, c30); c31 = Fma(x, b1, c31);
            a = ref Unsafe.Add(ref a, TileRows);
            b = ref Unsafe.Add(ref b, ldb);
        }
        StoreRow(ref c, c00, c01, add);
        StoreRow(ref Unsafe.Add(ref c, ldc), c10, c11, add);
        StoreRow(ref Unsafe.Add(ref c, 2 * ldc), c20, c21, add);
        StoreRow(ref Unsafe.Add(ref c, 3 * ldc), c30, c31, add);
    }

    /// <summary>x · y + z for 256-bit vectors (AVX2 with FMA: one rounding for float and double).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<T> Fma<T>(Vector256<T> x, Vector256<T> y, Vector256<T> z) where T : unmanaged, INumberBase<T>
    {
        if (typeof(T) == typeof(float))
            return Vector256.FusedMultiplyAdd(x.As<T, float>(), y.As<T, float>(), z.As<T, float>()).As<float, T>();
        if (typeof(T) == typeof(double))
            return Vector256.FusedMultiplyAdd(x.As<T, double>(), y.As<T, double>(), z.As<T, double>()).As<double, T>();
        return x * y + z;
    }

    /// <summary>
    /// The AVX2 register kernel: C[6, 2 vectors of 256 bits] (+)= 6 rows of a packed tile (12 apart) · B panel; 12
    /// accumulators, two loads of B and six broadcasts of A per step: 15 of the 16 vector registers.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Tile6x256<T>(int kc, ref T a, ref T b, int ldb, ref T c, int ldc, bool add) where T : unmanaged, INumberBase<T>
    {
        int w = Vector256<T>.Count;
        Vector256<T> c00 = default, c01 = default, c10 = default, c11 = default, c20 = default, c21 = default;
        Vector256<T> c30 = default, c31 = default, c40 = default, c41 = default, c50 = default, c51 = default;
        for (int p = 0; p < kc; p++)
        {
            Vector256<T> b0 = Vector256.LoadUnsafe(ref b);
            Vector256<T> b1 = Vector256.LoadUnsafe(ref b, (nuint)w);
            Vector256<T> x = Vector256.Create(a);
            c00 = Fma(x, b0, c00); c01 = Fma(x, b1, c01);
            x = Vector256.Create(Unsafe.Add(ref a, 1));
            c10 = Fma(x, b0, c10); c11 = Fma(x, b1, c11);
            x = Vector256.Create(Unsafe.Add(ref a, 2));
            c20 = Fma(x, b0, c20); c21 = Fma(x, b1, c21);
            x = Vector256.Create(Unsafe.Add(ref a, 3));
            c30 = Fma(x, b0, c30); c31 = Fma(x, b1, c31);
            x = Vector256.Create(Unsafe.Add(ref a, 4));
            c40 = Fma(x, b0, c40); c41 = Fma(x, b1, c41);
            x = Vector256.Create(Unsafe.Add(ref a, 5));
            c50 = Fma(x, b0, c50); c51 = Fma(x, b1, c51);
            a = ref Unsafe.Add(ref a, TileRows);
            b = ref Unsafe.Add(ref b, ldb);
        }
        StoreRow(ref c, c00, c01, add);
        StoreRow(ref Unsafe.Add(ref c, ldc), c10, c11, add);
        StoreRow(ref Unsafe.Add(ref c, 2 * ldc), c20, c21, add);
        StoreRow(ref Unsafe.Add(ref c, 3 * ldc), c30, c31, add);
        StoreRow(ref Unsafe.Add(ref c, 4 * ldc), c40, c41, add);
        StoreRow(ref Unsafe.Add(ref c, 5 * ldc), c50, c51, add);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void StoreRow<T>(ref T c, Vector256<T> v0, Vector256<T> v1, bool add) where T : unmanaged, INumberBase<T>
    {
        int w = Vector256<T>.Count;
        if (add)
        {
            v0 += Vector256.LoadUnsafe(ref c);
            v1 += Vector256.LoadUnsafe(ref c, (nuint)w);
        }
        v0.StoreUnsafe(ref c);
        v1.StoreUnsafe(ref c, (nuint)w);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void StoreRow<T>(ref T c, Vector512<T> v0, Vector512<T> v1, bool add) where T : unmanaged, INumberBase<T>
    {
        int w = Vector512<T>.Count;
        if (add)
        {
            v0 += Vector512.LoadUnsafe(ref c);
            v1 += Vector512.LoadUnsafe(ref c, (nuint)w);
        }
        v0.StoreUnsafe(ref c);
        v1.StoreUnsafe(ref c, (nuint)w);
    }
}
