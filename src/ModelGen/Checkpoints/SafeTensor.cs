using System;
using System.Collections.Generic;
using System.Runtime.InteropServices;

namespace ModelGen.Checkpoints;

/// <summary>One tensor of a safetensors file: a name, a dtype, a shape and its little-endian bytes.</summary>
public sealed class SafeTensor
{
    private readonly int[] _shape;

    /// <summary>A tensor over <paramref name="data"/> (not copied).</summary>
    /// <exception cref="ArgumentException">The byte count is not the dtype's size times the product of the shape.</exception>
    public SafeTensor(string name, SafeTensorsDType dtype, ReadOnlySpan<int> shape, byte[] data)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(data);
        long expected = ByteCount(dtype, shape);
        if (data.Length != expected)
            throw new ArgumentException(
                $"Tensor '{name}' of dtype {SafeTensorsDTypes.ToName(dtype)} and shape {FormatShape(shape)} needs {expected} bytes, but {data.Length} were given.",
                nameof(data));
        Name = name;
        DType = dtype;
        _shape = shape.ToArray();
        Data = data;
    }

    /// <summary>A tensor holding a copy of <paramref name="values"/>, with the dtype of <typeparamref name="T"/>.</summary>
    /// <exception cref="NotSupportedException"><typeparamref name="T"/> has no safetensors dtype.</exception>
    public static SafeTensor Create<T>(string name, ReadOnlySpan<int> shape, ReadOnlySpan<T> values) where T : unmanaged
    {
        SafeTensorsDType dtype = SafeTensorsDTypes.Of<T>()
            ?? throw new NotSupportedException($"{typeof(T).Name} has no safetensors dtype; use float, double, Half or an integer type.");
        RequireLittleEndian();
        return new SafeTensor(name, dtype, shape, MemoryMarshal.AsBytes(values).ToArray());
    }

    /// <summary>The tensor's name, for example <c>rnn.weight_ih_l0</c>.</summary>
    public string Name { get; }

    /// <summary>The element type.</summary>
    public SafeTensorsDType DType { get; }

    /// <summary>The shape, row-major; empty for a scalar.</summary>
    public IReadOnlyList<int> Shape => _shape;

    /// <summary>The raw little-endian bytes.</summary>
    public byte[] Data { get; }

    /// <summary>Number of elements (1 for a scalar).</summary>
    public long ElementCount
    {
        get
        {
            long n = 1;
            foreach (int d in _shape) n *= d;
            return n;
        }
    }

    /// <summary>The shape as PyTorch prints it, e.g. <c>[1024, 64]</c>.</summary>
    public string ShapeText => FormatShape(_shape);

    /// <summary>The elements as <typeparamref name="T"/>, which must match <see cref="DType"/> (float for F32, double for F64, ...).</summary>
    /// <exception cref="InvalidOperationException">The dtype does not hold <typeparamref name="T"/>.</exception>
    public T[] ToArray<T>() where T : unmanaged
    {
        CheckType<T>();
        return MemoryMarshal.Cast<byte, T>(Data).ToArray();
    }

    /// <summary>Copies the elements into <paramref name="destination"/>, which must have exactly <see cref="ElementCount"/> elements.</summary>
    /// <exception cref="InvalidOperationException">The dtype does not hold <typeparamref name="T"/>.</exception>
    /// <exception cref="ArgumentException"><paramref name="destination"/> has another length.</exception>
    public void CopyTo<T>(Span<T> destination) where T : unmanaged
    {
        CheckType<T>();
        ReadOnlySpan<T> source = MemoryMarshal.Cast<byte, T>(Data);
        if (destination.Length != source.Length)
            throw new ArgumentException($"Tensor '{Name}' has {source.Length} elements, but the destination has {destination.Length}.", nameof(destination));
        source.CopyTo(destination);
    }

    private void CheckType<T>() where T : unmanaged
    {
        RequireLittleEndian();
        if (SafeTensorsDTypes.Of<T>() != DType)
            throw new InvalidOperationException(
                $"Tensor '{Name}' is {SafeTensorsDTypes.ToName(DType)}, which does not hold {typeof(T).Name} elements; read it as the matching type.");
    }

    internal static void RequireLittleEndian()
    {
        if (!BitConverter.IsLittleEndian)
            throw new NotSupportedException("Safetensors data is little-endian; this runtime supports it on little-endian machines only.");
    }

    /// <summary>The dtype's size times the product of <paramref name="shape"/>.</summary>
    /// <exception cref="ArgumentException">A dimension is negative, or the size overflows.</exception>
    public static long ByteCount(SafeTensorsDType dtype, ReadOnlySpan<int> shape)
    {
        long n = SafeTensorsDTypes.SizeOf(dtype);
        foreach (int d in shape)
        {
            if (d < 0) throw new ArgumentException($"The shape {FormatShape(shape)} has a negative dimension.", nameof(shape));
            n = checked(n * d);
        }
        return n;
    }

    internal static string FormatShape(ReadOnlySpan<int> shape) => "[" + string.Join(", ", shape.ToArray()) + "]";
}
