using System;
using System.Runtime.CompilerServices;
using Xunit;

namespace ModelGen.Numerics.Tests;

/// <summary>64-byte aligned buffers, and the generated models' parameters in one.</summary>
public class AlignedBufferTests
{
    private static unsafe long Address<T>(Span<T> span) where T : unmanaged => (long)Unsafe.AsPointer(ref span[0]);

    [Theory]
    [InlineData(1)]
    [InlineData(7)]
    [InlineData(1000)]
    public void Buffers_start_on_a_cache_line_and_are_zeroed(int length)
    {
        for (int attempt = 0; attempt < 20; attempt++) // different addresses, different offsets into the pinned array
        {
            ArraySegment<float> f = AlignedBuffer.Allocate<float>(length);
            ArraySegment<double> d = AlignedBuffer.Allocate<double>(length);
            Assert.Equal(length, f.Count);
            Assert.Equal(length, d.Count);
            Assert.Equal(0, Address<float>(f) % AlignedBuffer.Alignment);
            Assert.Equal(0, Address<double>(d) % AlignedBuffer.Alignment);
            Assert.All(f, x => Assert.Equal(0f, x));
        }
        Assert.Equal(0, AlignedBuffer.Allocate<float>(0).Count);
        Assert.Throws<ArgumentOutOfRangeException>(() => AlignedBuffer.Allocate<float>(-1));
    }

    [Fact]
    public void Generated_models_keep_their_parameters_on_a_cache_line()
    {
        for (int seed = 0; seed < 10; seed++)
        {
            var model = new AddingLstm(seed);
            Assert.Equal(0, Address(model.Parameters) % AlignedBuffer.Alignment);
            Assert.Equal(model.Info.ParameterCount, model.Parameters.Length);
        }
    }
}
