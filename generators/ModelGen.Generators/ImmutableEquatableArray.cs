using System;
using System.Collections;
using System.Collections.Generic;
using System.Linq;

namespace ModelGen.Generators;

/// <summary>
/// An immutable array with value equality, so that models holding collections compare equal when their contents do
/// (the incremental pipeline caches on equality). Modeled on System.Text.Json's generator.
/// </summary>
internal sealed class ImmutableEquatableArray<T> : IEquatable<ImmutableEquatableArray<T>>, IReadOnlyList<T>
    where T : IEquatable<T>
{
    public static readonly ImmutableEquatableArray<T> Empty = new(Array.Empty<T>());

    private readonly T[] _values;

    public ImmutableEquatableArray(IEnumerable<T> values) => _values = values.ToArray();

    public T this[int index] => _values[index];
    public int Count => _values.Length;

    public bool Equals(ImmutableEquatableArray<T>? other)
        => other is not null && (ReferenceEquals(this, other) || _values.AsSpan().SequenceEqual(other._values));

    public override bool Equals(object? obj) => obj is ImmutableEquatableArray<T> other && Equals(other);

    public override int GetHashCode()
    {
        int hash = 17;
        foreach (T value in _values)
            hash = unchecked(hash * 31 + (value is null ? 0 : value.GetHashCode()));
        return hash;
    }

    public IEnumerator<T> GetEnumerator() => ((IEnumerable<T>)_values).GetEnumerator();
    IEnumerator IEnumerable.GetEnumerator() => _values.GetEnumerator();
}

internal static class ImmutableEquatableArray
{
    public static ImmutableEquatableArray<T> ToImmutableEquatableArray<T>(this IEnumerable<T> values) where T : IEquatable<T>
        => new(values);
}
