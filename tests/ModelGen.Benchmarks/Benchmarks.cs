using System;
using System.Collections.Generic;
using System.Linq;
using BenchmarkDotNet.Attributes;
using Microsoft.ML.OnnxRuntime;
using ModelGen.Numerics;
using ModelGen.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace ModelGen.Benchmarks;

/// <summary>
/// One full training step (embedding, recurrent layers, linear head, cross-entropy, backward, global-norm clipping at
/// 5, an SGD step) of the same model in ModelGen and in libtorch (TorchSharp, two threads).
/// </summary>
[MemoryDiagnoser]
public class TrainingStep
{
    public static IEnumerable<string> Names => Program.TrainingConfigs.Select(c => c.Name + " " + c.Cell);

    [ParamsSource(nameof(Names))]
    public string Config { get; set; } = "";

    private Configs.Config _c = null!;
    private IRecurrentModel<float> _model = null!;
    private Sgd<float> _sgd = null!;
    private int[] _tokens = Array.Empty<int>(), _labels = Array.Empty<int>();
    private nn.Module<Tensor, Tensor> _torch = null!;
    private optim.Optimizer _torchSgd = null!;
    private Tensor _torchTokens = null!, _torchLabels = null!;

    /// <summary>Before libtorch's runs: both models built, libtorch's step run for half a second.</summary>
    [GlobalSetup(Target = nameof(LibTorch))]
    public void SetupLibTorch()
    {
        Setup();
        Warm.For(0.5, LibTorch);
    }

    /// <summary>
    /// Before ModelGen's runs: both models built, ModelGen's step run for a second, so that what the few quick-mode
    /// iterations measure is the JIT's tier-1 code (the first steps run tier-0 code and on-stack replacements), as in
    /// any training run past its first second; libtorch's native code needs no such warm-up beyond its half second.
    /// </summary>
    [GlobalSetup(Target = nameof(ModelGen))]
    public void SetupModelGen()
    {
        Setup();
        Warm.For(1.0, ModelGen);
        AllocatedPerStep[Config] = Warm.AllocatedPerCall(3, ModelGen);
    }

    /// <summary>Bytes ModelGen's step allocates on the calling thread after the warm-up, per config.</summary>
    public static readonly Dictionary<string, double> AllocatedPerStep = new();

    private void Setup()
    {
        torch.set_num_threads(2);
        _c = Program.TrainingConfigs.Single(c => c.Name + " " + c.Cell == Config);
        _model = _c.Create();
        _sgd = new Sgd<float>(0.1);
        var rng = new Rng(1);
        _tokens = Enumerable.Range(0, _c.Batch * _c.Steps).Select(_ => rng.NextInt(_c.Vocab)).ToArray();
        _labels = Enumerable.Range(0, _c.Batch * _c.Steps).Select(_ => rng.NextInt(_c.Vocab)).ToArray();
        _torch = new TorchLanguageModel(_c);
        _torchSgd = optim.SGD(_torch.parameters(), 0.1);
        _torchTokens = tensor(_tokens.Select(t => (long)t).ToArray(), new long[] { _c.Batch, _c.Steps });
        _torchLabels = tensor(_labels.Select(t => (long)t).ToArray(), new long[] { _c.Batch * _c.Steps });
    }

    [Benchmark(Baseline = true)]
    public void LibTorch()
    {
        using var scope = NewDisposeScope();
        _torchSgd.zero_grad();
        Tensor logits = _torch.call(_torchTokens);
        Tensor loss = nn.functional.cross_entropy(logits.reshape(-1, _c.Vocab), _torchLabels);
        loss.backward();
        nn.utils.clip_grad_norm_(_torch.parameters(), 5.0);
        _torchSgd.step();
    }

    [Benchmark]
    public void ModelGen()
    {
        _model.ZeroGradients();
        _model.Forward(SequenceBatch<float>.FromTokens(_tokens, _c.Batch, _c.Steps, _labels), training: true);
        _model.Backward();
        GradientClipping.ClipGlobalNorm<float>(_model.Gradients, 5.0);
        _sgd.Step(_model.Parameters, _model.Gradients);
        _model.CarryState();
    }

    /// <summary>nn.Embedding + nn.LSTM/GRU/RNN(batch_first) + nn.Linear: the model ModelGen generates.</summary>
    private sealed class TorchLanguageModel : nn.Module<Tensor, Tensor>
    {
        private readonly nn.Module<Tensor, Tensor> _embedding;
        private readonly nn.Module _rnn;
        private readonly nn.Module<Tensor, Tensor> _head;
        private readonly string _cell;

        public TorchLanguageModel(Configs.Config c) : base("lm")
        {
            _cell = c.Cell;
            _embedding = nn.Embedding(c.Vocab, c.Embedding);
            _rnn = c.Cell switch
            {
                "LSTM" => nn.LSTM(c.Embedding, c.Hidden, c.Layers, batchFirst: true),
                "GRU" => nn.GRU(c.Embedding, c.Hidden, c.Layers, batchFirst: true),
                _ => nn.RNN(c.Embedding, c.Hidden, c.Layers, batchFirst: true),
            };
            _head = nn.Linear(c.Hidden, c.Vocab);
            RegisterComponents();
        }

