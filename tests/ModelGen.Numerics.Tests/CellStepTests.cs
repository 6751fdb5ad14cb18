using System;
using System.Linq;
using Xunit;

namespace ModelGen.Numerics.Tests;

/// <summary>The fused element-wise halves of a single step against the cells' equations in double.</summary>
public class CellStepTests
{
    private static double Sigmoid(double v) => 1 / (1 + Math.Exp(-v));

    private static double[] Random(Rng rng, int n, double scale) => Enumerable.Range(0, n).Select(_ => rng.NextUniform(-scale, scale)).ToArray();

    private static float[] F(double[] v) => v.Select(x => (float)x).ToArray();

    [Theory]
    [InlineData(16)]
    [InlineData(37)] // two groups of 16 and a tail
    [InlineData(128)]
    public void Lstm_matches_the_equations(int n)
    {
        var rng = new Rng(n);
        double[] pre = Random(rng, 4 * n, 6), b1 = Random(rng, 4 * n, 1), b2 = Random(rng, 4 * n, 1), c = Random(rng, n, 3);
        pre[0] = 200; pre[n + 1] = -200; pre[2 * n + 2] = 1e-4; // saturated gates and a tanh near 0
        var expectedC = new double[n];
        var expectedH = new double[n];
        for (int j = 0; j < n; j++)
        {
            double i = Sigmoid(pre[j] + b1[j] + b2[j]), f = Sigmoid(pre[n + j] + b1[n + j] + b2[n + j]);
            double g = Math.Tanh(pre[2 * n + j] + b1[2 * n + j] + b2[2 * n + j]), o = Sigmoid(pre[3 * n + j] + b1[3 * n + j] + b2[3 * n + j]);
            expectedC[j] = f * c[j] + i * g;
            expectedH[j] = o * Math.Tanh(expectedC[j]);
        }
        float[] cf = F(c), hf = new float[n];
        CellStep.Lstm<float>(F(pre), F(b1), F(b2), cf, hf);
        for (int j = 0; j < n; j++)
        {
            Assert.Equal(expectedC[j], cf[j], 2e-6);
            Assert.Equal(expectedH[j], hf[j], 2e-6);
        }
    }

    [Theory]
    [InlineData(16)]
    [InlineData(37)]
    [InlineData(128)]
    public void Gru_matches_the_equations(int n)
    {
        var rng = new Rng(100 + n);
        double[] gx = Random(rng, 3 * n, 6), gh = Random(rng, 3 * n, 6), b1 = Random(rng, 3 * n, 1), b2 = Random(rng, 3 * n, 1), h = Random(rng, n, 1);
        gx[0] = 300; gh[n] = -300;
        var expected = new double[n];
        for (int j = 0; j < n; j++)
        {
            double r = Sigmoid(gx[j] + b1[j] + gh[j] + b2[j]), z = Sigmoid(gx[n + j] + b1[n + j] + gh[n + j] + b2[n + j]);
            double candidate = Math.Tanh(gx[2 * n + j] + b1[2 * n + j] + r * (gh[2 * n + j] + b2[2 * n + j]));
            expected[j] = (1 - z) * candidate + z * h[j];
        }
        float[] hf = F(h);
        CellStep.Gru<float>(F(gx), F(gh), F(b1), F(b2), hf);
        for (int j = 0; j < n; j++) Assert.Equal(expected[j], hf[j], 2e-6);
    }

    [Theory]
    [InlineData(16, false)]
    [InlineData(37, false)]
    [InlineData(37, true)]
    public void Rnn_matches_the_equations(int n, bool relu)
    {
        var rng = new Rng(200 + n);
        double[] pre = Random(rng, n, 4), b1 = Random(rng, n, 1), b2 = Random(rng, n, 1);
        float[] hf = new float[n];
        CellStep.Rnn<float>(F(pre), F(b1), F(b2), hf, relu);
        for (int j = 0; j < n; j++)
        {
            double v = pre[j] + b1[j] + b2[j];
            Assert.Equal(relu ? Math.Max(0, v) : Math.Tanh(v), hf[j], 2e-6);
        }
    }

    [Fact]
    public void Double_cells_run_the_same_equations()
    {
        var rng = new Rng(5);
        const int n = 20;
        double[] pre = Random(rng, 4 * n, 3), b1 = Random(rng, 4 * n, 1), b2 = Random(rng, 4 * n, 1), c = Random(rng, n, 1);
        float[] cf = F(c), hf = new float[n];
        CellStep.Lstm<float>(F(pre), F(b1), F(b2), cf, hf);
        double[] hd = new double[n];
        CellStep.Lstm<double>((double[])pre.Clone(), b1, b2, c, hd);
        for (int j = 0; j < n; j++) Assert.Equal(hd[j], hf[j], 2e-6);
    }

