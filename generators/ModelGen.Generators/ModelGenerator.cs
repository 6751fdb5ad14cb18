using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace ModelGen.Generators;

/// <summary>Emits the forward and backward passes of models declared with [RnnModel], [GruModel] or [LstmModel].</summary>
[Generator(LanguageNames.CSharp)]
public sealed partial class ModelGenerator : IIncrementalGenerator
{
    internal const string RnnAttribute = "ModelGen.RnnModelAttribute";
    internal const string GruAttribute = "ModelGen.GruModelAttribute";
    internal const string LstmAttribute = "ModelGen.LstmModelAttribute";

    /// <inheritdoc/>
    public void Initialize(IncrementalGeneratorInitializationContext context)
    {
        // 1. Find the classes that carry a model attribute and parse each into a plain-value model or diagnostics.
        IncrementalValuesProvider<ParseResult> rnn = Find(context, RnnAttribute, CellKind.Rnn);
        IncrementalValuesProvider<ParseResult> gru = Find(context, GruAttribute, CellKind.Gru);
        IncrementalValuesProvider<ParseResult> lstm = Find(context, LstmAttribute, CellKind.Lstm);

        // 1b. Classes bound to spec files: read the .json AdditionalFiles, find each binding's file, parse and lower it
        //     to the same model description. A spec edit reruns this step, but an unchanged model stays cached below.
        IncrementalValueProvider<ImmutableArray<SpecFileText>> specFiles = context.AdditionalTextsProvider
            .Where(static f => f.Path.EndsWith(".json", System.StringComparison.OrdinalIgnoreCase))
            .Select(static (f, ct) => new SpecFileText(SpecFrontEnd.NameOf(f.Path), f.Path, f.GetText(ct)?.ToString()))
            .Collect();
        IncrementalValuesProvider<SpecBinding?> bindings = context.SyntaxProvider.ForAttributeWithMetadataName(
                SpecAttribute,
                predicate: static (node, _) => node is TypeDeclarationSyntax,
                transform: static (ctx, ct) => SpecFrontEnd.ParseBinding(ctx, ct))
            .WithTrackingName(TrackingNames.Bind);
        IncrementalValuesProvider<ParseResult> specs = bindings
            .Where(static b => b is not null)
            .Combine(specFiles)
            .Select(static (pair, ct) => SpecFrontEnd.Lower(pair.Left!, pair.Right, ct))
            .WithTrackingName(TrackingNames.ParseSpec);
        context.RegisterSourceOutput(
            bindings.Collect().Select(static (all, _) => SpecFrontEnd.DuplicateBindings(all)),
            static (spc, diagnostics) =>
            {
                foreach (var d in diagnostics) spc.ReportDiagnostic(d.ToDiagnostic());
            });

        foreach (var results in new[] { rnn, gru, lstm, specs })
        {
            // 2. Diagnostics and sources are separate outputs: a diagnostic never forces re-emission.
            context.RegisterSourceOutput(
                results.Select(static (r, _) => r.Diagnostics).Where(static d => d.Count > 0),
                static (spc, diagnostics) =>
                {
                    foreach (var d in diagnostics) spc.ReportDiagnostic(d.ToDiagnostic());
                });

            // 3. Emit one file per valid model.
            context.RegisterSourceOutput(
                results.Select(static (r, _) => r.Model).Where(static m => m is not null).WithTrackingName(TrackingNames.Models),
                static (spc, model) =>
                {
                    spc.AddSource(HintName(model!), Emitter.Emit(model!));
                    // 4. Models declared with Gpu = true also get their ILGPU variant, in a file of its own.
                    if (model!.Gpu) spc.AddSource(HintName(model).Replace(".g.cs", ".Gpu.g.cs"), GpuEmitter.Emit(model));
                });
        }
    }

    private static IncrementalValuesProvider<ParseResult> Find(IncrementalGeneratorInitializationContext context, string attribute, CellKind cell)
        => context.SyntaxProvider.ForAttributeWithMetadataName(
                attribute,
                predicate: static (node, _) => node is TypeDeclarationSyntax,
                transform: (ctx, ct) => Parser.Parse(ctx, cell, ct))
            .WithTrackingName(TrackingNames.Parse);

    private static string HintName(ModelSpec model)
        => (model.Namespace is null ? "" : model.Namespace + ".") + model.ClassName + ".g.cs";

    /// <summary>Names of the pipeline's steps, for incremental tests.</summary>
    internal static class TrackingNames
    {
        public const string Parse = "Parse";
        public const string Models = "Models";
        public const string Bind = "Bind";
        public const string ParseSpec = "ParseSpec";
    }
}
