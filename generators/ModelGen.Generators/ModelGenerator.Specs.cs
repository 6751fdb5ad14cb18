using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Text;
using ModelGen.Specs;

namespace ModelGen.Generators;

/// <summary>The text of one .json AdditionalFile, as plain values.</summary>
internal sealed record SpecFileText(string Name, string Path, string? Text);

/// <summary>A class bound to a spec by [ModelSpec("name")], as plain values.</summary>
internal sealed record SpecBinding(
    string? Namespace, string ClassName, string Accessibility, string SpecName,
    LocationInfo? NameLocation, ImmutableEquatableArray<DiagnosticInfo> ClassDiagnostics, bool HasGpuRuntime = false,
    LocationInfo? GpuMemberLocation = null);

public sealed partial class ModelGenerator
{
    internal const string SpecAttribute = "ModelGen.ModelSpecAttribute";

    internal static partial class SpecFrontEnd
    {
        /// <summary>Reads the binding off the attributed class; shape problems of the class travel with it.</summary>
        public static SpecBinding? ParseBinding(GeneratorAttributeSyntaxContext context, CancellationToken cancellationToken)
        {
            if (context.TargetSymbol is not INamedTypeSymbol type || context.TargetNode is not TypeDeclarationSyntax declaration
                || context.Attributes.Length == 0 || declaration.Identifier.IsMissing || type.Name.Length == 0)
                return null;
            AttributeData attribute = context.Attributes[0];
            if (attribute.ConstructorArguments.Length != 1 || attribute.ConstructorArguments[0].Value is not string name)
                return null; // the compiler reports the malformed attribute
            var syntax = attribute.ApplicationSyntaxReference?.GetSyntax(cancellationToken) as AttributeSyntax;
            Location location = syntax?.ArgumentList?.Arguments.FirstOrDefault()?.GetLocation() ?? syntax?.GetLocation() ?? declaration.Identifier.GetLocation();

            var diagnostics = new List<DiagnosticInfo>();
            bool otherModelAttribute = type.GetAttributes().Any(a => a.AttributeClass?.ToDisplayString() is RnnAttribute or GruAttribute or LstmAttribute);
            if (otherModelAttribute) return null; // MG0015 is reported by the attribute front end
            Parser.CheckClass(type, declaration, diagnostics);
            return new SpecBinding(
                type.ContainingNamespace is { IsGlobalNamespace: false } ns ? ns.ToDisplayString() : null,
                type.Name,
                type.DeclaredAccessibility == Accessibility.Public ? "public" : "internal",
                name,
                LocationInfo.From(location),
                diagnostics.ToImmutableEquatableArray(),
                Parser.HasGpuRuntime(context.SemanticModel.Compilation),
                Parser.GpuMemberLocation(type) is { } gpuMember ? LocationInfo.From(gpuMember) : null);
        }

