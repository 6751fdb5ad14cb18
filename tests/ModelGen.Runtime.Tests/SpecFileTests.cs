using System.IO;
using System.Runtime.CompilerServices;
using ModelGen.Specs;
using Xunit;

namespace ModelGen.Runtime.Tests;

[ModelSpec("mixed-classifier")]
public partial class SpecClassifier;

/// <summary>The runtime reads spec files with the generator's own reader, and they agree.</summary>
public class SpecFileTests
{
    private static string Spec(string relative, [CallerFilePath] string here = "")
        => File.ReadAllText(Path.Combine(Path.GetDirectoryName(here)!, "..", "..", "specs", relative));

    [Fact]
    public void The_runtime_describes_a_spec_as_the_generator_built_it()
    {
        string description = ModelSpecFile.Describe(Spec("tests/mixed-classifier.json"));
        var model = new SpecClassifier(1);
        Assert.Contains(model.Info.LayerSummary, description);
        Assert.False(model.Info.IsUniform);
        Assert.StartsWith("Embedding(11, 5) → LSTM(5, 6, bidirectional) → GRU(12, 4) → Linear(4, 3)", description);
        Assert.Empty(ModelSpecFile.Validate(Spec("char-lstm.json")));
    }

    [Fact]
    public void A_broken_spec_is_described_by_its_mistakes_with_positions()
    {
        var errors = ModelSpecFile.Validate("{\n  \"input\": 3,\n  \"layers\": [ { \"cell\": \"gru\", \"hiden\": 4 } ]\n}");
        Assert.Contains(errors, e => e.StartsWith("(3,", System.StringComparison.Ordinal) && e.Contains("did you mean \"hidden\"?", System.StringComparison.Ordinal));
        var ex = Assert.Throws<InvalidDataException>(() => ModelSpecFile.Describe("{ \"input\": 3 ", "specs/x.json"));
        Assert.Contains("specs/x.json", ex.Message);
    }
}
