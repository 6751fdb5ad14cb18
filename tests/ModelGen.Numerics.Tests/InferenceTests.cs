using System;
using System.Linq;
using ModelGen.Numerics;
using Xunit;

namespace ModelGen.Numerics.Tests;

/// <summary>The single-step path computes what the batched training forward pass computes, and neither allocates.</summary>
public class InferenceTests
{
    private const int Steps = 7;

    [Fact]
    public void Step_matches_batched_forward_for_token_input() => StepMatchesForward(new TinyCharLstm(3));

    [Fact]
    public void Step_matches_batched_forward_for_gru_features() => StepMatchesForward(new TinyGruRegressor(4));

    [Fact]
    public void Step_matches_batched_forward_for_rnn() => StepMatchesForward(new TinyRnnTagger(5));

    [Fact]
    public void Step_matches_batched_forward_for_peephole_lstm() => StepMatchesForward(new TinyPeepholeLstm(6));

    [Fact]
    public void Step_matches_batched_forward_for_lstm_of_whole_vectors() => StepMatchesForward(new VectorLstm(7));

    [Fact]
    public void Step_matches_batched_forward_for_gru_of_whole_vectors() => StepMatchesForward(new VectorGru(8));

    [Fact]
    public void Step_matches_batched_forward_for_rnn_with_a_unit_tail() => StepMatchesForward(new VectorRnn(9));

    private static void StepMatchesForward(IRecurrentModel<float> model)
    {
        ModelInfo info = model.Info;
        var rng = new Rng(1);
        const int batch = 3;
        int[] tokens = info.TokenInput ? Enumerable.Range(0, batch * Steps).Select(_ => rng.NextInt(info.Vocab)).ToArray() : Array.Empty<int>();
        float[] features = info.TokenInput ? Array.Empty<float>() : Enumerable.Range(0, batch * Steps * info.Input).Select(_ => (float)rng.NextUniform(-1, 1)).ToArray();

        model.ResetState(batch);
        foreach (ref float s in model.State) s = (float)rng.NextUniform(-0.5, 0.5);
        float[] initial = model.State.ToArray();
        model.Forward(new SequenceBatch<float> { BatchSize = batch, Steps = Steps, Tokens = tokens, Features = features });
        float[] outputs = model.Outputs.ToArray();
        float[] finalState = model.FinalState.ToArray();

        int layers = info.Layers, h = info.Hidden, stateSize = info.StateSize;
        int blocks = stateSize / h; // h of every layer, then c of every LSTM layer
        var output = new float[info.Output];
        for (int b = 0; b < batch; b++)
        {
            // The batch state is [block, B, H]; one sequence's state is [block, H].
            var state = new float[stateSize];
            for (int k = 0; k < blocks; k++)
                initial.AsSpan((k * batch + b) * h, h).CopyTo(state.AsSpan(k * h, h));
            for (int t = 0; t < Steps; t++)
            {
                if (info.TokenInput) model.Step(tokens[b * Steps + t], state, output);
                else model.Step(features.AsSpan((b * Steps + t) * info.Input, info.Input), state, output);
                for (int o = 0; o < info.Output; o++)
                    Assert.Equal(outputs[(b * Steps + t) * info.Output + o], output[o], 1e-5f);
            }
            for (int k = 0; k < blocks; k++)
                for (int j = 0; j < h; j++)
                    Assert.Equal(finalState[(k * batch + b) * h + j], state[k * h + j], 1e-5f);
        }
        Assert.True(layers >= 1);
    }

    [Fact]
    public void Training_step_and_inference_step_allocate_nothing_after_warm_up()
    {
        var model = new TinyGruRegressor(1);
        var rng = new Rng(2);
        const int batch = 4;
        float[] features = Enumerable.Range(0, batch * Steps * TinyGruRegressor.Input).Select(_ => (float)rng.NextUniform(-1, 1)).ToArray();
        float[] targets = Enumerable.Range(0, batch * Steps * TinyGruRegressor.Output).Select(_ => (float)rng.NextUniform(-1, 1)).ToArray();

        void TrainingStep()
        {
            model.ZeroGradients();
            model.Forward(new SequenceBatch<float> { BatchSize = batch, Steps = Steps, Features = features, Targets = targets }, training: true);
            model.Backward();
            model.CarryState();
        }

        var lm = new TinyCharLstm(1);
        var state = new float[TinyCharLstm.StateSize];
        var logits = new float[TinyCharLstm.Output];
        void InferenceStep() => lm.Step(3, state, logits);

        TrainingStep();
        InferenceStep();
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 5; i++) TrainingStep();
        long afterTraining = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 100; i++) InferenceStep();
        long afterInference = GC.GetAllocatedBytesForCurrentThread();

        Assert.Equal(0, afterTraining - before);
        Assert.Equal(0, afterInference - afterTraining);
    }

    [Fact]
    public void Forward_rejects_malformed_batches_with_clear_messages()
    {
        var model = new TinyCharLstm(1);
        var tokens = new int[6];
        var ex = Assert.Throws<ArgumentException>(() => model.Forward(SequenceBatch<float>.FromTokens(tokens, 2, 4)));
        Assert.Contains("6 token ids", ex.Message);

        tokens[4] = 99;
        var range = Assert.Throws<ArgumentOutOfRangeException>(() => model.Forward(SequenceBatch<float>.FromTokens(tokens, 2, 3)));
        Assert.Contains("Token id 99", range.Message);

        tokens[4] = 0;
        var labels = new int[5];
        var lab = Assert.Throws<ArgumentException>(() => model.Forward(SequenceBatch<float>.FromTokens(tokens, 2, 3, labels)));
        Assert.Contains("5 labels", lab.Message);

        var fresh = new TinyCharLstm(1);
        var back = Assert.Throws<InvalidOperationException>(() => fresh.Backward());
        Assert.Contains("needs a forward pass first", back.Message);
    }
}
