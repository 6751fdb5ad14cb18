using System;
using System.Linq;
using ModelGen.Numerics;
using ModelGen.Training;
using Xunit;

namespace ModelGen.Runtime.Tests;

/// <summary>
/// The optimizers against straightforward scalar transcriptions of torch.optim's published update rules, over several
/// steps, in float and double, at lengths that are not multiples of any vector width.
/// </summary>
public class OptimizerTests
{
    public static readonly TheoryData<int> Lengths = new() { 0, 1, 7, 33, 1000 };

    private static double[] Random(int n, int seed, double scale = 1)
    {
        var rng = new Rng(seed);
        return Enumerable.Range(0, n).Select(_ => rng.NextUniform(-scale, scale)).ToArray();
    }

    /// <summary>torch.optim.SGD, scalar reference.</summary>
    private static void ReferenceSgd(double[] p, double[] g, double[] buf, int step, double lr, double mu, double tau, double wd, bool nesterov)
    {
        for (int k = 0; k < p.Length; k++)
        {
            double d = g[k] + wd * p[k];
            if (mu != 0)
            {
                buf[k] = step == 1 ? d : mu * buf[k] + (1 - tau) * d;
                d = nesterov ? d + mu * buf[k] : buf[k];
            }
            p[k] -= lr * d;
        }
    }

    /// <summary>torch.optim.Adam / AdamW, scalar reference (the textbook form with bias-corrected moments).</summary>
    private static void ReferenceAdam(double[] p, double[] g, double[] m, double[] v, int t, double lr, double b1, double b2, double eps, double wd, bool decoupled)
    {
        for (int k = 0; k < p.Length; k++)
        {
            double d = g[k];
            if (decoupled) p[k] *= 1 - lr * wd;
            else d += wd * p[k];
            m[k] = b1 * m[k] + (1 - b1) * d;
            v[k] = b2 * v[k] + (1 - b2) * d * d;
            double mHat = m[k] / (1 - Math.Pow(b1, t));
            double vHat = v[k] / (1 - Math.Pow(b2, t));
            p[k] -= lr * mHat / (Math.Sqrt(vHat) + eps);
        }
    }

    [Theory]
    [MemberData(nameof(Lengths))]
    public void Sgd_variants_match_the_reference(int n)
    {
        foreach (var (mu, tau, wd, nesterov) in new[] { (0.0, 0.0, 0.0, false), (0.0, 0.0, 1e-2, false), (0.9, 0.0, 0.0, false), (0.9, 0.1, 1e-2, false), (0.8, 0.0, 1e-3, true) })
        {
            double[] p = Random(n, 1), expected = (double[])p.Clone(), buf = new double[n];
            var sgd = new Sgd<double>(0.1, mu, tau, wd, nesterov);
            for (int step = 1; step <= 5; step++)
            {
                double[] g = Random(n, 100 + step);
                ReferenceSgd(expected, g, buf, step, 0.1, mu, tau, wd, nesterov);
                sgd.Step(p, g);
            }
            for (int k = 0; k < n; k++) Assert.Equal(expected[k], p[k], 12);
            Assert.Equal(5, sgd.StepCount);
        }
    }

    [Theory]
    [MemberData(nameof(Lengths))]
    public void Adam_and_AdamW_match_the_reference(int n)
    {
        foreach (bool decoupled in new[] { false, true })
            foreach (double wd in new[] { 0.0, 0.05 })
            {
                double[] p = Random(n, 2), expected = (double[])p.Clone(), m = new double[n], v = new double[n];
                Optimizer<double> adam = decoupled ? new AdamW<double>(1e-2, 0.9, 0.99, 1e-8, wd) : new Adam<double>(1e-2, 0.9, 0.99, 1e-8, wd);
                for (int t = 1; t <= 6; t++)
                {
                    double[] g = Random(n, 200 + t);
                    ReferenceAdam(expected, g, m, v, t, 1e-2, 0.9, 0.99, 1e-8, wd, decoupled);
                    adam.Step(p, g);
                }
                for (int k = 0; k < n; k++) Assert.Equal(expected[k], p[k], 10);
            }
    }

