using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace ModelGen.Generators;

public sealed partial class ModelGenerator
{
    /// <summary>Turns one attributed class into a <see cref="ModelSpec"/> or diagnostics. Never throws on bad input.</summary>
    internal static class Parser
    {
        private static readonly string[] s_modelAttributes = { RnnAttribute, GruAttribute, LstmAttribute, SpecAttribute };

        /// <summary>Public members every generated model has; a user member of the same name would not compile.</summary>
        private static readonly HashSet<string> s_generatedMemberNames = new()
        {
            "Forward", "Backward", "Step", "Parameters", "Gradients", "State", "FinalState", "StateGradient", "InputGradient",
            "Outputs", "Info", "Tensor", "TensorGradient", "ResetParameters", "ZeroGradients", "ResetState", "CarryState",
            "BatchSize", "DropoutRng", "Directions", "ParameterCount", "StateSize", "Vocab", "Embedding", "Input", "Hidden", "Layers", "Output",
        };

        public static ParseResult Parse(GeneratorAttributeSyntaxContext context, CellKind cell, CancellationToken cancellationToken)
        {
            var diagnostics = new List<DiagnosticInfo>();
            if (context.TargetSymbol is not INamedTypeSymbol type || context.TargetNode is not TypeDeclarationSyntax declaration || context.Attributes.Length == 0
                || declaration.Identifier.IsMissing || type.Name.Length == 0)
                return new ParseResult(null, ImmutableEquatableArray<DiagnosticInfo>.Empty);

            AttributeData attribute = context.Attributes[0];
            var attributeSyntax = attribute.ApplicationSyntaxReference?.GetSyntax(cancellationToken) as AttributeSyntax;
            Location attributeLocation = attributeSyntax?.GetLocation() ?? declaration.Identifier.GetLocation();
            string cellName = cell switch { CellKind.Lstm => "LSTM", CellKind.Gru => "GRU", _ => "RNN" };

            // One model attribute per class: the first one in source order reports, the others stay silent.
            var modelAttributes = type.GetAttributes()
                .Where(a => a.AttributeClass is { } c && s_modelAttributes.Contains(c.ToDisplayString()))
                .ToList();
            if (modelAttributes.Count > 1)
            {
                if (SymbolEqualityComparer.Default.Equals(modelAttributes[0].AttributeClass, attribute.AttributeClass))
                    diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.MultipleModelAttributes, attributeLocation, type.Name));
                return Result(null, diagnostics);
            }

            // The class itself.
            CheckClass(type, declaration, diagnostics);

            // The attribute's named arguments. An argument the compiler could not bind (partial or wrong syntax) stops
            // generation: the compiler reports it, and emitting from a guess would only add noise.
            var arguments = new Dictionary<string, TypedConstant>();
            foreach (var pair in attribute.NamedArguments)
            {
                if (pair.Value.Kind == TypedConstantKind.Error || pair.Value.Value is null)
                    return Result(null, diagnostics);
                arguments[pair.Key] = pair.Value;
            }
            if (attributeSyntax?.ArgumentList is { } list && list.Arguments.Any(a => a.NameEquals is null))
                return Result(null, diagnostics);

            Location LocationOf(string name)
            {
                if (attributeSyntax?.ArgumentList is { } args)
                    foreach (var argument in args.Arguments)
                        if (argument.NameEquals?.Name.Identifier.ValueText == name)
                            return argument.GetLocation();
                return attributeLocation;
            }

            bool Has(string name) => arguments.ContainsKey(name);
            int Int(string name, int fallback) => arguments.TryGetValue(name, out var v) && v.Value is int i ? i : fallback;
            float Float(string name) => arguments.TryGetValue(name, out var v) && v.Value is float f ? f : 0f;
            bool Bool(string name) => arguments.TryGetValue(name, out var v) && v.Value is bool b && b;

