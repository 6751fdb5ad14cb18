using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;
using Xunit;

namespace ModelGen.Generators.Tests;

/// <summary>
/// One test per diagnostic: its ID, its location (the source between [| and |] in the test's text), a message that
/// says what to do, and no generated code for the class.
/// </summary>
public class DiagnosticTests
{
    private static void Expect(string id, string markedSource, string messageFragment, bool gpu = false)
    {
        int start = markedSource.IndexOf("[|", System.StringComparison.Ordinal);
        int end = markedSource.IndexOf("|]", System.StringComparison.Ordinal) - 2;
        Assert.True(start >= 0 && end >= start, "the test source must mark the expected location with [| |]");
        string source = markedSource.Replace("[|", "").Replace("|]", "");

        string text = "using ModelGen;\nnamespace Tests;\n" + source;
        var run = gpu ? GeneratorHarness.RunWithGpu(text) : GeneratorHarness.Run(text);
        int offset = "using ModelGen;\nnamespace Tests;\n".Length;

        Assert.Null(run.Exception);
        Diagnostic diagnostic = Assert.Single(run.GeneratorDiagnostics);
        Assert.Equal(id, diagnostic.Id);
        Assert.Equal(DiagnosticSeverity.Error, diagnostic.Severity);
        Assert.Equal(new TextSpan(offset + start, end - start), diagnostic.Location.SourceSpan);
        Assert.Contains(messageFragment, diagnostic.GetMessage(System.Globalization.CultureInfo.InvariantCulture));
        Assert.Empty(run.Sources);
    }

    [Fact]
    public void MG0001_class_not_partial()
        => Expect("MG0001", "[LstmModel(Input = 2, Hidden = 4, Output = 1, Head = Head.LinearLast)]\npublic class [|Model|] { }", "add the 'partial' modifier");

    [Fact]
    public void MG0002_nested_class()
        => Expect("MG0002", "public partial class Outer\n{\n    [LstmModel(Input = 2, Hidden = 4, Output = 1, Head = Head.LinearLast)]\n    public partial class [|Inner|];\n}", "top-level class");

    [Fact]
    public void MG0003_generic_class()
        => Expect("MG0003", "[GruModel(Input = 2, Hidden = 4, Output = 1, Head = Head.LinearLast)]\npublic partial class [|Model|]<T>;", "non-generic class");

    [Fact]
    public void MG0004_missing_hidden()
        => Expect("MG0004", "[[|LstmModel(Input = 2, Output = 1, Head = Head.LinearLast)|]]\npublic partial class Model;", "'Hidden' must be a positive integer (it is missing)");

    [Fact]
    public void MG0004_zero_layers()
        => Expect("MG0004", "[LstmModel(Input = 2, Hidden = 4, [|Layers = 0|], Output = 1, Head = Head.LinearLast)]\npublic partial class Model;", "'Layers' must be a positive integer (it is 0)");

    [Fact]
    public void MG0004_vocab_without_embedding()
        => Expect("MG0004", "[[|RnnModel(Vocab = 10, Hidden = 4)|]]\npublic partial class Model;", "'Embedding' must be a positive integer (it is missing); token input needs");

    [Fact]
    public void MG0005_both_vocab_and_input()
        => Expect("MG0005", "[LstmModel(Vocab = 10, Embedding = 3, [|Input = 2|], Hidden = 4)]\npublic partial class Model;", "remove one");

    [Fact]
    public void MG0006_no_input()
        => Expect("MG0006", "[[|GruModel(Hidden = 4, Output = 2, Head = Head.SoftmaxLast)|]]\npublic partial class Model;", "set 'Vocab' and 'Embedding'");

    [Fact]
    public void MG0007_peephole_on_gru()
        => Expect("MG0007", "[GruModel(Input = 2, Hidden = 4, Output = 1, Head = Head.LinearLast, [|Peephole = true|])]\npublic partial class Model;", "declare the model with [LstmModel]");

    [Fact]
    public void MG0008_activation_on_lstm()
        => Expect("MG0008", "[LstmModel(Input = 2, Hidden = 4, Output = 1, Head = Head.LinearLast, [|Activation = Activation.Relu|])]\npublic partial class Model;", "declare the model with [RnnModel]");

    [Fact]
    public void MG0009_dropout_out_of_range()
        => Expect("MG0009", "[LstmModel(Vocab = 10, Embedding = 3, Hidden = 4, Layers = 2, [|Dropout = 1.5f|])]\npublic partial class Model;", "must be in [0, 1)");

    [Fact]
    public void MG0010_dropout_with_one_layer()
        => Expect("MG0010", "[LstmModel(Vocab = 10, Embedding = 3, Hidden = 4, [|Dropout = 0.2f|])]\npublic partial class Model;", "set 'Layers' to 2 or more");

    [Fact]
    public void MG0011_embedding_without_vocab()
        => Expect("MG0011", "[RnnModel(Input = 3, [|Embedding = 8|], Hidden = 4, Output = 1, Head = Head.LinearLast)]\npublic partial class Model;", "token input needs both");

    [Fact]
    public void MG0012_output_missing_for_a_classifier()
        => Expect("MG0012", "[GruModel(Vocab = 10, Embedding = 3, Hidden = 4, [|Head = Head.SoftmaxLast|])]\npublic partial class Model;", "needs 'Output' (the number of classes)");

