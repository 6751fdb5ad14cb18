using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using ModelGen.Generators;

namespace ModelGen.Generators.Tests;

/// <summary>What one run of the generator produced.</summary>
internal sealed record GeneratorRun(
    GeneratorDriver Driver,
    CSharpCompilation Input,
    Compilation Output,
    ImmutableArray<Diagnostic> GeneratorDiagnostics,
    IReadOnlyDictionary<string, string> Sources,
    Exception? Exception)
{
    /// <summary>Errors and warnings of the compilation that includes the generated code.</summary>
    public IReadOnlyList<Diagnostic> OutputProblems
        => Output.GetDiagnostics().Where(d => d.Severity >= DiagnosticSeverity.Warning).ToList();

    public GeneratorRunResult Result => Driver.GetRunResult().Results.Single();
}

/// <summary>Runs <see cref="ModelGenerator"/> over source text in memory, as the compiler does.</summary>
internal static class GeneratorHarness
{
    private static readonly Lazy<MetadataReference[]> s_references = new(() =>
    {
        string tpa = (string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!;
        var paths = tpa.Split(Path.PathSeparator)
            .Where(p => Path.GetFileName(p) is var f && (f.StartsWith("System.", StringComparison.Ordinal) || f is "mscorlib.dll" or "netstandard.dll"))
            .ToList();
        paths.Add(typeof(LstmModelAttribute).Assembly.Location);
        return paths.Distinct().Select(p => (MetadataReference)MetadataReference.CreateFromFile(p)).ToArray();
    });

    /// <summary>The references of a project that also uses the GPU variant: ModelGen.Gpu and ILGPU.</summary>
    private static readonly Lazy<MetadataReference[]> s_gpuReferences = new(() => s_references.Value
        .Concat(new[] { typeof(ModelGen.Gpu.GpuDevice).Assembly.Location, typeof(ILGPU.Context).Assembly.Location }
            .Select(p => (MetadataReference)MetadataReference.CreateFromFile(p)))
        .ToArray());

    public static readonly CSharpParseOptions ParseOptions = new(LanguageVersion.Latest);

    public static CSharpCompilation Compile(params string[] sources) => Compile(gpu: false, sources);

    /// <summary>Compiles <paramref name="sources"/>, with <paramref name="gpu"/> referencing ModelGen.Gpu and ILGPU as well.</summary>
    public static CSharpCompilation Compile(bool gpu, params string[] sources)
        => CSharpCompilation.Create(
            "Consumer",
            sources.Select((s, i) => CSharpSyntaxTree.ParseText(s, ParseOptions, path: $"Model{i}.cs")),
            gpu ? s_gpuReferences.Value : s_references.Value,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable, allowUnsafe: true));

    public static GeneratorDriver CreateDriver(params AdditionalText[] additionalTexts)
        => CSharpGeneratorDriver.Create(
            new[] { new ModelGenerator().AsSourceGenerator() },
            additionalTexts: additionalTexts,
            parseOptions: ParseOptions,
            driverOptions: new GeneratorDriverOptions(IncrementalGeneratorOutputKind.None, trackIncrementalGeneratorSteps: true));

    /// <summary>Runs the generator over C# sources plus spec files (path, JSON text) given as AdditionalFiles.</summary>
    public static GeneratorRun RunWithSpecs(string source, params (string Path, string Text)[] specs)
        => Run(CreateDriver(specs.Select(s => (AdditionalText)new InMemoryAdditionalText(s.Path, s.Text)).ToArray()), Compile(source));

    public static GeneratorRun Run(params string[] sources) => Run(CreateDriver(), Compile(sources));

    /// <summary>Runs the generator over sources of a project that references ModelGen.Gpu.</summary>
    public static GeneratorRun RunWithGpu(params string[] sources) => Run(CreateDriver(), Compile(gpu: true, sources));

    public static GeneratorRun Run(GeneratorDriver driver, CSharpCompilation input)
    {
        driver = driver.RunGeneratorsAndUpdateCompilation(input, out Compilation output, out ImmutableArray<Diagnostic> diagnostics);
        var result = driver.GetRunResult().Results.Single();
        var sources = result.GeneratedSources.ToDictionary(s => s.HintName, s => s.SourceText.ToString());
        return new GeneratorRun(driver, input, output, diagnostics, sources, result.Exception);
    }
}

/// <summary>An AdditionalFile held in memory.</summary>
internal sealed class InMemoryAdditionalText(string path, string text) : AdditionalText
{
    public override string Path { get; } = path;

    public override Microsoft.CodeAnalysis.Text.SourceText GetText(System.Threading.CancellationToken cancellationToken = default)
        => Microsoft.CodeAnalysis.Text.SourceText.From(text);
}
