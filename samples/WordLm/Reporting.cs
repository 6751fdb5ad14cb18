using System;
using System.Globalization;
using System.IO;
using ModelGen.Training;

namespace WordLm;

/// <summary>
/// Prints the progress of one epoch about ten times: steps done, running training perplexity, learning rate, gradient norm
/// (before clipping), throughput. The rate and the norm are shown for the loss summed over a batch's <c>stepsPerBatch</c>
/// steps, the units of --lr and --clip; the trainer sees those of the mean loss.
/// </summary>
internal sealed class EpochProgress(TextWriter output, int epoch, long steps, int stepsPerBatch) : IProgress<TrainingProgress>
{
    private readonly long _interval = Math.Max(1, steps / 10);
    private double _lossSum;
    private long _count;

    public void Report(TrainingProgress p)
    {
        _lossSum += p.Loss;
        _count++;
        if (p.Step % _interval != 0 || p.Step == steps) return;
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  epoch {epoch,2}  step {p.Step,6}/{steps}  train ppl {Math.Exp(_lossSum / _count),9:F2}  lr {p.LearningRate / stepsPerBatch:G4}  |grad| {p.GradientNorm * stepsPerBatch,6:F2}  {p.TokensPerSecond,7:N0} tokens/s"));
    }
}

/// <summary>A schedule read <see cref="Offset"/> steps further on: an epoch's trainer counts from 0, the schedule from the run's start.</summary>
internal sealed class ShiftedSchedule(LearningRateSchedule schedule, long offset) : LearningRateSchedule
{
    /// <summary>Steps done before this trainer started.</summary>
    public long Offset => offset;

    /// <inheritdoc/>
    public override double Rate(long step) => schedule.Rate(offset + step);
}

/// <summary>A problem with the run's inputs that is not a data file or checkpoint format error: the message says what to do.</summary>
internal sealed class WordLmException(string message) : Exception(message);
