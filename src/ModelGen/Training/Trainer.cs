using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Numerics;
using System.Runtime.InteropServices;
using ModelGen.Checkpoints;

namespace ModelGen.Training;

/// <summary>How a <see cref="Trainer{T}"/> trains.</summary>
public sealed class TrainerOptions
{
    /// <summary>Number of optimizer steps (batches) to train.</summary>
    public long Steps { get; init; } = 1000;

    /// <summary>When positive, train this many passes over the training data instead of <see cref="Steps"/>.</summary>
    public int Epochs { get; init; }

    /// <summary>Clip the global gradient norm to this value before each step (0: no clipping).</summary>
    public double ClipNorm { get; init; }

    /// <summary>The learning rate as a function of the step; null keeps the optimizer's rate.</summary>
    public LearningRateSchedule? Schedule { get; init; }

    /// <summary>Evaluate on the validation data every this many steps, and after the last (0: only after the last).</summary>
    public long EvaluateEvery { get; init; } = 100;

    /// <summary>At most this many validation batches per evaluation.</summary>
    public int EvaluationBatches { get; init; } = int.MaxValue;

    /// <summary>Receives a report after every step.</summary>
    public IProgress<TrainingProgress>? Progress { get; init; }

    /// <summary>Stop with an error after this many consecutive steps whose loss or gradient was not finite.</summary>
    public int MaxConsecutiveSkips { get; init; } = 10;

    /// <summary>Where periodic training checkpoints go (<c>checkpoint-00001000.safetensors</c>); null: none.</summary>
    public string? CheckpointDirectory { get; init; }

    /// <summary>Write a training checkpoint every this many steps (0: not by steps).</summary>
    public long CheckpointEvery { get; init; }

    /// <summary>Write a training checkpoint when this many minutes have passed since the last (0: not by time).</summary>
    public double CheckpointEveryMinutes { get; init; }

    /// <summary>Extra metadata for every periodic checkpoint (a tokenizer's vocabulary, say).</summary>
    public IReadOnlyDictionary<string, string>? CheckpointMetadata { get; init; }

    /// <summary>Keep the newest this many periodic checkpoints, deleting older ones.</summary>
    public int KeepCheckpoints { get; init; } = 3;

    /// <summary>Receives one JSON object per step (step, loss, lr, grad_norm, tokens_per_s, and valid_loss when evaluated), one per line.</summary>
    public TextWriter? MetricsLog { get; init; }
}

/// <summary>One progress report.</summary>
/// <param name="Step">Steps done so far.</param>
/// <param name="TotalSteps">Steps planned.</param>
/// <param name="Epoch">Current pass over the training data, from 0.</param>
/// <param name="Loss">Training loss of this step.</param>
/// <param name="LearningRate">Learning rate of this step.</param>
/// <param name="GradientNorm">Global gradient norm before clipping.</param>
/// <param name="TokensPerSecond">Training throughput so far (input tokens or steps of feature input).</param>
/// <param name="Validation">The validation result when this step evaluated, else null.</param>
/// <param name="SkippedSteps">Steps skipped so far because the loss or gradient was not finite.</param>
public readonly record struct TrainingProgress(
    long Step, long TotalSteps, int Epoch, double Loss, double LearningRate, double GradientNorm, double TokensPerSecond, EvaluationResult? Validation,
    long SkippedSteps = 0);

/// <summary>What a training run did.</summary>
public sealed class TrainingResult
{
    /// <summary>Validation results by step.</summary>
    public List<(long Step, EvaluationResult Result)> Validation { get; } = new();
    /// <summary>Training losses by step.</summary>
    public List<double> TrainingLoss { get; } = new();
    /// <summary>Steps taken (not counting skipped ones).</summary>
    public long Steps { get; internal set; }
    /// <summary>Steps skipped because the loss or gradient was not finite.</summary>
    public long SkippedSteps { get; internal set; }
    /// <summary>Wall time.</summary>
    public TimeSpan Elapsed { get; internal set; }
    /// <summary>Mean training throughput in tokens (sequence steps) per second.</summary>
    public double TokensPerSecond { get; internal set; }
}

