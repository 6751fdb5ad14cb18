using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Runtime.CompilerServices;
using ModelGen;
using ModelGen.Data;
using ModelGen.Gpu;
using ModelGen.Numerics;
using ModelGen.Training;

[assembly: InternalsVisibleTo("ModelGen.Samples.Tests")]

namespace GpuTrain;

/// <summary>
/// GpuTrain: the GPU variant of generated models, trained by the same <see cref="Trainer{T}"/> as the CPU models, and
/// (with --bench) measured against them. See <see cref="Options.Usage"/>.
/// </summary>
public static class App
{
    /// <summary>Runs the program with <paramref name="args"/>, writing to <paramref name="output"/>; returns the exit code.</summary>
    public static int Run(string[] args, TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(output);
        Options o;
        try
        {
            o = Options.Parse(args);
        }
        catch (OptionsException e)
        {
            output.WriteLine("error: " + e.Message);
            output.WriteLine("Run with --help to see the options.");
            return 2;
        }
        if (o.Help)
        {
            output.WriteLine(Options.Usage);
            return 0;
        }

        GpuDevice device;
        try
        {
            device = GpuDevice.Create(o.Device switch { "cuda" => GpuDeviceKind.Cuda, "cpu" => GpuDeviceKind.Cpu, _ => GpuDeviceKind.Best });
        }
        catch (InvalidOperationException e)
        {
            output.WriteLine("error: " + e.Message);
            return 1;
        }
        using (device)
        {
            output.WriteLine($"Device: {device}; matrix products: {device.Kernels.ProductEngine}.");
            string config = o.Config ?? (device.IsCuda ? "char-lm" : "tiny");
            if (o.Config is null && !device.IsCuda)
                output.WriteLine("No CUDA GPU: using the tiny configuration on ILGPU's CPU accelerator (--config to choose).");
            try
            {
                return o.Bench ? Bench(o, device, o.Config is null && device.IsCuda ? new[] { "char-lm", "large" } : new[] { config }, output)
                               : Train(o, device, config, output);
            }
            catch (DataFileException e)
            {
                output.WriteLine("error: " + e.Message);
                return 1;
            }
            catch (TrainingDivergedException e)
            {
                output.WriteLine("error: " + e.Message);
                return 1;
            }
        }
    }

    /// <summary>One configuration of one cell: its CPU model, its GPU variant and the batch shape it trains with.</summary>
    internal sealed record Setup(string Config, string Cell, Func<int, IRecurrentModel<float>> Cpu, Func<GpuDevice, int, IRecurrentModel<float>> Gpu, int Batch, int Steps);

    internal static Setup For(string config, string cell) => (config, cell) switch
    {
        ("char-lm", "lstm") => new(config, cell, s => new CharLmLstm(s), (d, s) => new CharLmLstm.Gpu(d, s), 32, 64),
        ("char-lm", "gru") => new(config, cell, s => new CharLmGru(s), (d, s) => new CharLmGru.Gpu(d, s), 32, 64),
        ("char-lm", "rnn") => new(config, cell, s => new CharLmRnn(s), (d, s) => new CharLmRnn.Gpu(d, s), 32, 64),
        ("large", "lstm") => new(config, cell, s => new LargeLstm(s), (d, s) => new LargeLstm.Gpu(d, s), 64, 64),
        ("large", "gru") => new(config, cell, s => new LargeGru(s), (d, s) => new LargeGru.Gpu(d, s), 64, 64),
        ("large", "rnn") => new(config, cell, s => new LargeRnn(s), (d, s) => new LargeRnn.Gpu(d, s), 64, 64),
        ("tiny", "lstm") => new(config, cell, s => new TinyLstm(s), (d, s) => new TinyLstm.Gpu(d, s), 8, 16),
        ("tiny", "gru") => new(config, cell, s => new TinyGru(s), (d, s) => new TinyGru.Gpu(d, s), 8, 16),
        _ => new(config, cell, s => new TinyRnn(s), (d, s) => new TinyRnn.Gpu(d, s), 8, 16),
    };