    [Fact]
    public void MG0013_model_too_large()
        => Expect("MG0013", "[[|LstmModel(Vocab = 100000, Embedding = 100000, Hidden = 4)|]]\npublic partial class Model;", "reduce 'Hidden'");

    [Fact]
    public void MG0014_unknown_enum_value()
        => Expect("MG0014", "[LstmModel(Vocab = 10, Embedding = 3, Hidden = 4, [|Head = (Head)42|])]\npublic partial class Model;", "not one of SoftmaxPerStep");

    [Fact]
    public void MG0015_two_model_attributes()
        => Expect("MG0015", "[[|LstmModel(Vocab = 10, Embedding = 3, Hidden = 4)|]]\n[GruModel(Vocab = 10, Embedding = 3, Hidden = 4)]\npublic partial class Model;", "keep one of");

    [Fact]
    public void MG0016_static_class()
        => Expect("MG0016", "[LstmModel(Input = 2, Hidden = 4, Output = 1, Head = Head.LinearLast)]\npublic static partial class [|Model|];", "non-static, non-abstract class");

    [Fact]
    public void MG0016_record()
        => Expect("MG0016", "[LstmModel(Input = 2, Hidden = 4, Output = 1, Head = Head.LinearLast)]\npublic partial record [|Model|];", "(not a record)");

    [Fact]
    public void MG0017_user_constructor_taking_an_int()
        => Expect("MG0017", "[LstmModel(Input = 2, Hidden = 4, Output = 1, Head = Head.LinearLast)]\npublic partial class Model\n{\n    public [|Model|](int size) { }\n}", "remove or rename it");

    [Fact]
    public void MG0017_user_member_named_like_a_generated_one()
        => Expect("MG0017", "[LstmModel(Input = 2, Hidden = 4, Output = 1, Head = Head.LinearLast)]\npublic partial class Model\n{\n    public void [|Forward|]() { }\n}", "'Forward'");

    [Fact]
    public void MG0018_bidirectional_language_model()
        => Expect("MG0018", "[LstmModel(Vocab = 10, Embedding = 3, Hidden = 4, [|Bidirectional = true|])]\npublic partial class Model;", "would see the next token");

    [Fact]
    public void A_bidirectional_tagger_is_not_a_language_model()
    {
        var run = GeneratorHarness.Run("using ModelGen;\nnamespace Tests;\n[LstmModel(Vocab = 10, Embedding = 3, Hidden = 4, Bidirectional = true, Output = 5)]\npublic partial class Tagger;");
        Assert.Empty(run.GeneratorDiagnostics);
        Assert.Empty(run.OutputProblems);
    }

    [Fact]
    public void MG0019_too_many_layers()
        => Expect("MG0019", "[LstmModel(Vocab = 10, Embedding = 3, Hidden = 4, [|Layers = int.MaxValue|])]\npublic partial class Model;", "stack fewer layers");

    [Fact]
    public void MG0019_hidden_size_too_large()
        => Expect("MG0019", "[GruModel(Input = 3, [|Hidden = 1000000000|], Output = 1, Head = Head.LinearLast)]\npublic partial class Model;", "would not fit in memory");

    [Fact]
    public void MG0017_member_named_Gpu_on_a_model_with_the_gpu_variant()
        => Expect("MG0017", "[LstmModel(Vocab = 10, Embedding = 4, Hidden = 8, Gpu = true)]\npublic partial class Model\n{\n    public int [|Gpu|] => 1;\n}", "nested class Gpu", gpu: true);

    [Fact]
    public void MG0020_gpu_variant_in_double()
        => Expect("MG0020", "[GruModel(Input = 3, Hidden = 4, Output = 1, Head = Head.LinearLast, ElementType = ElementType.Double, [|Gpu = true|])]\npublic partial class Model;", "computes in float", gpu: true);

    [Fact]
    public void MG0021_gpu_variant_without_the_gpu_runtime()
        => Expect("MG0021", "[LstmModel(Vocab = 10, Embedding = 4, Hidden = 8, [|Gpu = true|])]\npublic partial class Model;", "PackageReference Include=\"ModelGen.Gpu\"");

    [Fact]
    public void Every_descriptor_has_a_test_and_a_distinct_id()
    {
        var ids = typeof(ModelGenerator).Assembly.GetTypes()
            .Single(t => t.Name == "DiagnosticDescriptors")
            .GetFields().Select(f => ((DiagnosticDescriptor)f.GetValue(null)!).Id).ToList();
        Assert.Equal(ids.Count, ids.Distinct().Count());
        var tested = typeof(DiagnosticTests).GetMethods().Concat(typeof(SpecTests).GetMethods())
            .Select(m => m.Name).Where(n => n.StartsWith("MG", System.StringComparison.Ordinal)).Select(n => n[..6]).ToHashSet();
        Assert.All(ids, id => Assert.Contains(id, tested));
    }

    [Fact]
    public void A_valid_model_beside_an_invalid_one_is_still_generated()
    {
        var run = GeneratorHarness.Run("""
            using ModelGen;
            namespace Tests;
            [LstmModel(Input = 2, Hidden = 4, Output = 1, Head = Head.LinearLast)] public partial class Good;
            [LstmModel(Input = 2, Hidden = -1, Output = 1, Head = Head.LinearLast)] public partial class Bad;
            """);
        Assert.Equal("MG0004", Assert.Single(run.GeneratorDiagnostics).Id);
        Assert.Equal("Tests.Good.g.cs", Assert.Single(run.Sources).Key);
    }
}