/// <summary>
/// Trains any generated model: forward, backward, optional global-norm clipping, an optimizer step, learning-rate
/// schedule, truncated BPTT with the state carried across batches, periodic validation and progress reports.
/// </summary>
public sealed class Trainer<T> where T : unmanaged, IBinaryFloatingPointIeee754<T>
{
    private readonly IRecurrentModel<T> _model;
    private readonly IOptimizer<T> _optimizer;
    private readonly TrainerOptions _options;
    private T[] _savedState = Array.Empty<T>();
    private bool _stateLive; // the model's state continues the last batch (truncated BPTT across calls and resumes)
    private long _skipped;

    /// <summary>A trainer of <paramref name="model"/> by <paramref name="optimizer"/>.</summary>
    public Trainer(IRecurrentModel<T> model, IOptimizer<T> optimizer, TrainerOptions? options = null)
    {
        _model = model ?? throw new ArgumentNullException(nameof(model));
        _optimizer = optimizer ?? throw new ArgumentNullException(nameof(optimizer));
        _options = options ?? new TrainerOptions();
        if (_options.Epochs < 0) throw new ArgumentOutOfRangeException(nameof(options), $"Epochs must not be negative; got {_options.Epochs}.");
        if (_options.Steps < 0) throw new ArgumentOutOfRangeException(nameof(options), $"Steps must not be negative; got {_options.Steps}.");
        if (_options.ClipNorm < 0 || double.IsNaN(_options.ClipNorm))
            throw new ArgumentOutOfRangeException(nameof(options), $"ClipNorm must be 0 (off) or positive; got {_options.ClipNorm}.");
    }

    /// <summary>Global step count, across calls to <see cref="Train"/>.</summary>
    public long Step { get; private set; }

    /// <summary>Position in the training data: the next batch index is <c>Position % BatchesPerEpoch</c>.</summary>
    public long Position { get; set; }

