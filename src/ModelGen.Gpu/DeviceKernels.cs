using System;
using ILGPU;
using ILGPU.Runtime;
using ILGPU.Runtime.Cuda;

namespace ModelGen.Gpu;

/// <summary>
/// The kernels every GPU model shares, loaded once per accelerator: a tiled matrix product with any transposition of
/// its operands (expressed as strides), and the row-bias, column-sum and element-wise helpers around it. Every method
/// launches on the accelerator's default stream and returns without waiting; launches run in order.
/// </summary>
/// <remarks>
/// On a CUDA GPU the three named products (<see cref="Multiply(int, int, int, ArrayView{float}, int, ArrayView{float}, int, ArrayView{float}, int, bool)"/>,
/// <see cref="MultiplyTransposedA"/>, <see cref="MultiplyTransposedB"/>) go to cuBLAS (FP32, on the same stream), unless
/// the environment variable <c>MODELGEN_GPU_GEMM=tiled</c> asks for the tiled kernel; <see cref="ProductEngine"/> says which runs.
/// </remarks>
public sealed class DeviceKernels : IDisposable
{
    /// <summary>The largest tile edge: shared memory holds two tiles of this size squared.</summary>
    private const int MaxTile = 16;

    private readonly Accelerator _accelerator;
    private readonly int _tile;
    private readonly Action<KernelConfig, ArrayView<float>, ArrayView<float>, ArrayView<float>, GemmShape> _gemm;
    private readonly Action<Index1D, ArrayView<float>, ArrayView<float>, ArrayView<float>, GemmShape> _gemmPerElement;
    private readonly bool _tiled;
    private readonly Action<Index1D, ArrayView<float>, ArrayView<float>, int> _addRowBias;
    private readonly Action<Index1D, ArrayView<float>, ArrayView<float>, int, int> _addColumnSums;
    private readonly Action<Index1D, ArrayView<float>, ArrayView<float>> _add;
    private readonly Action<Index1D, ArrayView<float>, ArrayView<float>> _multiply;
    private readonly CuBlas? _blas;

    internal DeviceKernels(Accelerator accelerator)
    {
        _accelerator = accelerator;
        // 16 × 16 threads per group on a GPU; the CPU accelerator simulates fewer threads per group.
        _tile = accelerator.MaxNumThreadsPerGroup >= MaxTile * MaxTile ? MaxTile : accelerator.MaxNumThreadsPerGroup >= 64 ? 8 : 4;
        _gemm = accelerator.LoadStreamKernel<ArrayView<float>, ArrayView<float>, ArrayView<float>, GemmShape>(GemmKernel);
        _gemmPerElement = accelerator.LoadAutoGroupedStreamKernel<Index1D, ArrayView<float>, ArrayView<float>, ArrayView<float>, GemmShape>(GemmPerElementKernel);
        // The CPU accelerator simulates a group's threads with OS threads that meet at every barrier, which makes the
        // tiled kernel hundreds of times slower there than a plain loop per element; a GPU is the other way round.
        _tiled = accelerator.AcceleratorType != AcceleratorType.CPU;
        _addRowBias = accelerator.LoadAutoGroupedStreamKernel<Index1D, ArrayView<float>, ArrayView<float>, int>(AddRowBiasKernel);
        _addColumnSums = accelerator.LoadAutoGroupedStreamKernel<Index1D, ArrayView<float>, ArrayView<float>, int, int>(AddColumnSumsKernel);
        _add = accelerator.LoadAutoGroupedStreamKernel<Index1D, ArrayView<float>, ArrayView<float>>(AddKernel);
        _multiply = accelerator.LoadAutoGroupedStreamKernel<Index1D, ArrayView<float>, ArrayView<float>>(MultiplyKernel);
        ProductEngine = _tiled ? $"tiled ILGPU kernel ({_tile} × {_tile} tiles)" : "ILGPU kernel, one thread per element (CPU accelerator)";
        if (accelerator is CudaAccelerator cuda)
        {
            if (Environment.GetEnvironmentVariable("MODELGEN_GPU_GEMM") == "tiled")
                ProductEngine += ", as MODELGEN_GPU_GEMM=tiled asks";
            else if ((_blas = CuBlasLoader.TryCreate(cuda, out string? error)) is not null)
                ProductEngine = "cuBLAS (FP32)";
            else
                ProductEngine += $"; cuBLAS did not load: {error}";
        }
    }

    /// <summary>What runs the matrix products: cuBLAS, or the tiled kernel (and why).</summary>
    public string ProductEngine { get; }

    /// <summary>Releases the cuBLAS handle.</summary>
    public void Dispose() => _blas?.Dispose();

    /// <summary>The tile edge of the matrix product on this accelerator (16 on a GPU).</summary>
    public int Tile => _tile;

