using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Runtime.InteropServices;
using System.Text;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using ModelGen.Numerics;

namespace ModelGen.Benchmarks;

/// <summary>
/// ModelGen against libtorch (TorchSharp-cpu, the engine of PyTorch's CPU build) in the same process and run.
///   dotnet run --project tests/ModelGen.Benchmarks -c Release            quick mode (a few iterations, no large config)
///   dotnet run --project tests/ModelGen.Benchmarks -c Release -- --full   every config, BenchmarkDotNet's default accuracy
///   ... -- --training large[,char-lm]                                     only the training step of these configs
/// Writes tests/ModelGen.Benchmarks/RESULTS.md (or --out FILE) with one table per measure and the machine.
/// </summary>
public static class Program
{
    internal static Configs.Config[] TrainingConfigs = Configs.Training;

    public static int Main(string[] args)
    {
        bool full = args.Contains("--full");
        int outIndex = Array.IndexOf(args, "--out");
        string output = outIndex >= 0 && outIndex + 1 < args.Length ? args[outIndex + 1]
            : Path.Combine(AppContext.BaseDirectory, "..", "..", "..", "RESULTS.md");
        if (!full) TrainingConfigs = Configs.Training.Where(c => c.Name != "large").ToArray();
        int onlyIndex = Array.IndexOf(args, "--training");
        bool trainingOnly = onlyIndex >= 0;
        if (trainingOnly)
        {
            // --training NAME[,NAME]: only the training step of these configs (the large one takes minutes in --full).
            string[] names = onlyIndex + 1 < args.Length ? args[onlyIndex + 1].Split(',') : Array.Empty<string>();
            TrainingConfigs = Configs.Training.Where(c => names.Contains(c.Name)).ToArray();
            if (TrainingConfigs.Length == 0)
            {
                Console.Error.WriteLine($"--training needs config names from: {string.Join(", ", Configs.Training.Select(c => c.Name).Distinct())}.");
                return 2;
            }
        }

        Job job = (full ? Job.Default : Job.Dry.WithWarmupCount(1).WithIterationCount(3)).WithToolchain(InProcessEmitToolchain.Instance);
        Job expensive = full ? Job.Default.WithToolchain(InProcessEmitToolchain.Instance).WithInvocationCount(1).WithUnrollFactor(1).WithIterationCount(10)
            : job.WithInvocationCount(1).WithUnrollFactor(1);
        // Quick streaming: iterations of 25 ms after 8 warm-up iterations (200 ms, so the JIT's tier-1 code is what gets
        // measured), no overhead runs: 45 cases in well under a minute.
        Job cheap = full ? Job.Default.WithToolchain(InProcessEmitToolchain.Instance)
            : Job.Default.WithToolchain(InProcessEmitToolchain.Instance).WithWarmupCount(8).WithIterationCount(5)
                .WithIterationTime(Perfolizer.Horology.TimeInterval.FromMilliseconds(25)).WithEvaluateOverhead(false);

        var training = BenchmarkRunner.Run<TrainingStep>(DefaultConfig.Instance.AddJob(expensive).WithOptions(ConfigOptions.DisableOptimizationsValidator));
        var streaming = trainingOnly ? null : BenchmarkRunner.Run<StreamingStep>(DefaultConfig.Instance.AddJob(cheap).WithOptions(ConfigOptions.DisableOptimizationsValidator));
        var product = trainingOnly ? null : BenchmarkRunner.Run<MatrixProduct>(DefaultConfig.Instance.AddJob(expensive).WithOptions(ConfigOptions.DisableOptimizationsValidator));

        var md = new StringBuilder();
        md.AppendLine("# ModelGen vs libtorch (and ONNX Runtime for streaming): measured side by side");
        md.AppendLine();
        md.AppendLine(CultureInfo.InvariantCulture, $"Machine: {CpuName()}, {RuntimeInformation.OSDescription}, {Environment.ProcessorCount} logical cores, {RuntimeInformation.ProcessArchitecture}, .NET {Environment.Version}; " +
            $"AVX-512: {System.Runtime.Intrinsics.X86.Avx512F.IsSupported}; libtorch from TorchSharp-cpu 0.107 with torch.set_num_threads(2). Mode: {(full ? "full" : "quick")}. Medians.");
        md.AppendLine();
        md.AppendLine("Reproduce: `dotnet run --project tests/ModelGen.Benchmarks -c Release` (quick), `-- --full`, or `-- --training large` (quick mode has no large config).");
        md.AppendLine();
        md.AppendLine("## Training step (tokens/s; embedding, layers, head, cross-entropy, backward, clip 5, SGD)");
        md.AppendLine();
        md.AppendLine("Allocated: bytes ModelGen's step allocates on the calling thread after the warm-up (GC.GetAllocatedBytesForCurrentThread;");
        md.AppendLine("BenchmarkDotNet's own column counts every thread's allocations, the runtime's background threads included).");
        md.AppendLine();
        md.AppendLine("| config | cell | ModelGen tokens/s | libtorch tokens/s | ModelGen / libtorch | allocated B/step |");
        md.AppendLine("|---|---|---:|---:|---:|---:|");
        foreach (var c in TrainingConfigs)
        {
            double ours = Median(training, "ModelGen", c.Name + " " + c.Cell), theirs = Median(training, "LibTorch", c.Name + " " + c.Cell);
            double tokens = c.Batch * c.Steps;
            md.AppendLine(CultureInfo.InvariantCulture, $"| {c.Name} (B={c.Batch}, T={c.Steps}) | {c.Cell} | {tokens / ours * 1e9:N0} | {tokens / theirs * 1e9:N0} | {theirs / ours:F2}x | {TrainingStep.AllocatedPerStep.GetValueOrDefault(c.Name + " " + c.Cell, double.NaN):F0} |");
        }
        if (streaming is null || product is null)
        {
            File.WriteAllText(output, md.ToString());
            Console.WriteLine(md.ToString());
            Console.WriteLine("Wrote " + Path.GetFullPath(output));
            return 0;
        }
        md.AppendLine();
        md.AppendLine("## Streaming inference (µs per step, batch 1, state carried)");
        md.AppendLine();
        md.AppendLine("ModelGen's `Step` and ONNX Runtime run the cell and the linear head (ONNX Runtime on the model ModelGen exports,");
        md.AppendLine("preallocated OrtValues, one intra-op thread or two, whichever was faster in a pilot run); libtorch's");
        md.AppendLine("`LSTMCell`/`GRUCell`/`RNNCell` run the cell only (`inference_mode`, one thread). ModelGen uses the second core");
        md.AppendLine(CultureInfo.InvariantCulture, $"where a step's matrix-vector product has more than {Gemm.VectorParallelBytes / 1024:N0} KB of weights (LSTM and GRU above H = 128). The speed-up is");
        md.AppendLine("against the faster peer.");
        md.AppendLine();
        md.AppendLine("| cell | H | ModelGen µs | libtorch cell µs | ONNX Runtime µs (threads) | speed-up vs the faster peer | allocated B/step |");
        md.AppendLine("|---|---:|---:|---:|---:|---:|---:|");
        foreach (var s in Configs.Streaming)
        {
            string config = s.Cell + " H=" + s.Hidden;
            double ours = Median(streaming, "ModelGen", config), torch = Median(streaming, "LibTorchCell", config), onnx = Median(streaming, "OnnxRuntime", config);
            md.AppendLine(CultureInfo.InvariantCulture, $"| {s.Cell} | {s.Hidden} | {ours / 1e3:F2} | {torch / 1e3:F2} | {onnx / 1e3:F2} ({StreamingStep.OnnxThreads.GetValueOrDefault(config)}) | {Math.Min(torch, onnx) / ours:F2}x | {StreamingStep.AllocatedPerStep.GetValueOrDefault(config, double.NaN):F0} |");
        }
        md.AppendLine();
        md.AppendLine(CultureInfo.InvariantCulture, $"## Matrix product [{MatrixProduct.M} x {MatrixProduct.K}] · [{MatrixProduct.K} x N] (GFLOP/s)");
        md.AppendLine();
        md.AppendLine("| N | ModelGen GFLOP/s | libtorch GFLOP/s | ratio |");
        md.AppendLine("|---:|---:|---:|---:|");
        foreach (int n in new[] { 1024, 2048 })
        {
            double flops = 2.0 * MatrixProduct.M * MatrixProduct.K * n;
            double ours = MedianByN(product, "ModelGenGemm", n), theirs = MedianByN(product, "LibTorchMatmul", n);
            md.AppendLine(CultureInfo.InvariantCulture, $"| {n} | {flops / ours:F1} | {flops / theirs:F1} | {theirs / ours:F2}x |");
        }
        File.WriteAllText(output, md.ToString());
        Console.WriteLine(md.ToString());
        Console.WriteLine("Wrote " + Path.GetFullPath(output));
        return 0;
    }

    /// <summary>The processor's model name from /proc/cpuinfo (Linux), else the architecture.</summary>
    private static string CpuName()
    {
        try
        {
            foreach (string line in File.ReadLines("/proc/cpuinfo"))
                if (line.StartsWith("model name", StringComparison.Ordinal))
                    return line[(line.IndexOf(':', StringComparison.Ordinal) + 1)..].Trim();
        }
        catch (IOException) { }
        catch (UnauthorizedAccessException) { }
        return RuntimeInformation.ProcessArchitecture.ToString();
    }

    private static double Median(Summary summary, string method, string config)
        => summary.Reports.Single(r => r.BenchmarkCase.Descriptor.WorkloadMethod.Name == method
            && (string)r.BenchmarkCase.Parameters["Config"] == config).ResultStatistics!.Median;

    private static double MedianByN(Summary summary, string method, int n)
        => summary.Reports.Single(r => r.BenchmarkCase.Descriptor.WorkloadMethod.Name == method
            && (int)r.BenchmarkCase.Parameters["N"] == n).ResultStatistics!.Median;
}
