using System;
using System.Linq;
using ModelGen.Numerics;
using ModelGen.Training;
using Xunit;

namespace ModelGen.Gpu.Tests;

/// <summary>One accelerator for the whole test class: ILGPU's CPU accelerator, so the tests need no GPU.</summary>
public sealed class CpuAcceleratorFixture : IDisposable
{
    public GpuDevice Device { get; } = GpuDevice.Create(GpuDeviceKind.Cpu);

    public void Dispose() => Device.Dispose();
}

/// <summary>
/// The GPU variant of every kind of model against its CPU twin with the same weights: outputs, loss, final state, and
/// every gradient (parameters, initial state, input) within 1e-4 relative, on ILGPU's CPU accelerator.
/// </summary>
public sealed class GpuParityTests : IClassFixture<CpuAcceleratorFixture>
{
    private const double Tolerance = 1e-4;
    private readonly GpuDevice _device;

    public GpuParityTests(CpuAcceleratorFixture fixture) => _device = fixture.Device;

    [Fact] public void Lstm_language_model() => CheckPair(new GpuLstmLm(3), m => new GpuLstmLm.Gpu(_device, m), batch: 3, steps: 5);
    [Fact] public void Gru_language_model_with_dropout_while_training() => CheckPair(new GpuGruLmDropout(4), m => new GpuGruLmDropout.Gpu(_device, m), batch: 2, steps: 4, training: true);
    [Fact] public void Rnn_regressor() => CheckPair(new GpuRnnRegressor(5), m => new GpuRnnRegressor.Gpu(_device, m), batch: 3, steps: 6);
    [Fact] public void Relu_rnn_forecaster() => CheckPair(new GpuReluForecaster(6), m => new GpuReluForecaster.Gpu(_device, m), batch: 4, steps: 3);
    [Fact] public void Peephole_lstm_with_sigmoid_head() => CheckPair(new GpuPeepholeTagger(7), m => new GpuPeepholeTagger.Gpu(_device, m), batch: 2, steps: 5);
    [Fact] public void Bidirectional_gru_classifier() => CheckPair(new GpuBiGruClassifier(8), m => new GpuBiGruClassifier.Gpu(_device, m), batch: 3, steps: 4);
    [Fact] public void Bidirectional_lstm_tagger() => CheckPair(new GpuBiLstmTagger(9), m => new GpuBiLstmTagger.Gpu(_device, m), batch: 2, steps: 5);
    [Fact] public void Mixed_spec_stack_with_dropout_while_training() => CheckPair(new GpuMixed(10), m => new GpuMixed.Gpu(_device, m), batch: 2, steps: 4, training: true);

    /// <summary>Runs the same batches through a CPU model and a GPU variant built on a copy of it, and compares everything.</summary>
    private static void CheckPair<TModel>(TModel cpu, Func<TModel, IRecurrentModel<float>> gpuOf, int batch, int steps, bool training = false)
        where TModel : class, IRecurrentModel<TModel, float>
    {
        var twin = TModel.Create(0);
        cpu.Parameters.CopyTo(twin.Parameters);
        var gpu = gpuOf(twin);
        try
        {
            var rng = new Rng(42);
            var data = RandomBatch.For(cpu.Info, batch, steps, rng);
            foreach (var model in new IRecurrentModel<float>[] { cpu, gpu })
            {
                model.ResetState(batch);
                var state = model.State;
                var draw = new Rng(7);
                for (int k = 0; k < state.Length; k++) state[k] = (float)draw.NextUniform(-0.5, 0.5);
                model.DropoutRng.Reseed(99);
            }

            // Two passes: the second with a different batch size grows the workspace and re-sizes the state.
            for (int pass = 0; pass < 2; pass++)
            {
                if (pass == 1)
                {
                    data = RandomBatch.For(cpu.Info, batch + 1, steps + 2, rng);
                    cpu.ResetState(batch + 1);
                    gpu.ResetState(batch + 1);
                }
                float cpuLoss = cpu.Forward(data.Batch, training);
                float gpuLoss = gpu.Forward(data.Batch, training);
                AssertClose(new[] { cpuLoss }, new[] { gpuLoss }, "loss");
                AssertClose(cpu.Outputs, gpu.Outputs, "outputs");
                AssertClose(cpu.FinalState, gpu.FinalState, "final state");

                // A gradient on the final state from outside too, as a decoder would send to its encoder.
                var draw = new Rng(11 + pass);
                cpu.ZeroGradients();
                gpu.ZeroGradients();
                for (int k = 0; k < cpu.FinalStateGradient.Length; k++)
                    cpu.FinalStateGradient[k] = gpu.FinalStateGradient[k] = (float)draw.NextUniform(-0.1, 0.1);
                cpu.Backward();
                gpu.Backward();
                foreach (var tensor in cpu.Info.Tensors)
                    AssertClose(cpu.TensorGradient(tensor.Name), gpu.TensorGradient(tensor.Name), "gradient of " + tensor.Name);
                AssertClose(cpu.StateGradient, gpu.StateGradient, "state gradient");
                AssertClose(cpu.InputGradient, gpu.InputGradient, "input gradient");
            }
        }
        finally
        {
            ((IDisposable)gpu).Dispose();
        }
    }

