using System;
using ILGPU;
using ILGPU.Runtime;

namespace ModelGen.Gpu;

/// <summary>
/// A float array in the accelerator's memory, zeroed when allocated. <see cref="View"/> (or <see cref="Slice"/>) is what
/// kernels take; <see cref="CopyFrom"/> and <see cref="CopyTo"/> move data to and from the host and wait for the copy.
/// </summary>
public sealed class DeviceArray : IDisposable
{
    private readonly MemoryBuffer1D<float, Stride1D.Dense> _buffer;

    internal DeviceArray(Accelerator accelerator, long length)
    {
        if (length < 0) throw new ArgumentOutOfRangeException(nameof(length), $"A device array cannot have a negative length; got {length}.");
        // ILGPU cannot allocate zero elements; keep one so that empty views still have a buffer behind them.
        _buffer = accelerator.Allocate1D<float>(Math.Max(length, 1));
        _buffer.MemSetToZero();
        Length = length;
    }

    /// <summary>Number of elements.</summary>
    public long Length { get; }

    /// <summary>The whole array as a kernel argument.</summary>
    public ArrayView<float> View => ((ArrayView<float>)_buffer.View).SubView(0, Length);

    /// <summary>Elements [<paramref name="offset"/>, <paramref name="offset"/> + <paramref name="length"/>) as a kernel argument.</summary>
    public ArrayView<float> Slice(long offset, long length)
    {
        if (offset < 0 || length < 0 || offset + length > Length)
            throw new ArgumentOutOfRangeException(nameof(offset), $"The slice [{offset}, {offset + length}) is outside the device array of {Length} elements.");
        return ((ArrayView<float>)_buffer.View).SubView(offset, length);
    }

    /// <summary>Copies <paramref name="source"/> to the elements from <paramref name="offset"/> on.</summary>
    public void CopyFrom(ReadOnlySpan<float> source, long offset = 0)
    {
        if (source.IsEmpty) return;
        Slice(offset, source.Length).CopyFromCPU(source);
    }

    /// <summary>Copies the elements from <paramref name="offset"/> on to <paramref name="destination"/> (as many as it holds).</summary>
    public void CopyTo(Span<float> destination, long offset = 0)
    {
        if (destination.IsEmpty) return;
        Slice(offset, destination.Length).CopyToCPU(destination);
    }

    /// <summary>Sets every element to zero.</summary>
    public void Clear() => _buffer.MemSetToZero();

    /// <inheritdoc/>
    public void Dispose() => _buffer.Dispose();
}

/// <summary>Integer data on the device (token ids, labels): the int twin of <see cref="DeviceArray"/>.</summary>
public sealed class DeviceIntArray : IDisposable
{
    private readonly MemoryBuffer1D<int, Stride1D.Dense> _buffer;

    internal DeviceIntArray(Accelerator accelerator, long length)
    {
        _buffer = accelerator.Allocate1D<int>(Math.Max(length, 1));
        _buffer.MemSetToZero();
        Length = length;
    }

    /// <summary>Number of elements.</summary>
    public long Length { get; }

    /// <summary>The whole array as a kernel argument.</summary>
    public ArrayView<int> View => ((ArrayView<int>)_buffer.View).SubView(0, Length);

    /// <summary>Copies <paramref name="source"/> to the start of the array.</summary>
    public void CopyFrom(ReadOnlySpan<int> source)
    {
        if (source.IsEmpty) return;
        if (source.Length > Length) throw new ArgumentException($"{source.Length} elements do not fit the device array of {Length}.", nameof(source));
        ((ArrayView<int>)_buffer.View).SubView(0, source.Length).CopyFromCPU(source);
    }

    /// <inheritdoc/>
    public void Dispose() => _buffer.Dispose();
}