        public override Tensor forward(Tensor tokens)
        {
            Tensor x = _embedding.call(tokens);
            Tensor y = _cell switch
            {
                "LSTM" => ((TorchSharp.Modules.LSTM)_rnn).call(x, null).Item1,
                "GRU" => ((TorchSharp.Modules.GRU)_rnn).call(x, null).Item1,
                _ => ((TorchSharp.Modules.RNN)_rnn).call(x, null).Item1,
            };
            return _head.call(y);
        }
    }
}

/// <summary>One step of one sequence (batch 1) with the state carried between steps, as in streaming inference.</summary>
[MemoryDiagnoser]
public class StreamingStep
{
    public static IEnumerable<string> Names => Configs.Streaming.Select(s => s.Cell + " H=" + s.Hidden);

    [ParamsSource(nameof(Names))]
    public string Config { get; set; } = "";

    private IRecurrentModel<float> _model = null!;
    private float[] _input = Array.Empty<float>(), _state = Array.Empty<float>(), _output = Array.Empty<float>();
    private nn.Module _cell = null!;
    private Tensor _x = null!, _h = null!, _c = null!;
    private string _kind = "";
    private InferenceSession _onnx = null!;
    private RunOptions _runOptions = null!;
    private string[] _onnxInputNames = Array.Empty<string>(), _onnxOutputNames = Array.Empty<string>();
    private OrtValue[] _onnxInputs = Array.Empty<OrtValue>(), _onnxOutputs = Array.Empty<OrtValue>();
    private float[] _onnxH = Array.Empty<float>(), _onnxC = Array.Empty<float>(), _onnxHn = Array.Empty<float>(), _onnxCn = Array.Empty<float>();

    [GlobalSetup]
    public void Setup()
    {
        torch.set_num_threads(1);
        var s = Configs.Streaming.Single(x => x.Cell + " H=" + x.Hidden == Config);
        _kind = s.Cell;
        _model = s.Create();
        _input = Enumerable.Range(0, s.Hidden).Select(i => (float)Math.Sin(i)).ToArray();
        _state = new float[_model.Info.StateSize];
        _output = new float[_model.Info.Output];
        _cell = s.Cell switch { "LSTM" => nn.LSTMCell(s.Hidden, s.Hidden), "GRU" => nn.GRUCell(s.Hidden, s.Hidden), _ => nn.RNNCell(s.Hidden, s.Hidden) };
        _x = tensor(_input, new long[] { 1, s.Hidden });
        _h = zeros(1, s.Hidden);
        _c = zeros(1, s.Hidden);
        SetupOnnx(s.Hidden);
        Warm.For(0.2, ModelGen);
        AllocatedPerStep[Config] = Warm.AllocatedPerCall(1000, ModelGen);
    }

    /// <summary>Bytes ModelGen's Step allocates on the calling thread after the warm-up, per config.</summary>
    public static readonly Dictionary<string, double> AllocatedPerStep = new();

    /// <summary>
    /// ONNX Runtime on the model ModelGen exports (one LSTM/GRU/RNN node and the same linear head as Step), state in and
    /// out through preallocated OrtValues over pinned arrays: each step runs the session and copies h_n (and c_n) back
    /// into h0 (and c0).
    /// </summary>
    private void SetupOnnx(int hidden)
    {
        // One intra-op thread or two, whichever runs this model faster (a pilot of a quarter second each): ModelGen's
        // Step uses the second core from H = 128 (LSTM, GRU), so ONNX Runtime may too.
        _runOptions = new RunOptions();
        double best = double.MaxValue;
        foreach (int threads in new[] { 1, 2 })
        {
            CreateOnnx(hidden, threads);
            Warm.For(0.1, OnnxRuntime);
            var clock = System.Diagnostics.Stopwatch.StartNew();
            int steps = 0;
            do { OnnxRuntime(); steps++; } while (clock.Elapsed.TotalSeconds < 0.25);
            double perStep = clock.Elapsed.TotalSeconds / steps;
            if (perStep < best)
            {
                best = perStep;
                OnnxThreads[Config] = threads;
            }
        }
        DisposeOnnx();
        CreateOnnx(hidden, OnnxThreads[Config]);
    }

    /// <summary>The intra-op threads ONNX Runtime was measured with, per config (the faster in the pilot).</summary>
    public static readonly Dictionary<string, int> OnnxThreads = new();

