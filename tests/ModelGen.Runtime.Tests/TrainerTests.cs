using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using ModelGen.Checkpoints;
using ModelGen.Data;
using ModelGen.Numerics;
using ModelGen.Training;
using Xunit;

namespace ModelGen.Runtime.Tests;

[LstmModel(Vocab = 7, Embedding = 5, Hidden = 8, Layers = 2, Head = Head.SoftmaxPerStep)]
public partial class RuntimeLstm;

[GruModel(Vocab = 7, Embedding = 5, Hidden = 8, Layers = 2, Head = Head.SoftmaxPerStep)]
public partial class RuntimeGru;

/// <summary>The trainer and evaluator driving real generated models.</summary>
public class TrainerTests
{
    private static int[] Stream(int length, int seed)
    {
        // A learnable stream: a repeating pattern with noise.
        var rng = new Rng(seed);
        var pattern = new[] { 0, 1, 2, 3, 4, 5, 6, 3, 2, 1 };
        return Enumerable.Range(0, length).Select(i => rng.NextInt(10) == 0 ? rng.NextInt(7) : pattern[i % pattern.Length]).ToArray();
    }

    [Fact]
    public void Training_lowers_the_validation_loss_and_reports_progress()
    {
        var model = new RuntimeLstm(1);
        var reports = new List<TrainingProgress>();
        var trainer = new Trainer<float>(model, new Adam<float>(1e-2), new TrainerOptions
        {
            Steps = 120,
            EvaluateEvery = 40,
            ClipNorm = 5,
            Progress = new SyncProgress(reports.Add),
        });
        var result = trainer.Train(new LanguageModelBatches<float>(Stream(4000, 1), 4, 10), new LanguageModelBatches<float>(Stream(1000, 2), 2, 10));

        Assert.Equal(120, result.Steps);
        Assert.Equal(120, reports.Count);
        Assert.Equal(new long[] { 40, 80, 120 }, result.Validation.Select(v => v.Step));
        Assert.True(result.Validation[^1].Result.Loss < result.Validation[0].Result.Loss - 0.3,
            $"validation loss went from {result.Validation[0].Result.Loss} to {result.Validation[^1].Result.Loss}");
        Assert.True(result.Validation[^1].Result.Loss < Math.Log(7), "the model should beat a uniform guess");
        Assert.All(reports, r => Assert.True(double.IsFinite(r.Loss) && r.TokensPerSecond > 0));
    }

    [Fact]
    public void Evaluation_reports_perplexity_and_bits_per_token_of_the_mean_loss()
    {
        var model = new RuntimeGru(3);
        var data = new LanguageModelBatches<float>(Stream(500, 3), 2, 8);
        EvaluationResult r = Evaluator.Evaluate(model, data);
        Assert.Equal(data.BatchesPerEpoch * 16L, r.Count);
        Assert.Equal(Math.Exp(r.Loss), r.Perplexity, 12);
        Assert.Equal(r.Loss / Math.Log(2), r.BitsPerToken, 12);
        Assert.InRange(r.Accuracy, 0, 1);
        // An untrained model is close to uniform over 7 tokens.
        Assert.InRange(r.Loss, Math.Log(7) - 0.5, Math.Log(7) + 0.5);
    }

    [Fact]
    public void Truncated_bptt_carries_the_state_and_evaluation_does_not_disturb_it()
    {
        // Two trainers on identical models; one evaluates every step. The evaluation must not change training.
        float[] Train(bool evaluate)
        {
            var model = new RuntimeLstm(5);
            var trainer = new Trainer<float>(model, new Sgd<float>(0.5), new TrainerOptions { Steps = 12, EvaluateEvery = evaluate ? 1 : 0 });
            trainer.Train(new LanguageModelBatches<float>(Stream(2000, 4), 3, 6), evaluate ? new LanguageModelBatches<float>(Stream(300, 5), 2, 6) : null);
            return model.Parameters.ToArray();
        }
        Assert.Equal(Train(evaluate: false), Train(evaluate: true));
    }

    [Fact]
    public void Non_finite_losses_are_skipped_then_training_stops_with_a_clear_message()
    {
        var model = new RuntimeLstm(1);
        float[] before = model.Parameters.ToArray();
        model.Parameters[0] = float.NaN; // an embedding row: every batch that uses token 0 produces NaN
        before[0] = float.NaN;
        var trainer = new Trainer<float>(model, new Adam<float>(1e-2), new TrainerOptions { Steps = 50, MaxConsecutiveSkips = 3 });
        var ex = Assert.Throws<TrainingDivergedException>(() => trainer.Train(new LanguageModelBatches<float>(Stream(2000, 1), 4, 10)));
        Assert.Contains("diverged", ex.Message);
        Assert.Contains("learning rate", ex.Message);
        // No update reached the parameters.
        Assert.Equal(before.Skip(1), model.Parameters.ToArray().Skip(1));
    }

