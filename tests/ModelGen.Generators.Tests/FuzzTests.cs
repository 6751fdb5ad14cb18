using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Xunit;
using Xunit.Abstractions;

namespace ModelGen.Generators.Tests;

/// <summary>
/// The generator cannot be crashed: over 10,000 generated inputs (random and mutated attribute argument lists, random
/// and mutated spec files, a valid spec truncated at every byte) go through the generator driver; none may throw, and
/// each must give diagnostics or generated code that compiles. The seed is fixed (MODELGEN_FUZZ_SEED overrides it).
/// </summary>
public class FuzzTests(ITestOutputHelper output)
{
    private const string ValidSpec = """
        // A valid spec the mutations start from.
        {
          "$schema": "../modelgen.schema.json",
          "vocab": 40, "embedding": 8,
          "layers": [
            { "cell": "gru", "hidden": 6, "bidirectional": true, "dropout": 0.25 },
            { "cell": "lstm", "hidden": 5, "peephole": true },
            { "cell": "rnn", "hidden": 4, "activation": "relu" },
          ],
          "output": 3,
          "head": "SoftmaxLast",
          "elementType": "double",
        }
        """;

    private static readonly string[] Keys = { "vocab", "embedding", "input", "layers", "head", "output", "elementType", "cell", "hidden", "activation", "peephole", "bidirectional", "dropout", "hiden", "Vocab", "" };
    private static readonly string[] Values = { "0", "-1", "3", "7", "100000", "2147483648", "1e9", "0.5", "1.0", "true", "false", "null", "\"lstm\"", "\"gru\"", "\"rnn\"", "\"relu\"", "\"SoftmaxPerStep\"", "\"LinearLast\"", "\"double\"", "[]", "{}", "\"\"", "[{\"cell\":\"gru\",\"hidden\":2}]", "NaN", "\"\\u00e9\"" };
    private static readonly string[] Attributes = { "RnnModel", "GruModel", "LstmModel" };
    private static readonly string[] AttributeArguments = { "Vocab", "Embedding", "Input", "Hidden", "Layers", "Output", "Head", "Dropout", "ElementType", "Activation", "Peephole", "Bidirectional", "Unknown" };
    private static readonly string[] AttributeValues = { "0", "-3", "1", "2", "5", "65", "100000", "int.MaxValue", "0.2f", "1.5f", "float.NaN", "true", "false", "Head.SoftmaxLast", "Head.LinearPerStep", "Head.SoftmaxPerStep", "(Head)9", "ElementType.Double", "Activation.Relu", "\"x\"", "", "null" };

    [Fact]
    public void Ten_thousand_generated_inputs_never_crash_the_generator()
    {
        int seed = int.TryParse(Environment.GetEnvironmentVariable("MODELGEN_FUZZ_SEED"), NumberStyles.Integer, CultureInfo.InvariantCulture, out int s) ? s : 20261124;
        var rng = new ModelGen.Numerics.Rng(seed);
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var stats = new Dictionary<string, int> { ["runs"] = 0, ["generated"] = 0, ["diagnostics"] = 0, ["compiled"] = 0 };
        var compiledShapes = new HashSet<string>(StringComparer.Ordinal);

        // Spec files: one driver, the AdditionalFile replaced for each input (the pipeline sees edits, as in an IDE).
        var spec = new InMemoryAdditionalText("/repo/specs/model.json", ValidSpec);
        GeneratorDriver driver = GeneratorHarness.CreateDriver(spec);
        CSharpCompilation bound = GeneratorHarness.Compile("using ModelGen;\nnamespace Fuzz;\n[ModelSpec(\"model\")]\npublic partial class Model;\n");
        void RunSpec(string json, string what)
        {
            var next = new InMemoryAdditionalText("/repo/specs/model.json", json);
            driver = driver.ReplaceAdditionalText(spec, next);
            spec = next;
            var run = GeneratorHarness.Run(driver, bound);
            driver = run.Driver;
            Check(run, what + ": " + json, rng, stats, compiledShapes);
        }

        for (int length = 0; length <= ValidSpec.Length; length++) RunSpec(ValidSpec[..length], $"truncated at {length}");
        for (int i = 0; i < 3600; i++) RunSpec(Mutate(ValidSpec, rng), "mutated spec");
        for (int i = 0; i < 1600; i++) RunSpec(RandomSpec(rng), "random spec");

        // Attribute argument lists: the class's source replaced for each input.
        driver = GeneratorHarness.CreateDriver();
        CSharpCompilation compilation = GeneratorHarness.Compile("namespace Fuzz; public class Unrelated { }");
        SyntaxTree? tree = null;
        for (int i = 0; i < 4700; i++)
        {
            string source = "using ModelGen;\nnamespace Fuzz;\n" + RandomAttribute(rng) + "\npublic partial class Model;\n";
            if (i % 5 == 4) source = source[..rng.NextInt(source.Length + 1)]; // truncated as while typing
            var next = CSharpSyntaxTree.ParseText(source, GeneratorHarness.ParseOptions, path: "Model.cs");
            compilation = tree is null ? compilation.AddSyntaxTrees(next) : compilation.ReplaceSyntaxTree(tree, next);
            tree = next;
            var run = GeneratorHarness.Run(driver, compilation);
            driver = run.Driver;
            Check(run, "attribute: " + source, rng, stats, compiledShapes);
        }

        output.WriteLine($"seed {seed}: {stats["runs"]} runs in {clock.Elapsed.TotalSeconds:F1} s; {stats["generated"]} generated code, {stats["diagnostics"]} gave diagnostics, {stats["compiled"]} generated files compiled");
        Assert.True(stats["runs"] >= 10_000);
        Assert.True(stats["generated"] > 100 && stats["diagnostics"] > 1000, "the inputs should reach both outcomes");
    }

