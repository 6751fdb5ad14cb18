using Microsoft.CodeAnalysis;

namespace ModelGen.Generators;

/// <summary>Every diagnostic the generator reports. IDs are stable: never renumber, only add.</summary>
internal static class DiagnosticDescriptors
{
    private const string Category = "ModelGen";

    public static readonly DiagnosticDescriptor ClassNotPartial = new(
        "MG0001", "Model class must be partial",
        "The class '{0}' declares a model but is not partial; add the 'partial' modifier so the generator can add the model's members",
        Category, DiagnosticSeverity.Error, isEnabledByDefault: true);

    public static readonly DiagnosticDescriptor NestedClass = new(
        "MG0002", "Model class must not be nested",
        "The class '{0}' is nested in '{1}'; declare the model as a top-level class in a namespace",
        Category, DiagnosticSeverity.Error, isEnabledByDefault: true);

    public static readonly DiagnosticDescriptor GenericClass = new(
        "MG0003", "Model class must not be generic",
        "The class '{0}' has type parameters; a model's sizes and element type are fixed at compile time, so declare it on a non-generic class",
        Category, DiagnosticSeverity.Error, isEnabledByDefault: true);

    public static readonly DiagnosticDescriptor SizeNotPositive = new(
        "MG0004", "Size must be positive",
        "'{0}' must be a positive integer ({1}); {2}",
        Category, DiagnosticSeverity.Error, isEnabledByDefault: true);

    public static readonly DiagnosticDescriptor BothVocabAndInput = new(
        "MG0005", "Both token and feature input declared",
        "Both 'Vocab' and 'Input' are set; a model reads either token ids (Vocab + Embedding) or float features (Input): remove one",
        Category, DiagnosticSeverity.Error, isEnabledByDefault: true);

    public static readonly DiagnosticDescriptor NoInput = new(
        "MG0006", "No input declared",
        "The model declares no input; set 'Vocab' and 'Embedding' for token ids, or 'Input' for float features",
        Category, DiagnosticSeverity.Error, isEnabledByDefault: true);

    public static readonly DiagnosticDescriptor PeepholeOnNonLstm = new(
        "MG0007", "Peephole requires an LSTM",
        "'Peephole' applies to LSTM cells only, not to a {0}; remove it or declare the model with [LstmModel]",
        Category, DiagnosticSeverity.Error, isEnabledByDefault: true);

    public static readonly DiagnosticDescriptor ActivationOnNonRnn = new(
        "MG0008", "Activation requires an RNN",
        "'Activation' applies to simple RNN cells only; a {0} has fixed gate nonlinearities: remove it or declare the model with [RnnModel]",
        Category, DiagnosticSeverity.Error, isEnabledByDefault: true);

    public static readonly DiagnosticDescriptor DropoutOutOfRange = new(
        "MG0009", "Dropout out of range",
        "'Dropout' is {0} but must be in [0, 1): it is the probability of zeroing a layer output while training",
        Category, DiagnosticSeverity.Error, isEnabledByDefault: true);

    public static readonly DiagnosticDescriptor DropoutWithOneLayer = new(
        "MG0010", "Dropout needs two or more layers",
        "'Dropout' acts between recurrent layers, and this model has one layer; set 'Layers' to 2 or more, or remove 'Dropout'",
        Category, DiagnosticSeverity.Error, isEnabledByDefault: true);

    public static readonly DiagnosticDescriptor EmbeddingWithoutVocab = new(
        "MG0011", "Embedding without Vocab",
        "'Embedding' is set but 'Vocab' is not; token input needs both (Vocab = number of token ids), feature input uses 'Input' alone",
        Category, DiagnosticSeverity.Error, isEnabledByDefault: true);

    public static readonly DiagnosticDescriptor OutputRequired = new(
        "MG0012", "Output size required",
        "The head {0} needs 'Output' (the number of {1}); it defaults to 'Vocab' only for a language model (SoftmaxPerStep with token input)",
        Category, DiagnosticSeverity.Error, isEnabledByDefault: true);

    public static readonly DiagnosticDescriptor ModelTooLarge = new(
        "MG0013", "Model too large",
        "The model has {0} parameters, more than one buffer can hold ({1}); reduce 'Hidden', 'Layers', 'Vocab' or 'Embedding'",
        Category, DiagnosticSeverity.Error, isEnabledByDefault: true);

    public static readonly DiagnosticDescriptor InvalidEnumValue = new(
        "MG0014", "Unknown value",
        "'{0}' has the value {1}, which is not one of {2}",
        Category, DiagnosticSeverity.Error, isEnabledByDefault: true);