    private void CreateOnnx(int hidden, int threads)
    {
        DisposeOnnx();
        var options = new SessionOptions { IntraOpNumThreads = threads, InterOpNumThreads = 1, GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL };
        _onnx = new InferenceSession(global::ModelGen.Interop.OnnxExporter.ToBytes(_model), options);
        bool lstm = _kind == "LSTM";
        long[] state = { 1, 1, hidden };
        _onnxH = new float[hidden];
        _onnxHn = new float[hidden];
        _onnxC = new float[hidden];
        _onnxCn = new float[hidden];
        var output = new float[_model.Info.Output];
        var inputs = new List<(string, OrtValue)>
        {
            ("features", OrtValue.CreateTensorValueFromMemory(_input, new long[] { 1, 1, hidden })),
            ("h0", OrtValue.CreateTensorValueFromMemory(_onnxH, state)),
        };
        if (lstm) inputs.Add(("c0", OrtValue.CreateTensorValueFromMemory(_onnxC, state)));
        var outputs = new List<(string, OrtValue)>
        {
            ("logits", OrtValue.CreateTensorValueFromMemory(output, new long[] { 1, 1, output.Length })),
            ("h_n", OrtValue.CreateTensorValueFromMemory(_onnxHn, state)),
        };
        if (lstm) outputs.Add(("c_n", OrtValue.CreateTensorValueFromMemory(_onnxCn, state)));
        _onnxInputNames = inputs.Select(i => i.Item1).ToArray();
        _onnxInputs = inputs.Select(i => i.Item2).ToArray();
        _onnxOutputNames = outputs.Select(o => o.Item1).ToArray();
        _onnxOutputs = outputs.Select(o => o.Item2).ToArray();
    }

    private void DisposeOnnx()
    {
        foreach (var v in _onnxInputs.Concat(_onnxOutputs)) v.Dispose();
        (_onnxInputs, _onnxOutputs) = (Array.Empty<OrtValue>(), Array.Empty<OrtValue>());
        _onnx?.Dispose();
        _onnx = null!;
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        DisposeOnnx();
        _runOptions?.Dispose();
    }

    [Benchmark]
    public void OnnxRuntime()
    {
        _onnx.Run(_runOptions, _onnxInputNames, _onnxInputs, _onnxOutputNames, _onnxOutputs);
        _onnxHn.AsSpan().CopyTo(_onnxH);
        if (_kind == "LSTM") _onnxCn.AsSpan().CopyTo(_onnxC);
    }

    [Benchmark(Baseline = true)]
    public void LibTorchCell()
    {
        using var mode = torch.inference_mode();
        switch (_kind)
        {
            case "LSTM":
                (Tensor h, Tensor c) = ((TorchSharp.Modules.LSTMCell)_cell).call(_x, (_h, _c));
                _h.Dispose(); _c.Dispose();
                (_h, _c) = (h, c);
                break;
            case "GRU":
                var g = ((TorchSharp.Modules.GRUCell)_cell).call(_x, _h);
                _h.Dispose();
                _h = g;
                break;
            default:
                var r = ((TorchSharp.Modules.RNNCell)_cell).call(_x, _h);
                _h.Dispose();
                _h = r;
                break;
        }
    }

    [Benchmark]
    public void ModelGen() => _model.Step(_input, _state, _output);
}

/// <summary>The matrix product of the large config's input projection, [B·T, in] · [in, 4H]: GFLOP/s of both.</summary>
[MemoryDiagnoser]
public class MatrixProduct
{
    [Params(1024, 2048)]
    public int N { get; set; }

    private float[] _a = Array.Empty<float>(), _b = Array.Empty<float>(), _c = Array.Empty<float>();
    private Tensor _ta = null!, _tb = null!;

    /// <summary>M = B·T of the large config; K = its hidden size.</summary>
    public const int M = 4096, K = 1024;

    [GlobalSetup(Target = nameof(LibTorchMatmul))]
    public void SetupLibTorch()
    {
        Setup();
        Warm.For(0.5, LibTorchMatmul);
    }

    [GlobalSetup(Target = nameof(ModelGenGemm))]
    public void SetupModelGen()
    {
        Setup();
        Warm.For(0.5, ModelGenGemm);
    }

    private void Setup()
    {
        torch.set_num_threads(2);
        var rng = new Rng(3);
        _a = Enumerable.Range(0, M * K).Select(_ => (float)rng.NextUniform(-1, 1)).ToArray();
        _b = Enumerable.Range(0, K * N).Select(_ => (float)rng.NextUniform(-1, 1)).ToArray();
        _c = new float[M * N];
        _ta = tensor(_a, new long[] { M, K });
        _tb = tensor(_b, new long[] { K, N });
    }

    [Benchmark(Baseline = true)]
    public void LibTorchMatmul()
    {
        using var result = _ta.matmul(_tb);
    }

    [Benchmark]
    public void ModelGenGemm() => Gemm.Multiply<float>(M, N, K, _a, K, _b, N, _c, N, accumulate: false);
}

/// <summary>Runs a benchmark's body for a while before BenchmarkDotNet's own (few, in quick mode) warm-up iterations.</summary>
internal static class Warm
{
    public static void For(double seconds, Action body)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        do body(); while (clock.Elapsed.TotalSeconds < seconds);
    }

    /// <summary>Bytes allocated on this thread per call of <paramref name="body"/> over <paramref name="calls"/> calls.</summary>
    public static double AllocatedPerCall(int calls, Action body)
    {
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < calls; i++) body();
        return (GC.GetAllocatedBytesForCurrentThread() - before) / (double)calls;
    }
}
