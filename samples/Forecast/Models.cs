using ModelGen;

namespace Forecast;

/// <summary>The compile-time sizes shared by the forecasting models.</summary>
public static class ModelSizes
{
    /// <summary>
    /// Input series per step. The sizes are compile-time constants, so a CSV with fewer chosen columns leaves the other
    /// input slots at zero, and one with more needs a model declared with a bigger Input here.
    /// </summary>
    public const int MaxSeries = 4;

    /// <summary>Hidden units of every model.</summary>
    public const int Hidden = 32;
}

// One model per cell, same sizes, one-step-ahead forecast of one target (Output = 1, Head = LinearLast: mean squared
// error on the last step of each window). Why these sizes: the series are low-dimensional (up to 4 inputs per step)
// and short (a few thousand points, so a few thousand windows at most); 32 hidden units (4,897 LSTM parameters) are
// enough to fit a seasonal pattern or the sunspot cycle's local shape, a bigger net would mainly have more room to
// overfit the ~2,200 training windows of the sunspot series, and one layer keeps an epoch to a fraction of a second
// on 2 CPU cores.

/// <summary>LSTM forecaster: 4 input series, 32 hidden units, a linear head on the last step.</summary>
[LstmModel(Input = ModelSizes.MaxSeries, Hidden = ModelSizes.Hidden, Output = 1, Head = Head.LinearLast)]
public partial class ForecastLstm;

/// <summary>GRU forecaster: 4 input series, 32 hidden units, a linear head on the last step.</summary>
[GruModel(Input = ModelSizes.MaxSeries, Hidden = ModelSizes.Hidden, Output = 1, Head = Head.LinearLast)]
public partial class ForecastGru;

/// <summary>Elman (tanh) RNN forecaster: 4 input series, 32 hidden units, a linear head on the last step.</summary>
[RnnModel(Input = ModelSizes.MaxSeries, Hidden = ModelSizes.Hidden, Output = 1, Head = Head.LinearLast)]
public partial class ForecastRnn;
