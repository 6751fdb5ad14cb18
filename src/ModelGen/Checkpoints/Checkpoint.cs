using System;
using System.Collections.Generic;
using System.Globalization;
using System.Numerics;
using System.Runtime.InteropServices;
using System.Text;

namespace ModelGen.Checkpoints;

/// <summary>
/// Saves and loads a model's parameters as a safetensors file whose tensor names, shapes and layout are PyTorch's
/// (<c>state_dict</c> names such as <c>rnn.weight_ih_l0</c>), so the file can be opened with <c>safetensors.torch.load_file</c>.
/// </summary>
/// <remarks>
/// Besides the caller's metadata, the file's <c>__metadata__</c> records the model's name (<see cref="ModelKey"/>), its
/// architecture (<see cref="ArchitectureKey"/>, <see cref="ModelInfo.Architecture"/>) and its parameter count
/// (<see cref="ParametersKey"/>). Loading checks the architecture, then every tensor, before it changes anything.
/// </remarks>
public static class Checkpoint
{
    /// <summary>Metadata key of the model class's name.</summary>
    public const string ModelKey = "modelgen.model";

    /// <summary>Metadata key of <see cref="ModelInfo.Architecture"/>.</summary>
    public const string ArchitectureKey = "modelgen.architecture";

    /// <summary>Metadata key of the parameter count.</summary>
    public const string ParametersKey = "modelgen.parameters";

    /// <summary>Tensors under this prefix belong to a training checkpoint (optimizer moments, carried state); loading the model ignores them.</summary>
    public const string TrainingPrefix = "training.";

    private const int MaxProblemsListed = 10;

