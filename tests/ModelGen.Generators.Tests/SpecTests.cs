using System;
using System.IO;
using System.Linq;
using System.Runtime.CompilerServices;
using Microsoft.CodeAnalysis;
using Xunit;

namespace ModelGen.Generators.Tests;

/// <summary>Spec files: the same model as an attribute gives the same code; every mistake is a positioned error.</summary>
public class SpecTests
{
    private const string Bound = "using ModelGen;\nnamespace Tests;\n[ModelSpec(\"model\")]\npublic partial class Model;\n";

    private static GeneratorRun Spec(string json) => GeneratorHarness.RunWithSpecs(Bound, ("/repo/specs/model.json", json));

    [Fact]
    public void A_spec_and_an_attribute_that_describe_one_model_generate_identical_code()
    {
        var fromSpec = GeneratorHarness.RunWithSpecs(Bound, ("/repo/specs/model.json", """
            {
              // Two LSTM layers with dropout between them.
              "vocab": 65, "embedding": 16,
              "layers": [ { "cell": "lstm", "hidden": 32, "dropout": 0.2 }, { "cell": "lstm", "hidden": 32 }, ],
            }
            """));
        var fromAttribute = GeneratorHarness.Run("using ModelGen;\nnamespace Tests;\n[LstmModel(Vocab = 65, Embedding = 16, Hidden = 32, Layers = 2, Dropout = 0.2f)]\npublic partial class Model;\n");
        Assert.Empty(fromSpec.GeneratorDiagnostics);
        Assert.Empty(fromSpec.OutputProblems);
        Assert.Equal(fromAttribute.Sources["Tests.Model.g.cs"], fromSpec.Sources["Tests.Model.g.cs"]);
    }

    [Fact]
    public void A_mixed_stack_compiles_and_names_its_layers()
    {
        var run = Spec("""
            { "input": 3, "output": 2, "head": "LinearLast",
              "layers": [ { "cell": "gru", "hidden": 5, "bidirectional": true, "dropout": 0.1 }, { "cell": "lstm", "hidden": 7, "peephole": true }, { "cell": "rnn", "hidden": 4, "activation": "relu" } ] }
            """);
        Assert.Empty(run.GeneratorDiagnostics);
        Assert.Empty(run.OutputProblems);
        string code = run.Sources["Tests.Model.g.cs"];
        Assert.Contains("GRU(3, 5, bidirectional) → LSTM(10, 7, peephole) → RNN(7, 4, relu)", code);
        Assert.Contains("IsUniform = false", code);
    }

    /// <summary>
    /// Asserts a diagnostic with this ID that starts where <paramref name="token"/> first occurs in the spec file (or
    /// its <paramref name="occurrence"/>-th occurrence), and that no code is generated.
    /// </summary>
    private static void Expect(string id, string json, string token, string fragment, int occurrence = 1)
    {
        var run = Spec(json);
        Assert.Null(run.Exception);
        int at = -1;
        for (int k = 0; k < occurrence; k++) at = json.IndexOf(token, at + 1, StringComparison.Ordinal);
        Assert.True(at >= 0, "the token must occur in the test's JSON");
        int line = json[..at].Count(c => c == '\n');
        int column = at - (json.LastIndexOf('\n', Math.Max(0, at - 1)) + 1);
        if (line == 0) column = at;
        Diagnostic? d = run.GeneratorDiagnostics.FirstOrDefault(x => x.Id == id);
        Assert.True(d is not null, $"no {id}; got " + string.Join(", ", run.GeneratorDiagnostics.Select(x => x.Id + " " + x.GetMessage(System.Globalization.CultureInfo.InvariantCulture))));
        var position = d!.Location.GetLineSpan();
        Assert.Equal("/repo/specs/model.json", position.Path);
        Assert.Equal((line, column), (position.StartLinePosition.Line, position.StartLinePosition.Character));
        Assert.Contains(fragment, d.GetMessage(System.Globalization.CultureInfo.InvariantCulture));
        Assert.All(run.GeneratorDiagnostics, x => Assert.Equal(DiagnosticSeverity.Error, x.Severity));
        Assert.Empty(run.Sources);
    }

    private const string Tail = ", \"output\": 1, \"head\": \"LinearLast\" }";

    [Fact]
    public void MG0101_malformed_json()
        => Expect("MG0101", "{\n  \"input\": 3\n  \"layers\": []\n}", "\"layers\"", "Expected ',' or '}'");

    [Fact]
    public void MG0101_truncated_file()
        => Expect("MG0101", "{ \"input\": 3, \"layers\": [", "[", "a ']' is missing");

    [Fact]
    public void MG0101_unclosed_comment()
        => Expect("MG0101", "{ \"input\": 3, /* layers", "/*", "not closed");

