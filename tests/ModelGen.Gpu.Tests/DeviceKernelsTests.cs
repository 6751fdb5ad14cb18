using System;
using ModelGen.Numerics;
using Xunit;

namespace ModelGen.Gpu.Tests;

/// <summary>The shared kernels of ModelGen.Gpu against plain loops, at sizes that are not multiples of the tile.</summary>
public sealed class DeviceKernelsTests : IClassFixture<CpuAcceleratorFixture>
{
    private readonly GpuDevice _device;

    public DeviceKernelsTests(CpuAcceleratorFixture fixture) => _device = fixture.Device;

    [Theory]
    [InlineData(1, 1, 1)]
    [InlineData(3, 5, 7)]
    [InlineData(17, 9, 33)]
    [InlineData(8, 24, 16)]
    [InlineData(2, 1, 0)]
    public void Products_in_every_transposition_match_a_plain_loop(int m, int n, int k)
    {
        var rng = new Rng(m * 100 + n * 10 + k);
        float[] a = Random(m * k, rng), b = Random(k * n, rng), c0 = Random(m * n, rng);
        foreach (string form in new[] { "NN", "NT", "TN" })
        {
            foreach (bool accumulate in new[] { false, true })
            {
                // A is [m, k] (or stored [k, m] for TN), B is [k, n] (or stored [n, k] for NT).
                float Ae(int i, int p) => form == "TN" ? a[p * m + i] : a[i * k + p];
                float Be(int p, int j) => form == "NT" ? b[j * k + p] : b[p * n + j];
                var expected = new float[m * n];
                for (int i = 0; i < m; i++)
                    for (int j = 0; j < n; j++)
                    {
                        double sum = accumulate ? c0[i * n + j] : 0;
                        for (int p = 0; p < k; p++) sum += Ae(i, p) * Be(p, j);
                        expected[i * n + j] = (float)sum;
                    }

                using var da = _device.Allocate(a.Length);
                using var db = _device.Allocate(b.Length);
                using var dc = _device.Allocate(c0.Length);
                da.CopyFrom(a);
                db.CopyFrom(b);
                dc.CopyFrom(c0);
                var kernels = _device.Kernels;
                switch (form)
                {
                    case "NN": kernels.Multiply(m, n, k, da.View, k, db.View, n, dc.View, n, accumulate); break;
                    case "NT": kernels.MultiplyTransposedB(m, n, k, da.View, k, db.View, k, dc.View, n, accumulate); break;
                    default: kernels.MultiplyTransposedA(m, n, k, da.View, m, db.View, n, dc.View, n, accumulate); break;
                }
                var actual = new float[m * n];
                dc.CopyTo(actual);
                GpuParityTests.AssertClose(expected, actual, $"{form} {m}x{n}x{k} accumulate={accumulate}");

                // The tiled kernel (what runs on a GPU without cuBLAS) through the general strided form.
                dc.CopyFrom(c0);
                int aRow = form == "TN" ? 1 : k, aCol = form == "TN" ? m : 1, bRow = form == "NT" ? 1 : n, bCol = form == "NT" ? k : 1;
                kernels.Gemm(m, n, k, da.View, aRow, aCol, db.View, bRow, bCol, dc.View, n, accumulate);
                dc.CopyTo(actual);
                GpuParityTests.AssertClose(expected, actual, $"tiled {form} {m}x{n}x{k} accumulate={accumulate}");
            }
        }
    }

    [Fact]
    public void Bias_column_sums_and_element_wise_helpers()
    {
        var rng = new Rng(3);
        const int rows = 7, n = 5;
        float[] matrix = Random(rows * n, rng), bias = Random(n, rng), sums = Random(n, rng);
        using var dm = _device.Allocate(matrix.Length);
        using var dbias = _device.Allocate(n);
        using var dsums = _device.Allocate(n);
        dm.CopyFrom(matrix);
        dbias.CopyFrom(bias);
        dsums.CopyFrom(sums);
        _device.Kernels.AddRowBias(dm.View, rows, n, dbias.View);
        _device.Kernels.AddColumnSums(dm.View, rows, n, dsums.View);
        var expectedMatrix = (float[])matrix.Clone();
        var expectedSums = (float[])sums.Clone();
        for (int r = 0; r < rows; r++)
            for (int j = 0; j < n; j++)
            {
                expectedMatrix[r * n + j] += bias[j];
                expectedSums[j] += expectedMatrix[r * n + j];
            }
        var actualMatrix = new float[matrix.Length];
        var actualSums = new float[n];
        dm.CopyTo(actualMatrix);
        dsums.CopyTo(actualSums);
        GpuParityTests.AssertClose(expectedMatrix, actualMatrix, "row bias");
        GpuParityTests.AssertClose(expectedSums, actualSums, "column sums");

        Assert.Throws<ArgumentException>(() => _device.Kernels.Copy(dm.View, dsums.View));
        Assert.Throws<ArgumentOutOfRangeException>(() => dm.Slice(30, 10));
    }

    private static float[] Random(int length, Rng rng)
    {
        var values = new float[length];
        for (int i = 0; i < length; i++) values[i] = (float)rng.NextUniform(-1, 1);
        return values;
    }
}
