using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using ModelGen.Checkpoints;
using Xunit;

namespace ModelGen.Runtime.Tests;

public sealed class CheckpointTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("modelgen-ckpt-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string PathOf(string name) => Path.Combine(_dir, name);

    [Fact]
    public void SaveLoad_RoundTripsFloatModel()
    {
        var model = new FakeModel<float>();
        model.ResetParameters(1);
        string path = PathOf("model.safetensors");
        Checkpoint.Save(model, path, new Dictionary<string, string> { ["step"] = "100" });

        var loaded = new FakeModel<float>();
        IReadOnlyDictionary<string, string> metadata = Checkpoint.Load(loaded, path);
        Assert.Equal(model.Parameters.ToArray(), loaded.Parameters.ToArray());
        Assert.Equal("100", metadata["step"]);
        Assert.Equal("FakeGru", metadata[Checkpoint.ModelKey]);
        Assert.Equal(model.Info.Architecture, metadata[Checkpoint.ArchitectureKey]);
        Assert.Equal(model.Info.ParameterCount.ToString(System.Globalization.CultureInfo.InvariantCulture), metadata[Checkpoint.ParametersKey]);
        Assert.Equal(metadata, Checkpoint.ReadMetadata(path));
    }

    [Fact]
    public void Save_WritesPyTorchNamesShapesAndDtype()
    {
        var model = new FakeModel<double>();
        model.ResetParameters(2);
        string path = PathOf("double.safetensors");
        Checkpoint.Save(model, path);
        var file = SafeTensorsFile.Read(path);
        Assert.Equal(new[] { "encoder.weight", "decoder.weight", "decoder.bias" }, file.Tensors.Select(t => t.Name));
        Assert.All(file.Tensors, t => Assert.Equal(SafeTensorsDType.F64, t.DType));
        Assert.Equal(new[] { 5, 3 }, file.Find("decoder.weight")!.Shape);
        Assert.Equal(model.Tensor("decoder.weight").ToArray(), file.Find("decoder.weight")!.ToArray<double>());

        var loaded = new FakeModel<double>();
        Checkpoint.Load(loaded, path);
        Assert.Equal(model.Parameters.ToArray(), loaded.Parameters.ToArray());
    }

    [Fact]
    public void ArchitectureMismatch_NamesBoth_AndLeavesModelUnchanged()
    {
        var small = new FakeModel<float>(hidden: 3, name: "CharGru");
        small.ResetParameters(3);
        string path = PathOf("checkpoint.safetensors");
        Checkpoint.Save(small, path);

        var big = new FakeModel<float>(hidden: 4, name: "CharLstm");
        big.ResetParameters(4);
        float[] before = big.Parameters.ToArray();
        var ex = Assert.Throws<CheckpointException>(() => Checkpoint.Load(big, path));
        Assert.Contains(small.Info.Architecture, ex.Message, StringComparison.Ordinal);
        Assert.Contains(big.Info.Architecture, ex.Message, StringComparison.Ordinal);
        Assert.Contains("CharGru", ex.Message, StringComparison.Ordinal);
        Assert.Contains("CharLstm", ex.Message, StringComparison.Ordinal);
        Assert.Contains("load it into a model of that architecture", ex.Message, StringComparison.Ordinal);
        Assert.Equal(before, big.Parameters.ToArray());

        // A float checkpoint into a double model differs in architecture too.
        Assert.Throws<CheckpointException>(() => Checkpoint.Load(new FakeModel<double>(), path));
    }

    [Fact]
    public void WithoutArchitectureMetadata_TensorsAreChecked()
    {
        var model = new FakeModel<float>();
        // A PyTorch-style file: right names, one wrong shape, one missing, one extra, no metadata.
        string path = PathOf("torch.safetensors");
        SafeTensorsWriter.Write(path,
        [
            SafeTensor.Create<float>("encoder.weight", [5, 2], new float[10]),
            SafeTensor.Create<float>("decoder.weight", [3, 5], new float[15]),
            SafeTensor.Create<float>("rnn.weight_ih_l0", [1], new float[1]),
        ]);
        model.ResetParameters(5);
        float[] before = model.Parameters.ToArray();
        var ex = Assert.Throws<CheckpointException>(() => Checkpoint.Load(model, path));
        Assert.Contains("tensor 'decoder.weight' has shape [3, 5] in the file, but FakeGru expects [5, 3]", ex.Message, StringComparison.Ordinal);
        Assert.Contains("tensor 'decoder.bias' [5] is missing", ex.Message, StringComparison.Ordinal);
        Assert.Contains("tensor 'rnn.weight_ih_l0' is not a tensor of FakeGru", ex.Message, StringComparison.Ordinal);
        Assert.Equal(before, model.Parameters.ToArray());

        // With every tensor right, a file without metadata loads.
        SafeTensorsWriter.Write(path,
        [
            SafeTensor.Create<float>("encoder.weight", [5, 2], Enumerable.Repeat(1f, 10).ToArray()),
            SafeTensor.Create<float>("decoder.weight", [5, 3], Enumerable.Repeat(2f, 15).ToArray()),
            SafeTensor.Create<float>("decoder.bias", [5], Enumerable.Repeat(3f, 5).ToArray()),
        ]);
        Checkpoint.Load(model, path);
        Assert.Equal(3f, model.Tensor("decoder.bias")[4]);
    }

    [Fact]
    public void WrongDtype_IsReported()
    {
        string path = PathOf("f64.safetensors");
        SafeTensorsWriter.Write(path,
        [
            SafeTensor.Create<double>("encoder.weight", [5, 2], new double[10]),
            SafeTensor.Create<float>("decoder.weight", [5, 3], new float[15]),
            SafeTensor.Create<float>("decoder.bias", [5], new float[5]),
        ]);
        var ex = Assert.Throws<CheckpointException>(() => Checkpoint.Load(new FakeModel<float>(), path));
        Assert.Contains("tensor 'encoder.weight' is F64 in the file, but FakeGru is a Single model (F32)", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void FailedSave_LeavesOldCheckpointIntact()
    {
        var model = new FakeModel<float>();
        model.ResetParameters(6);
        string path = PathOf("keep.safetensors");
        Checkpoint.Save(model, path);
        byte[] original = File.ReadAllBytes(path);

        // The second read of Parameters (the second tensor's data) throws, halfway through the file.
        var failing = new FakeModel<float>();
        failing.ResetParameters(7);
        failing.ParameterReadsBeforeFailure = 2;
        Assert.Throws<InvalidOperationException>(() => Checkpoint.Save(failing, path));
        Assert.Equal(original, File.ReadAllBytes(path));
        Assert.Equal(new[] { path }, Directory.GetFiles(_dir));
    }

    [Fact]
    public void ReservedMetadataKey_IsRejected()
    {
        var ex = Assert.Throws<ArgumentException>(() => Checkpoint.Save(new FakeModel<float>(), PathOf("x.safetensors"),
            new Dictionary<string, string> { [Checkpoint.ArchitectureKey] = "mine" }));
        Assert.Contains("reserved", ex.Message, StringComparison.Ordinal);
        Assert.False(File.Exists(PathOf("x.safetensors")));
    }

    [Fact]
    public void CorruptCheckpoint_LeavesModelUnchanged()
    {
        var model = new FakeModel<float>();
        model.ResetParameters(8);
        string path = PathOf("corrupt.safetensors");
        Checkpoint.Save(model, path);
        byte[] bytes = File.ReadAllBytes(path);
        File.WriteAllBytes(path, bytes[..^4]); // truncated

        var target = new FakeModel<float>();
        target.ResetParameters(9);
        float[] before = target.Parameters.ToArray();
        var ex = Assert.Throws<CheckpointException>(() => Checkpoint.Load(target, path));
        Assert.Contains(path, ex.Message, StringComparison.Ordinal);
        Assert.Equal(before, target.Parameters.ToArray());
    }
}
