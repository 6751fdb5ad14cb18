using System;
using System.Linq;
using ModelGen.Numerics;
using Xunit;

namespace ModelGen.Numerics.Tests;

/// <summary>The blocked matrix products against a plain triple loop, at sizes around every block and vector edge.</summary>
public class GemmTests
{
    public static readonly TheoryData<int, int, int> Sizes = new()
    {
        { 1, 1, 1 }, { 3, 5, 7 }, { 4, 16, 1 }, { 5, 17, 33 }, { 8, 32, 256 }, { 9, 33, 257 }, { 13, 2049, 3 }, { 64, 100, 600 }, { 2, 7, 0 },
        // narrower than a vector (a layer's few input features), the unpacked path's last strip and odd rows, and a two-core split
        { 1600, 2, 128 }, { 128, 3, 1600 }, { 37, 5, 50 }, { 32, 66, 66 }, { 7, 111, 37 }, { 61, 45, 20 }, { 66, 66, 1600 },
        // past a column block, partial row blocks and register tiles, and both ways of splitting over two cores
        { 13, 4100, 9 }, { 100, 40, 300 }, { 32, 1000, 100 }, { 200, 300, 50 }, { 97, 65, 513 }, { 9, 63, 4000 },
    };

    [Theory]
    [MemberData(nameof(Sizes))]
    public void Products_match_the_definition(int m, int n, int k)
    {
        var rng = new Rng(m * 1000 + n * 10 + k);
        double[] a = Enumerable.Range(0, m * k).Select(_ => rng.NextUniform(-1, 1)).ToArray();
        double[] at = new double[k * m];
        for (int i = 0; i < m; i++) for (int p = 0; p < k; p++) at[p * m + i] = a[i * k + p];
        double[] b = Enumerable.Range(0, k * n).Select(_ => rng.NextUniform(-1, 1)).ToArray();
        double[] c0 = Enumerable.Range(0, m * n).Select(_ => rng.NextUniform(-1, 1)).ToArray();
        foreach (bool accumulate in new[] { false, true })
        {
            var expected = new double[m * n];
            for (int i = 0; i < m; i++)
                for (int j = 0; j < n; j++)
                {
                    double sum = accumulate ? c0[i * n + j] : 0;
                    for (int p = 0; p < k; p++) sum += a[i * k + p] * b[p * n + j];
                    expected[i * n + j] = sum;
                }
            double[] c = (double[])c0.Clone();
            Gemm.Multiply<double>(m, n, k, a, k, b, n, c, n, accumulate);
            for (int x = 0; x < c.Length; x++) Assert.True(Math.Abs(expected[x] - c[x]) <= 1e-14 * Math.Max(16, k) * (1 + Math.Abs(expected[x])), $"double [{x}]: {c[x]} vs {expected[x]}");
            c = (double[])c0.Clone();
            Gemm.MultiplyTransposedA<double>(m, n, k, at, m, b, n, c, n, accumulate);
            for (int x = 0; x < c.Length; x++) Assert.True(Math.Abs(expected[x] - c[x]) <= 1e-14 * Math.Max(16, k) * (1 + Math.Abs(expected[x])), $"double [{x}]: {c[x]} vs {expected[x]}");
            float[] cf = c0.Select(v => (float)v).ToArray();
            Gemm.Multiply<float>(m, n, k, a.Select(v => (float)v).ToArray(), k, b.Select(v => (float)v).ToArray(), n, cf, n, accumulate);
            double tolerance = 1e-6 * Math.Max(16, k);
            for (int x = 0; x < cf.Length; x++) Assert.True(Math.Abs(expected[x] - cf[x]) <= tolerance * (1 + Math.Abs(expected[x])), $"float [{x}]: {cf[x]} vs {expected[x]}");
            cf = c0.Select(v => (float)v).ToArray();
            Gemm.MultiplyTransposedA<float>(m, n, k, at.Select(v => (float)v).ToArray(), m, b.Select(v => (float)v).ToArray(), n, cf, n, accumulate);
            for (int x = 0; x < cf.Length; x++) Assert.True(Math.Abs(expected[x] - cf[x]) <= tolerance * (1 + Math.Abs(expected[x])), $"float Aᵀ [{x}]: {cf[x]} vs {expected[x]}");
        }
    }

