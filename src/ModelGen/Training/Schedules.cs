using System;

namespace ModelGen.Training;

/// <summary>A learning rate as a pure function of the step (from 0), so resuming at a step resumes the schedule exactly.</summary>
public abstract class LearningRateSchedule
{
    /// <summary>The learning rate of step <paramref name="step"/>.</summary>
    public abstract double Rate(long step);

    /// <summary>Throws unless the rate is finite and ≥ 0.</summary>
    protected static double CheckRate(string what, double rate)
        => rate >= 0 && double.IsFinite(rate) ? rate : throw new ArgumentOutOfRangeException(what, $"{what} must be a finite number ≥ 0; got {rate}.");
}

/// <summary>The same rate at every step.</summary>
public sealed class ConstantSchedule(double rate) : LearningRateSchedule
{
    private readonly double _rate = CheckRate("The learning rate", rate);

    /// <inheritdoc/>
    public override double Rate(long step) => _rate;
}

/// <summary>
/// Step decay: <c>rate</c> until <c>startAfter</c> steps, then multiplied by <c>factor</c> every
/// <c>decayEvery</c> steps. Zaremba et al. 2014 (lr 1, halved every epoch after epoch 4):
/// <c>new StepDecaySchedule(1.0, decayEvery: batchesPerEpoch, factor: 0.5, startAfter: 4 * batchesPerEpoch)</c>.
/// </summary>
public sealed class StepDecaySchedule : LearningRateSchedule
{
    private readonly double _rate, _factor;
    private readonly long _every, _startAfter;

    /// <summary>A step-decay schedule.</summary>
    public StepDecaySchedule(double rate, long decayEvery, double factor, long startAfter = 0)
    {
        _rate = CheckRate("The learning rate", rate);
        _every = decayEvery > 0 ? decayEvery : throw new ArgumentOutOfRangeException(nameof(decayEvery), $"decayEvery must be positive; got {decayEvery}.");
        _factor = factor > 0 && factor <= 1 ? factor : throw new ArgumentOutOfRangeException(nameof(factor), $"The decay factor must be in (0, 1]; got {factor}.");
        _startAfter = startAfter >= 0 ? startAfter : throw new ArgumentOutOfRangeException(nameof(startAfter), $"startAfter must not be negative; got {startAfter}.");
    }

    /// <inheritdoc/>
    public override double Rate(long step)
    {
        if (step < _startAfter) return _rate;
        long decays = (step - _startAfter) / _every + 1;
        return _rate * Math.Pow(_factor, decays);
    }
}

/// <summary>Linear warm-up to <c>rate</c>, then cosine decay to <c>minRate</c> at <c>totalSteps</c> (and <c>minRate</c> after).</summary>
public sealed class CosineSchedule : LearningRateSchedule
{
    private readonly double _rate, _minRate;
    private readonly long _total, _warmup;

    /// <summary>A cosine schedule.</summary>
    public CosineSchedule(double rate, long totalSteps, double minRate = 0, long warmupSteps = 0)
    {
        _rate = CheckRate("The learning rate", rate);
        _minRate = CheckRate("The minimum learning rate", minRate);
        if (minRate > rate) throw new ArgumentOutOfRangeException(nameof(minRate), $"The minimum learning rate ({minRate}) exceeds the learning rate ({rate}).");
        _total = totalSteps > 0 ? totalSteps : throw new ArgumentOutOfRangeException(nameof(totalSteps), $"totalSteps must be positive; got {totalSteps}.");
        _warmup = warmupSteps >= 0 && warmupSteps < totalSteps ? warmupSteps
            : throw new ArgumentOutOfRangeException(nameof(warmupSteps), $"warmupSteps must be in [0, totalSteps); got {warmupSteps}.");
    }

    /// <inheritdoc/>
    public override double Rate(long step)
    {
        if (step < _warmup) return _rate * (step + 1) / _warmup;
        if (step >= _total) return _minRate;
        double progress = (double)(step - _warmup) / (_total - _warmup);
        return _minRate + 0.5 * (_rate - _minRate) * (1 + Math.Cos(Math.PI * progress));
    }
}