    /// <summary>C [m, n] (+)= A [m, k] · B [k, n]; leading dimensions are row strides.</summary>
    public void Multiply(int m, int n, int k, ArrayView<float> a, int lda, ArrayView<float> b, int ldb, ArrayView<float> c, int ldc, bool accumulate)
    {
        if (_blas is not null && m > 0 && n > 0) Blas(false, false, m, n, k, a, lda, b, ldb, c, ldc, accumulate);
        else Product(m, n, k, a, lda, 1, b, ldb, 1, c, ldc, accumulate);
    }

    /// <summary>C [m, n] (+)= A [m, k] · Bᵀ, B stored [n, k] (as <c>x · Wᵀ</c> with PyTorch's weight layout).</summary>
    public void MultiplyTransposedB(int m, int n, int k, ArrayView<float> a, int lda, ArrayView<float> b, int ldb, ArrayView<float> c, int ldc, bool accumulate)
    {
        if (_blas is not null && m > 0 && n > 0) Blas(false, true, m, n, k, a, lda, b, ldb, c, ldc, accumulate);
        else Product(m, n, k, a, lda, 1, b, 1, ldb, c, ldc, accumulate);
    }

    /// <summary>C [m, n] (+)= Aᵀ · B [k, n], A stored [k, m] (a weight gradient summed over rows).</summary>
    public void MultiplyTransposedA(int m, int n, int k, ArrayView<float> a, int lda, ArrayView<float> b, int ldb, ArrayView<float> c, int ldc, bool accumulate)
    {
        if (_blas is not null && m > 0 && n > 0) Blas(true, false, m, n, k, a, lda, b, ldb, c, ldc, accumulate);
        else Product(m, n, k, a, 1, lda, b, ldb, 1, c, ldc, accumulate);
    }

    /// <summary>
    /// A row-major product through column-major cuBLAS: row-major C [m, n] is column-major Cᵀ [n, m], so it computes
    /// Cᵀ = op(B)ᵀ · op(A)ᵀ, passing B first. A row-major matrix read as column-major is its transpose, so an operand
    /// stored as it is used needs no transposition flag, and a transposed one needs it.
    /// </summary>
    private void Blas(bool transposeA, bool transposeB, int m, int n, int k, ArrayView<float> a, int lda, ArrayView<float> b, int ldb, ArrayView<float> c, int ldc, bool accumulate)
        => _blas!.Gemm(
            transposeB ? CuBlasOperation.Transpose : CuBlasOperation.NonTranspose,
            transposeA ? CuBlasOperation.Transpose : CuBlasOperation.NonTranspose,
            n, m, k, 1f, b, ldb, a, lda, accumulate ? 1f : 0f, c, ldc);

    /// <summary>The strided product on this accelerator's kernel: tiled on a GPU, one thread per element on the CPU accelerator.</summary>
    private void Product(int m, int n, int k, ArrayView<float> a, int aRow, int aCol, ArrayView<float> b, int bRow, int bCol, ArrayView<float> c, int ldc, bool accumulate)
    {
        if (_tiled) Gemm(m, n, k, a, aRow, aCol, b, bRow, bCol, c, ldc, accumulate);
        else GemmPerElement(m, n, k, a, aRow, aCol, b, bRow, bCol, c, ldc, accumulate);
    }

    /// <summary>The same product as <see cref="Gemm"/> by one thread per element of C, each summing its row of A times its column of B.</summary>
    public void GemmPerElement(int m, int n, int k, ArrayView<float> a, int aRow, int aCol, ArrayView<float> b, int bRow, int bCol, ArrayView<float> c, int ldc, bool accumulate)
    {
        if (m < 0 || n < 0 || k < 0) throw new ArgumentOutOfRangeException(nameof(m), $"Matrix sizes must not be negative; got m = {m}, n = {n}, k = {k}.");
        if (m == 0 || n == 0) return;
        _gemmPerElement(m * n, a, b, c, new GemmShape(m, n, k, aRow, aCol, bRow, bCol, ldc, accumulate ? 1 : 0));
    }

    /// <summary>The general product by the tiled kernel: C[i·ldc + j] (+)= Σ_p A[i·aRow + p·aCol] · B[p·bRow + j·bCol].</summary>
    public void Gemm(int m, int n, int k, ArrayView<float> a, int aRow, int aCol, ArrayView<float> b, int bRow, int bCol, ArrayView<float> c, int ldc, bool accumulate)
    {
        if (m < 0 || n < 0 || k < 0) throw new ArgumentOutOfRangeException(nameof(m), $"Matrix sizes must not be negative; got m = {m}, n = {n}, k = {k}.");
        if (m == 0 || n == 0) return;
        var groups = new Index2D((n + _tile - 1) / _tile, (m + _tile - 1) / _tile);
        _gemm(new KernelConfig(groups, new Index2D(_tile, _tile)), a, b, c, new GemmShape(m, n, k, aRow, aCol, bRow, bCol, ldc, accumulate ? 1 : 0));
    }

