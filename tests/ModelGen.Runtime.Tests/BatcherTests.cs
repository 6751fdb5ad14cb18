using System;
using System.Linq;
using ModelGen.Data;
using Xunit;

namespace ModelGen.Runtime.Tests;

public class BatcherTests
{
    [Fact]
    public void Layout_MatchesBatchify()
    {
        int[] tokens = Enumerable.Range(0, 26).ToArray(); // 3 streams of 8 (2 dropped)
        var batcher = new LanguageModelBatcher(tokens, batchSize: 3, steps: 3);
        Assert.Equal(8, batcher.StreamLength);
        Assert.Equal(2, batcher.BatchesPerEpoch); // (8 - 1) / 3

        Assert.True(batcher.Next());
        Assert.Equal(new[] { 0, 1, 2, 8, 9, 10, 16, 17, 18 }, batcher.Inputs.ToArray());
        Assert.Equal(new[] { 1, 2, 3, 9, 10, 11, 17, 18, 19 }, batcher.Targets.ToArray());
        Assert.True(batcher.Next());
        Assert.Equal(new[] { 3, 4, 5, 11, 12, 13, 19, 20, 21 }, batcher.Inputs.ToArray());
        Assert.Equal(new[] { 4, 5, 6, 12, 13, 14, 20, 21, 22 }, batcher.Targets.ToArray());
        Assert.False(batcher.Next());
        Assert.Equal(2, batcher.Position);
    }

    [Fact]
    public void StreamsContinueAcrossBatches_AndTargetsAreShiftedInputs()
    {
        var rng = new Numerics.Rng(7);
        int[] tokens = Enumerable.Range(0, 1000).Select(_ => rng.NextInt(50)).ToArray();
        const int B = 4, T = 7;
        var batcher = new LanguageModelBatcher(tokens, B, T);
        int[]? previous = null;
        while (batcher.Next())
        {
            int[] inputs = batcher.Inputs.ToArray(), targets = batcher.Targets.ToArray();
            for (int b = 0; b < B; b++)
            {
                for (int t = 0; t + 1 < T; t++) Assert.Equal(inputs[b * T + t + 1], targets[b * T + t]);
                if (previous is not null) Assert.Equal(previous[b * T + T - 1], inputs[b * T]); // last target of k-1 is first input of k
            }
            previous = targets;
            int k = batcher.Position - 1;
            for (int b = 0; b < B; b++)
                Assert.Equal(tokens[b * batcher.StreamLength + k * T], inputs[b * T]);
        }
        Assert.Equal((1000 / B - 1) / T, batcher.BatchesPerEpoch);
    }

    [Fact]
    public void Position_ResumesAndReuseBuffers()
    {
        int[] tokens = Enumerable.Range(0, 100).ToArray();
        var a = new LanguageModelBatcher(tokens, 2, 5);
        a.Next(); a.Next(); a.Next();
        var b = new LanguageModelBatcher(tokens, 2, 5) { Position = 2 };
        b.Next();
        Assert.Equal(a.Inputs.ToArray(), b.Inputs.ToArray());
        Assert.Equal(a.Targets.ToArray(), b.Targets.ToArray());
        ref readonly int first = ref a.Inputs[0];
        a.Reset();
        Assert.Equal(0, a.Position);
        a.Next();
        Assert.True(System.Runtime.CompilerServices.Unsafe.AreSame(ref System.Runtime.CompilerServices.Unsafe.AsRef(in first), ref System.Runtime.CompilerServices.Unsafe.AsRef(in a.Inputs[0])));
        Assert.Throws<ArgumentOutOfRangeException>(() => a.Position = a.BatchesPerEpoch + 1);
    }

    [Fact]
    public void TooShortStream_SaysHowManyTokensAreNeeded()
    {
        var ex = Assert.Throws<ArgumentException>(() => new LanguageModelBatcher(new int[40], batchSize: 4, steps: 10));
        Assert.Contains("44 tokens", ex.Message, StringComparison.Ordinal);
        Assert.Contains("40 tokens", ex.Message, StringComparison.Ordinal);
        _ = new LanguageModelBatcher(new int[44], batchSize: 4, steps: 10);
    }
}