    /// <summary>Trains for <see cref="TrainerOptions.Steps"/> steps (or <see cref="TrainerOptions.Epochs"/> epochs) on <paramref name="train"/>, validating on <paramref name="validation"/>.</summary>
    public TrainingResult Train(IBatchSource<T> train, IBatchSource<T>? validation = null)
    {
        ArgumentNullException.ThrowIfNull(train);
        if (train.BatchesPerEpoch <= 0)
            throw new ArgumentException("The training data has no batches; give it at least one batch worth of data.", nameof(train));

        var result = new TrainingResult();
        var clock = Stopwatch.StartNew();
        var sinceCheckpoint = Stopwatch.StartNew();
        long tokens = 0;
        int consecutiveSkips = 0;
        long end = Step + (_options.Epochs > 0 ? (long)_options.Epochs * train.BatchesPerEpoch : _options.Steps);

        while (Step < end)
        {
            int index = (int)(Position % train.BatchesPerEpoch);
            int epoch = (int)(Position / train.BatchesPerEpoch);
            var batch = train.GetBatch(index);
            // A new epoch (or a source of independent sequences) starts from a zero state.
            if (!_stateLive || index == 0 || !train.ContinuesState || batch.BatchSize != _model.BatchSize)
            {
                _model.ResetState(batch.BatchSize);
                _stateLive = true;
            }

            _model.ZeroGradients();
            double loss = double.CreateTruncating(_model.Forward(batch, training: true));
            Position++;
            double norm = double.NaN;
            if (double.IsFinite(loss))
            {
                _model.Backward();
                norm = _options.ClipNorm > 0
                    ? GradientClipping.ClipGlobalNorm(_model.Gradients, _options.ClipNorm)
                    : GradientClipping.GlobalNorm<T>(_model.Gradients);
            }
            if (!double.IsFinite(loss) || !double.IsFinite(norm))
            {
                // The divergence guard: a non-finite loss or gradient never reaches the parameters.
                result.SkippedSteps++;
                _skipped++;
                _model.ResetState(batch.BatchSize);
                if (++consecutiveSkips >= _options.MaxConsecutiveSkips)
                    throw new TrainingDivergedException(
                        $"Training diverged: {consecutiveSkips} consecutive steps had a non-finite loss or gradient (last loss {loss}, gradient norm {norm}) at step {Step} with learning rate {_optimizer.LearningRate}. Lower the learning rate or enable gradient clipping (ClipNorm).");
                continue;
            }
            consecutiveSkips = 0;

            double rate = _options.Schedule?.Rate(Step) ?? _optimizer.LearningRate;
            _optimizer.LearningRate = rate;
            _optimizer.Step(_model.Parameters, _model.Gradients);
            if (train.ContinuesState) _model.CarryState();

            Step++;
            result.Steps++;
            result.TrainingLoss.Add(loss);
            tokens += (long)batch.BatchSize * batch.Steps;

            EvaluationResult? validated = null;
            bool last = Step == end;
            if (validation is not null && (last || (_options.EvaluateEvery > 0 && Step % _options.EvaluateEvery == 0)))
            {
                validated = EvaluatePreservingState(validation);
                result.Validation.Add((Step, validated.Value));
            }
            double throughput = tokens / Math.Max(clock.Elapsed.TotalSeconds, 1e-9);
            _options.Progress?.Report(new TrainingProgress(Step, end, epoch, loss, rate, norm, throughput, validated, _skipped));
            if (_options.MetricsLog is { } log)
            {
                log.Write(string.Create(CultureInfo.InvariantCulture,
                    $"{{\"step\":{Step},\"epoch\":{epoch},\"loss\":{Json(loss)},\"lr\":{Json(rate)},\"grad_norm\":{Json(norm)},\"tokens_per_s\":{Json(throughput)},\"skipped\":{_skipped}"));
                if (validated is { } v) log.Write(string.Create(CultureInfo.InvariantCulture, $",\"valid_loss\":{Json(v.Loss)}"));
                log.Write("}\n");
                if (validated is not null || last) log.Flush();
            }
            if (_options.CheckpointDirectory is { } directory
                && ((_options.CheckpointEvery > 0 && Step % _options.CheckpointEvery == 0)
                    || (_options.CheckpointEveryMinutes > 0 && sinceCheckpoint.Elapsed.TotalMinutes >= _options.CheckpointEveryMinutes)))
            {
                WritePeriodicCheckpoint(directory);
                sinceCheckpoint.Restart();
            }
        }

        result.Elapsed = clock.Elapsed;
        result.TokensPerSecond = tokens / Math.Max(clock.Elapsed.TotalSeconds, 1e-9);
        return result;
    }

    private static string Json(double x) => double.IsFinite(x) ? x.ToString("R", CultureInfo.InvariantCulture) : "null";

    /// <summary>Name of the periodic checkpoint of <paramref name="step"/>: sorts by step.</summary>
    public static string CheckpointFileName(long step) => string.Create(CultureInfo.InvariantCulture, $"checkpoint-{step:D8}.safetensors");

    private void WritePeriodicCheckpoint(string directory)
    {
        Directory.CreateDirectory(directory);
        SaveCheckpoint(Path.Combine(directory, CheckpointFileName(Step)), _options.CheckpointMetadata);
        var old = Directory.GetFiles(directory, "checkpoint-*.safetensors").OrderByDescending(f => f, StringComparer.Ordinal).Skip(Math.Max(1, _options.KeepCheckpoints));
        foreach (string file in old) File.Delete(file);
    }

    /// <summary>The metadata key of a training checkpoint's step: read it with <see cref="Checkpoint.ReadMetadata"/> to plan a resumed run.</summary>
    public const string StepKey = "modelgen.training.step";

    // The other metadata keys of a training checkpoint.
    private const string PositionKey = "modelgen.training.position", OptimizerKey = "modelgen.training.optimizer",
        OptimizerStepKey = "modelgen.training.optimizer_step", RateKey = "modelgen.training.learning_rate", RngKey = "modelgen.training.dropout_rng",
        SkippedKey = "modelgen.training.skipped", StateBatchKey = "modelgen.training.state_batch";
    private const string StateTensor = Checkpoint.TrainingPrefix + "state", OptimizerTensor = Checkpoint.TrainingPrefix + "optimizer.";

