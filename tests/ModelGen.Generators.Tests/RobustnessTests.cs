using System.Linq;
using Microsoft.CodeAnalysis;
using Xunit;

namespace ModelGen.Generators.Tests;

/// <summary>Partial and malformed declarations, as an editor sees them while the user types, never crash the generator.</summary>
public class RobustnessTests
{
    private const string Valid = """
        using ModelGen;
        namespace Tests;
        [LstmModel(Vocab = 65, Embedding = 16, Hidden = 32, Layers = 2, Dropout = 0.1f, Peephole = true, Head = Head.SoftmaxPerStep, ElementType = ElementType.Double)]
        public partial class Model;
        """;

    [Fact]
    public void Every_prefix_of_a_declaration_yields_code_that_compiles_or_diagnostics()
    {
        // One driver for all prefixes: the incremental pipeline also sees each edit as the next version of the file.
        GeneratorDriver driver = GeneratorHarness.CreateDriver();
        int generated = 0;
        for (int length = 0; length <= Valid.Length; length++)
        {
            var run = GeneratorHarness.Run(driver, GeneratorHarness.Compile(Valid[..length]));
            driver = run.Driver;
            Assert.Null(run.Exception);
            if (run.Sources.Count > 0)
            {
                generated++;
                // The generated file itself must be clean; errors in the truncated user text are the user's.
                var problems = run.OutputProblems.Where(d => d.Location.SourceTree?.FilePath.EndsWith(".g.cs", System.StringComparison.Ordinal) == true);
                Assert.Empty(problems);
            }
        }
        Assert.True(generated > 0, "the complete declaration must generate code");
    }

    [Theory]
    [InlineData("[LstmModel(Hidden = )] public partial class M;")]
    [InlineData("[LstmModel(Hidden = \"big\")] public partial class M;")]
    [InlineData("[LstmModel(64, 3)] public partial class M;")]
    [InlineData("[LstmModel(Hidden = int.MaxValue, Input = int.MaxValue)] public partial class M;")]
    [InlineData("[LstmModel(Hidden = 4, Input = 2, Head = (Head)(-1))] public partial class M;")]
    [InlineData("[LstmModel(Hidden = 4, Input = 2, Dropout = float.NaN, Layers = 2)] public partial class M;")]
    [InlineData("[LstmModel(Hidden = 4, Input = 2, Unknown = 3)] public partial class M;")]
    [InlineData("[LstmModel] public partial record M;")]
    [InlineData("[LstmModel] public partial struct M;")]
    [InlineData("[LstmModel(Input = 1, Hidden = 1, Output = 1, Head = Head.LinearLast)] public static partial class M;")]
    [InlineData("[LstmModel(Input = 1, Hidden = 1, Output = 1, Head = Head.LinearLast)] public partial class M { public M(int seed) { } }")]
    public void Malformed_declarations_do_not_crash_the_generator(string declaration)
    {
        var run = GeneratorHarness.Run("using ModelGen;\nnamespace Tests;\n" + declaration);
        Assert.Null(run.Exception);
    }
}