    [Fact]
    public void Wrong_sizes_say_what_the_step_needs()
    {
        var e = Assert.Throws<ArgumentException>(() => CellStep.Lstm<float>(new float[4 * 8], new float[4 * 8], new float[4 * 8], new float[7], new float[8]));
        Assert.Contains("8 hidden units", e.Message);
        Assert.Throws<ArgumentException>(() => CellStep.Gru<float>(new float[24], new float[23], new float[24], new float[24], new float[8]));
        Assert.Throws<ArgumentException>(() => CellStep.LstmLayer<float>(new float[32 * 3], new float[32 * 8], new float[32], new float[32], new float[3], new float[8], new float[8], new float[5 * 8], new float[5], new float[31]));
    }

    [Theory]
    [InlineData(16)]
    [InlineData(37)] // two groups of 16 and a tail
    [InlineData(128)]
    public void Lstm_training_forward_keeps_the_activations_and_matches_the_equations(int n)
    {
        var rng = new Rng(200 + n);
        double[] pre = Random(rng, 4 * n, 6), cPrev = Random(rng, n, 3);
        pre[1] = 150; pre[n + 2] = -150; pre[2 * n + 3] = 1e-4; pre[3 * n + 4] = -90;
        var expectedGates = new double[4 * n];
        var expectedC = new double[n];
        var expectedH = new double[n];
        for (int j = 0; j < n; j++)
        {
            double i = Sigmoid(pre[j]), f = Sigmoid(pre[n + j]), g = Math.Tanh(pre[2 * n + j]), o = Sigmoid(pre[3 * n + j]);
            (expectedGates[j], expectedGates[n + j], expectedGates[2 * n + j], expectedGates[3 * n + j]) = (i, f, g, o);
            expectedC[j] = f * cPrev[j] + i * g;
            expectedH[j] = o * Math.Tanh(expectedC[j]);
        }
        float[] gates = F(pre), c = new float[n], h = new float[n];
        CellStep.LstmForward<float>(gates, F(cPrev), c, h);
        for (int j = 0; j < 4 * n; j++) Assert.Equal(expectedGates[j], gates[j], 2e-6);
        for (int j = 0; j < n; j++)
        {
            Assert.Equal(expectedC[j], c[j], 2e-6);
            Assert.Equal(expectedH[j], h[j], 2e-6);
        }
        double[] gd = (double[])pre.Clone(), cd = new double[n], hd = new double[n];
        CellStep.LstmForward<double>(gd, cPrev, cd, hd);
        for (int j = 0; j < n; j++) Assert.Equal(expectedH[j], hd[j], 1e-14);
    }

    [Theory]
    [InlineData(16)]
    [InlineData(37)]
    [InlineData(128)]
    public void Lstm_training_backward_matches_the_derivatives(int n)
    {
        var rng = new Rng(300 + n);
        // Activations as the forward pass keeps them: i, f, o in (0, 1), g in (-1, 1).
        double[] gates = Enumerable.Range(0, 4 * n).Select(k => k >= 2 * n && k < 3 * n ? rng.NextUniform(-1, 1) : rng.NextUniform(0, 1)).ToArray();
        double[] cPrev = Random(rng, n, 3), cNext = Random(rng, n, 3), dh = Random(rng, n, 1), dc = Random(rng, n, 1);
        cNext[0] = 40; cNext[1] = 1e-5;
        var expected = new double[4 * n];
        var expectedDc = new double[n];
        for (int j = 0; j < n; j++)
        {
            double i = gates[j], f = gates[n + j], g = gates[2 * n + j], o = gates[3 * n + j], tc = Math.Tanh(cNext[j]);
            double dct = dc[j] + dh[j] * o * (1 - tc * tc);
            expected[3 * n + j] = dh[j] * tc * o * (1 - o);
            expected[j] = dct * g * i * (1 - i);
            expected[n + j] = dct * cPrev[j] * f * (1 - f);
            expected[2 * n + j] = dct * i * (1 - g * g);
            expectedDc[j] = dct * f;
        }
        float[] dcf = F(dc), dg = Enumerable.Repeat(float.NaN, 4 * n).ToArray();
        CellStep.LstmBackward<float>(F(gates), F(cPrev), F(cNext), F(dh), dcf, dg);
        for (int j = 0; j < 4 * n; j++) Assert.Equal(expected[j], dg[j], 2e-6);
        for (int j = 0; j < n; j++) Assert.Equal(expectedDc[j], dcf[j], 2e-6);
        double[] dcd = (double[])dc.Clone(), dgd = new double[4 * n];
        CellStep.LstmBackward<double>(gates, cPrev, cNext, dh, dcd, dgd);
        for (int j = 0; j < 4 * n; j++) Assert.Equal(expected[j], dgd[j], 1e-14);
        for (int j = 0; j < n; j++) Assert.Equal(expectedDc[j], dcd[j], 1e-14);
    }

