using System;
using System.Buffers.Binary;
using System.Collections.Generic;
using System.IO;
using System.Text.Json;

namespace ModelGen.Checkpoints;

/// <summary>What the header of a safetensors file says about one tensor.</summary>
/// <param name="Name">The tensor's name.</param>
/// <param name="DType">Its element type.</param>
/// <param name="Shape">Its shape, row-major.</param>
/// <param name="Begin">First byte of its data, relative to the start of the data section.</param>
/// <param name="End">One past its last byte, relative to the start of the data section.</param>
public sealed record SafeTensorsEntry(string Name, SafeTensorsDType DType, IReadOnlyList<int> Shape, long Begin, long End)
{
    /// <summary>The shape as PyTorch prints it, e.g. <c>[1024, 64]</c>.</summary>
    public string ShapeText => "[" + string.Join(", ", Shape) + "]";
}

/// <summary>The validated header of a safetensors file: its tensors (in data order) and its <c>__metadata__</c>.</summary>
public sealed class SafeTensorsHeader
{
    internal SafeTensorsHeader(IReadOnlyList<SafeTensorsEntry> tensors, IReadOnlyDictionary<string, string> metadata, long dataStart, long dataLength)
    {
        Tensors = tensors;
        Metadata = metadata;
        DataStart = dataStart;
        DataLength = dataLength;
    }

    /// <summary>The tensors, ordered by their position in the data section.</summary>
    public IReadOnlyList<SafeTensorsEntry> Tensors { get; }

    /// <summary>The string-to-string <c>__metadata__</c> (empty when the file has none).</summary>
    public IReadOnlyDictionary<string, string> Metadata { get; }

    /// <summary>Offset in the file of the data section: 8 + the header length.</summary>
    public long DataStart { get; }

    /// <summary>Length of the data section in bytes.</summary>
    public long DataLength { get; }
}

/// <summary>
/// A safetensors file read into memory (format: https://github.com/huggingface/safetensors): an 8-byte little-endian header
/// length N, N bytes of UTF-8 JSON describing every tensor (dtype, shape, data_offsets) plus an optional string map
/// <c>__metadata__</c>, then the tensors' little-endian bytes.
/// </summary>
/// <remarks>
/// The reader trusts nothing in the file: every claimed size is checked against the file's length before anything is
/// allocated, and a malformed header, an unknown dtype, a duplicate name, or data offsets that are out of range, overlap,
/// leave holes or disagree with dtype and shape each give a <see cref="CheckpointException"/> naming the file and the problem.
/// </remarks>
public sealed class SafeTensorsFile
{
    /// <summary>The largest header accepted, 100 MB (the limit of the reference implementation).</summary>
    public const long MaxHeaderLength = 100_000_000;

    /// <summary>The key of the metadata map in the header.</summary>
    public const string MetadataKey = "__metadata__";

    private readonly Dictionary<string, SafeTensor> _byName;

    private SafeTensorsFile(string path, IReadOnlyList<SafeTensor> tensors, IReadOnlyDictionary<string, string> metadata)
    {
        Path = path;
        Tensors = tensors;
        Metadata = metadata;
        _byName = new Dictionary<string, SafeTensor>(tensors.Count, StringComparer.Ordinal);
        foreach (SafeTensor t in tensors) _byName.Add(t.Name, t);
    }

    /// <summary>The file this was read from.</summary>
    public string Path { get; }

    /// <summary>The tensors, in the order of their data in the file.</summary>
    public IReadOnlyList<SafeTensor> Tensors { get; }

    /// <summary>The string-to-string <c>__metadata__</c> of the header (empty when the file has none).</summary>
    public IReadOnlyDictionary<string, string> Metadata { get; }

    /// <summary>The tensor named <paramref name="name"/>, or null.</summary>
    public SafeTensor? Find(string name) => _byName.TryGetValue(name, out SafeTensor? t) ? t : null;