    /// <summary>No exception; diagnostics, or generated code (compiled for every new model shape and a sample of the rest).</summary>
    private static void Check(GeneratorRun run, string input, ModelGen.Numerics.Rng rng, Dictionary<string, int> stats, HashSet<string> compiledShapes)
    {
        stats["runs"]++;
        Assert.True(run.Exception is null, $"the generator threw on {input}\n{run.Exception}");
        if (run.GeneratorDiagnostics.Length > 0) stats["diagnostics"]++;
        if (run.Sources.Count == 0)
        {
            // Nothing generated: the generator must have said why, unless the compiler reports the input itself as
            // broken, or the (truncated) input declares no model class yet.
            bool declaresModel = input.Contains("partial class Model;", StringComparison.Ordinal);
            Assert.True(run.GeneratorDiagnostics.Length > 0 || !declaresModel || run.Input.GetDiagnostics().Any(d => d.Severity == DiagnosticSeverity.Error),
                $"neither code nor a diagnostic for {input}");
            return;
        }
        stats["generated"]++;
        string code = run.Sources.Values.Single();
        // The shape of a model: its code with every number blanked. Sizes only change constants.
        string shape = new string(code.Select(c => char.IsDigit(c) ? '#' : c).ToArray());
        if (compiledShapes.Add(shape) || rng.NextInt(100) == 0)
        {
            stats["compiled"]++;
            var problems = run.Output.GetDiagnostics()
                .Where(d => d.Severity == DiagnosticSeverity.Error && d.Location.SourceTree?.FilePath.EndsWith(".g.cs", StringComparison.Ordinal) == true)
                .ToList();
            Assert.True(problems.Count == 0, $"generated code does not compile for {input}:\n" + string.Join("\n", problems.Take(5)));
        }
    }

    private static string Mutate(string text, ModelGen.Numerics.Rng rng)
    {
        var sb = new StringBuilder(text);
        int edits = 1 + rng.NextInt(3);
        for (int e = 0; e < edits && sb.Length > 0; e++)
        {
            int at = rng.NextInt(sb.Length);
            switch (rng.NextInt(6))
            {
                case 0: sb.Remove(at, 1); break;
                case 1: sb.Insert(at, "{}[],:\"/*-0.e\\"[rng.NextInt(14)]); break;
                case 2: sb[at] = (char)(32 + rng.NextInt(95)); break;
                case 3: // replace a value after a colon
                {
                    int colon = text.IndexOf(':', at % text.Length);
                    if (colon < 0) break;
                    string s = sb.ToString();
                    int colonInCurrent = s.IndexOf(':', Math.Min(at, s.Length - 1));
                    if (colonInCurrent < 0) break;
                    int end = colonInCurrent + 1;
                    while (end < s.Length && s[end] != ',' && s[end] != '}' && s[end] != '\n') end++;
                    sb.Remove(colonInCurrent + 1, end - colonInCurrent - 1).Insert(colonInCurrent + 1, " " + Values[rng.NextInt(Values.Length)]);
                    break;
                }
                case 4: // rename a key
                {
                    string s = sb.ToString();
                    int quote = s.IndexOf("\": ", Math.Min(at, s.Length - 1), StringComparison.Ordinal);
                    if (quote < 0) break;
                    int open = s.LastIndexOf('"', quote - 1);
                    if (open < 0) break;
                    sb.Remove(open + 1, quote - open - 1).Insert(open + 1, Keys[rng.NextInt(Keys.Length)]);
                    break;
                }
                default: sb.Length = at; break; // truncate
            }
        }
        return sb.ToString();
    }

    private static string RandomSpec(ModelGen.Numerics.Rng rng)
    {
        var sb = new StringBuilder("{");
        int keys = rng.NextInt(7);
        for (int k = 0; k < keys; k++)
        {
            string key = Keys[rng.NextInt(Keys.Length)];
            string value = key == "layers"
                ? "[" + string.Join(",", Enumerable.Range(0, rng.NextInt(4)).Select(_ => $"{{\"cell\": {Values[12 + rng.NextInt(3)]}, \"hidden\": {1 + rng.NextInt(6)}}}")) + "]"
                : Values[rng.NextInt(Values.Length)];
            sb.Append('"').Append(key).Append("\": ").Append(value).Append(rng.NextInt(4) == 0 ? "" : ",");
        }
        if (rng.NextInt(3) > 0) sb.Append("\"layers\": [{\"cell\": \"gru\", \"hidden\": 3}], \"input\": 2, \"output\": 2, \"head\": \"LinearLast\"");
        return sb.Append('}').ToString();
    }

    private static string RandomAttribute(ModelGen.Numerics.Rng rng)
    {
        var args = new List<string>();
        int count = rng.NextInt(7);
        // Usually start from a plausible declaration, so many inputs are valid and reach the emitter.
        if (rng.NextInt(2) == 0) args.AddRange(rng.NextInt(2) == 0 ? new[] { "Vocab = 11", "Embedding = 4" } : new[] { "Input = 3", "Output = 2", "Head = Head.LinearLast" });
        if (rng.NextInt(3) > 0) args.Add("Hidden = " + (1 + rng.NextInt(9)));
        for (int i = 0; i < count; i++)
            args.Add(AttributeArguments[rng.NextInt(AttributeArguments.Length)] + " = " + AttributeValues[rng.NextInt(AttributeValues.Length)]);
        return "[" + Attributes[rng.NextInt(Attributes.Length)] + "(" + string.Join(", ", args.OrderBy(_ => rng.NextInt(1000))) + ")]";
    }
}
