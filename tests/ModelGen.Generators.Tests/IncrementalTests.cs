using System;
using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Reflection;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Xunit;

namespace ModelGen.Generators.Tests;

/// <summary>The pipeline caches: unrelated edits re-emit nothing, a size change re-emits exactly that model.</summary>
public class IncrementalTests
{
    private const string Models = """
        using ModelGen;
        namespace Tests;
        [LstmModel(Vocab = 10, Embedding = 4, Hidden = 8, Layers = 2)] public partial class First;
        [GruModel(Input = 3, Hidden = 5, Output = 2, Head = Head.LinearLast)] public partial class Second;
        """;

    private static IEnumerable<IncrementalStepRunReason> Reasons(GeneratorRunResult result, string step)
        => result.TrackedSteps.TryGetValue(step, out var runs) ? runs.SelectMany(r => r.Outputs).Select(o => o.Reason) : Enumerable.Empty<IncrementalStepRunReason>();

    [Fact]
    public void An_unrelated_edit_leaves_every_step_cached()
    {
        var first = GeneratorHarness.Run(Models, "namespace Tests; public class Other { }");
        Assert.Equal(2, first.Sources.Count);

        // Edit the unrelated file, and add a new one.
        CSharpCompilation edited = first.Input
            .ReplaceSyntaxTree(first.Input.SyntaxTrees.ElementAt(1), CSharpSyntaxTree.ParseText("namespace Tests; public class Other { public int X; }", GeneratorHarness.ParseOptions, path: "Model1.cs"))
            .AddSyntaxTrees(CSharpSyntaxTree.ParseText("namespace Tests; class Third { }", GeneratorHarness.ParseOptions, path: "Model2.cs"));
        var second = GeneratorHarness.Run(first.Driver, edited);

        foreach (string step in new[] { ModelGenerator.TrackingNames.Parse, ModelGenerator.TrackingNames.Models })
        {
            var reasons = Reasons(second.Result, step).ToList();
            Assert.NotEmpty(reasons);
            Assert.All(reasons, r => Assert.True(r is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged, $"{step}: {r}"));
        }
        Assert.Equal(first.Sources, second.Sources);
    }

    [Fact]
    public void Changing_a_size_regenerates_exactly_that_model()
    {
        var first = GeneratorHarness.Run(Models);
        var tree = first.Input.SyntaxTrees.Single();
        var changed = first.Input.ReplaceSyntaxTree(tree, CSharpSyntaxTree.ParseText(Models.Replace("Hidden = 5", "Hidden = 6"), GeneratorHarness.ParseOptions, path: tree.FilePath));
        var second = GeneratorHarness.Run(first.Driver, changed);

        var models = Reasons(second.Result, ModelGenerator.TrackingNames.Models).ToList();
        Assert.Equal(1, models.Count(r => r == IncrementalStepRunReason.Modified));
        Assert.Equal(1, models.Count(r => r is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged));
        Assert.Equal(first.Sources["Tests.First.g.cs"], second.Sources["Tests.First.g.cs"]);
        Assert.NotEqual(first.Sources["Tests.Second.g.cs"], second.Sources["Tests.Second.g.cs"]);
        Assert.Contains("public const int Hidden = 6;", second.Sources["Tests.Second.g.cs"]);
    }

    private const string SpecA = """
        // Model A
        { "input": 3, "layers": [ { "cell": "gru", "hidden": 5 } ], "output": 2, "head": "LinearLast" }
        """;
    private const string SpecB = """{ "vocab": 9, "embedding": 4, "layers": [ { "cell": "lstm", "hidden": 6 } ] }""";
    private const string Bound = "using ModelGen;\nnamespace Tests;\n[ModelSpec(\"a\")] public partial class A;\n[ModelSpec(\"b\")] public partial class B;\n";