    /// <summary>Reads and validates the whole file.</summary>
    /// <exception cref="CheckpointException">The file is not a valid safetensors file; the message says why.</exception>
    /// <exception cref="FileNotFoundException">There is no such file.</exception>
    public static SafeTensorsFile Read(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1 << 16);
        SafeTensorsHeader header = ReadHeader(stream, path);
        var tensors = new List<SafeTensor>(header.Tensors.Count);
        try
        {
            stream.Position = header.DataStart;
            foreach (SafeTensorsEntry e in header.Tensors)
            {
                long length = e.End - e.Begin;
                if (length > Array.MaxLength)
                    throw Fail(path, $"tensor '{e.Name}' has {length} bytes, more than one array can hold; split it or read the file with another tool");
                var data = new byte[length];
                stream.ReadExactly(data);
                tensors.Add(new SafeTensor(e.Name, e.DType, ToArray(e.Shape), data));
            }
        }
        catch (EndOfStreamException ex)
        {
            throw Fail(path, "the file ended while its tensor data was being read (was it being written or truncated meanwhile?)", ex);
        }
        return new SafeTensorsFile(path, tensors, header.Metadata);
    }

    /// <summary>Reads and validates the header only (tensor names, dtypes, shapes, offsets and metadata), not the data.</summary>
    /// <exception cref="CheckpointException">The file is not a valid safetensors file; the message says why.</exception>
    /// <exception cref="FileNotFoundException">There is no such file.</exception>
    public static SafeTensorsHeader ReadHeader(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 4096);
        return ReadHeader(stream, path);
    }

    private static SafeTensorsHeader ReadHeader(FileStream stream, string path)
    {
        long fileLength = stream.Length;
        if (fileLength < 8)
            throw Fail(path, $"the file has {fileLength} bytes, too few for the 8-byte header length that starts every safetensors file");
        Span<byte> prefix = stackalloc byte[8];
        stream.ReadExactly(prefix);
        ulong headerLength = BinaryPrimitives.ReadUInt64LittleEndian(prefix);
        if (headerLength > MaxHeaderLength)
            throw Fail(path, $"the header claims {headerLength} bytes, more than the {MaxHeaderLength}-byte limit (the file is corrupt or not a safetensors file)");
        if ((long)headerLength > fileLength - 8)
            throw Fail(path, $"the header claims {headerLength} bytes, but only {fileLength - 8} bytes follow the length prefix (the file is truncated or not a safetensors file)");
        if (headerLength < 2)
            throw Fail(path, $"the header has {headerLength} bytes, too few for a JSON object");

        var json = new byte[headerLength];
        stream.ReadExactly(json);
        if (json[0] != (byte)'{')
            throw Fail(path, $"the header does not start with '{{' (byte 0x{json[0]:X2}), so it is not a safetensors JSON header");

        long dataStart = 8 + (long)headerLength;
        long dataLength = fileLength - dataStart;
        var entries = new List<SafeTensorsEntry>();
        var names = new HashSet<string>(StringComparer.Ordinal);
        Dictionary<string, string>? metadata = null;
        try
        {
            using JsonDocument doc = JsonDocument.Parse(json, new JsonDocumentOptions { MaxDepth = 16 });
            if (doc.RootElement.ValueKind != JsonValueKind.Object)
                throw Fail(path, $"the header is a JSON {doc.RootElement.ValueKind}, not an object");
            foreach (JsonProperty property in doc.RootElement.EnumerateObject())
            {
                if (property.Name == MetadataKey)
                {
                    if (metadata is not null) throw Fail(path, "the header has two __metadata__ entries");
                    metadata = ParseMetadata(path, property.Value);
                    continue;
                }
                if (!names.Add(property.Name))
                    throw Fail(path, $"tensor '{property.Name}' is declared twice in the header");
                entries.Add(ParseEntry(path, property.Name, property.Value, dataLength));
            }
        }
        catch (JsonException ex)
        {
            throw Fail(path, $"the header is not valid JSON ({ex.Message})", ex);
        }
        catch (InvalidOperationException ex) when (ex.InnerException is System.Text.DecoderFallbackException)
        {
            // A name or string value that is not valid UTF-8: JsonDocument reports it only when the string is read.
            throw Fail(path, "the header holds text that is not valid UTF-8", ex);
        }

        // The data section must be covered exactly: no overlaps, no holes, nothing after the last tensor.
        entries.Sort((a, b) => a.Begin != b.Begin ? a.Begin.CompareTo(b.Begin) : a.End.CompareTo(b.End));
        long expectedBegin = 0;
        SafeTensorsEntry? previous = null;
        foreach (SafeTensorsEntry e in entries)
        {
            if (e.Begin < expectedBegin)
                throw Fail(path, $"the data of tensor '{e.Name}' [{e.Begin}, {e.End}) overlaps the data of tensor '{previous!.Name}' [{previous.Begin}, {previous.End})");
            if (e.Begin > expectedBegin)
                throw Fail(path, $"the data section has a hole of {e.Begin - expectedBegin} bytes before tensor '{e.Name}' (at [{expectedBegin}, {e.Begin})); safetensors files index every data byte");
            expectedBegin = e.End;
            previous = e;
        }
        if (expectedBegin != dataLength)
            throw Fail(path, $"the tensors cover {expectedBegin} bytes of data, but the file holds {dataLength} bytes after the header (the file has trailing bytes, or its header is wrong)");

        return new SafeTensorsHeader(entries, (IReadOnlyDictionary<string, string>?)metadata ?? new Dictionary<string, string>(), dataStart, dataLength);
    }

    private static Dictionary<string, string> ParseMetadata(string path, JsonElement value)
    {
        if (value.ValueKind != JsonValueKind.Object)
            throw Fail(path, $"__metadata__ is a JSON {value.ValueKind}; it must be an object of strings");
        var metadata = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (JsonProperty p in value.EnumerateObject())
        {
            if (p.Value.ValueKind != JsonValueKind.String)
                throw Fail(path, $"__metadata__ entry '{p.Name}' is a JSON {p.Value.ValueKind}; every metadata value must be a string");
            if (!metadata.TryAdd(p.Name, p.Value.GetString()!))
                throw Fail(path, $"__metadata__ entry '{p.Name}' is given twice");
        }
        return metadata;
    }

    private static SafeTensorsEntry ParseEntry(string path, string name, JsonElement value, long dataLength)
    {
        if (value.ValueKind != JsonValueKind.Object)
            throw Fail(path, $"the header entry of tensor '{name}' is a JSON {value.ValueKind}; it must be an object with dtype, shape and data_offsets");

        if (!value.TryGetProperty("dtype", out JsonElement dtypeElement) || dtypeElement.ValueKind != JsonValueKind.String)
            throw Fail(path, $"tensor '{name}' has no string \"dtype\"");
        string dtypeName = dtypeElement.GetString()!;
        if (!SafeTensorsDTypes.TryParse(dtypeName, out SafeTensorsDType dtype))
            throw Fail(path, $"tensor '{name}' has the unknown dtype \"{dtypeName}\" (known: {SafeTensorsDTypes.KnownNames})");

        if (!value.TryGetProperty("shape", out JsonElement shapeElement) || shapeElement.ValueKind != JsonValueKind.Array)
            throw Fail(path, $"tensor '{name}' has no \"shape\" array");
        var shape = new int[shapeElement.GetArrayLength()];
        int i = 0;
        foreach (JsonElement d in shapeElement.EnumerateArray())
        {
            if (d.ValueKind != JsonValueKind.Number || !d.TryGetInt64(out long dim) || dim < 0)
                throw Fail(path, $"tensor '{name}' has the shape {shapeElement.GetRawText()}, whose dimensions are not all non-negative integers");
            if (dim > int.MaxValue)
                throw Fail(path, $"tensor '{name}' has the dimension {dim}, larger than this reader supports ({int.MaxValue})");
            shape[i++] = (int)dim;
        }

        if (!value.TryGetProperty("data_offsets", out JsonElement offsets) || offsets.ValueKind != JsonValueKind.Array || offsets.GetArrayLength() != 2
            || !TryGetOffset(offsets[0], out long begin) || !TryGetOffset(offsets[1], out long end) || begin < 0 || end < begin)
            throw Fail(path, $"tensor '{name}' has data_offsets {(value.TryGetProperty("data_offsets", out JsonElement raw) ? raw.GetRawText() : "(missing)")}; they must be [begin, end] with 0 <= begin <= end");
        if (end > dataLength)
            throw Fail(path, $"tensor '{name}' has data_offsets [{begin}, {end}], past the end of the {dataLength}-byte data section (the file is truncated or its header is wrong)");

        long expected;
        try
        {
            expected = SafeTensor.ByteCount(dtype, shape);
        }
        catch (OverflowException)
        {
            throw Fail(path, $"tensor '{name}' has the shape {SafeTensor.FormatShape(shape)}, whose size overflows");
        }
        if (end - begin != expected)
            throw Fail(path, $"tensor '{name}' is {dtypeName} {SafeTensor.FormatShape(shape)}, which takes {expected} bytes, but its data_offsets [{begin}, {end}] span {end - begin} bytes");
        return new SafeTensorsEntry(name, dtype, shape, begin, end);
    }

    private static bool TryGetOffset(JsonElement element, out long value)
    {
        value = 0;
        return element.ValueKind == JsonValueKind.Number && element.TryGetInt64(out value);
    }

    private static int[] ToArray(IReadOnlyList<int> shape)
    {
        var a = new int[shape.Count];
        for (int i = 0; i < a.Length; i++) a[i] = shape[i];
        return a;
    }

    internal static CheckpointException Fail(string path, string problem, Exception? inner = null)
        => new($"Cannot read the safetensors file '{path}': {problem}.", path, inner);
}
