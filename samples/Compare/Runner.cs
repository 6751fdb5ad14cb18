using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using ModelGen;
using ModelGen.Checkpoints;
using ModelGen.Data;
using ModelGen.Training;
using Spectre.Console;

namespace Compare;

/// <summary>What one cell did on a task.</summary>
internal sealed record CellResult(
    string Cell, int Hidden, int Parameters, double LearningRate, List<(long Step, double Loss)> Curve, double ValidLoss, double TestLoss,
    Score? TestScore, long? SolvedAt, double TokensPerSecond, TimeSpan Wall, long SkippedSteps, IRecurrentModel<float> Model);

/// <summary>Trains (or loads) and evaluates one generated model on a task.</summary>
internal static class Runner
{
    /// <summary>The fraction of validation sequences meeting the criterion at which a long-range task counts as solved.</summary>
    public const double SolvedFraction = 0.99;

    /// <summary>Trains a new <typeparamref name="TModel"/> at <paramref name="lr"/> (or loads it with --load) and evaluates it.</summary>
    /// <param name="progressOffset">Where this run's steps start on <paramref name="bar"/> (runs of a learning-rate sweep follow each other).</param>
    public static CellResult Run<TModel>(string cell, CompareTask task, Options o, double lr, ProgressTask? bar, long progressOffset = 0)
        where TModel : class, IRecurrentModel<TModel, float>
    {
        TModel model = TModel.Create(o.Seed);
        ModelInfo info = model.Info;
        if (o.ForgetBias is { } forgetBias && info.Cell == CellType.Lstm)
        {
            // Gate order i, f, g, o: the forget gate's bias is the second block of H.
            for (int l = 0; l < info.Layers; l++)
                model.Tensor($"rnn.bias_ih_l{l}").Slice(info.Hidden, info.Hidden).Fill((float)forgetBias);
        }
        var curve = new List<(long, double)>();
        long? solvedAt = null;
        double tokensPerSecond = 0;
        long skipped = 0;
        var clock = Stopwatch.StartNew();

        if (o.Load is not null)
        {
            string path = CheckpointPath(o.Load, task, cell);
            if (!File.Exists(path)) throw new CompareException($"The checkpoint '{path}' does not exist; write it with --save {o.Load}.");
            IReadOnlyDictionary<string, string> metadata = Checkpoint.Load(model, path);
            CheckMetadata(metadata, task, path);
            bar?.Increment(bar.MaxValue);
        }
        else
        {
            int steps = o.Steps ?? task.DefaultSteps;
            var trainer = new Trainer<float>(model, new Adam<float>(lr), new TrainerOptions
            {
                Steps = steps,
                ClipNorm = 1.0,
                Schedule = new CosineSchedule(lr, steps, lr / 10),
                EvaluateEvery = Math.Max(1, steps / 20),
                EvaluationBatches = task.EvaluationBatches,
                Progress = new Reporter(bar, progressOffset, curve, task, model, step => solvedAt ??= step),
            });
            TrainingResult result = trainer.Train(task.Train, task.Valid);
            tokensPerSecond = result.TokensPerSecond;
            skipped = result.SkippedSteps;
        }

        double valid = task.DisplayLoss(Evaluator.Evaluate(model, task.Valid).Loss);
        double test = task.DisplayLoss(Evaluator.Evaluate(model, task.Test).Loss);
        Score? score = task.Test is BatchSet testSet ? task.Evaluate(model, testSet) : null;
        return new CellResult(cell, info.Hidden, info.ParameterCount, lr, curve, valid, test, score, solvedAt, tokensPerSecond, clock.Elapsed, skipped, model);
    }

    /// <summary>Writes the model of <paramref name="result"/> to DIR/TASK-CELL.safetensors, with what --load checks.</summary>
    public static void Save(CellResult result, CompareTask task, string directory)
    {
        Directory.CreateDirectory(directory);
        Checkpoint.Save(result.Model, CheckpointPath(directory, task, result.Cell), Metadata(task));
    }

    private static string CheckpointPath(string directory, CompareTask task, string cell) => Path.Combine(directory, $"{task.Name}-{cell}.safetensors");

    private const string TaskKey = "compare.task", VocabularyKey = CharTokenizer.MetadataKey;

    private static Dictionary<string, string> Metadata(CompareTask task)
    {
        var metadata = new Dictionary<string, string> { [TaskKey] = task.Title };
        if (task is CharLmTask lm) metadata[VocabularyKey] = lm.Tokenizer.ToVocabularyString();
        return metadata;
    }

    private static void CheckMetadata(IReadOnlyDictionary<string, string> metadata, CompareTask task, string path)
    {
        if (!metadata.TryGetValue(TaskKey, out string? title))
            throw new CompareException($"'{path}' was not written by Compare --save (it has no {TaskKey} entry).");
        if (title != task.Title)
            throw new CompareException($"'{path}' was trained on \"{title}\", not on \"{task.Title}\"; give the same --task, --length and --data.");
        if (task is CharLmTask lm && (!metadata.TryGetValue(VocabularyKey, out string? vocabulary) || vocabulary != lm.Tokenizer.ToVocabularyString()))
            throw new CompareException($"'{path}' has another character vocabulary than this text; give the --data it was trained on.");
    }

    /// <summary>Moves the progress bar, records validation losses, and notes the first step the task counts as solved.</summary>
    private sealed class Reporter(ProgressTask? bar, long offset, List<(long, double)> curve, CompareTask task, IRecurrentModel<float> model, Action<long> solved)
        : IProgress<TrainingProgress>
    {
        public void Report(TrainingProgress p)
        {
            if (bar is not null) bar.Value = offset + p.Step;
            if (p.Validation is not { } v) return;
            curve.Add((p.Step, task.DisplayLoss(v.Loss)));
            string line = string.Create(CultureInfo.InvariantCulture, $"valid {task.DisplayLoss(v.Loss):F3} {task.LossUnit}");
            if (task.Valid is BatchSet valid && task.Evaluate(model, valid) is { } score)
            {
                line += $", {score} solved";
                if (score.Fraction >= SolvedFraction) solved(p.Step);
            }
            if (bar is not null) bar.Description = $"{bar.Description.Split(':')[0]}: {line}";
        }
    }
}
