using System;
using System.Buffers.Binary;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using ModelGen.Checkpoints;
using Xunit;

namespace ModelGen.Runtime.Tests;

public sealed class SafeTensorsTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("modelgen-st-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string PathOf(string name) => Path.Combine(_dir, name);

    /// <summary>Writes 8-byte length + header + data, with an optional lie about the header length.</summary>
    private string WriteRaw(string header, byte[] data, ulong? claimedLength = null, string name = "bad.safetensors")
    {
        byte[] json = Encoding.UTF8.GetBytes(header);
        var bytes = new byte[8 + json.Length + data.Length];
        BinaryPrimitives.WriteUInt64LittleEndian(bytes, claimedLength ?? (ulong)json.Length);
        json.CopyTo(bytes, 8);
        data.CopyTo(bytes, 8 + json.Length);
        string path = PathOf(name);
        File.WriteAllBytes(path, bytes);
        return path;
    }

    [Fact]
    public void RoundTrip_PreservesTensorsAndMetadata()
    {
        string path = PathOf("rt.safetensors");
        var weights = new float[] { 1.5f, -2, 3.25f, float.Epsilon, float.MaxValue, -0f };
        var biases = new double[] { Math.PI, -Math.E };
        SafeTensorsWriter.Write(path,
            [SafeTensor.Create<float>("w", [2, 3], weights), SafeTensor.Create<double>("b", [2], biases), SafeTensor.Create<long>("step", [], [42L])],
            new Dictionary<string, string> { ["note"] = "<unk> \"quoted\" ünïcödé\n", ["z"] = "" });

        var file = SafeTensorsFile.Read(path);
        Assert.Equal(new[] { "w", "b", "step" }, file.Tensors.Select(t => t.Name));
        Assert.Equal(weights, file.Find("w")!.ToArray<float>());
        Assert.Equal(new[] { 2, 3 }, file.Find("w")!.Shape);
        Assert.Equal(biases, file.Find("b")!.ToArray<double>());
        Assert.Equal(SafeTensorsDType.I64, file.Find("step")!.DType);
        Assert.Empty(file.Find("step")!.Shape);
        Assert.Equal("<unk> \"quoted\" ünïcödé\n", file.Metadata["note"]);
        Assert.Equal("", file.Metadata["z"]);
        Assert.Equal(0, (new FileInfo(path).Length - 8 - file.Tensors.Sum(t => t.Data.Length)) % 8);
        Assert.Empty(Directory.GetFiles(_dir, "*.tmp-*"));
    }

    [Fact]
    public void Writer_MatchesFormatSpec_ByteForByte()
    {
        string path = PathOf("exact.safetensors");
        SafeTensorsWriter.Write(path, [SafeTensor.Create<float>("a", [2], [1f, 2f])], new Dictionary<string, string> { ["k"] = "v" });

        // 79 bytes of JSON + 1 space of padding = 80 = 0x50.
        byte[] expected =
        [
            0x50, 0, 0, 0, 0, 0, 0, 0,
            .. Encoding.ASCII.GetBytes("{\"__metadata__\":{\"k\":\"v\"},\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]}} "),
            0x00, 0x00, 0x80, 0x3F, // 1.0f
            0x00, 0x00, 0x00, 0x40, // 2.0f
        ];
        Assert.Equal(expected, File.ReadAllBytes(path));
    }

    [Fact]
    public void Reader_AcceptsFileAsPythonWritesIt()
    {
        // Key order and spacing as another writer may produce them, no metadata, header padded with spaces.
        byte[] data = new byte[16 + 4];
        BinaryPrimitives.WriteDoubleLittleEndian(data, 0.5);
        BinaryPrimitives.WriteDoubleLittleEndian(data.AsSpan(8), -1);
        BinaryPrimitives.WriteInt32LittleEndian(data.AsSpan(16), 7);
        string path = WriteRaw("{\"y\": {\"data_offsets\": [16, 20], \"dtype\": \"I32\", \"shape\": [1, 1]}, \"x\": {\"dtype\":\"F64\",\"shape\":[2],\"data_offsets\":[0,16]}}    ", data);
        var file = SafeTensorsFile.Read(path);
        Assert.Equal(new[] { "x", "y" }, file.Tensors.Select(t => t.Name));
        Assert.Equal(new[] { 0.5, -1 }, file.Find("x")!.ToArray<double>());
        Assert.Equal(new[] { 7 }, file.Find("y")!.ToArray<int>());
        Assert.Empty(file.Metadata);
        Assert.Throws<InvalidOperationException>(() => file.Find("x")!.ToArray<float>());
    }

    public static TheoryData<string, string, int, ulong?, string> Corruptions => new()
    {
        { "too short", "", 0, null, "too few for the 8-byte header length" },
        { "length beyond file", "{}", 0, 1000, "only 2 bytes follow" },
        { "length beyond 100 MB", "{}", 0, 200_000_000, "100000000-byte limit" },
        { "not an object", "[1, 2]  ", 0, null, "does not start with '{'" },
        { "malformed JSON", "{\"a\": {\"dtype\": \"F32\",", 0, null, "not valid JSON" },
        { "unknown dtype", "{\"a\":{\"dtype\":\"F128\",\"shape\":[1],\"data_offsets\":[0,16]}}", 16, null, "unknown dtype \"F128\"" },
        { "offsets out of range", "{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]}}", 4, null, "past the end of the 4-byte data section" },
        { "offsets disagree with shape", "{\"a\":{\"dtype\":\"F32\",\"shape\":[3],\"data_offsets\":[0,8]}}", 8, null, "takes 12 bytes" },
        { "reversed offsets", "{\"a\":{\"dtype\":\"F32\",\"shape\":[0],\"data_offsets\":[8,0]}}", 8, null, "0 <= begin <= end" },
        { "overlap", "{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]},\"b\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[4,12]}}", 12, null, "overlaps" },
        { "hole", "{\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[4,8]}}", 8, null, "hole of 4 bytes" },
        { "trailing bytes", "{\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]}}", 8, null, "trailing bytes" },
        { "duplicate name", "{\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]},\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[4,8]}}", 8, null, "declared twice" },
        { "negative dimension", "{\"a\":{\"dtype\":\"F32\",\"shape\":[-1],\"data_offsets\":[0,4]}}", 4, null, "non-negative integers" },
        { "overflowing shape", "{\"a\":{\"dtype\":\"F64\",\"shape\":[2147483647,2147483647,2147483647],\"data_offsets\":[0,4]}}", 4, null, "overflows" },
        { "string offsets", "{\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[\"0\",4]}}", 4, null, "data_offsets" },
        { "metadata not strings", "{\"__metadata__\":{\"n\":1}}", 0, null, "must be a string" },
        { "missing dtype", "{\"a\":{\"shape\":[1],\"data_offsets\":[0,4]}}", 4, null, "no string \"dtype\"" },
    };

    [Theory]
    [MemberData(nameof(Corruptions))]
    public void Corruption_GivesCheckpointExceptionNamingFileAndProblem(string name, string header, int dataBytes, ulong? claimed, string expected)
    {
        string path = name == "too short" ? PathOf("short.safetensors") : WriteRaw(header, new byte[dataBytes], claimed);
        if (name == "too short") File.WriteAllBytes(path, [1, 2, 3]);
        var ex = Assert.Throws<CheckpointException>(() => SafeTensorsFile.Read(path));
        Assert.Contains(path, ex.Message, StringComparison.Ordinal);
        Assert.Contains(expected, ex.Message, StringComparison.Ordinal);
        Assert.Equal(path, ex.Path);
        Assert.Throws<CheckpointException>(() => SafeTensorsFile.ReadHeader(path));
    }

    [Fact]
    public void HugeClaimedHeader_IsRefusedWithoutAllocating()
    {
        string path = WriteRaw("{}", [], ulong.MaxValue);
        long before = GC.GetAllocatedBytesForCurrentThread();
        var ex = Assert.Throws<CheckpointException>(() => SafeTensorsFile.ReadHeader(path));
        Assert.True(GC.GetAllocatedBytesForCurrentThread() - before < 1_000_000);
        Assert.Contains("limit", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void FailedWrite_LeavesExistingFileIntact_AndNoTemporaryFile()
    {
        string path = PathOf("keep.safetensors");
        SafeTensorsWriter.Write(path, [SafeTensor.Create<float>("a", [2], [1f, 2f])]);
        byte[] original = File.ReadAllBytes(path);

        var writer = new SafeTensorsWriter();
        writer.Add("a", SafeTensorsDType.F32, [1024], stream =>
        {
            stream.Write(new byte[2048]);
            throw new IOException("Simulated disk failure halfway through.");
        });
        Assert.Throws<IOException>(() => writer.Write(path));
        Assert.Equal(original, File.ReadAllBytes(path));
        Assert.Single(Directory.GetFiles(_dir));

        var shortWriter = new SafeTensorsWriter();
        shortWriter.Add("a", SafeTensorsDType.F32, [4], stream => stream.Write(new byte[8]));
        var ex = Assert.Throws<InvalidOperationException>(() => shortWriter.Write(path));
        Assert.Contains("should take 16 bytes, but 8 were written", ex.Message, StringComparison.Ordinal);
        Assert.Equal(original, File.ReadAllBytes(path));
        Assert.Single(Directory.GetFiles(_dir));
    }

    [Fact]
    public void Writer_RejectsDuplicateAndReservedNames()
    {
        var writer = new SafeTensorsWriter();
        writer.Add(SafeTensor.Create<float>("a", [1], [1f]));
        Assert.Throws<ArgumentException>(() => writer.Add(SafeTensor.Create<float>("a", [1], [1f])));
        Assert.Throws<ArgumentException>(() => writer.Add(SafeTensor.Create<float>("__metadata__", [1], [1f])));
    }
}
