using System.Linq;
using Xunit;

namespace ModelGen.Generators.Tests;

/// <summary>The generated code of representative models, against checked-in golden files; each also compiles cleanly.</summary>
public class SnapshotTests
{
    public static readonly TheoryData<string, string> Models = new()
    {
        { "CharLstm", "[LstmModel(Vocab = 65, Embedding = 64, Hidden = 256, Layers = 2, Head = Head.SoftmaxPerStep)]" },
        { "ReluRegressor", "[RnnModel(Input = 6, Hidden = 32, Activation = Activation.Relu, Output = 1, Head = Head.LinearLast)]" },
        { "GruClassifier", "[GruModel(Vocab = 1000, Embedding = 50, Hidden = 64, Layers = 2, Dropout = 0.25f, Output = 5, Head = Head.SoftmaxLast)]" },
        { "PeepholeLstm", "[LstmModel(Input = 4, Hidden = 16, Peephole = true, Output = 4, Head = Head.LinearPerStep)]" },
        { "DoubleDetector", "[GruModel(Input = 3, Hidden = 8, Output = 2, Head = Head.SigmoidLast, ElementType = ElementType.Double)]" },
        { "BiLstmTagger", "[LstmModel(Vocab = 100, Embedding = 16, Hidden = 32, Layers = 2, Bidirectional = true, Output = 9, Head = Head.SoftmaxPerStep)]" },
        { "BiGruClassifier", "[GruModel(Input = 8, Hidden = 16, Bidirectional = true, Output = 2, Head = Head.SoftmaxLast)]" },
        { "DeepRnn", "[RnnModel(Vocab = 50, Embedding = 16, Hidden = 32, Layers = 3, Dropout = 0.1f, Head = Head.SoftmaxPerStep)]" },
    };

    [Theory]
    [MemberData(nameof(Models))]
    public void Generated_code_matches_its_snapshot_and_compiles_without_warnings(string name, string attribute)
    {
        var run = GeneratorHarness.Run($$"""
            using ModelGen;

            namespace Samples;

            {{attribute}}
            public partial class {{name}};
            """);

        Assert.Null(run.Exception);
        Assert.Empty(run.GeneratorDiagnostics);
        Assert.Empty(run.OutputProblems);
        string source = Assert.Single(run.Sources, s => s.Key == $"Samples.{name}.g.cs").Value;
        Snapshot.Match(name, source);
    }

    [Fact]
    public void Gpu_variant_matches_its_snapshot_and_compiles_without_warnings()
    {
        var run = GeneratorHarness.RunWithGpu("""
            using ModelGen;

            namespace Samples;

            [LstmModel(Vocab = 65, Embedding = 64, Hidden = 256, Layers = 2, Dropout = 0.2f, Head = Head.SoftmaxPerStep, Gpu = true)]
            public partial class GpuCharLstm;

            [GruModel(Input = 8, Hidden = 16, Bidirectional = true, Output = 2, Head = Head.SoftmaxLast, Gpu = true)]
            public partial class GpuBiGruClassifier;
            """);

        Assert.Null(run.Exception);
        Assert.Empty(run.GeneratorDiagnostics);
        Assert.Empty(run.OutputProblems);
        Snapshot.Match("GpuCharLstm.Gpu", Assert.Single(run.Sources, s => s.Key == "Samples.GpuCharLstm.Gpu.g.cs").Value);
        Snapshot.Match("GpuBiGruClassifier.Gpu", Assert.Single(run.Sources, s => s.Key == "Samples.GpuBiGruClassifier.Gpu.g.cs").Value);
    }

    [Fact]
    public void A_model_without_gpu_gets_no_gpu_variant_and_needs_no_ilgpu()
    {
        var run = GeneratorHarness.Run("""
            using ModelGen;
            namespace Samples;
            [LstmModel(Vocab = 10, Embedding = 4, Hidden = 8)]
            public partial class CpuOnly;
            """);
        Assert.Empty(run.OutputProblems);
        Assert.Equal("Samples.CpuOnly.g.cs", Assert.Single(run.Sources).Key);
        Assert.DoesNotContain("ILGPU", run.Sources.Values.Single(), System.StringComparison.Ordinal);
    }

    [Fact]
    public void A_model_in_the_global_namespace_compiles()
    {
        var run = GeneratorHarness.Run("""
            [ModelGen.LstmModel(Input = 2, Hidden = 3, Output = 1, Head = ModelGen.Head.LinearLast)]
            internal sealed partial class GlobalModel;
            """);
        Assert.Null(run.Exception);
        Assert.Equal("GlobalModel.g.cs", Assert.Single(run.Sources).Key);
        Assert.Empty(run.OutputProblems);
    }

    [Fact]
    public void Two_models_in_one_compilation_get_one_file_each()
    {
        var run = GeneratorHarness.Run("""
            using ModelGen;
            namespace A { [GruModel(Input = 2, Hidden = 3, Output = 1, Head = Head.LinearLast)] public partial class M; }
            namespace B { [GruModel(Input = 2, Hidden = 3, Output = 1, Head = Head.LinearLast)] public partial class M; }
            """);
        Assert.Equal(new[] { "A.M.g.cs", "B.M.g.cs" }, run.Sources.Keys.OrderBy(k => k));
        Assert.Empty(run.OutputProblems);
    }
}