    [Fact]
    public void Lstm_training_steps_reject_wrong_sizes()
    {
        var e = Assert.Throws<ArgumentException>(() => CellStep.LstmForward<float>(new float[63], new float[16], new float[16], new float[16]));
        Assert.Contains("4 * 16 gates", e.Message);
        Assert.Throws<ArgumentException>(() => CellStep.LstmBackward<float>(new float[64], new float[16], new float[16], new float[16], new float[15], new float[64]));
        Assert.Throws<ArgumentException>(() => CellStep.LstmBackward<float>(new float[64], new float[16], new float[16], new float[16], new float[16], new float[60]));
    }

    [Theory]
    [InlineData(16)]
    [InlineData(37)]
    [InlineData(128)]
    public void Gru_training_forward_keeps_the_activations_and_matches_the_equations(int n)
    {
        var rng = new Rng(400 + n);
        double[] gx = Random(rng, 3 * n, 6), q = Random(rng, 3 * n, 6), hPrev = Random(rng, n, 1);
        gx[0] = 200; q[n + 1] = -200; gx[2 * n + 2] = 1e-4; q[2 * n + 2] = 0;
        var expectedGates = new double[3 * n];
        var expectedH = new double[n];
        for (int j = 0; j < n; j++)
        {
            double r = Sigmoid(gx[j] + q[j]), z = Sigmoid(gx[n + j] + q[n + j]), candidate = Math.Tanh(gx[2 * n + j] + r * q[2 * n + j]);
            (expectedGates[j], expectedGates[n + j], expectedGates[2 * n + j]) = (r, z, candidate);
            expectedH[j] = (1 - z) * candidate + z * hPrev[j];
        }
        float[] gates = F(gx), h = new float[n];
        CellStep.GruForward<float>(gates, F(q), F(hPrev), h);
        for (int j = 0; j < 3 * n; j++) Assert.Equal(expectedGates[j], gates[j], 2e-6);
        for (int j = 0; j < n; j++) Assert.Equal(expectedH[j], h[j], 2e-6);
        double[] gd = (double[])gx.Clone(), hd = new double[n];
        CellStep.GruForward<double>(gd, q, hPrev, hd);
        for (int j = 0; j < n; j++) Assert.Equal(expectedH[j], hd[j], 1e-14);
    }

    [Theory]
    [InlineData(16)]
    [InlineData(37)]
    [InlineData(128)]
    public void Gru_training_backward_matches_the_derivatives(int n)
    {
        var rng = new Rng(500 + n);
        double[] gates = Enumerable.Range(0, 3 * n).Select(k => k >= 2 * n ? rng.NextUniform(-1, 1) : rng.NextUniform(0, 1)).ToArray();
        double[] q = Random(rng, 3 * n, 3), hPrev = Random(rng, n, 1), dh = Random(rng, n, 1);
        var expected = new double[3 * n];
        var expectedDq = new double[3 * n];
        var expectedDh = new double[n];
        for (int j = 0; j < n; j++)
        {
            double r = gates[j], z = gates[n + j], candidate = gates[2 * n + j], d = dh[j];
            double dn = d * (1 - z) * (1 - candidate * candidate), dz = d * (hPrev[j] - candidate) * z * (1 - z), dr = dn * q[2 * n + j] * r * (1 - r);
            (expected[j], expected[n + j], expected[2 * n + j]) = (dr, dz, dn);
            (expectedDq[j], expectedDq[n + j], expectedDq[2 * n + j]) = (dr, dz, dn * r);
            expectedDh[j] = d * z;
        }
        float[] dhf = F(dh), dg = Enumerable.Repeat(float.NaN, 3 * n).ToArray(), dq = Enumerable.Repeat(float.NaN, 3 * n).ToArray();
        CellStep.GruBackward<float>(F(gates), F(q), F(hPrev), dhf, dg, dq);
        for (int j = 0; j < 3 * n; j++)
        {
            Assert.Equal(expected[j], dg[j], 2e-6);
            Assert.Equal(expectedDq[j], dq[j], 2e-6);
        }
        for (int j = 0; j < n; j++) Assert.Equal(expectedDh[j], dhf[j], 2e-6);
        double[] dhd = (double[])dh.Clone(), dgd = new double[3 * n], dqd = new double[3 * n];
        CellStep.GruBackward<double>(gates, q, hPrev, dhd, dgd, dqd);
        for (int j = 0; j < 3 * n; j++) Assert.Equal(expectedDq[j], dqd[j], 1e-14);
        for (int j = 0; j < n; j++) Assert.Equal(expectedDh[j], dhd[j], 1e-14);
    }

    [Fact]
    public void Gru_training_steps_reject_wrong_sizes()
    {
        var e = Assert.Throws<ArgumentException>(() => CellStep.GruForward<float>(new float[48], new float[47], new float[16], new float[16]));
        Assert.Contains("3 * 16 gates", e.Message);
        Assert.Throws<ArgumentException>(() => CellStep.GruBackward<float>(new float[48], new float[48], new float[16], new float[16], new float[48], new float[40]));
    }
}