    [Fact]
    public void MG0102_unknown_key_with_a_suggestion()
        => Expect("MG0102", "{\n  \"vocabb\": 3, \"embedding\": 2,\n  \"layers\": [ { \"cell\": \"gru\", \"hidden\": 4 } ] }", "\"vocabb\"", "did you mean \"vocab\"?");

    [Fact]
    public void MG0102_unknown_layer_key()
        => Expect("MG0102", "{ \"input\": 3, \"layers\": [ { \"cell\": \"gru\", \"hiden\": 4 } ]" + Tail, "\"hiden\"", "did you mean \"hidden\"?");

    [Fact]
    public void MG0103_wrong_type()
        => Expect("MG0103", "{ \"input\": 3, \"layers\": [ { \"cell\": \"gru\", \"hidden\": \"big\" } ]" + Tail, "\"big\"", "must be a whole number");

    [Fact]
    public void MG0103_layers_not_an_array()
        => Expect("MG0103", "{ \"input\": 3, \"layers\": { \"cell\": \"gru\" }" + Tail, "{ \"cell\"", "must be an array");

    [Fact]
    public void MG0105_gpu_variant_in_double()
        => Expect("MG0105", "{ \"input\": 3, \"gpu\": true, \"elementType\": \"double\", \"layers\": [ { \"cell\": \"gru\", \"hidden\": 4 } ]" + Tail, "true", "computes in float");

    [Fact]
    public void MG0104_out_of_range_size()
        => Expect("MG0104", "{ \"input\": 0, \"layers\": [ { \"cell\": \"gru\", \"hidden\": 4 } ]" + Tail, "0", "must be between 1 and");

    [Fact]
    public void MG0104_unknown_cell_with_a_suggestion()
        => Expect("MG0104", "{ \"input\": 3, \"layers\": [ { \"cell\": \"lstn\", \"hidden\": 4 } ]" + Tail, "\"lstn\"", "did you mean \"lstm\"?");

    [Fact]
    public void MG0104_dropout_of_one()
        => Expect("MG0104", "{ \"input\": 3, \"layers\": [ { \"cell\": \"gru\", \"hidden\": 4, \"dropout\": 1 }, { \"cell\": \"gru\", \"hidden\": 4 } ]" + Tail, "1 }", "must be in [0, 1)");

    [Fact]
    public void MG0105_dropout_on_the_last_layer()
        => Expect("MG0105", "{ \"input\": 3, \"layers\": [ { \"cell\": \"gru\", \"hidden\": 4, \"dropout\": 0.5 } ]" + Tail, "0.5", "this is the last layer");

    [Fact]
    public void MG0105_peephole_on_a_gru()
        => Expect("MG0105", "{ \"input\": 3, \"layers\": [ { \"cell\": \"gru\", \"hidden\": 4, \"peephole\": true } ]" + Tail, "true", "lstm cells only");

    [Fact]
    public void MG0105_both_token_and_feature_input()
        => Expect("MG0105", "{ \"vocab\": 9, \"embedding\": 3, \"input\": 4, \"layers\": [ { \"cell\": \"lstm\", \"hidden\": 4 } ] }", "4,", "remove one");

    [Fact]
    public void MG0105_bidirectional_language_model()
        => Expect("MG0105", "{ \"vocab\": 9, \"embedding\": 3, \"layers\": [ { \"cell\": \"lstm\", \"hidden\": 4, \"bidirectional\": true } ] }", "true", "would see the next token");

    [Fact]
    public void MG0106_missing_hidden()
        => Expect("MG0106", "{ \"input\": 3, \"layers\": [ { \"cell\": \"gru\" } ]" + Tail, "{ \"cell\"", "has no \"hidden\"");

    [Fact]
    public void MG0106_output_missing_for_a_classifier()
        => Expect("MG0106", "{ \"input\": 3, \"layers\": [ { \"cell\": \"gru\", \"hidden\": 4 } ], \"head\": \"SoftmaxLast\" }", "\"SoftmaxLast\"", "needs \"output\"");

