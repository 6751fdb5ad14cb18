using Microsoft.CodeAnalysis;

namespace ModelGen.Generators;

/// <summary>Emits the forward and backward passes of models declared with [RnnModel], [GruModel] or [LstmModel].</summary>
[Generator(LanguageNames.CSharp)]
public sealed partial class ModelGenerator : IIncrementalGenerator
{
    /// <inheritdoc/>
    public void Initialize(IncrementalGeneratorInitializationContext context)
    {
    }
}
