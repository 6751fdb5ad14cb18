using System;
using System.Buffers;
using System.Buffers.Binary;
using System.Collections.Generic;
using System.IO;
using System.Security.Cryptography;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace ModelGen.Checkpoints;

/// <summary>
/// Writes a safetensors file atomically: tensors and metadata are added, then <see cref="Write(string)"/> writes them to a temporary
/// file next to the destination, flushes it to disk and renames it over the destination. If anything fails, the temporary
/// file is deleted and an existing file at the destination is left as it was.
/// </summary>
/// <remarks>
/// The header lists <c>__metadata__</c> first (keys in ordinal order, omitted when empty), then the tensors in the order they
/// were added, which is also the order of their data; it is padded with spaces to a multiple of 8 bytes, as the reference
/// implementation does.
/// </remarks>
public sealed class SafeTensorsWriter
{
    private readonly List<Pending> _tensors = [];
    private readonly HashSet<string> _names = new(StringComparer.Ordinal);

    private sealed record Pending(string Name, SafeTensorsDType DType, int[] Shape, long ByteCount, Action<Stream> WriteData);

    /// <summary>The <c>__metadata__</c> string map of the file.</summary>
    public IDictionary<string, string> Metadata { get; } = new Dictionary<string, string>(StringComparer.Ordinal);

    /// <summary>Number of tensors added so far.</summary>
    public int Count => _tensors.Count;

    /// <summary>Adds a tensor (its bytes are written as they are when <see cref="Write(string)"/> runs).</summary>
    /// <exception cref="ArgumentException">A tensor of that name was already added, or the name is reserved.</exception>
    public void Add(SafeTensor tensor)
    {
        ArgumentNullException.ThrowIfNull(tensor);
        int[] shape = [.. tensor.Shape];
        Add(tensor.Name, tensor.DType, shape, stream => stream.Write(tensor.Data));
    }

    /// <summary>
    /// Adds a tensor whose bytes <paramref name="writeData"/> writes into the file's stream when <see cref="Write(string)"/> runs, so
    /// large tensors need no copy. The callback must write exactly the dtype's size times the product of the shape.
    /// </summary>
    /// <exception cref="ArgumentException">A tensor of that name was already added, the name is reserved, or the shape is invalid.</exception>
    public void Add(string name, SafeTensorsDType dtype, ReadOnlySpan<int> shape, Action<Stream> writeData)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(writeData);
        if (name == SafeTensorsFile.MetadataKey)
            throw new ArgumentException($"'{SafeTensorsFile.MetadataKey}' is reserved for the metadata map; name the tensor otherwise.", nameof(name));
        if (!_names.Add(name))
            throw new ArgumentException($"A tensor named '{name}' was already added; tensor names must be unique.", nameof(name));
        long bytes = SafeTensor.ByteCount(dtype, shape);
        _tensors.Add(new Pending(name, dtype, shape.ToArray(), bytes, writeData));
    }

    /// <summary>
    /// Writes the file to <paramref name="path"/> atomically: to <c>path.tmp-&lt;random&gt;</c> first, flushed to disk, then
    /// moved over <paramref name="path"/>. On failure the temporary file is deleted and any existing file is untouched.
    /// </summary>
    public void Write(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        byte[] header = BuildHeader();
        string temporary = path + ".tmp-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(6));
        try
        {
            using (var stream = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None, bufferSize: 1 << 16))
            {
                Span<byte> prefix = stackalloc byte[8];
                BinaryPrimitives.WriteUInt64LittleEndian(prefix, (ulong)header.Length);
                stream.Write(prefix);
                stream.Write(header);
                foreach (Pending t in _tensors)
                {
                    long start = stream.Position;
                    t.WriteData(stream);
                    long written = stream.Position - start;
                    if (written != t.ByteCount)
                        throw new InvalidOperationException(
                            $"The data of tensor '{t.Name}' ({SafeTensorsDTypes.ToName(t.DType)} {SafeTensor.FormatShape(t.Shape)}) should take {t.ByteCount} bytes, but {written} were written.");
                }
                stream.Flush(flushToDisk: true);
            }
            File.Move(temporary, path, overwrite: true);
        }
        catch
        {
            TryDelete(temporary);
            throw;
        }
    }

    /// <summary>Writes <paramref name="tensors"/> and <paramref name="metadata"/> to <paramref name="path"/> atomically (see <see cref="Write(string)"/>).</summary>
    public static void Write(string path, IEnumerable<SafeTensor> tensors, IReadOnlyDictionary<string, string>? metadata = null)
    {
        ArgumentNullException.ThrowIfNull(tensors);
        var writer = new SafeTensorsWriter();
        foreach (SafeTensor t in tensors) writer.Add(t);
        if (metadata is not null)
            foreach (var (key, value) in metadata) writer.Metadata[key] = value;
        writer.Write(path);
    }

    private byte[] BuildHeader()
    {
        var buffer = new ArrayBufferWriter<byte>();
        var options = new JsonWriterOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping, Indented = false };
        using (var json = new Utf8JsonWriter(buffer, options))
        {
            json.WriteStartObject();
            if (Metadata.Count > 0)
            {
                var keys = new List<string>(Metadata.Keys);
                keys.Sort(StringComparer.Ordinal);
                json.WriteStartObject(SafeTensorsFile.MetadataKey);
                foreach (string key in keys) json.WriteString(key, Metadata[key]);
                json.WriteEndObject();
            }
            long offset = 0;
            foreach (Pending t in _tensors)
            {
                json.WriteStartObject(t.Name);
                json.WriteString("dtype", SafeTensorsDTypes.ToName(t.DType));
                json.WriteStartArray("shape");
                foreach (int d in t.Shape) json.WriteNumberValue(d);
                json.WriteEndArray();
                json.WriteStartArray("data_offsets");
                json.WriteNumberValue(offset);
                json.WriteNumberValue(offset + t.ByteCount);
                json.WriteEndArray();
                json.WriteEndObject();
                offset += t.ByteCount;
            }
            json.WriteEndObject();
        }
        int padding = (8 - buffer.WrittenCount % 8) % 8;
        buffer.GetSpan(padding)[..padding].Fill((byte)' ');
        buffer.Advance(padding);
        return buffer.WrittenSpan.ToArray();
    }

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (IOException)
        {
            // Best effort: the original error matters more than a leftover temporary file.
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
