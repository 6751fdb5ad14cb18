using System;
using System.Collections.Generic;
using System.IO;

namespace ModelGen.Specs;

/// <summary>
/// Reads the model spec files under <c>specs/</c> at run time with the very parser the generator uses at compile
/// time (one source file linked into both), e.g. to check a spec or describe a checkpoint's model.
/// </summary>
public static class ModelSpecFile
{
    /// <summary>The mistakes in a spec's text, as "(line,column): message" with 1-based positions; empty when it is valid.</summary>
    public static IReadOnlyList<string> Validate(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        var errors = new List<SpecError>();
        SpecReader.Read(json, errors);
        return errors.ConvertAll(e => e.ToString());
    }

    /// <summary>A one-line description of the spec's model ("Embedding(65, 64) → LSTM(64, 256) → …"), or an exception naming every mistake.</summary>
    public static string Describe(string json, string? path = null)
    {
        ArgumentNullException.ThrowIfNull(json);
        var errors = new List<SpecError>();
        SpecDocument? doc = SpecReader.Read(json, errors);
        if (doc is null)
            throw new InvalidDataException($"The model spec{(path is null ? "" : " " + path)} is not valid:\n" + string.Join("\n", errors.ConvertAll(e => (path ?? "") + e)));
        var parts = new List<string> { doc.Vocab > 0 ? $"Embedding({doc.Vocab}, {doc.Embedding})" : $"input {doc.Input} features" };
        int input = doc.Vocab > 0 ? doc.Embedding : doc.Input;
        foreach (var layer in doc.Layers)
        {
            string cell = layer.Cell switch { 0 => "RNN", 1 => "GRU", _ => "LSTM" };
            parts.Add($"{cell}({input}, {layer.Hidden}{(layer.Cell == 0 ? (layer.Relu ? ", relu" : ", tanh") : "")}{(layer.Peephole ? ", peephole" : "")}{(layer.Bidirectional ? ", bidirectional" : "")})");
            input = (layer.Bidirectional ? 2 : 1) * layer.Hidden;
        }
        parts.Add($"Linear({input}, {doc.Output})");
        return string.Join(" → ", parts) + "; " + SpecReader.HeadNames[doc.Head];
    }
}