            int EnumValue(string name, int count, string allowed)
            {
                int value = Int(name, 0);
                if (value < 0 || value >= count)
                {
                    diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.InvalidEnumValue, LocationOf(name), name, value.ToString(CultureInfo.InvariantCulture), allowed));
                    return 0;
                }
                return value;
            }

            void RequirePositive(string name, int value, string hint)
            {
                if (value <= 0)
                {
                    string found = Has(name) ? "it is " + value.ToString(CultureInfo.InvariantCulture) : "it is missing";
                    diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.SizeNotPositive, LocationOf(name), name, found, hint));
                    return;
                }
                int max = name == "Layers" ? Specs.SpecReader.MaxLayers : Specs.SpecReader.MaxSize;
                if (value > max)
                    diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.SizeTooLarge, LocationOf(name), name,
                        value.ToString(CultureInfo.InvariantCulture), max.ToString(CultureInfo.InvariantCulture),
                        name == "Layers" ? "stack fewer layers" : "a size this large would not fit in memory"));
            }

            int vocab = Int("Vocab", 0), embedding = Int("Embedding", 0), input = Int("Input", 0);
            int hidden = Int("Hidden", 0), layers = Int("Layers", 1), output = Int("Output", 0);
            var head = (HeadKind)EnumValue("Head", 5, "SoftmaxPerStep, SoftmaxLast, LinearPerStep, LinearLast, SigmoidLast");
            bool isDouble = EnumValue("ElementType", 2, "Float, Double") == 1;
            bool relu = EnumValue("Activation", 2, "Tanh, Relu") == 1;
            bool peephole = Bool("Peephole");
            float dropout = Float("Dropout");
            bool bidirectional = Bool("Bidirectional");
            bool gpu = Bool("Gpu");

            // Input: token ids or features, not both.
            if (Has("Vocab") && Has("Input"))
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.BothVocabAndInput, LocationOf("Input")));
            else if (!Has("Vocab") && !Has("Input"))
                diagnostics.Add(DiagnosticInfo.Create(
                    Has("Embedding") ? DiagnosticDescriptors.EmbeddingWithoutVocab : DiagnosticDescriptors.NoInput,
                    Has("Embedding") ? LocationOf("Embedding") : attributeLocation));
            else if (Has("Vocab"))
            {
                RequirePositive("Vocab", vocab, "it is the number of distinct token ids");
                RequirePositive("Embedding", embedding, "token input needs the width of each token's embedding");
            }
            else
            {
                if (Has("Embedding"))
                    diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.EmbeddingWithoutVocab, LocationOf("Embedding")));
                RequirePositive("Input", input, "it is the number of float features per step");
            }

            RequirePositive("Hidden", hidden, "it is the number of units of each recurrent layer");
            RequirePositive("Layers", layers, "it is the number of stacked recurrent layers");

            // Output defaults to the vocabulary for a language model only.
            if (Has("Output"))
                RequirePositive("Output", output, "it is the width of the head's output");
            else if (head == HeadKind.SoftmaxPerStep && Has("Vocab"))
                output = vocab;
            else
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.OutputRequired, Has("Head") ? LocationOf("Head") : attributeLocation,
                    head.ToString(), head is HeadKind.SoftmaxPerStep or HeadKind.SoftmaxLast ? "classes" : head == HeadKind.SigmoidLast ? "binary outputs" : "values predicted"));

            // Options that belong to one cell.
            if (peephole && cell != CellKind.Lstm)
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.PeepholeOnNonLstm, LocationOf("Peephole"), cellName));
            if (Has("Activation") && cell != CellKind.Rnn)
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.ActivationOnNonRnn, LocationOf("Activation"), cellName));

            // Dropout between layers.
            if (float.IsNaN(dropout) || dropout < 0f || dropout >= 1f)
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.DropoutOutOfRange, LocationOf("Dropout"), dropout.ToString("R", CultureInfo.InvariantCulture)));
            else if (dropout > 0f && layers == 1)
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.DropoutWithOneLayer, LocationOf("Dropout")));

            // A language model (softmax per step over the vocabulary it reads) must not look ahead.
            if (bidirectional && head == HeadKind.SoftmaxPerStep && Has("Vocab") && !Has("Output"))
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.BidirectionalLanguageModel, LocationOf("Bidirectional")));

            // The GPU variant computes in float, and needs the ModelGen.Gpu runtime (ILGPU) referenced.
            if (gpu && isDouble)
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.GpuDouble, LocationOf("Gpu")));
            if (gpu && !HasGpuRuntime(context.SemanticModel.Compilation))
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.GpuRuntimeMissing, LocationOf("Gpu"), type.Name));
            if (gpu && GpuMemberLocation(type) is { } gpuMember)
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.MemberConflict, gpuMember, type.Name, "Gpu"));

            if (diagnostics.Count > 0)
                return Result(null, diagnostics);

            int firstInput = vocab > 0 ? embedding : input;
            var layerSpecs = Enumerable.Range(0, layers)
                .Select(l => new LayerSpec(l, cell, l == 0 ? firstInput : (bidirectional ? 2 : 1) * hidden, hidden, relu && cell == CellKind.Rnn, peephole && cell == CellKind.Lstm, bidirectional, l < layers - 1 ? dropout : 0f))
                .ToImmutableEquatableArray();

            var model = new ModelSpec(
                type.ContainingNamespace is { IsGlobalNamespace: false } ns ? ns.ToDisplayString() : null,
                type.Name,
                type.DeclaredAccessibility == Accessibility.Public ? "public" : "internal",
                cell, relu && cell == CellKind.Rnn, peephole && cell == CellKind.Lstm,
                vocab, vocab > 0 ? embedding : 0, vocab > 0 ? 0 : input, hidden, output, head,
                dropout, isDouble, bidirectional, layerSpecs, gpu);

            long parameters = ParameterLayout.Count(model);
            if (parameters > MaxParameters)
            {
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.ModelTooLarge, attributeLocation,
                    parameters.ToString("N0", CultureInfo.InvariantCulture), MaxParameters.ToString("N0", CultureInfo.InvariantCulture)));
                return Result(null, diagnostics);
            }
            return Result(model, diagnostics);
        }

        /// <summary>The checks every model class passes, whichever front end declares it.</summary>
        internal static void CheckClass(INamedTypeSymbol type, TypeDeclarationSyntax declaration, List<DiagnosticInfo> diagnostics)
        {
            if (!declaration.Modifiers.Any(SyntaxKind.PartialKeyword))
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.ClassNotPartial, declaration.Identifier.GetLocation(), type.Name));
            if (type.ContainingType is not null)
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.NestedClass, declaration.Identifier.GetLocation(), type.Name, type.ContainingType.Name));
            if (type.TypeParameters.Length > 0)
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.GenericClass, declaration.Identifier.GetLocation(), type.Name));
            string? kind = declaration is RecordDeclarationSyntax ? "a record" : type.IsStatic ? "static" : type.IsAbstract ? "abstract"
                : type.TypeKind != TypeKind.Class ? "not a class" : null;
            if (kind is not null)
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.NotAPlainClass, declaration.Identifier.GetLocation(), type.Name, kind));
            foreach (var member in type.GetMembers())
            {
                if (member.IsImplicitlyDeclared) continue;
                bool conflict = member is IMethodSymbol { MethodKind: MethodKind.Constructor, Parameters.Length: 1 } ctor && ctor.Parameters[0].Type.SpecialType == SpecialType.System_Int32
                    || s_generatedMemberNames.Contains(member.Name);
                if (conflict && member.Locations.FirstOrDefault() is { IsInSource: true } memberLocation)
                {
                    diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.MemberConflict, memberLocation, type.Name,
                        member is IMethodSymbol { MethodKind: MethodKind.Constructor } ? type.Name + "(int)" : member.Name));
                    break;
                }
            }
        }

        /// <summary>Where the class declares a member named Gpu, which the GPU variant (a nested class of that name) would clash with.</summary>
        internal static Location? GpuMemberLocation(INamedTypeSymbol type)
            => type.GetMembers("Gpu").Concat(type.GetTypeMembers("Gpu")).Where(m => !m.IsImplicitlyDeclared)
                .Select(m => m.Locations.FirstOrDefault()).FirstOrDefault(l => l is { IsInSource: true });

        /// <summary>Whether the compilation references ModelGen.Gpu, the runtime the GPU variant is written against.</summary>
        internal static bool HasGpuRuntime(Compilation compilation) => compilation.GetTypeByMetadataName("ModelGen.Gpu.GpuDevice") is not null;

        /// <summary>The largest parameter buffer a generated model may have (one .NET array).</summary>
        public const long MaxParameters = 1L << 30;

        private static ParseResult Result(ModelSpec? model, List<DiagnosticInfo> diagnostics)
            => new(model, diagnostics.ToImmutableEquatableArray());
    }
}