    [Fact]
    public void Epochs_train_whole_passes_over_the_data()
    {
        var model = new RuntimeGru(1);
        var epochs = new List<int>();
        var data = new LanguageModelBatches<float>(Stream(1000, 1), 4, 10);
        var trainer = new Trainer<float>(model, new Sgd<float>(0.1), new TrainerOptions { Epochs = 2, Progress = new SyncProgress(p => epochs.Add(p.Epoch)) });
        var result = trainer.Train(data);
        Assert.Equal(2 * data.BatchesPerEpoch, result.Steps);
        Assert.Equal(data.BatchesPerEpoch, epochs.Count(e => e == 1));
    }

    [Fact]
    public void Schedule_sets_the_learning_rate_of_every_step()
    {
        var model = new RuntimeGru(1);
        var rates = new List<double>();
        var trainer = new Trainer<float>(model, new Sgd<float>(1.0), new TrainerOptions
        {
            Steps = 6,
            Schedule = new StepDecaySchedule(1.0, decayEvery: 2, factor: 0.5, startAfter: 2),
            Progress = new SyncProgress(p => rates.Add(p.LearningRate)),
        });
        trainer.Train(new LanguageModelBatches<float>(Stream(1000, 1), 2, 5));
        Assert.Equal(new[] { 1.0, 1.0, 0.5, 0.5, 0.25, 0.25 }, rates);
    }

    [Fact]
    public void Checkpoint_of_a_generated_model_round_trips_and_refuses_another_architecture()
    {
        string dir = Directory.CreateTempSubdirectory("modelgen-").FullName;
        try
        {
            string path = Path.Combine(dir, "lstm.safetensors");
            var model = new RuntimeLstm(7);
            Checkpoint.Save(model, path, new Dictionary<string, string> { ["note"] = "hello" });

            var loaded = new RuntimeLstm(99);
            var metadata = Checkpoint.Load(loaded, path);
            Assert.Equal("hello", metadata["note"]);
            Assert.Equal(model.Parameters.ToArray(), loaded.Parameters.ToArray());
            var names = SafeTensorsFile.Read(path).Tensors.Select(t => t.Name).ToArray();
            Assert.Contains("rnn.weight_ih_l0", names);
            Assert.Contains("embedding.weight", names);
            Assert.Contains("head.weight", names);

            // Same outputs from the reloaded model.
            var state1 = new float[RuntimeLstm.StateSize];
            var state2 = new float[RuntimeLstm.StateSize];
            var out1 = new float[RuntimeLstm.Output];
            var out2 = new float[RuntimeLstm.Output];
            foreach (int token in new[] { 1, 2, 3, 4 })
            {
                model.Step(token, state1, out1);
                loaded.Step(token, state2, out2);
            }
            Assert.Equal(out1, out2);

            var gru = new RuntimeGru(1);
            float[] gruBefore = gru.Parameters.ToArray();
            var ex = Assert.Throws<CheckpointException>(() => Checkpoint.Load(gru, path));
            Assert.Contains("RuntimeLstm", ex.Message);
            Assert.Contains("RuntimeGru", ex.Message);
            Assert.Equal(gruBefore, gru.Parameters.ToArray());
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public void Sampler_narrower_than_the_model_draws_only_its_own_tokens()
    {
        // A model may declare more token ids than its tokenizer uses (the CharLm sample declares Vocab = 96).
        var model = new RuntimeLstm(2);
        var sampler = new ModelGen.Sampling.Sampler<float>(3, new Rng(1), temperature: 2.0);
        var generated = new int[500];
        sampler.Generate(model, new[] { 1 }, generated.Length, generated);
        Assert.All(generated, t => Assert.InRange(t, 0, 2));
        Assert.Equal(3, generated.Distinct().Count());
    }

    /// <summary>An IProgress that reports synchronously (Progress&lt;T&gt; posts to the thread pool).</summary>
    private sealed class SyncProgress(Action<TrainingProgress> report) : IProgress<TrainingProgress>
    {
        public void Report(TrainingProgress value) => report(value);
    }
}
