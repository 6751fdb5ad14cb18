using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Numerics;

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
public readonly record struct TrainingProgress(
    long Step, long TotalSteps, int Epoch, double Loss, double LearningRate, double GradientNorm, double TokensPerSecond, EvaluationResult? Validation);

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
        long tokens = 0;
        int consecutiveSkips = 0;
        long end = Step + (_options.Epochs > 0 ? (long)_options.Epochs * train.BatchesPerEpoch : _options.Steps);
        bool stateStarted = false;

        while (Step < end)
        {
            int index = (int)(Position % train.BatchesPerEpoch);
            int epoch = (int)(Position / train.BatchesPerEpoch);
            var batch = train.GetBatch(index);
            // A new epoch (or a source of independent sequences) starts from a zero state.
            if (!stateStarted || index == 0 || !train.ContinuesState || batch.BatchSize != _model.BatchSize)
            {
                _model.ResetState(batch.BatchSize);
                stateStarted = true;
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
                _model.ResetState(batch.BatchSize);
                if (++consecutiveSkips >= _options.MaxConsecutiveSkips)
                    throw new InvalidOperationException(
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
            _options.Progress?.Report(new TrainingProgress(Step, end, epoch, loss, rate, norm, tokens / Math.Max(clock.Elapsed.TotalSeconds, 1e-9), validated));
        }

        result.Elapsed = clock.Elapsed;
        result.TokensPerSecond = tokens / Math.Max(clock.Elapsed.TotalSeconds, 1e-9);
        return result;
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
