using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using ModelGen;
using ModelGen.Checkpoints;
using ModelGen.Data;

namespace TextClassification;

/// <summary>
/// What a checkpoint of this sample holds besides the parameters, so the model can be reused on new sentences: the
/// vocabulary, the label names in class-id order and the tokenization (all in the safetensors metadata).
/// </summary>
/// <param name="Vocabulary">The word ids.</param>
/// <param name="Labels">The classes.</param>
/// <param name="Tokenization">How sentences were split into words.</param>
public sealed record SavedModel(WordTokenizer Vocabulary, LabelSet Labels, Tokenization Tokenization)
{
    /// <summary>Metadata key of the label names, one per line in class-id order.</summary>
    public const string LabelsKey = "textclassification.labels";

    /// <summary>Metadata key of the tokenization: <c>spaces</c> or <c>letters-digits</c>, lower-cased first.</summary>
    public const string TokenizationKey = "textclassification.tokenization";

    /// <summary>Metadata key of the development accuracy of the saved parameters (informative).</summary>
    public const string DevAccuracyKey = "textclassification.dev_accuracy";

    /// <summary>Writes <paramref name="model"/>'s parameters and this record's metadata to <paramref name="path"/>.</summary>
    /// <exception cref="SampleException">The file cannot be written.</exception>
    public void Save(IRecurrentModel<float> model, string path, double devAccuracy)
    {
        var metadata = new Dictionary<string, string>
        {
            [WordTokenizer.MetadataKey] = Vocabulary.ToVocabularyString(),
            [LabelsKey] = Labels.ToMetadata(),
            [TokenizationKey] = Words.Name(Tokenization),
            [DevAccuracyKey] = devAccuracy.ToString("R", CultureInfo.InvariantCulture),
        };
        try
        {
            Checkpoint.Save(model, path, metadata);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new SampleException($"Cannot write the checkpoint '{path}': {e.Message}");
        }
    }

    /// <summary>
    /// Reads the metadata of the checkpoint at <paramref name="path"/>, checks it was written by this sample for
    /// <paramref name="model"/>'s declaration, then loads the parameters into <paramref name="model"/>.
    /// </summary>
    /// <exception cref="SampleException">The file is missing or unreadable, or holds another model.</exception>
    /// <exception cref="CheckpointException">The file is not a valid checkpoint, lacks this sample's metadata, or does not fit the model.</exception>
    public static SavedModel Load(IRecurrentModel<float> model, string path)
    {
        IReadOnlyDictionary<string, string> metadata = ReadMetadata(path);
        ModelInfo info = model.Info;
        if (metadata.TryGetValue(Checkpoint.ModelKey, out string? savedFrom) && savedFrom != info.Name)
            throw new SampleException($"The checkpoint '{path}' holds {savedFrom}, but the options select {info.Name}; {OptionsFor(savedFrom)}.");
        string Need(string key) => metadata.TryGetValue(key, out string? value) ? value
            : throw new CheckpointException($"The checkpoint '{path}' has no '{key}' in its metadata: it was not written by this sample's --save.", path);

        WordTokenizer vocabulary;
        try
        {
            vocabulary = WordTokenizer.FromVocabularyString(Need(WordTokenizer.MetadataKey));
        }
        catch (FormatException e)
        {
            throw new CheckpointException($"The checkpoint '{path}' has an unreadable vocabulary: {e.Message}", path, e);
        }
        if (vocabulary.VocabularySize > info.Vocab)
            throw new CheckpointException($"The checkpoint '{path}' has {vocabulary.VocabularySize} words, more than {info.Name}'s Vocab = {info.Vocab}.", path);
        LabelSet labels = LabelSet.FromMetadata(Need(LabelsKey), info.Output)
            ?? throw new CheckpointException($"The checkpoint '{path}' has an invalid '{LabelsKey}': expected 2 to {info.Output} distinct label names, one per line.", path);
        string tokenizationName = Need(TokenizationKey);
        Tokenization tokenization = Words.Parse(tokenizationName)
            ?? throw new CheckpointException($"The checkpoint '{path}' has an unknown tokenization '{tokenizationName}' (expected 'spaces' or 'letters-digits').", path);

        Checkpoint.Load(model, path);
        return new SavedModel(vocabulary, labels, tokenization);
    }

    private static IReadOnlyDictionary<string, string> ReadMetadata(string path)
    {
        try
        {
            return Checkpoint.ReadMetadata(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            string problem = e is FileNotFoundException or DirectoryNotFoundException ? "there is no such file" : e.Message;
            throw new SampleException($"Cannot read the checkpoint '{path}': {problem}.");
        }
    }

    /// <summary>The options that select the model class <paramref name="modelName"/>, as advice.</summary>
    private static string OptionsFor(string modelName)
    {
        bool bidirectional = modelName.StartsWith("Bi", StringComparison.Ordinal);
        string cell = (bidirectional ? modelName[2..] : modelName).Replace("Classifier", "", StringComparison.Ordinal).ToLowerInvariant();
        return cell is "rnn" or "gru" or "lstm"
            ? $"run with --cell {cell}{(bidirectional ? " --bidirectional" : "")}"
            : "it was not written by this sample";
    }
}

/// <summary>A problem with the run's input the user can fix (a checkpoint that does not fit, a file that cannot be written).</summary>
public sealed class SampleException(string message) : Exception(message);
