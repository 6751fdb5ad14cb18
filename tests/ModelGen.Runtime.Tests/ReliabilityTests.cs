using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json;
using System.Threading.Tasks;
using ModelGen.Checkpoints;
using ModelGen.Data;
using ModelGen.Numerics;
using ModelGen.Training;
using Xunit;
using Xunit.Abstractions;

namespace ModelGen.Runtime.Tests;

[GruModel(Vocab = 7, Embedding = 5, Hidden = 8, Layers = 2, Dropout = 0.3f)]
public partial class ResumableGru;

[LstmModel(Input = 2, Hidden = 6, Output = 1, Head = Head.LinearLast)]
public partial class Regressor;

/// <summary>Tests that measure the whole process (its heap) run alone, not beside other test classes.</summary>
[CollectionDefinition(nameof(RunsAlone), DisableParallelization = true)]
public sealed class RunsAlone
{
}

/// <summary>Training that survives: exact resume, atomic periodic checkpoints, the divergence guard, flat memory.</summary>
[Collection(nameof(RunsAlone))]
public sealed class ReliabilityTests(ITestOutputHelper output) : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("modelgen-reliability-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private static int[] Stream(int length, int seed)
    {
        var rng = new Rng(seed);
        var pattern = new[] { 0, 1, 2, 3, 4, 5, 6, 3, 2, 1 };
        return Enumerable.Range(0, length).Select(i => rng.NextInt(8) == 0 ? rng.NextInt(7) : pattern[i % pattern.Length]).ToArray();
    }

    private static (ResumableGru Model, Adam<float> Optimizer, Trainer<float> Trainer) NewRun(long steps, TextWriter? log = null)
    {
        var model = new ResumableGru(3);
        var optimizer = new Adam<float>(5e-3);
        var trainer = new Trainer<float>(model, optimizer, new TrainerOptions
        {
            Steps = steps,
            ClipNorm = 1,
            Schedule = new CosineSchedule(5e-3, 60, 1e-4, warmupSteps: 5),
            EvaluateEvery = 7,
            MetricsLog = log,
        });
        return (model, optimizer, trainer);
    }

    [Fact]
    public void Resuming_from_a_checkpoint_is_bit_identical_to_training_straight_through()
    {
        // Dropout (the generator's state), Adam's moments, a schedule, state carried across batches, an epoch boundary.
        var train = new LanguageModelBatches<float>(Stream(1500, 1), 4, 9);
        var valid = new LanguageModelBatches<float>(Stream(300, 2), 2, 9);
        Assert.True(train.BatchesPerEpoch < 60, "the run must cross an epoch boundary");

        var straight = NewRun(60);
        straight.Trainer.Train(train, valid);

        var first = NewRun(27);
        first.Trainer.Train(train, valid);
        string path = Path.Combine(_directory, "resume.safetensors");
        first.Trainer.SaveCheckpoint(path);

        var second = NewRun(33);
        second.Trainer.LoadCheckpoint(path);
        Assert.Equal(27, second.Trainer.Step);
        second.Trainer.Train(train, valid);

        Assert.Equal(straight.Model.Parameters.ToArray(), second.Model.Parameters.ToArray());
        Assert.Equal(straight.Optimizer.StateBuffers[0].Buffer, second.Optimizer.StateBuffers[0].Buffer);
        Assert.Equal(straight.Model.DropoutRng.GetState(), second.Model.DropoutRng.GetState());
        // A training checkpoint also loads as a plain model checkpoint.
        Checkpoint.Load(new ResumableGru(9), path);
    }

    [Fact]
    public void A_model_checkpoint_or_another_optimizer_is_refused_for_resuming()
    {
        var run = NewRun(3);
        string model = Path.Combine(_directory, "model.safetensors");
        Checkpoint.Save(run.Model, model);
        Assert.Contains("not a training checkpoint", Assert.Throws<CheckpointException>(() => run.Trainer.LoadCheckpoint(model)).Message);

        string training = Path.Combine(_directory, "training.safetensors");
        run.Trainer.SaveCheckpoint(training);
        var sgd = new Trainer<float>(new ResumableGru(1), new Sgd<float>(0.1));
        Assert.Contains("trained with Adam", Assert.Throws<CheckpointException>(() => sgd.LoadCheckpoint(training)).Message);
    }

    [Fact]
    public void Periodic_checkpoints_keep_the_newest_and_resume()
    {
        string dir = Path.Combine(_directory, "periodic");
        var model = new ResumableGru(1);
        var trainer = new Trainer<float>(model, new Adam<float>(1e-3), new TrainerOptions { Steps = 23, CheckpointDirectory = dir, CheckpointEvery = 5, KeepCheckpoints = 2 });
        trainer.Train(new LanguageModelBatches<float>(Stream(1500, 1), 4, 9));
        Assert.Equal(new[] { "checkpoint-00000015.safetensors", "checkpoint-00000020.safetensors" },
            Directory.GetFiles(dir).Select(Path.GetFileName).OrderBy(n => n, StringComparer.Ordinal));
        var resumed = new Trainer<float>(new ResumableGru(2), new Adam<float>(1e-3));
        resumed.LoadCheckpoint(Path.Combine(dir, "checkpoint-00000020.safetensors"));
        Assert.Equal(20, resumed.Step);
    }

    [Fact]
    public void A_write_interrupted_at_any_point_leaves_the_previous_checkpoint_loadable()
    {
        var run = NewRun(4);
        run.Trainer.Train(new LanguageModelBatches<float>(Stream(1500, 1), 4, 9));
        string path = Path.Combine(_directory, "checkpoint.safetensors");
        run.Trainer.SaveCheckpoint(path);
        byte[] good = File.ReadAllBytes(path);

        // Interrupt a new write of the same file after k bytes of tensor data, for many k.
        int total = run.Model.Parameters.Length * sizeof(float);
        for (int k = 0; k <= total; k += Math.Max(1, total / 97))
        {
            var writer = new SafeTensorsWriter();
            writer.Metadata["attempt"] = k.ToString(System.Globalization.CultureInfo.InvariantCulture);
            int cut = k;
            writer.Add("weights", SafeTensorsDType.F32, new[] { run.Model.Parameters.Length }, stream =>
            {
                stream.Write(new byte[cut]);
                throw new IOException("simulated crash");
            });
            Assert.ThrowsAny<Exception>(() => writer.Write(path));
            Assert.Equal(good, File.ReadAllBytes(path));
        }
        // A crash that left a temporary file behind does not disturb the checkpoint either.
        File.WriteAllBytes(path + ".tmp-crashed", good.AsSpan(0, good.Length / 2).ToArray());
        var resumed = NewRun(1);
        resumed.Trainer.LoadCheckpoint(path);
        Assert.Equal(4, resumed.Trainer.Step);
        Assert.Equal(new[] { "checkpoint.safetensors", "checkpoint.safetensors.tmp-crashed" }, Directory.GetFiles(_directory).Select(Path.GetFileName).OrderBy(n => n, StringComparer.Ordinal));
    }

    [Fact]
    public void Infinite_and_NaN_losses_never_reach_the_parameters()
    {
        var model = new Regressor(1);
        float[] before = model.Parameters.ToArray();
        var features = new float[4 * 5 * 2];
        var targets = new[] { 1f, float.PositiveInfinity, 0f, 1f };
        var skipped = new List<long>();
        var trainer = new Trainer<float>(model, new Sgd<float>(0.1), new TrainerOptions { Steps = 10, MaxConsecutiveSkips = 4, Progress = new SyncProgress(p => skipped.Add(p.SkippedSteps)) });
        var ex = Assert.Throws<TrainingDivergedException>(() => trainer.Train(new FixedBatch(features, targets)));
        Assert.Contains("4 consecutive steps", ex.Message);
        Assert.Contains("learning rate 0.1", ex.Message);
        Assert.Equal(before, model.Parameters.ToArray());

        // Mixed: good steps train, a bad one in between is skipped and counted.
        targets[1] = float.NaN;
        var flip = new AlternatingBatches(features, new[] { 1f, 0f, 0f, 1f }, targets);
        var counted = new Trainer<float>(model, new Sgd<float>(0.1), new TrainerOptions { Steps = 6, Progress = new SyncProgress(p => skipped.Add(p.SkippedSteps)) });
        var result = counted.Train(flip);
        Assert.Equal(6, result.Steps);
        Assert.Equal(5, result.SkippedSteps); // the bad batches between the six good ones
        Assert.All(model.Parameters.ToArray(), v => Assert.True(float.IsFinite(v)));
    }

    [Fact]
    public void Metrics_are_logged_as_json_lines()
    {
        var log = new StringWriter();
        var run = NewRun(10, log);
        run.Trainer.Train(new LanguageModelBatches<float>(Stream(1500, 1), 4, 9), new LanguageModelBatches<float>(Stream(300, 2), 2, 9));
        string[] lines = log.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(10, lines.Length);
        foreach (string line in lines)
        {
            using var json = JsonDocument.Parse(line);
            foreach (string key in new[] { "step", "loss", "lr", "grad_norm", "tokens_per_s" })
                Assert.True(json.RootElement.TryGetProperty(key, out _), key);
        }
        Assert.Contains("\"valid_loss\"", lines[6]);
    }

    [Fact]
    public void Inference_from_several_threads_matches_sequential_inference()
    {
        var model = new ResumableGru(4);
        int[][] sequences = Enumerable.Range(0, 8).Select(s => Stream(200, 10 + s)).ToArray();
        float[] Run(int[] tokens)
        {
            var state = new float[ResumableGru.StateSize];
            var logits = new float[ResumableGru.Output];
            var all = new List<float>();
            foreach (int t in tokens)
            {
                model.Step(t, state, logits);
                all.AddRange(logits);
            }
            return all.ToArray();
        }
        float[][] sequential = sequences.Select(Run).ToArray();
        var parallel = new float[sequences.Length][];
        Parallel.For(0, sequences.Length, new ParallelOptions { MaxDegreeOfParallelism = 4 }, i => parallel[i] = Run(sequences[i]));
        for (int i = 0; i < sequences.Length; i++) Assert.Equal(sequential[i], parallel[i]);
    }

    [Fact]
    public void Ten_thousand_training_steps_keep_memory_flat()
    {
        var model = new Regressor(2);
        var rng = new Rng(1);
        var features = Enumerable.Range(0, 8 * 6 * 2).Select(_ => (float)rng.NextUniform(-1, 1)).ToArray();
        var targets = Enumerable.Range(0, 8).Select(_ => (float)rng.NextUniform(-1, 1)).ToArray();
        var trainer = new Trainer<float>(model, new Adam<float>(1e-3), new TrainerOptions { Steps = 100 });
        var data = new FixedBatch(features, targets);
        trainer.Train(data); // warm-up
        long managedBefore = GC.GetTotalMemory(forceFullCollection: true);
        long workingSetBefore = Environment.WorkingSet;
        long allocatedBefore = GC.GetAllocatedBytesForCurrentThread();
        var long10k = new Trainer<float>(model, new Adam<float>(1e-3), new TrainerOptions { Steps = 10_000 });
        long10k.Train(data);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - allocatedBefore;
        long managedAfter = GC.GetTotalMemory(forceFullCollection: true);
        output.WriteLine($"10,000 steps: working set {workingSetBefore / 1e6:F1} MB → {Environment.WorkingSet / 1e6:F1} MB; managed heap {managedBefore / 1e3:F0} kB → {managedAfter / 1e3:F0} kB; {allocated / 1e3:F0} kB allocated in all");
        // The per-step loss history (8 bytes a step) is the only thing that grows.
        Assert.True(allocated < 1_000_000, $"{allocated} bytes allocated over 10,000 steps");
        Assert.True(managedAfter - managedBefore < 1_000_000, $"the managed heap grew by {managedAfter - managedBefore} bytes");
    }

    [Fact]
    public void Ten_thousand_corrupted_checkpoints_give_clear_errors_only()
    {
        var model = new ResumableGru(1);
        string path = Path.Combine(_directory, "valid.safetensors");
        Checkpoint.Save(model, path);
        byte[] valid = File.ReadAllBytes(path);
        string mutated = Path.Combine(_directory, "mutated.safetensors");
        int seed = int.TryParse(Environment.GetEnvironmentVariable("MODELGEN_FUZZ_SEED"), out int s) ? s : 77;
        var rng = new Rng(seed);
        int loaded = 0, refused = 0;
        for (int i = 0; i < 10_000; i++)
        {
            byte[] bytes = Mutate(valid, rng);
            File.WriteAllBytes(mutated, bytes);
            var target = new ResumableGru(5);
            float[] before = target.Parameters.ToArray();
            try
            {
                Checkpoint.Load(target, mutated);
                loaded++;
            }
            catch (CheckpointException e)
            {
                refused++;
                Assert.Contains("mutated.safetensors", e.Message);
                Assert.Equal(before, target.Parameters.ToArray());
            }
        }
        output.WriteLine($"seed {seed}: {loaded} mutated files loaded (data bytes changed), {refused} refused with a CheckpointException");
        Assert.True(refused > 5000);
    }

    private static byte[] Mutate(byte[] valid, Rng rng)
    {
        var bytes = new List<byte>(valid);
        int headerEnd = 8 + (int)BitConverter.ToUInt64(valid, 0);
        switch (rng.NextInt(7))
        {
            case 0: bytes.RemoveAt(rng.NextInt(bytes.Count)); break; // a byte lost
            case 1: return valid[..rng.NextInt(valid.Length)]; // truncated
            case 2: // flip bytes in the header
                for (int k = 0; k < 1 + rng.NextInt(4); k++) { int at = rng.NextInt(headerEnd); bytes[at] ^= (byte)(1 << rng.NextInt(8)); }
                break;
            case 3: // a header length that claims too much, or a huge one
                var claim = BitConverter.GetBytes(rng.NextInt(2) == 0 ? (ulong)valid.Length * 2 : ulong.MaxValue - (ulong)rng.NextInt(1000));
                for (int k = 0; k < 8; k++) bytes[k] = claim[k];
                break;
            case 4: // rewrite a header token: dtypes, shapes, offsets, names
            {
                string header = System.Text.Encoding.UTF8.GetString(valid, 8, headerEnd - 8);
                string[] from = { "F32", "\"shape\":[", "data_offsets\":[", "rnn.", "embedding", "head.bias", "]", "," };
                string[] to = { "F64", "\"shape\":[2,", "data_offsets\":[1", "rnn.x", "rnn.weight_ih_l0", "head.weight", "]]", ",," };
                int which = rng.NextInt(from.Length);
                int at = header.IndexOf(from[which], rng.NextInt(Math.Max(1, header.Length / 2)), StringComparison.Ordinal);
                if (at < 0) at = header.IndexOf(from[which], StringComparison.Ordinal);
                if (at >= 0) header = header[..at] + to[which] + header[(at + from[which].Length)..];
                byte[] h = System.Text.Encoding.UTF8.GetBytes(header);
                return BitConverter.GetBytes((ulong)h.Length).Concat(h).Concat(valid[headerEnd..]).ToArray();
            }
            case 5: bytes.InsertRange(rng.NextInt(bytes.Count), Enumerable.Repeat((byte)rng.NextInt(256), 1 + rng.NextInt(9))); break;
            default: // flip bytes anywhere (data flips load: safetensors has no checksum)
                for (int k = 0; k < 1 + rng.NextInt(4); k++) { int at = rng.NextInt(bytes.Count); bytes[at] ^= (byte)(1 << rng.NextInt(8)); }
                break;
        }
        return bytes.ToArray();
    }

    private sealed class SyncProgress(Action<TrainingProgress> report) : IProgress<TrainingProgress>
    {
        public void Report(TrainingProgress value) => report(value);
    }

    /// <summary>The same feature batch every step: 4 sequences of 5 steps for the Regressor.</summary>
    private sealed class FixedBatch(float[] features, float[] targets) : IBatchSource<float>
    {
        public int BatchesPerEpoch => 1;
        public bool ContinuesState => false;
        public int CountOf(int index) => targets.Length;
        public SequenceBatch<float> GetBatch(int index)
            => SequenceBatch<float>.FromFeatures(features, targets.Length, features.Length / targets.Length / 2, targets);
    }

    /// <summary>Alternates a good batch and one whose targets are not finite.</summary>
    private sealed class AlternatingBatches(float[] features, float[] good, float[] bad) : IBatchSource<float>
    {
        public int BatchesPerEpoch => 2;
        public bool ContinuesState => false;
        public int CountOf(int index) => good.Length;
        public SequenceBatch<float> GetBatch(int index)
            => SequenceBatch<float>.FromFeatures(features, good.Length, features.Length / good.Length / 2, index == 0 ? good : bad);
    }
}