    private static (GeneratorRun Run, AdditionalText A) RunSpecs(string a)
    {
        var textA = new InMemoryAdditionalText("/repo/specs/a.json", a);
        var driver = GeneratorHarness.CreateDriver(textA, new InMemoryAdditionalText("/repo/specs/b.json", SpecB));
        return (GeneratorHarness.Run(driver, GeneratorHarness.Compile(Bound)), textA);
    }

    [Fact]
    public void Editing_a_comment_in_a_spec_regenerates_nothing()
    {
        var (first, textA) = RunSpecs(SpecA);
        Assert.Equal(2, first.Sources.Count);
        var driver = first.Driver.ReplaceAdditionalText(textA, new InMemoryAdditionalText("/repo/specs/a.json", SpecA.Replace("// Model A", "// Model A, with a longer comment\n// over two lines")));
        var second = GeneratorHarness.Run(driver, first.Input);
        var reasons = Reasons(second.Result, ModelGenerator.TrackingNames.Models).ToList();
        Assert.NotEmpty(reasons);
        Assert.All(reasons, r => Assert.True(r is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged, r.ToString()));
        Assert.All(Reasons(second.Result, ModelGenerator.TrackingNames.ParseSpec), r => Assert.True(r is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged, r.ToString()));
        Assert.Equal(first.Sources, second.Sources);
    }

    [Fact]
    public void Editing_a_size_in_a_spec_regenerates_exactly_that_model()
    {
        var (first, textA) = RunSpecs(SpecA);
        var driver = first.Driver.ReplaceAdditionalText(textA, new InMemoryAdditionalText("/repo/specs/a.json", SpecA.Replace("\"hidden\": 5", "\"hidden\": 7")));
        var second = GeneratorHarness.Run(driver, first.Input);
        var models = Reasons(second.Result, ModelGenerator.TrackingNames.Models).ToList();
        Assert.Equal(1, models.Count(r => r == IncrementalStepRunReason.Modified));
        Assert.Equal(first.Sources["Tests.B.g.cs"], second.Sources["Tests.B.g.cs"]);
        Assert.Contains("private const int Layer0Hidden = Hidden;", second.Sources["Tests.A.g.cs"]);
        Assert.Contains("public const int Hidden = 7;", second.Sources["Tests.A.g.cs"]);
    }

    [Fact]
    public void The_pipeline_models_hold_no_compiler_objects()
    {
        var run = GeneratorHarness.Run(Models, "using ModelGen; namespace Tests; [RnnModel(Hidden = 2)] public partial class Broken;");
        var specRun = RunSpecs(SpecA).Run;
        var values = run.Result.TrackedSteps[ModelGenerator.TrackingNames.Parse]
            .Concat(specRun.Result.TrackedSteps[ModelGenerator.TrackingNames.ParseSpec])
            .Concat(specRun.Result.TrackedSteps[ModelGenerator.TrackingNames.Bind])
            .SelectMany(s => s.Outputs).Select(o => o.Value).ToList();
        Assert.Contains(values, v => v is ParseResult { Model: not null });
        Assert.Contains(values, v => v is ParseResult { Diagnostics.Count: > 0 });

        var forbidden = new[] { typeof(ISymbol), typeof(SyntaxNode), typeof(SemanticModel), typeof(Compilation), typeof(Location), typeof(SyntaxTree) };
        var seen = new HashSet<object>(ReferenceEqualityComparer.Instance);
        void Walk(object? value, string path)
        {
            if (value is null || value is string || value.GetType().IsPrimitive || value.GetType().IsEnum || !seen.Add(value)) return;
            Type type = value.GetType();
            Assert.False(forbidden.Any(f => f.IsAssignableFrom(type)), $"{path} is a {type.Name}");
            if (value is DiagnosticDescriptor) return; // a static description, shared by design
            if (value is IEnumerable items)
            {
                int i = 0;
                foreach (object? item in items) Walk(item, $"{path}[{i++}]");
            }
            foreach (var field in type.GetFields(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic))
                Walk(field.GetValue(value), path + "." + field.Name);
        }
        foreach (var value in values) Walk(value, "ParseResult");
        Assert.True(seen.Count > 10);
    }
}