    /// <summary>Adds <paramref name="bias"/> [n] to each of the <paramref name="rows"/> rows of <paramref name="matrix"/> [rows, n].</summary>
    public void AddRowBias(ArrayView<float> matrix, int rows, int n, ArrayView<float> bias)
    {
        if ((long)rows * n > 0) _addRowBias((int)((long)rows * n), matrix, bias, n);
    }

    /// <summary>sums [n] += Σ over the <paramref name="rows"/> rows of <paramref name="matrix"/> [rows, n] (a bias gradient), in row order.</summary>
    public void AddColumnSums(ArrayView<float> matrix, int rows, int n, ArrayView<float> sums)
    {
        if (n > 0 && rows > 0) _addColumnSums(n, matrix, sums, rows, n);
    }

    /// <summary>y += x, element-wise over y's length.</summary>
    public void Add(ArrayView<float> y, ArrayView<float> x)
    {
        if (y.Length > 0) _add((int)y.Length, y, x);
    }

    /// <summary>y *= x, element-wise over y's length.</summary>
    public void Multiply(ArrayView<float> y, ArrayView<float> x)
    {
        if (y.Length > 0) _multiply((int)y.Length, y, x);
    }

    /// <summary>target = source (a copy on the device; the lengths must agree).</summary>
    public void Copy(ArrayView<float> source, ArrayView<float> target)
    {
        if (source.Length != target.Length)
            throw new ArgumentException($"A device copy needs equal lengths; got {source.Length} and {target.Length}.", nameof(target));
        if (source.Length > 0) source.CopyTo(target);
    }

    /// <summary>Sets every element of <paramref name="view"/> to zero.</summary>
    public void Clear(ArrayView<float> view)
    {
        if (view.Length > 0) view.MemSetToZero();
    }

    /// <summary>The sizes and strides of one product.</summary>
    internal readonly record struct GemmShape(int M, int N, int K, int ARow, int ACol, int BRow, int BCol, int Ldc, int Accumulate);

    /// <summary>
    /// C = A · B by square tiles: each group of tile × tile threads computes one tile of C, staging a tile of A and a
    /// tile of B in shared memory per step along k, so every element loaded from memory is used tile times.
    /// </summary>
    private static void GemmKernel(ArrayView<float> a, ArrayView<float> b, ArrayView<float> c, GemmShape s)
    {
        var tileA = SharedMemory.Allocate<float>(MaxTile * MaxTile);
        var tileB = SharedMemory.Allocate<float>(MaxTile * MaxTile);
        int tile = Group.DimX;
        int tx = Group.IdxX, ty = Group.IdxY;
        int row = Grid.IdxY * tile + ty, col = Grid.IdxX * tile + tx;
        float sum = 0f;
        for (int k0 = 0; k0 < s.K; k0 += tile)
        {
            // Thread (ty, tx) loads A[row, k0 + tx] and B[k0 + ty, col], zero outside the matrices.
            tileA[ty * MaxTile + tx] = row < s.M && k0 + tx < s.K ? a[(long)row * s.ARow + (long)(k0 + tx) * s.ACol] : 0f;
            tileB[ty * MaxTile + tx] = col < s.N && k0 + ty < s.K ? b[(long)(k0 + ty) * s.BRow + (long)col * s.BCol] : 0f;
            Group.Barrier();
            for (int p = 0; p < tile; p++)
                sum += tileA[ty * MaxTile + p] * tileB[p * MaxTile + tx];
            Group.Barrier();
        }
        if (row < s.M && col < s.N)
        {
            long at = (long)row * s.Ldc + col;
            c[at] = s.Accumulate != 0 ? c[at] + sum : sum;
        }
    }

    private static void GemmPerElementKernel(Index1D index, ArrayView<float> a, ArrayView<float> b, ArrayView<float> c, GemmShape s)
    {
        int row = index / s.N, col = index - row * s.N;
        float sum = 0f;
        for (int p = 0; p < s.K; p++)
            sum += a[(long)row * s.ARow + (long)p * s.ACol] * b[(long)p * s.BRow + (long)col * s.BCol];
        long at = (long)row * s.Ldc + col;
        c[at] = s.Accumulate != 0 ? c[at] + sum : sum;
    }

    private static void AddRowBiasKernel(Index1D index, ArrayView<float> matrix, ArrayView<float> bias, int n)
        => matrix[index] += bias[index % n];

    private static void AddColumnSumsKernel(Index1D column, ArrayView<float> matrix, ArrayView<float> sums, int rows, int n)
    {
        float sum = 0f;
        for (int r = 0; r < rows; r++) sum += matrix[(long)r * n + column];
        sums[column] += sum;
    }

    private static void AddKernel(Index1D index, ArrayView<float> y, ArrayView<float> x) => y[index] += x[index];

    private static void MultiplyKernel(Index1D index, ArrayView<float> y, ArrayView<float> x) => y[index] *= x[index];
}