        /// <summary>Finds the bound spec among the AdditionalFiles, reads it, and lowers it to the model description.</summary>
        public static ParseResult Lower(SpecBinding binding, ImmutableArray<SpecFileText> files, CancellationToken cancellationToken)
        {
            var diagnostics = new List<DiagnosticInfo>(binding.ClassDiagnostics);
            var matches = files.Where(f => string.Equals(f.Name, binding.SpecName, StringComparison.Ordinal)).ToList();
            if (matches.Count == 0)
            {
                string? near = SpecReader.Nearest(binding.SpecName, files.Select(f => f.Name));
                diagnostics.Add(new DiagnosticInfo(DiagnosticDescriptors.SpecNotFound, binding.NameLocation,
                    new[] { binding.SpecName, near is null ? "" : $" (did you mean \"{near}\"?)" }.ToImmutableEquatableArray()));
                return new ParseResult(null, diagnostics.ToImmutableEquatableArray());
            }
            if (matches.Count > 1)
            {
                diagnostics.Add(new DiagnosticInfo(DiagnosticDescriptors.SpecAmbiguous, binding.NameLocation,
                    new[] { binding.SpecName, matches[0].Path, matches[1].Path }.ToImmutableEquatableArray()));
                return new ParseResult(null, diagnostics.ToImmutableEquatableArray());
            }

            SpecFileText file = matches[0];
            cancellationToken.ThrowIfCancellationRequested();
            var errors = new List<SpecError>();
            SpecDocument? doc = SpecReader.Read(file.Text ?? "", errors);
            foreach (SpecError e in errors)
            {
                var span = new TextSpan(e.Offset, e.Length);
                var lines = new LinePositionSpan(new LinePosition(e.Line, e.Column), new LinePosition(e.Line, e.Column + e.Length));
                diagnostics.Add(new DiagnosticInfo(Descriptor(e.Kind), new LocationInfo(file.Path, span, lines), new[] { e.Message }.ToImmutableEquatableArray()));
            }
            if (doc is not null && doc.Gpu && !binding.HasGpuRuntime)
                diagnostics.Add(new DiagnosticInfo(DiagnosticDescriptors.GpuRuntimeMissing, binding.NameLocation,
                    new[] { binding.ClassName }.ToImmutableEquatableArray()));
            if (doc is not null && doc.Gpu && binding.GpuMemberLocation is not null)
                diagnostics.Add(new DiagnosticInfo(DiagnosticDescriptors.MemberConflict, binding.GpuMemberLocation,
                    new[] { binding.ClassName, "Gpu" }.ToImmutableEquatableArray()));
            if (doc is null || diagnostics.Count > 0)
                return new ParseResult(null, diagnostics.ToImmutableEquatableArray());

            var layers = new List<LayerSpec>();
            int input = doc.Vocab > 0 ? doc.Embedding : doc.Input;
            for (int i = 0; i < doc.Layers.Count; i++)
            {
                SpecLayer l = doc.Layers[i];
                var cell = (CellKind)l.Cell;
                layers.Add(new LayerSpec(i, cell, input, l.Hidden, l.Relu && cell == CellKind.Rnn, l.Peephole && cell == CellKind.Lstm, l.Bidirectional, l.Dropout));
                input = (l.Bidirectional ? 2 : 1) * l.Hidden;
            }
            LayerSpec first = layers[0];
            var model = new ModelSpec(
                binding.Namespace, binding.ClassName, binding.Accessibility,
                first.Cell, first.Relu, first.Peephole,
                doc.Vocab, doc.Vocab > 0 ? doc.Embedding : 0, doc.Vocab > 0 ? 0 : doc.Input,
                layers[layers.Count - 1].Hidden, doc.Output, (HeadKind)doc.Head,
                layers.Max(l => l.Dropout), doc.IsDouble, first.Bidirectional,
                layers.ToImmutableEquatableArray(), doc.Gpu);

            long parameters = ParameterLayout.Count(model);
            if (parameters > Parser.MaxParameters)
            {
                diagnostics.Add(new DiagnosticInfo(DiagnosticDescriptors.ModelTooLarge, binding.NameLocation,
                    new[] { parameters.ToString("N0", System.Globalization.CultureInfo.InvariantCulture), Parser.MaxParameters.ToString("N0", System.Globalization.CultureInfo.InvariantCulture) }.ToImmutableEquatableArray()));
                return new ParseResult(null, diagnostics.ToImmutableEquatableArray());
            }
            return new ParseResult(model, diagnostics.ToImmutableEquatableArray());
        }

        /// <summary>MG0107 for every spec that more than one class binds.</summary>
        public static ImmutableEquatableArray<DiagnosticInfo> DuplicateBindings(ImmutableArray<SpecBinding?> bindings)
        {
            var diagnostics = new List<DiagnosticInfo>();
            foreach (var group in bindings.Where(b => b is not null).GroupBy(b => b!.SpecName, StringComparer.Ordinal).Where(g => g.Count() > 1))
            {
                var list = group.ToList();
                for (int i = 1; i < list.Count; i++)
                    diagnostics.Add(new DiagnosticInfo(DiagnosticDescriptors.SpecBoundTwice, list[i]!.NameLocation,
                        new[] { group.Key, Qualified(list[0]!), Qualified(list[i]!) }.ToImmutableEquatableArray()));
            }
            return diagnostics.ToImmutableEquatableArray();
        }

        private static string Qualified(SpecBinding b) => b.Namespace is null ? b.ClassName : b.Namespace + "." + b.ClassName;

        private static DiagnosticDescriptor Descriptor(SpecErrorKind kind) => kind switch
        {
            SpecErrorKind.MalformedJson => DiagnosticDescriptors.SpecMalformed,
            SpecErrorKind.UnknownKey => DiagnosticDescriptors.SpecUnknownKey,
            SpecErrorKind.WrongType => DiagnosticDescriptors.SpecWrongType,
            SpecErrorKind.OutOfRange => DiagnosticDescriptors.SpecOutOfRange,
            SpecErrorKind.Impossible => DiagnosticDescriptors.SpecImpossible,
            _ => DiagnosticDescriptors.SpecMissingKey,
        };

        /// <summary>The spec's name: its file name without ".json".</summary>
        public static string NameOf(string path) => Path.GetFileNameWithoutExtension(path);
    }
}