    [Theory]
    [InlineData(1, 1)]
    [InlineData(3, 5)]
    [InlineData(4, 16)]
    [InlineData(7, 17)]
    [InlineData(8, 31)]
    [InlineData(13, 64)]
    [InlineData(256, 128)]
    [InlineData(2048, 512)]
    [InlineData(1031, 513)] // odd rows and a column tail
    [InlineData(5, 0)]
    [InlineData(1, 16)] // rows of whole 512-bit vectors up to 128: x in registers (one to eight of them)
    [InlineData(7, 32)]
    [InlineData(9, 48)]
    [InlineData(6, 80)]
    [InlineData(11, 112)]
    [InlineData(130, 128)]
    public void Matrix_vector_products_match_the_definition(int m, int k)
    {
        var rng = new Rng(m * 7919 + k);
        double[] a = Enumerable.Range(0, m * k).Select(_ => rng.NextUniform(-1, 1)).ToArray();
        double[] x = Enumerable.Range(0, k).Select(_ => rng.NextUniform(-1, 1)).ToArray();
        double[] y0 = Enumerable.Range(0, m).Select(_ => rng.NextUniform(-1, 1)).ToArray();
        foreach (bool accumulate in new[] { false, true })
        {
            var expected = new double[m];
            for (int i = 0; i < m; i++)
            {
                double sum = accumulate ? y0[i] : 0;
                for (int p = 0; p < k; p++) sum += a[i * k + p] * x[p];
                expected[i] = sum;
            }
            double[] y = (double[])y0.Clone();
            Gemm.MultiplyVector<double>(m, k, a, x, y, accumulate);
            for (int i = 0; i < m; i++) Assert.True(Math.Abs(expected[i] - y[i]) <= 1e-14 * Math.Max(16, k) * (1 + Math.Abs(expected[i])), $"double [{i}]: {y[i]} vs {expected[i]}");
            float[] yf = y0.Select(v => (float)v).ToArray();
            Gemm.MultiplyVector<float>(m, k, a.Select(v => (float)v).ToArray(), x.Select(v => (float)v).ToArray(), yf, accumulate);
            for (int i = 0; i < m; i++) Assert.True(Math.Abs(expected[i] - yf[i]) <= 1e-6 * Math.Max(16, k) * (1 + Math.Abs(expected[i])), $"float [{i}]: {yf[i]} vs {expected[i]}");
        }
    }

    [Theory]
    [InlineData(1, 1, 1)]
    [InlineData(4, 16, 16)]
    [InlineData(7, 5, 17)]
    [InlineData(256, 64, 64)]
    [InlineData(513, 33, 129)]
    [InlineData(2048, 512, 512)] // two cores
    [InlineData(6, 0, 3)]
    [InlineData(5, 16, 128)] // whole vectors up to 128 on both sides: four rows a pass, or two for the longer ones
    [InlineData(7, 128, 128)]
    [InlineData(9, 64, 32)]
    [InlineData(1, 128, 16)]
    [InlineData(514, 128, 128)] // two cores (514 KB of float weights)
    public void Paired_matrix_vector_products_match_the_definition(int m, int k1, int k2)
    {
        var rng = new Rng(m * 31 + k1 * 7 + k2);
        double[] a1 = Enumerable.Range(0, m * k1).Select(_ => rng.NextUniform(-1, 1)).ToArray();
        double[] a2 = Enumerable.Range(0, m * k2).Select(_ => rng.NextUniform(-1, 1)).ToArray();
        double[] x1 = Enumerable.Range(0, k1).Select(_ => rng.NextUniform(-1, 1)).ToArray();
        double[] x2 = Enumerable.Range(0, k2).Select(_ => rng.NextUniform(-1, 1)).ToArray();
        var expected = new double[m];
        for (int i = 0; i < m; i++)
        {
            for (int p = 0; p < k1; p++) expected[i] += a1[i * k1 + p] * x1[p];
            for (int p = 0; p < k2; p++) expected[i] += a2[i * k2 + p] * x2[p];
        }
        double[] y = Enumerable.Repeat(double.NaN, m).ToArray(); // overwritten, not accumulated
        Gemm.MultiplyVectorPair<double>(m, k1, a1, x1, k2, a2, x2, y);
        int k = Math.Max(16, k1 + k2);
        for (int i = 0; i < m; i++) Assert.True(Math.Abs(expected[i] - y[i]) <= 1e-14 * k * (1 + Math.Abs(expected[i])), $"double [{i}]: {y[i]} vs {expected[i]}");
        float[] yf = Enumerable.Repeat(float.NaN, m).ToArray();
        Gemm.MultiplyVectorPair<float>(m, k1, a1.Select(v => (float)v).ToArray(), x1.Select(v => (float)v).ToArray(), k2, a2.Select(v => (float)v).ToArray(), x2.Select(v => (float)v).ToArray(), yf);
        for (int i = 0; i < m; i++) Assert.True(Math.Abs(expected[i] - yf[i]) <= 1e-6 * k * (1 + Math.Abs(expected[i])), $"float [{i}]: {yf[i]} vs {expected[i]}");
    }