    public static readonly DiagnosticDescriptor MultipleModelAttributes = new(
        "MG0015", "More than one model attribute",
        "The class '{0}' carries more than one model attribute; a class declares one model: keep one of [RnnModel], [GruModel], [LstmModel]",
        Category, DiagnosticSeverity.Error, isEnabledByDefault: true);

    public static readonly DiagnosticDescriptor NotAPlainClass = new(
        "MG0016", "Model must be a plain class",
        "'{0}' is {1}; declare the model on a non-static, non-abstract class (not a record), because the generator adds instance members and a constructor",
        Category, DiagnosticSeverity.Error, isEnabledByDefault: true);

    public static readonly DiagnosticDescriptor MemberConflict = new(
        "MG0017", "Member conflicts with generated code",
        "The class '{0}' already declares '{1}', which the generator emits; remove or rename it (the generated class has a constructor (int seed), Forward, Backward, Step and the parameter views, and with Gpu = true a nested class Gpu)",
        Category, DiagnosticSeverity.Error, isEnabledByDefault: true);

    public static readonly DiagnosticDescriptor BidirectionalLanguageModel = new(
        "MG0018", "Bidirectional language model",
        "A bidirectional layer reads the whole sequence, so a language model would see the next token it must predict; remove 'Bidirectional', or for tagging (a class per step) set 'Output' to the number of tags",
        Category, DiagnosticSeverity.Error, isEnabledByDefault: true);

    public static readonly DiagnosticDescriptor SizeTooLarge = new(
        "MG0019", "Size too large",
        "'{0}' is {1}, more than ModelGen supports ({2}); {3}",
        Category, DiagnosticSeverity.Error, isEnabledByDefault: true);

    public static readonly DiagnosticDescriptor GpuDouble = new(
        "MG0020", "GPU variant in double",
        "The GPU variant computes in float; remove 'ElementType = ElementType.Double' (double is for gradient checks on the CPU) or 'Gpu = true'",
        Category, DiagnosticSeverity.Error, isEnabledByDefault: true);

    public static readonly DiagnosticDescriptor GpuRuntimeMissing = new(
        "MG0021", "GPU variant without ModelGen.Gpu",
        "'{0}' asks for the GPU variant (Gpu = true), which runs on ILGPU through the ModelGen.Gpu library; add <PackageReference Include=\"ModelGen.Gpu\" /> (or a reference to src/ModelGen.Gpu) to the project, or remove 'Gpu = true'",
        Category, DiagnosticSeverity.Error, isEnabledByDefault: true);

    // Spec files (MG01xx): the position is that of the offending token in the .json file.
    public static readonly DiagnosticDescriptor SpecMalformed = Spec("MG0101", "Spec file is not valid JSON");
    public static readonly DiagnosticDescriptor SpecUnknownKey = Spec("MG0102", "Unknown key in spec file");
    public static readonly DiagnosticDescriptor SpecWrongType = Spec("MG0103", "Wrong type in spec file");
    public static readonly DiagnosticDescriptor SpecOutOfRange = Spec("MG0104", "Value out of range in spec file");
    public static readonly DiagnosticDescriptor SpecImpossible = Spec("MG0105", "Impossible combination in spec file");
    public static readonly DiagnosticDescriptor SpecMissingKey = Spec("MG0106", "Missing key in spec file");

    public static readonly DiagnosticDescriptor SpecBoundTwice = new(
        "MG0107", "Spec bound by two classes",
        "The spec '{0}' is bound by '{1}' and '{2}'; a spec file declares one model: bind each class to its own spec (copy the file under another name)",
        Category, DiagnosticSeverity.Error, isEnabledByDefault: true);

    public static readonly DiagnosticDescriptor SpecNotFound = new(
        "MG0108", "Spec file not found",
        "No spec file '{0}.json' is among the project's AdditionalFiles; add specs/{0}.json (the ModelGen package includes specs/**/*.json) or fix the name{1}",
        Category, DiagnosticSeverity.Error, isEnabledByDefault: true);

    public static readonly DiagnosticDescriptor SpecAmbiguous = new(
        "MG0109", "Two spec files with one name",
        "Two AdditionalFiles are named '{0}.json' ({1} and {2}); rename one so [ModelSpec(\"{0}\")] names a single file",
        Category, DiagnosticSeverity.Error, isEnabledByDefault: true);

    private static DiagnosticDescriptor Spec(string id, string title)
        => new(id, title, "{0}", Category, DiagnosticSeverity.Error, isEnabledByDefault: true);
}