    [Fact]
    public void Same_trainer_trains_both_variants_to_the_same_weights()
    {
        var cpu = new GpuLstmLm(21);
        using var gpu = new GpuLstmLm.Gpu(_device, 21);
        Assert.Equal(cpu.Parameters.ToArray(), gpu.Parameters.ToArray());
        var rng = new Rng(5);
        var source = new FixedBatches(Enumerable.Range(0, 3).Select(_ => RandomBatch.For(cpu.Info, 4, 6, rng)).ToArray(), continuesState: true);
        var options = new TrainerOptions { Steps = 6, ClipNorm = 1.0, EvaluateEvery = 0 };
        new Trainer<float>(cpu, new Sgd<float>(0.5), options).Train(source);
        new Trainer<float>(gpu, new Sgd<float>(0.5), options).Train(source);
        AssertClose(cpu.Parameters, gpu.Parameters, "parameters after 6 SGD steps");
        AssertClose(cpu.FinalState, gpu.FinalState, "state carried across batches");
    }

    [Fact]
    public void Step_runs_on_the_host_model_and_agrees_with_forward()
    {
        using var gpu = new GpuLstmLm.Gpu(_device, 2);
        var state = new float[GpuLstmLm.StateSize];
        var output = new float[GpuLstmLm.Output];
        gpu.Step(3, state, output);
        gpu.ResetState(1);
        gpu.Forward(SequenceBatch<float>.FromTokens(new[] { 3 }, 1, 1));
        AssertClose(output, gpu.Outputs, "step output");
        AssertClose(state, gpu.FinalState, "step state");
    }

    [Fact]
    public void Bad_input_gets_the_cpu_models_errors()
    {
        using var gpu = new GpuLstmLm.Gpu(_device, 1);
        var outOfRange = Assert.Throws<ArgumentOutOfRangeException>(() => gpu.Forward(SequenceBatch<float>.FromTokens(new[] { 1, 11 }, 1, 2)));
        Assert.Contains("Token id 11 of sequence 0, step 1 is outside the vocabulary [0, 10]", outOfRange.Message);
        var shape = Assert.Throws<ArgumentException>(() => gpu.Forward(SequenceBatch<float>.FromTokens(new[] { 1, 2, 3 }, 2, 2)));
        Assert.Contains("BatchSize * Steps", shape.Message);
        var label = Assert.Throws<ArgumentOutOfRangeException>(() => gpu.Forward(SequenceBatch<float>.FromTokens(new[] { 1, 2 }, 1, 2, new[] { 0, 11 })));
        Assert.Contains("Label 11", label.Message);
        Assert.Throws<InvalidOperationException>(() => new GpuLstmLm.Gpu(_device, 1).Backward());
        gpu.Dispose();
        Assert.Throws<ObjectDisposedException>(() => gpu.Forward(SequenceBatch<float>.FromTokens(new[] { 1 }, 1, 1)));
    }

    /// <summary>|gpu − cpu| ≤ 1e-4 · max(|cpu|, 1% of the tensor's largest magnitude) for every element.</summary>
    internal static void AssertClose(ReadOnlySpan<float> expected, ReadOnlySpan<float> actual, string what)
    {
        Assert.True(expected.Length == actual.Length, $"{what}: {expected.Length} elements on the CPU, {actual.Length} on the GPU");
        double scale = 0;
        foreach (float e in expected) scale = Math.Max(scale, Math.Abs(e));
        for (int k = 0; k < expected.Length; k++)
        {
            double tolerance = Tolerance * Math.Max(Math.Abs(expected[k]), 0.01 * scale) + 1e-9;
            double error = Math.Abs(expected[k] - actual[k]);
            Assert.True(error <= tolerance && float.IsFinite(actual[k]),
                $"{what}[{k}]: CPU {expected[k]:R}, GPU {actual[k]:R} (|difference| {error:G3} > {tolerance:G3})");
        }
    }
}