    [Theory]
    [InlineData(1, 1, 1)]
    [InlineData(7, 5, 17)]
    [InlineData(640, 128, 128)] // two cores (640 KB of float weights)
    [InlineData(6, 0, 3)]
    [InlineData(5, 16, 48)]
    [InlineData(385, 128, 128)]
    public void Two_separate_matrix_vector_products_match_the_definition(int m, int k1, int k2)
    {
        var rng = new Rng(m * 37 + k1 * 11 + k2);
        double[] a1 = Enumerable.Range(0, m * k1).Select(_ => rng.NextUniform(-1, 1)).ToArray();
        double[] a2 = Enumerable.Range(0, m * k2).Select(_ => rng.NextUniform(-1, 1)).ToArray();
        double[] x1 = Enumerable.Range(0, k1).Select(_ => rng.NextUniform(-1, 1)).ToArray();
        double[] x2 = Enumerable.Range(0, k2).Select(_ => rng.NextUniform(-1, 1)).ToArray();
        var e1 = new double[m];
        var e2 = new double[m];
        for (int i = 0; i < m; i++)
        {
            for (int p = 0; p < k1; p++) e1[i] += a1[i * k1 + p] * x1[p];
            for (int p = 0; p < k2; p++) e2[i] += a2[i * k2 + p] * x2[p];
        }
        float[] y1 = Enumerable.Repeat(float.NaN, m).ToArray(), y2 = Enumerable.Repeat(float.NaN, m).ToArray(); // overwritten
        Gemm.MultiplyVectorTwo<float>(m, k1, a1.Select(v => (float)v).ToArray(), x1.Select(v => (float)v).ToArray(), y1, k2, a2.Select(v => (float)v).ToArray(), x2.Select(v => (float)v).ToArray(), y2);
        for (int i = 0; i < m; i++)
        {
            Assert.True(Math.Abs(e1[i] - y1[i]) <= 1e-6 * Math.Max(16, k1) * (1 + Math.Abs(e1[i])), $"y1 [{i}]: {y1[i]} vs {e1[i]}");
            Assert.True(Math.Abs(e2[i] - y2[i]) <= 1e-6 * Math.Max(16, k2) * (1 + Math.Abs(e2[i])), $"y2 [{i}]: {y2[i]} vs {e2[i]}");
        }
        Assert.Throws<ArgumentException>(() => Gemm.MultiplyVectorTwo<float>(m + 1, k1, new float[m * k1], new float[k1], y1, k2, new float[m * k2], new float[k2], y2));
    }