    [Fact]
    public void Adam_in_float_tracks_the_double_reference()
    {
        const int n = 257;
        double[] p = Random(n, 3), expected = (double[])p.Clone(), m = new double[n], v = new double[n];
        float[] pf = p.Select(x => (float)x).ToArray();
        var adam = new Adam<float>(1e-3);
        for (int t = 1; t <= 4; t++)
        {
            double[] g = Random(n, 300 + t);
            ReferenceAdam(expected, g, m, v, t, 1e-3, 0.9, 0.999, 1e-8, 0, false);
            adam.Step(pf, g.Select(x => (float)x).ToArray());
        }
        for (int k = 0; k < n; k++) Assert.Equal(expected[k], pf[k], 5);
    }

    [Fact]
    public void Adam_first_step_moves_every_parameter_by_about_the_learning_rate()
    {
        double[] p = new double[10], g = Random(10, 4);
        new Adam<double>(0.01).Step(p, g);
        for (int k = 0; k < 10; k++) Assert.Equal(-0.01 * Math.Sign(g[k]), p[k], 6);
    }

    [Fact]
    public void AdamW_decays_weights_where_Adam_adds_L2_to_the_gradient()
    {
        // With a zero gradient, Adam's L2 term becomes a gradient (a step of ~lr), AdamW only shrinks the weight.
        double[] pa = { 1.0 }, pw = { 1.0 }, g = { 0.0 };
        new Adam<double>(0.1, weightDecay: 0.5).Step(pa, g);
        new AdamW<double>(0.1, weightDecay: 0.5).Step(pw, g);
        Assert.Equal(1.0 - 0.1, pa[0], 6);
        Assert.Equal(1.0 * (1 - 0.1 * 0.5), pw[0], 12);
    }

    [Fact]
    public void Restored_state_continues_bit_identically()
    {
        const int n = 50;
        double[] p1 = Random(n, 5), p2 = (double[])p1.Clone();
        var a = new Adam<double>(1e-2);
        for (int t = 1; t <= 3; t++) a.Step(p1, Random(n, 400 + t));
        p2 = (double[])p1.Clone();

        var b = new Adam<double>(1e-2);
        b.EnsureState(n);
        for (int k = 0; k < a.StateBuffers.Count; k++)
        {
            Assert.Equal(a.StateBuffers[k].Name, b.StateBuffers[k].Name);
            a.StateBuffers[k].Buffer.CopyTo(b.StateBuffers[k].Buffer, 0);
        }
        b.RestoreStepCount(a.StepCount);
        for (int t = 4; t <= 6; t++)
        {
            double[] g = Random(n, 400 + t);
            a.Step(p1, g);
            b.Step(p2, g);
        }
        Assert.Equal(p1, p2);
        Assert.Equal(new[] { "exp_avg", "exp_avg_sq" }, a.StateBuffers.Select(s => s.Name));
    }

    [Fact]
    public void Bad_hyper_parameters_and_shapes_fail_with_messages()
    {
        Assert.Contains("beta1", Assert.Throws<ArgumentOutOfRangeException>(() => new Adam<float>(1e-3, beta1: 1.2)).Message);
        Assert.Contains("learning rate", Assert.Throws<ArgumentOutOfRangeException>(() => new Sgd<float>(-1)).Message);
        Assert.Contains("Nesterov", Assert.Throws<ArgumentException>(() => new Sgd<float>(0.1, nesterov: true)).Message);
        var adam = new Adam<float>();
        Assert.Contains("differ in length", Assert.Throws<ArgumentException>(() => adam.Step(new float[3], new float[4])).Message);
        adam.Step(new float[3], new float[3]);
        Assert.Contains("one optimizer per model", Assert.Throws<ArgumentException>(() => adam.Step(new float[5], new float[5])).Message);
    }

    [Fact]
    public void Optimizer_steps_allocate_nothing_after_the_first()
    {
        var p = new float[1000];
        var g = Random(1000, 6).Select(x => (float)x).ToArray();
        IOptimizer<float>[] optimizers = { new Sgd<float>(0.1, momentum: 0.9), new Adam<float>(), new AdamW<float>() };
        foreach (var o in optimizers) o.Step(p, g);
        long before = GC.GetAllocatedBytesForCurrentThread();
        foreach (var o in optimizers)
            for (int i = 0; i < 10; i++) o.Step(p, g);
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }
}