    /// <summary>
    /// Writes everything needed to resume exactly: the parameters (as a model checkpoint, so <see cref="Checkpoint.Load{T}"/>
    /// reads it too), the optimizer's moments and step count, the learning rate, the trainer's step and data position,
    /// the dropout generator's state and the recurrent state carried to the next batch. Written atomically.
    /// </summary>
    public void SaveCheckpoint(string path, IReadOnlyDictionary<string, string>? metadata = null)
    {
        ArgumentNullException.ThrowIfNull(path);
        SafeTensorsDType dtype = SafeTensorsDTypes.Of<T>() ?? throw new NotSupportedException($"Checkpoints hold float or double models, not {typeof(T).Name}.");
        var training = new Dictionary<string, string>(StringComparer.Ordinal);
        if (metadata is not null)
            foreach (var (key, value) in metadata) training[key] = value;
        training[StepKey] = Step.ToString(CultureInfo.InvariantCulture);
        training[PositionKey] = Position.ToString(CultureInfo.InvariantCulture);
        training[SkippedKey] = _skipped.ToString(CultureInfo.InvariantCulture);
        training[OptimizerKey] = _optimizer.GetType().Name;
        training[OptimizerStepKey] = _optimizer.StepCount.ToString(CultureInfo.InvariantCulture);
        training[RateKey] = _optimizer.LearningRate.ToString("R", CultureInfo.InvariantCulture);
        var (s0, s1, s2, s3) = _model.DropoutRng.GetState();
        training[RngKey] = string.Join(",", new[] { s0, s1, s2, s3 }.Select(x => x.ToString(CultureInfo.InvariantCulture)));

        // The model's tensors and metadata as a model checkpoint writes them, then the training state.
        SafeTensorsWriter writer = Checkpoint.CreateWriter(_model, training);
        foreach (var (name, buffer) in _optimizer.StateBuffers)
            writer.Add(OptimizerTensor + name, dtype, new[] { buffer.Length }, stream => stream.Write(MemoryMarshal.AsBytes(buffer.AsSpan())));
        if (_stateLive && _model.BatchSize > 0)
        {
            writer.Metadata[StateBatchKey] = _model.BatchSize.ToString(CultureInfo.InvariantCulture);
            writer.Add(StateTensor, dtype, new[] { _model.State.Length }, stream => stream.Write(MemoryMarshal.AsBytes((ReadOnlySpan<T>)_model.State)));
        }
        writer.Write(path);
    }