    /// <summary>Trains the GPU variant on text with the ordinary Trainer (Adam, clipping, validation).</summary>
    private static int Train(Options o, GpuDevice device, string config, TextWriter output)
    {
        Setup setup = For(config, o.Cell);
        var model = setup.Gpu(device, o.Seed);
        try
        {
            ModelInfo info = model.Info;
            output.WriteLine(info.ToString());
            string text = o.Data is null ? CharLm.Corpus.Generate(200_000, o.Seed) : TextFile.ReadUtf8(o.Data);
            (string trainText, string validText) = TextCorpus.Split(text, 0.9);
            var tokenizer = CharTokenizer.Build(trainText, maxVocabularySize: info.Vocab);
            int[] train = tokenizer.Encode(trainText), valid = tokenizer.Encode(validText);
            if (train.Length < setup.Batch * setup.Steps + 1 || valid.Length < setup.Steps + 1)
            {
                output.WriteLine($"error: the text is too short for batches of {setup.Batch} × {setup.Steps} characters; give a longer --data file.");
                return 1;
            }
            output.WriteLine($"Text: {text.Length:N0} characters ({o.Data ?? "generated corpus"}), vocabulary {tokenizer.VocabularySize}; batches of {setup.Batch} × {setup.Steps}.");
            var trainBatches = new LanguageModelBatches<float>(train, setup.Batch, setup.Steps);
            var validBatches = new LanguageModelBatches<float>(valid, Math.Max(1, Math.Min(setup.Batch, (valid.Length - 1) / setup.Steps)), setup.Steps);
            long every = Math.Max(1, o.Steps / 10);
            var trainer = new Trainer<float>(model, new Adam<float>(o.LearningRate), new TrainerOptions
            {
                Steps = o.Steps,
                ClipNorm = 1.0,
                EvaluateEvery = Math.Max(1, o.Steps / 4),
                EvaluationBatches = 20,
                Progress = new Progress(p =>
                {
                    if (p.Step % every == 0 || p.Step == p.TotalSteps || p.Validation is not null)
                        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                            $"step {p.Step,6}/{p.TotalSteps}  loss {p.Loss:F4}  {p.TokensPerSecond,9:N0} tokens/s{(p.Validation is { } v ? $"  valid loss {v.Loss:F4} ({v.Loss / Math.Log(2):F3} bits/char)" : "")}"));
                }),
            });
            TrainingResult result = trainer.Train(trainBatches, validBatches);
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"Trained {result.Steps} steps on {device.Name} in {result.Elapsed.TotalSeconds:F1} s: {result.TokensPerSecond:N0} tokens/s, validation loss {result.Validation[^1].Result.Loss:F4}."));
            return 0;
        }
        finally
        {
            ((IDisposable)model).Dispose();
        }
    }

    /// <summary>Reports every step to a callback, on the training thread.</summary>
    private sealed class Progress(Action<TrainingProgress> report) : IProgress<TrainingProgress>
    {
        public void Report(TrainingProgress value) => report(value);
    }

    /// <summary>
    /// Training tokens/s of the GPU variant and of the CPU model of the same class, one full step as the issue defines it:
    /// embedding, recurrent layers, head, cross-entropy, backward, global-norm clipping, SGD. Medians of timed steps after
    /// warm-up. Each result also goes out as a "RESULT" line for scripts.
    /// </summary>
    private static int Bench(Options o, GpuDevice device, string[] configs, TextWriter output)
    {
        string[] cells = o.Cell == "all" ? new[] { "lstm", "gru", "rnn" } : new[] { o.Cell };
        output.WriteLine($"{"config",-8} {"cell",-5} {"GPU tokens/s",14} {"CPU tokens/s",14} {"GPU/CPU",8}");
        foreach (string config in configs)
        {
            foreach (string cell in cells)
            {
                Setup setup = For(config, cell);
                double gpu;
                StepTimes times;
                var gpuModel = setup.Gpu(device, o.Seed);
                try
                {
                    times = Measure(gpuModel, setup, o.Steps, o.Seed);
                    gpu = times.TokensPerSecond;
                }
                finally
                {
                    ((IDisposable)gpuModel).Dispose();
                }
                double cpu = o.CpuSteps > 0 ? TokensPerSecond(setup.Cpu(o.Seed), setup, o.CpuSteps, o.Seed) : double.NaN;
                output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"{config,-8} {cell,-5} {gpu,14:N0} {(double.IsNaN(cpu) ? "-" : cpu.ToString("N0", CultureInfo.InvariantCulture)),14} {(double.IsNaN(cpu) ? "-" : (gpu / cpu).ToString("F1", CultureInfo.InvariantCulture) + "x"),8}"));
                // Where a GPU step goes: forward and backward include their copies to and from the host.
                output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"         GPU step: forward {times.ForwardMs:F2} ms, backward {times.BackwardMs:F2} ms, clip + SGD on the host {times.OptimizerMs:F2} ms"));
                output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"RESULT modelgen-gpu {config} {cell} {gpu:F0}"));
                if (!double.IsNaN(cpu)) output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"RESULT modelgen-cpu {config} {cell} {cpu:F0}"));
            }
        }
        return 0;
    }

    /// <summary>The median tokens/s of <paramref name="timed"/> training steps on random tokens, after a warm-up.</summary>
    internal static double TokensPerSecond(IRecurrentModel<float> model, Setup setup, int timed, int seed)
        => Measure(model, setup, timed, seed).TokensPerSecond;

    /// <summary>What one step's parts took (medians, ms): forward, backward, and the host's clipping and SGD.</summary>
    internal readonly record struct StepTimes(double TokensPerSecond, double ForwardMs, double BackwardMs, double OptimizerMs);

    /// <summary>Times <paramref name="timed"/> training steps after a warm-up, whole and by part.</summary>
    internal static StepTimes Measure(IRecurrentModel<float> model, Setup setup, int timed, int seed)
    {
        var rng = new Rng(seed);
        int rows = setup.Batch * setup.Steps;
        var tokens = new int[rows];
        var labels = new int[rows];
        for (int k = 0; k < rows; k++) tokens[k] = rng.NextInt(model.Info.Vocab);
        for (int k = 0; k < rows; k++) labels[k] = rng.NextInt(model.Info.Output);
        var sgd = new Sgd<float>(0.01);
        var whole = new List<double>();
        var forward = new List<double>();
        var backward = new List<double>();
        var optimizer = new List<double>();
        model.ResetState(setup.Batch);
        // Warm-up: two steps and at least a second, so the JIT's optimized code (and the GPU's compiled kernels) is what
        // the timed steps run.
        var warmUp = Stopwatch.StartNew();
        int warmSteps = 0;
        while (warmSteps < 2 || warmUp.Elapsed.TotalSeconds < 1)
        {
            model.ZeroGradients();
            model.Forward(SequenceBatch<float>.FromTokens(tokens, setup.Batch, setup.Steps, labels), training: true);
            model.Backward();
            sgd.Step(model.Parameters, model.Gradients);
            warmSteps++;
        }
        for (int step = 0; step < timed; step++)
        {
            long start = Stopwatch.GetTimestamp();
            model.ZeroGradients();
            model.Forward(SequenceBatch<float>.FromTokens(tokens, setup.Batch, setup.Steps, labels), training: true);
            long forwarded = Stopwatch.GetTimestamp();
            model.Backward();
            long backwarded = Stopwatch.GetTimestamp();
            GradientClipping.ClipGlobalNorm(model.Gradients, 5.0);
            sgd.Step(model.Parameters, model.Gradients);
            long end = Stopwatch.GetTimestamp();
            whole.Add(Stopwatch.GetElapsedTime(start, end).TotalSeconds);
            forward.Add(Stopwatch.GetElapsedTime(start, forwarded).TotalMilliseconds);
            backward.Add(Stopwatch.GetElapsedTime(forwarded, backwarded).TotalMilliseconds);
            optimizer.Add(Stopwatch.GetElapsedTime(backwarded, end).TotalMilliseconds);
        }
        static double Median(List<double> values)
        {
            values.Sort();
            return values[values.Count / 2];
        }
        return new StepTimes(rows / Median(whole), Median(forward), Median(backward), Median(optimizer));
    }
}