    [Fact]
    public void MG0107_a_spec_bound_by_two_classes()
    {
        var run = GeneratorHarness.RunWithSpecs(
            "using ModelGen;\nnamespace Tests;\n[ModelSpec(\"model\")] public partial class A;\n[ModelSpec(\"model\")] public partial class B;\n",
            ("/repo/specs/model.json", "{ \"input\": 3, \"layers\": [ { \"cell\": \"gru\", \"hidden\": 4 } ], \"output\": 1, \"head\": \"LinearLast\" }"));
        Diagnostic d = Assert.Single(run.GeneratorDiagnostics);
        Assert.Equal("MG0107", d.Id);
        Assert.Equal("\"model\"", run.Input.SyntaxTrees.Single().ToString().Substring(d.Location.SourceSpan.Start, d.Location.SourceSpan.Length));
        Assert.Contains("Tests.A", d.GetMessage(System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public void MG0108_a_class_bound_to_a_missing_spec()
    {
        var run = GeneratorHarness.RunWithSpecs("using ModelGen;\nnamespace Tests;\n[ModelSpec(\"char-lstn\")] public partial class A;\n",
            ("/repo/specs/char-lstm.json", "{}"));
        Diagnostic d = Assert.Single(run.GeneratorDiagnostics);
        Assert.Equal("MG0108", d.Id);
        Assert.Equal("\"char-lstn\"", run.Input.SyntaxTrees.Single().ToString().Substring(d.Location.SourceSpan.Start, d.Location.SourceSpan.Length));
        Assert.Contains("did you mean \"char-lstm\"", d.GetMessage(System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public void MG0109_two_files_with_the_bound_name()
    {
        var run = GeneratorHarness.RunWithSpecs(Bound, ("/repo/specs/model.json", "{}"), ("/repo/specs/old/model.json", "{}"));
        Assert.Equal("MG0109", Assert.Single(run.GeneratorDiagnostics).Id);
    }

    [Fact]
    public void Several_mistakes_are_all_reported()
    {
        var run = Spec("{ \"inputt\": 3, \"layers\": [ { \"cell\": \"gru\", \"hidden\": -2, \"activation\": \"relu\" } ], \"head\": \"Softmax\" }");
        var ids = run.GeneratorDiagnostics.Select(d => d.Id).OrderBy(i => i).ToArray();
        Assert.Contains("MG0102", ids);
        Assert.Contains("MG0104", ids);
        Assert.Contains("MG0105", ids);
        Assert.True(ids.Length >= 4, string.Join(", ", ids));
    }

    /// <summary>The repository's spec files: all valid for the generator's reader, and for the JSON schema editors use.</summary>
    [Fact]
    public void Every_spec_in_the_repository_is_valid_and_matches_the_schema()
    {
        string specs = Path.Combine(RepoRoot(), "specs");
        var options = new System.Text.Json.JsonDocumentOptions { CommentHandling = System.Text.Json.JsonCommentHandling.Skip, AllowTrailingCommas = true };
        var schema = Json.Schema.JsonSchema.FromText(File.ReadAllText(Path.Combine(specs, "modelgen.schema.json")));
        var files = Directory.GetFiles(specs, "*.json", SearchOption.AllDirectories).Where(f => !f.EndsWith("modelgen.schema.json", StringComparison.Ordinal)).ToList();
        Assert.NotEmpty(files);
        foreach (string file in files)
        {
            string text = File.ReadAllText(file);
            Assert.Empty(ModelGen.Specs.ModelSpecFile.Validate(text));
            using var document = System.Text.Json.JsonDocument.Parse(text, options);
            var result = schema.Evaluate(document.RootElement, new Json.Schema.EvaluationOptions { OutputFormat = Json.Schema.OutputFormat.List });
            Assert.True(result.IsValid, $"{file} does not match the schema: " + string.Join("; ", (result.Details ?? new()).Where(d => d.Errors is not null).SelectMany(d => d.Errors!.Select(e => $"{d.InstanceLocation}: {e.Value}"))));
        }
    }

    [Fact]
    public void The_schema_rejects_what_the_reader_rejects()
    {
        string specs = Path.Combine(RepoRoot(), "specs");
        var schema = Json.Schema.JsonSchema.FromText(File.ReadAllText(Path.Combine(specs, "modelgen.schema.json")));
        foreach (string bad in new[]
                 {
                     "{ \"input\": 3, \"vocab\": 4, \"embedding\": 2, \"layers\": [ { \"cell\": \"gru\", \"hidden\": 4 } ] }",
                     "{ \"input\": 3, \"layers\": [ { \"cell\": \"gru\", \"hiden\": 4 } ] }",
                     "{ \"input\": 3, \"layers\": [ { \"cell\": \"gru\", \"hidden\": 4, \"peephole\": true } ] }",
                     "{ \"input\": 3, \"layers\": [] }",
                 })
        {
            Assert.NotEmpty(ModelGen.Specs.ModelSpecFile.Validate(bad));
            using var document = System.Text.Json.JsonDocument.Parse(bad);
            Assert.False(schema.Evaluate(document.RootElement).IsValid, bad);
        }
    }

    private static string RepoRoot([CallerFilePath] string path = "") => Path.GetFullPath(Path.Combine(Path.GetDirectoryName(path)!, "..", ".."));
}