    /// <summary>
    /// Resumes from a checkpoint written by <see cref="SaveCheckpoint"/>: afterwards, training continues exactly (bit for
    /// bit) as if it had not stopped. Everything is checked before anything changes. Returns the file's metadata.
    /// </summary>
    /// <exception cref="CheckpointException">The file is damaged, is a model (not training) checkpoint, or does not fit this model or optimizer.</exception>
    public IReadOnlyDictionary<string, string> LoadCheckpoint(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        SafeTensorsFile file = SafeTensorsFile.Read(path);
        var meta = file.Metadata;
        string Need(string key) => meta.TryGetValue(key, out string? v) ? v
            : throw new CheckpointException($"'{path}' is a model checkpoint, not a training checkpoint (it has no '{key}'); load it with Checkpoint.Load to start a new run from its weights.", path);
        long ParseLong(string key)
            => long.TryParse(Need(key), NumberStyles.Integer, CultureInfo.InvariantCulture, out long v) && v >= 0 ? v
                : throw new CheckpointException($"'{path}' has an invalid '{key}' ('{meta[key]}').", path);

        long step = ParseLong(StepKey), position = ParseLong(PositionKey), optimizerStep = ParseLong(OptimizerStepKey);
        long skipped = meta.ContainsKey(SkippedKey) ? ParseLong(SkippedKey) : 0;
        string optimizer = Need(OptimizerKey);
        if (optimizer != _optimizer.GetType().Name)
            throw new CheckpointException($"'{path}' was trained with {optimizer}, but this trainer uses {_optimizer.GetType().Name}; resume with the same optimizer.", path);
        if (!double.TryParse(Need(RateKey), NumberStyles.Float, CultureInfo.InvariantCulture, out double rate) || !(rate >= 0) || double.IsInfinity(rate))
            throw new CheckpointException($"'{path}' has an invalid learning rate ('{meta[RateKey]}').", path);
        string[] words = Need(RngKey).Split(',');
        var rng = new ulong[4];
        if (words.Length != 4 || words.Where((w, i) => !ulong.TryParse(w, NumberStyles.Integer, CultureInfo.InvariantCulture, out rng[i])).Any() || rng.All(x => x == 0))
            throw new CheckpointException($"'{path}' has an invalid dropout generator state ('{meta[RngKey]}').", path);

        int count = _model.Parameters.Length;
        SafeTensorsDType dtype = SafeTensorsDTypes.Of<T>() ?? throw new NotSupportedException($"Checkpoints hold float or double models, not {typeof(T).Name}.");
        _optimizer.EnsureState(count);
        var moments = new List<(T[] Buffer, SafeTensor Source)>();
        foreach (var (name, buffer) in _optimizer.StateBuffers)
        {
            SafeTensor source = file.Find(OptimizerTensor + name)
                ?? throw new CheckpointException($"'{path}' has no optimizer tensor '{OptimizerTensor + name}' for {_optimizer.GetType().Name}.", path);
            if (source.DType != dtype || source.ElementCount != buffer.Length)
                throw new CheckpointException($"'{path}' holds '{OptimizerTensor + name}' as {SafeTensorsDTypes.ToName(source.DType)} {source.ShapeText}, but this optimizer needs {SafeTensorsDTypes.ToName(dtype)} [{buffer.Length}].", path);
            moments.Add((buffer, source));
        }
        SafeTensor? state = file.Find(StateTensor);
        int stateBatch = 0;
        if (state is not null)
        {
            if (!int.TryParse(Need(StateBatchKey), NumberStyles.Integer, CultureInfo.InvariantCulture, out stateBatch) || stateBatch <= 0
                || state.DType != dtype || state.ElementCount != (long)stateBatch * _model.Info.StateSize)
                throw new CheckpointException($"'{path}' holds a carried state that does not fit {_model.Info.Name} (batch '{meta.GetValueOrDefault(StateBatchKey)}', {state.ShapeText}).", path);
        }

        // Everything checked: now change things. The parameters go through the model checkpoint's own checks.
        Checkpoint.Load(_model, path);
        foreach (var (buffer, source) in moments) source.CopyTo<T>(buffer);
        _optimizer.RestoreStepCount(optimizerStep);
        _optimizer.LearningRate = rate;
        _model.DropoutRng.SetState((rng[0], rng[1], rng[2], rng[3]));
        Step = step;
        Position = position;
        _skipped = skipped;
        if (state is not null)
        {
            _model.ResetState(stateBatch);
            state.CopyTo<T>(_model.State);
            _stateLive = true;
        }
        else
        {
            _stateLive = false;
        }
        return meta;
    }

    /// <summary>Evaluates without disturbing the training state carried between batches.</summary>
    private EvaluationResult EvaluatePreservingState(IBatchSource<T> validation)
    {
        int batch = _model.BatchSize;
        if (_savedState.Length != _model.State.Length) _savedState = new T[_model.State.Length];
        _model.State.CopyTo(_savedState);
        EvaluationResult result = Evaluator.Evaluate(_model, validation, _options.EvaluationBatches);
        if (batch > 0)
        {
            _model.ResetState(batch);
            _savedState.CopyTo(_model.State);
        }
        return result;
    }
}

/// <summary>
/// Training stopped because <see cref="TrainerOptions.MaxConsecutiveSkips"/> steps in a row had a non-finite loss or
/// gradient: a consequence of the learning rate, clipping or data, not a bug. The parameters are those of the last
/// finite step (no non-finite update ever reaches them), so the model can still be saved or evaluated.
/// </summary>
public sealed class TrainingDivergedException : InvalidOperationException
{
    /// <summary>An exception with <paramref name="message"/>.</summary>
    public TrainingDivergedException(string message) : base(message) { }

    /// <summary>An exception with no message.</summary>
    public TrainingDivergedException() { }

    /// <summary>An exception with <paramref name="message"/> and the exception that caused it.</summary>
    public TrainingDivergedException(string message, Exception inner) : base(message, inner) { }
}
