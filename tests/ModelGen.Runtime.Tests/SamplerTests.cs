using System;
using ModelGen.Numerics;
using ModelGen.Sampling;
using Xunit;

namespace ModelGen.Runtime.Tests;

public class SamplerTests
{
    private static readonly float[] Logits = [0.5f, 2.0f, -1.0f, 1.0f, 1.9f];

    [Fact]
    public void TemperatureZero_IsArgmax()
    {
        var sampler = new Sampler<float>(5, new Rng(1), temperature: 0);
        for (int i = 0; i < 100; i++) Assert.Equal(1, sampler.Sample(Logits));
    }

    [Fact]
    public void TopKOne_IsArgmax()
    {
        var sampler = new Sampler<double>(5, new Rng(2), temperature: 5, topK: 1);
        double[] logits = [0.1, 0.2, 3.0, 2.9, -1];
        for (int i = 0; i < 100; i++) Assert.Equal(2, sampler.Sample(logits));
    }

    [Fact]
    public void Frequencies_MatchSoftmax()
    {
        const int draws = 200_000;
        foreach (double temperature in new[] { 1.0, 0.5, 2.0 })
        {
            var sampler = new Sampler<float>(5, new Rng(42), temperature);
            var counts = new int[5];
            for (int i = 0; i < draws; i++) counts[sampler.Sample(Logits)]++;
            double[] p = Softmax(Logits, temperature, Logits.Length);
            for (int j = 0; j < 5; j++)
            {
                double sigma = Math.Sqrt(p[j] * (1 - p[j]) / draws);
                Assert.InRange((double)counts[j] / draws, p[j] - 5 * sigma, p[j] + 5 * sigma);
            }
        }
    }

    [Fact]
    public void TopK_SamplesOnlyAmongTheKMostLikely_InSoftmaxProportion()
    {
        const int draws = 100_000;
        var sampler = new Sampler<float>(5, new Rng(3), temperature: 1, topK: 2);
        var counts = new int[5];
        for (int i = 0; i < draws; i++) counts[sampler.Sample(Logits)]++;
        Assert.Equal(0, counts[0] + counts[2] + counts[3]);
        double p1 = Math.Exp(2.0) / (Math.Exp(2.0) + Math.Exp(1.9));
        Assert.InRange((double)counts[1] / draws, p1 - 0.01, p1 + 0.01);
    }

    [Fact]
    public void SameSeed_SameSamples()
    {
        var a = new Sampler<float>(5, new Rng(9));
        var b = new Sampler<float>(5, new Rng(9));
        for (int i = 0; i < 1000; i++) Assert.Equal(a.Sample(Logits), b.Sample(Logits));
    }

    [Fact]
    public void Sample_DoesNotAllocate_AfterWarmUp()
    {
        var sampler = new Sampler<float>(5, new Rng(4), temperature: 0.8, topK: 3);
        var all = new Sampler<double>(5, new Rng(4));
        double[] dlogits = [1, 2, 3, 4, 5];
        sampler.Sample(Logits);
        all.Sample(dlogits);
        long before = GC.GetAllocatedBytesForCurrentThread();
        int sum = 0;
        for (int i = 0; i < 10_000; i++) sum += sampler.Sample(Logits) + all.Sample(dlogits);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.Equal(0, allocated);
        Assert.True(sum > 0);
    }

    [Fact]
    public void InvalidInput_GivesClearErrors()
    {
        var sampler = new Sampler<float>(5, new Rng(5));
        Assert.Contains("NaN", Assert.Throws<ArgumentException>(() => sampler.Sample([0f, float.NaN])).Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => sampler.Sample(new float[6]));
        Assert.Throws<ArgumentOutOfRangeException>(() => sampler.Temperature = -1);
        Assert.Throws<ArgumentOutOfRangeException>(() => sampler.TopK = -1);
    }

    [Fact]
    public void Generate_FeedsPromptThenSamples()
    {
        var model = new FakeModel<float>(vocab: 5);
        var sampler = new Sampler<float>(5, new Rng(6), temperature: 0);
        var output = new int[6];
        sampler.Generate(model, [0, 2], 6, output);
        Assert.Equal(new[] { 3, 4, 0, 1, 2, 3 }, output);
        Assert.Equal(2 + 5, model.Steps); // prompt, then every sampled token but the last
    }

    [Fact]
    public void Generate_EmptyPrompt_IsAClearError()
    {
        var sampler = new Sampler<float>(5, new Rng(7));
        var ex = Assert.Throws<ArgumentException>(() => sampler.Generate(new FakeModel<float>(), ReadOnlySpan<int>.Empty, 3, new int[3]));
        Assert.Contains("prompt is empty", ex.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => sampler.Generate(new FakeModel<float>(), [7], 3, new int[3]));
        Assert.Throws<ArgumentException>(() => sampler.Generate(new FakeModel<float>(), [1], 3, new int[2]));
    }

    private static double[] Softmax(float[] logits, double temperature, int n)
    {
        var p = new double[n];
        double sum = 0;
        for (int i = 0; i < n; i++) sum += p[i] = Math.Exp(logits[i] / temperature);
        for (int i = 0; i < n; i++) p[i] /= sum;
        return p;
    }
}