public class ClippingAndScheduleTests
{
    [Fact]
    public void Clipping_leaves_small_gradients_and_scales_large_ones_to_the_threshold()
    {
        float[] small = { 0.3f, 0.4f };
        Assert.Equal(0.5, GradientClipping.ClipGlobalNorm<float>(small, 1.0), 6);
        Assert.Equal(new[] { 0.3f, 0.4f }, small);

        double[] large = { 3, 4, 0, 0, 0, 0, 0, 12 };
        Assert.Equal(13, GradientClipping.ClipGlobalNorm<double>(large, 1.0), 12);
        Assert.Equal(1.0, GradientClipping.GlobalNorm<double>(large), 5);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(15)]
    [InlineData(1007)]
    public void Global_norm_of_long_buffers_matches_a_double_sum_and_sees_non_finite_values_in_any_lane(int n)
    {
        var rng = new Rng(n);
        double[] g = Enumerable.Range(0, n).Select(_ => rng.NextUniform(-2, 2)).ToArray();
        float[] f = g.Select(x => (float)x).ToArray();
        double expected = Math.Sqrt(f.Sum(x => (double)x * x));
        Assert.Equal(expected, GradientClipping.GlobalNorm<float>(f), 1e-12 * expected);
        Assert.Equal(Math.Sqrt(g.Sum(x => x * x)), GradientClipping.GlobalNorm<double>(g), 1e-12 * expected);
        f[n / 2] = float.NaN;
        Assert.True(double.IsNaN(GradientClipping.GlobalNorm<float>(f)));
        g[n - 1] = double.PositiveInfinity;
        Assert.True(double.IsPositiveInfinity(GradientClipping.GlobalNorm<double>(g)));
    }

    [Fact]
    public void Clipping_reports_a_non_finite_norm_and_leaves_the_gradients_untouched()
    {
        float[] g = { 1, float.NaN, 2 };
        Assert.True(double.IsNaN(GradientClipping.ClipGlobalNorm<float>(g, 1.0)));
        Assert.Equal(1f, g[0]);
        float[] inf = { float.PositiveInfinity, 2 };
        Assert.True(double.IsPositiveInfinity(GradientClipping.ClipGlobalNorm<float>(inf, 1.0)));
        Assert.Equal(2f, inf[1]);
        Assert.Throws<ArgumentOutOfRangeException>(() => GradientClipping.ClipGlobalNorm<float>(g, 0));
    }

    [Fact]
    public void Step_decay_follows_zaremba_et_al()
    {
        // lr 1, constant for 4 epochs, then halved every epoch (13 epochs of 100 batches).
        var schedule = new StepDecaySchedule(1.0, decayEvery: 100, factor: 0.5, startAfter: 400);
        Assert.Equal(1.0, schedule.Rate(0));
        Assert.Equal(1.0, schedule.Rate(399));
        Assert.Equal(0.5, schedule.Rate(400));
        Assert.Equal(0.5, schedule.Rate(499));
        Assert.Equal(0.25, schedule.Rate(500));
        Assert.Equal(Math.Pow(0.5, 9), schedule.Rate(1299));
    }

    [Fact]
    public void Cosine_warms_up_then_decays_to_the_minimum()
    {
        var schedule = new CosineSchedule(1.0, totalSteps: 110, minRate: 0.1, warmupSteps: 10);
        Assert.Equal(0.1, schedule.Rate(0), 12);
        Assert.Equal(1.0, schedule.Rate(9), 12);
        Assert.Equal(1.0, schedule.Rate(10), 12);
        Assert.Equal(0.55, schedule.Rate(60), 12);
        Assert.Equal(0.1, schedule.Rate(110), 12);
        Assert.Equal(0.1, schedule.Rate(1000), 12);
        Assert.Equal(2.0, new ConstantSchedule(2.0).Rate(12345));
        Assert.Throws<ArgumentOutOfRangeException>(() => new CosineSchedule(1.0, 10, minRate: 2.0));
        Assert.Throws<ArgumentOutOfRangeException>(() => new StepDecaySchedule(1.0, 0, 0.5));
    }
}
