using System;
using System.Numerics;

namespace ModelGen.Runtime.Tests;

/// <summary>
/// A hand-written stand-in for a generated model: a GRU-shaped token model with two tensors. Step makes token t's most
/// likely successor (t + 1) mod V, so greedy generation counts upwards. Training passes are not supported.
/// </summary>
internal sealed class FakeModel<T> : IRecurrentModel<T> where T : unmanaged, IBinaryFloatingPointIeee754<T>
{
    private readonly T[] _parameters;
    private readonly T[] _gradients;
    private int _parameterReads;

    public FakeModel(int vocab = 5, int hidden = 3, string name = "FakeGru")
    {
        int embedding = 2;
        Info = new ModelInfo
        {
            Name = name,
            Cell = CellType.Gru,
            Vocab = vocab,
            Embedding = embedding,
            Hidden = hidden,
            Layers = 1,
            Output = vocab,
            Head = Head.SoftmaxPerStep,
            ElementType = typeof(T) == typeof(double) ? ElementType.Double : ElementType.Float,
            ParameterCount = vocab * embedding + vocab * hidden + vocab,
            StateSize = hidden,
            Tensors =
            [
                new TensorInfo("encoder.weight", 0, [vocab, embedding]),
                new TensorInfo("decoder.weight", vocab * embedding, [vocab, hidden]),
                new TensorInfo("decoder.bias", vocab * embedding + vocab * hidden, [vocab]),
            ],
        };
        _parameters = new T[Info.ParameterCount];
        _gradients = new T[Info.ParameterCount];
    }

    /// <summary>Parameters throws once it has been read this many times (to make a save fail midway).</summary>
    public int ParameterReadsBeforeFailure { get; set; } = int.MaxValue;

    /// <summary>Number of Step calls so far.</summary>
    public int Steps { get; private set; }

    public ModelInfo Info { get; }

    public Numerics.Rng DropoutRng { get; } = new(1);

    public Span<T> Parameters
    {
        get
        {
            if (_parameterReads++ >= ParameterReadsBeforeFailure) throw new InvalidOperationException("Simulated failure while reading parameters.");
            return _parameters;
        }
    }

    public Span<T> Gradients => _gradients;

    public Span<T> Tensor(string name)
    {
        TensorInfo t = Info.FindTensor(name) ?? throw new ArgumentException($"No tensor '{name}'.", nameof(name));
        return _parameters.AsSpan(t.Offset, t.Length);
    }

    public Span<T> TensorGradient(string name)
    {
        TensorInfo t = Info.FindTensor(name) ?? throw new ArgumentException($"No tensor '{name}'.", nameof(name));
        return _gradients.AsSpan(t.Offset, t.Length);
    }

    public void ResetParameters(int seed)
    {
        var rng = new Numerics.Rng(seed);
        for (int i = 0; i < _parameters.Length; i++) _parameters[i] = T.CreateTruncating(rng.NextUniform(-1, 1));
    }

    public void ZeroGradients() => Array.Clear(_gradients);

    public int BatchSize => 0;
    public Span<T> State => Span<T>.Empty;
    public ReadOnlySpan<T> FinalState => ReadOnlySpan<T>.Empty;
    public ReadOnlySpan<T> StateGradient => ReadOnlySpan<T>.Empty;
    public Span<T> FinalStateGradient => Span<T>.Empty;
    public ReadOnlySpan<T> InputGradient => ReadOnlySpan<T>.Empty;
    public ReadOnlySpan<T> Outputs => ReadOnlySpan<T>.Empty;

    public void ResetState(int batchSize) => throw new NotSupportedException();
    public void CarryState() => throw new NotSupportedException();
    public T Forward(in SequenceBatch<T> batch, bool training = false) => throw new NotSupportedException();
    public void Backward() => throw new NotSupportedException();

    public void Step(int token, Span<T> state, Span<T> output)
    {
        if (state.Length != Info.StateSize || output.Length != Info.Output) throw new ArgumentException("Wrong buffer sizes.");
        Steps++;
        state[0] += T.One;
        output.Clear();
        output[(token + 1) % Info.Vocab] = T.CreateTruncating(10.0);
    }

    public void Step(ReadOnlySpan<T> input, Span<T> state, Span<T> output) => throw new NotSupportedException();
}