    /// <summary>
    /// Products from several threads at once, large enough to be split over two cores: one thread at a time gets the
    /// worker, its halves are offered, claimed or taken back; every result must still be exact.
    /// </summary>
    [Fact]
    public void Concurrent_products_from_several_threads_are_exact()
    {
        var rng = new Rng(99);
        const int m = 96, n = 160, k = 200, mv = 640, kv = 128; // the pair: 640 KB of weights, two cores
        float[] a = Enumerable.Range(0, m * k).Select(_ => (float)rng.NextUniform(-1, 1)).ToArray();
        float[] b = Enumerable.Range(0, k * n).Select(_ => (float)rng.NextUniform(-1, 1)).ToArray();
        float[] w1 = Enumerable.Range(0, mv * kv).Select(_ => (float)rng.NextUniform(-1, 1)).ToArray();
        float[] w2 = Enumerable.Range(0, mv * kv).Select(_ => (float)rng.NextUniform(-1, 1)).ToArray();
        float[] x = Enumerable.Range(0, kv).Select(_ => (float)rng.NextUniform(-1, 1)).ToArray();
        float[] expected = new float[m * n], expectedPair = new float[mv];
        Gemm.Multiply<float>(m, n, k, a, k, b, n, expected, n, accumulate: false);
        Gemm.MultiplyVectorPair<float>(mv, kv, w1, x, kv, w2, x, expectedPair);
        var errors = new System.Collections.Concurrent.ConcurrentQueue<string>();
        var threads = Enumerable.Range(0, 4).Select(id => new System.Threading.Thread(() =>
        {
            float[] c = new float[m * n], y = new float[mv];
            for (int round = 0; round < 100; round++)
            {
                Gemm.Multiply<float>(m, n, k, a, k, b, n, c, n, accumulate: false);
                Gemm.MultiplyVectorPair<float>(mv, kv, w1, x, kv, w2, x, y);
                if (!c.AsSpan().SequenceEqual(expected) || !y.AsSpan().SequenceEqual(expectedPair))
                    errors.Enqueue($"thread {id}, round {round}");
            }
        })).ToList();
        threads.ForEach(t => t.Start());
        threads.ForEach(t => t.Join());
        Assert.Empty(errors);
    }

    [Theory]
    [InlineData(1, 1)]
    [InlineData(3, 5)]
    [InlineData(8, 8)]
    [InlineData(9, 17)]
    [InlineData(64, 33)]
    [InlineData(2048, 3)]
    [InlineData(256, 512)]
    public void Transpose_matches_the_definition(int m, int n)
    {
        float[] a = Enumerable.Range(0, m * n).Select(i => (float)i).ToArray();
        float[] at = Enumerable.Repeat(float.NaN, m * n + 1).ToArray();
        Gemm.Transpose<float>(m, n, a, at);
        for (int i = 0; i < m; i++)
            for (int j = 0; j < n; j++)
                Assert.Equal(a[i * n + j], at[j * m + i]);
        Assert.True(float.IsNaN(at[m * n]), "wrote past the transpose");
        Assert.Throws<ArgumentException>(() => Gemm.Transpose<float>(m + 1, n, a, at));
    }

    [Theory]
    [InlineData(3, 5, 19)]
    [InlineData(9, 17, 25)]
    [InlineData(512, 128, 528)] // an LSTM's W_hh (4H x H) into the workspace's padded W_hhᵀ
    public void Transpose_into_padded_rows_leaves_the_padding_alone(int m, int n, int ldat)
    {
        float[] a = Enumerable.Range(0, m * n).Select(i => (float)i).ToArray();
        float[] at = Enumerable.Repeat(float.NaN, (n - 1) * ldat + m).ToArray();
        Gemm.Transpose<float>(m, n, a, at, ldat);
        for (int j = 0; j < n; j++)
        {
            for (int i = 0; i < m; i++) Assert.Equal(a[i * n + j], at[j * ldat + i]);
            for (int i = m; i < ldat && j * ldat + i < at.Length; i++) Assert.True(float.IsNaN(at[j * ldat + i]), $"wrote padding [{j}, {i}]");
        }
        Assert.Throws<ArgumentException>(() => Gemm.Transpose<float>(m, n, a, at.AsSpan(1), ldat));
        Assert.Throws<ArgumentOutOfRangeException>(() => Gemm.Transpose<float>(m, n, a, at, m - 1));
    }
}
