using System;
using ModelGen;
using ModelGen.Numerics;
using ModelGen.Training;

namespace Forecast;

/// <summary>
/// Batches of sliding windows: features [B, Window, Slots] of the steps before each forecast step and its
/// standardized target [B, 1]. Every window is an independent sequence (<see cref="ContinuesState"/> is false).
/// The order is chronological until <see cref="Shuffle"/> permutes it (once per epoch, for training).
/// </summary>
public sealed class WindowBatches : IBatchSource<float>
{
    private readonly WindowedSeries _data;
    private readonly int[] _order;
    private readonly int _batchSize;
    private readonly float[] _features, _targets;
    private readonly Rng? _rng;

    /// <summary>The windows forecasting steps [<paramref name="from"/>, <paramref name="to"/>), <paramref name="batchSize"/> per batch; <paramref name="rng"/> shuffles them.</summary>
    public WindowBatches(WindowedSeries data, int from, int to, int batchSize, Rng? rng = null)
    {
        ArgumentNullException.ThrowIfNull(data);
        if (from < data.Window || to > data.Length || to <= from)
            throw new ArgumentOutOfRangeException(nameof(from), $"The forecast steps [{from}, {to}) need a full window of {data.Window} steps before them inside the {data.Length} steps.");
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);
        _data = data;
        _rng = rng;
        _order = new int[to - from];
        for (int i = 0; i < _order.Length; i++) _order[i] = from + i;
        _batchSize = Math.Min(batchSize, _order.Length);
        _features = new float[_batchSize * data.Window * data.Slots];
        _targets = new float[_batchSize];
    }

    /// <summary>Number of windows.</summary>
    public int Count => _order.Length;

    /// <summary>Windows per full batch.</summary>
    public int BatchSize => _batchSize;

    /// <inheritdoc/>
    public int BatchesPerEpoch => (_order.Length + _batchSize - 1) / _batchSize;

    /// <inheritdoc/>
    public bool ContinuesState => false;

    /// <summary>Permutes the windows (Fisher–Yates) with the generator given to the constructor.</summary>
    public void Shuffle()
    {
        if (_rng is null) throw new InvalidOperationException("These windows were created without a generator to shuffle them.");
        for (int i = _order.Length - 1; i > 0; i--)
        {
            int j = _rng.NextInt(i + 1);
            (_order[i], _order[j]) = (_order[j], _order[i]);
        }
    }

    /// <summary>The step that row <paramref name="row"/> of batch <paramref name="index"/> forecasts.</summary>
    public int ForecastStep(int index, int row) => _order[index * _batchSize + row];

    /// <inheritdoc/>
    public int CountOf(int index) => Math.Min(_batchSize, _order.Length - index * _batchSize);

    /// <inheritdoc/>
    public SequenceBatch<float> GetBatch(int index)
    {
        int rows = CountOf(index), window = _data.Window, width = window * _data.Slots;
        for (int r = 0; r < rows; r++)
        {
            int step = ForecastStep(index, r);
            _data.Inputs.AsSpan((step - window) * _data.Slots, width).CopyTo(_features.AsSpan(r * width, width));
            _targets[r] = _data.Target[step];
        }
        return SequenceBatch<float>.FromFeatures(_features.AsSpan(0, rows * width), rows, window, _targets.AsSpan(0, rows));
    }
}
