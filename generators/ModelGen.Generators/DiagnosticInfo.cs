using System;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;

namespace ModelGen.Generators;

/// <summary>A location as plain values (file, span, line span), so the pipeline's models hold no Roslyn objects.</summary>
internal sealed record LocationInfo(string FilePath, TextSpan TextSpan, LinePositionSpan LineSpan)
{
    public Location ToLocation() => Location.Create(FilePath, TextSpan, LineSpan);

    public static LocationInfo? From(Location? location)
    {
        if (location is null || location.SourceTree is null) return null;
        return new LocationInfo(location.SourceTree.FilePath, location.SourceSpan, location.GetLineSpan().Span);
    }
}

/// <summary>A diagnostic as plain values: descriptor, location and message arguments.</summary>
internal sealed record DiagnosticInfo(DiagnosticDescriptor Descriptor, LocationInfo? Location, ImmutableEquatableArray<string> MessageArgs)
{
    public static DiagnosticInfo Create(DiagnosticDescriptor descriptor, Location? location, params string[] args)
        => new(descriptor, LocationInfo.From(location), args.ToImmutableEquatableArray());

    public Diagnostic ToDiagnostic()
        => Diagnostic.Create(Descriptor, Location?.ToLocation(), MessageArgs.ToArrayOfObjects());
}

internal static class ArrayExtensions
{
    public static object[] ToArrayOfObjects(this ImmutableEquatableArray<string> values)
    {
        var result = new object[values.Count];
        for (int i = 0; i < result.Length; i++) result[i] = values[i];
        return result;
    }
}