    /// <summary>
    /// Writes every tensor of <c>model.Info.Tensors</c> (F32 for float models, F64 for double) and the metadata to
    /// <paramref name="path"/>, atomically: on failure an existing file at <paramref name="path"/> is left as it was.
    /// </summary>
    /// <param name="model">The model whose <see cref="IRecurrentModel{T}.Parameters"/> are saved.</param>
    /// <param name="path">The destination, conventionally ending in <c>.safetensors</c>.</param>
    /// <param name="metadata">Extra string metadata (tokenizer vocabulary, training step, ...); the keys
    /// <c>modelgen.model</c>, <c>modelgen.architecture</c> and <c>modelgen.parameters</c> are reserved.</param>
    /// <exception cref="ArgumentException">The metadata uses a reserved key.</exception>
    /// <exception cref="InvalidOperationException">The model's tensor layout does not fit its parameter buffer.</exception>
    public static void Save<T>(IRecurrentModel<T> model, string path, IReadOnlyDictionary<string, string>? metadata = null)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(path);
        CreateWriter(model, metadata).Write(path);
    }

    /// <summary>
    /// A writer holding every tensor of the model and the reserved metadata, for <see cref="Save{T}"/> and for training
    /// checkpoints, which add their own tensors under <see cref="TrainingPrefix"/> before writing.
    /// </summary>
    internal static SafeTensorsWriter CreateWriter<T>(IRecurrentModel<T> model, IReadOnlyDictionary<string, string>? metadata)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        SafeTensorsDType dtype = DTypeOf<T>();
        SafeTensor.RequireLittleEndian();
        ModelInfo info = model.Info;

        int parameterCount = model.Parameters.Length;
        foreach (TensorInfo t in info.Tensors)
        {
            if (t.Offset < 0 || (long)t.Offset + t.Length > parameterCount)
                throw new InvalidOperationException(
                    $"{info.Name} declares tensor '{t.Name}' {t.ShapeText} at offset {t.Offset}, outside its {parameterCount}-element parameter buffer; the model's layout is inconsistent (regenerate it).");
        }

        var writer = new SafeTensorsWriter();
        if (metadata is not null)
        {
            foreach (var (key, value) in metadata)
            {
                if (key is ModelKey or ArchitectureKey or ParametersKey)
                    throw new ArgumentException($"The metadata key '{key}' is reserved: Checkpoint.Save writes it from the model. Use another key.", nameof(metadata));
                writer.Metadata[key] = value;
            }
        }
        writer.Metadata[ModelKey] = info.Name;
        writer.Metadata[ArchitectureKey] = info.Architecture;
        writer.Metadata[ParametersKey] = info.ParameterCount.ToString(CultureInfo.InvariantCulture);

        foreach (TensorInfo t in info.Tensors)
        {
            int offset = t.Offset, length = t.Length;
            writer.Add(t.Name, dtype, t.Shape, stream => stream.Write(MemoryMarshal.AsBytes(model.Parameters.Slice(offset, length))));
        }
        return writer;
    }

    /// <summary>
    /// Loads the parameters saved at <paramref name="path"/> into <paramref name="model"/> and returns the file's metadata.
    /// Checks first that the file was saved from a model of the same architecture (when it records one), that it holds every
    /// tensor of the model with the right shape and dtype, and no other tensor; on any failure the model is unchanged.
    /// </summary>
    /// <exception cref="CheckpointException">The file is invalid or does not fit the model; the message says how.</exception>
    public static IReadOnlyDictionary<string, string> Load<T>(IRecurrentModel<T> model, string path)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(path);
        SafeTensorsDType dtype = DTypeOf<T>();
        ModelInfo info = model.Info;

        // Cheap checks on the header first, so a wrong file is refused before its data is read.
        SafeTensorsHeader header = SafeTensorsFile.ReadHeader(path);
        CheckArchitecture(info, path, header.Metadata);

        var problems = new List<string>();
        var byName = new Dictionary<string, SafeTensorsEntry>(StringComparer.Ordinal);
        foreach (SafeTensorsEntry e in header.Tensors) byName[e.Name] = e;
        foreach (TensorInfo t in info.Tensors)
        {
            if (!byName.Remove(t.Name, out SafeTensorsEntry? e))
            {
                problems.Add($"tensor '{t.Name}' {t.ShapeText} is missing");
                continue;
            }
            if (!ShapeEquals(e.Shape, t.Shape))
                problems.Add($"tensor '{t.Name}' has shape {e.ShapeText} in the file, but {info.Name} expects {t.ShapeText}");
            if (e.DType != dtype)
                problems.Add($"tensor '{t.Name}' is {SafeTensorsDTypes.ToName(e.DType)} in the file, but {info.Name} is a {typeof(T).Name} model ({SafeTensorsDTypes.ToName(dtype)})");
        }
        foreach (string extra in byName.Keys)
            if (!extra.StartsWith(TrainingPrefix, StringComparison.Ordinal)) // a training checkpoint loads as a model checkpoint too
                problems.Add($"tensor '{extra}' is not a tensor of {info.Name}");
        if (problems.Count > 0)
        {
            var sb = new StringBuilder();
            sb.Append(CultureInfo.InvariantCulture, $"The checkpoint '{path}' does not fit {info.Name} ({info.Architecture}): ");
            for (int i = 0; i < problems.Count && i < MaxProblemsListed; i++) sb.Append(i == 0 ? "" : "; ").Append(problems[i]);
            if (problems.Count > MaxProblemsListed) sb.Append(CultureInfo.InvariantCulture, $"; and {problems.Count - MaxProblemsListed} more problems");
            sb.Append(". Load it into the model it was saved from, or save a new checkpoint from this model.");
            throw new CheckpointException(sb.ToString(), path);
        }

        // Everything fits: read the data, then copy it in (the copy cannot fail).
        SafeTensorsFile file = SafeTensorsFile.Read(path);
        CheckArchitecture(info, path, file.Metadata);
        var sources = new SafeTensor[info.Tensors.Count];
        for (int i = 0; i < sources.Length; i++)
        {
            TensorInfo t = info.Tensors[i];
            SafeTensor? s = file.Find(t.Name);
            if (s is null || s.DType != dtype || !ShapeEquals(s.Shape, t.Shape))
                throw new CheckpointException($"The checkpoint '{path}' changed while it was being loaded (tensor '{t.Name}'); load it again.", path);
            sources[i] = s;
        }
        Span<T> parameters = model.Parameters;
        for (int i = 0; i < sources.Length; i++)
        {
            TensorInfo t = info.Tensors[i];
            sources[i].CopyTo(parameters.Slice(t.Offset, t.Length));
        }
        return file.Metadata;
    }

    /// <summary>The <c>__metadata__</c> of the checkpoint at <paramref name="path"/>, reading its header only.</summary>
    /// <exception cref="CheckpointException">The file is not a valid safetensors file.</exception>
    public static IReadOnlyDictionary<string, string> ReadMetadata(string path) => SafeTensorsFile.ReadHeader(path).Metadata;

    private static void CheckArchitecture(ModelInfo info, string path, IReadOnlyDictionary<string, string> metadata)
    {
        // A file without the key (for example one written by safetensors.torch from a PyTorch state_dict) is checked by its tensors alone.
        if (!metadata.TryGetValue(ArchitectureKey, out string? architecture) || architecture == info.Architecture) return;
        string savedFrom = metadata.TryGetValue(ModelKey, out string? name) ? $" (saved from {name})" : "";
        throw new CheckpointException(
            $"{path} holds {architecture}{savedFrom}, but {info.Name} is {info.Architecture}; " +
            "load it into a model of that architecture, or declare this model with the same sizes.", path);
    }

    private static bool ShapeEquals(IReadOnlyList<int> a, int[] b)
    {
        if (a.Count != b.Length) return false;
        for (int i = 0; i < b.Length; i++) if (a[i] != b[i]) return false;
        return true;
    }

    private static SafeTensorsDType DTypeOf<T>() where T : unmanaged
    {
        if (typeof(T) == typeof(float)) return SafeTensorsDType.F32;
        if (typeof(T) == typeof(double)) return SafeTensorsDType.F64;
        throw new NotSupportedException($"Checkpoints hold float (F32) or double (F64) models, not {typeof(T).Name}.");
    }
}
