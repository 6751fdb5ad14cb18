namespace ModelGen.Generators;

/// <summary>The recurrent cell of a layer (mirrors ModelGen.CellType).</summary>
internal enum CellKind { Rnn = 0, Gru = 1, Lstm = 2 }

/// <summary>The head on top of the stack (mirrors ModelGen.Head).</summary>
internal enum HeadKind { SoftmaxPerStep = 0, SoftmaxLast = 1, LinearPerStep = 2, LinearLast = 3, SigmoidLast = 4 }

/// <summary>One recurrent layer: what the emitter needs to write its forward and backward methods.</summary>
/// <param name="Index">Layer number, 0 at the bottom.</param>
/// <param name="Cell">Its cell.</param>
/// <param name="InputSize">Width of what it reads per step.</param>
/// <param name="Hidden">Its hidden size.</param>
/// <param name="Relu">RNN cells: relu instead of tanh.</param>
/// <param name="Peephole">LSTM cells: diagonal peephole weights.</param>
/// <param name="Bidirectional">A forward and a reverse direction, outputs concatenated.</param>
/// <param name="Dropout">Dropout on the layer's outputs while training (0 for the top layer).</param>
internal sealed record LayerSpec(int Index, CellKind Cell, int InputSize, int Hidden, bool Relu, bool Peephole, bool Bidirectional, float Dropout)
{
    /// <summary>Number of directions: 2 when bidirectional, else 1.</summary>
    public int Directions => Bidirectional ? 2 : 1;

    /// <summary>Width of the layer's output: Directions × Hidden.</summary>
    public int OutputSize => Directions * Hidden;

    /// <summary>Number of gate blocks: 1 (RNN), 3 (GRU: r, z, n), 4 (LSTM: i, f, g, o).</summary>
    public int Gates => Cell switch { CellKind.Lstm => 4, CellKind.Gru => 3, _ => 1 };
}

/// <summary>
/// The one description of a model that both front ends (attributes, spec files) lower to and the emitter reads.
/// <see cref="Gpu"/>: also emit the ILGPU variant (a nested class Gpu). Plain values only: no symbols, syntax nodes, locations or compilations, so the pipeline can cache on equality.
/// </summary>
internal sealed record ModelSpec(
    string? Namespace,
    string ClassName,
    string Accessibility,
    CellKind Cell,
    bool Relu,
    bool Peephole,
    int Vocab,
    int Embedding,
    int Input,
    int Hidden,
    int Output,
    HeadKind Head,
    float Dropout,
    bool IsDouble,
    bool Bidirectional,
    ImmutableEquatableArray<LayerSpec> Layers,
    bool Gpu = false)
{
    public bool TokenInput => Vocab > 0;
    public int FirstLayerInput => TokenInput ? Embedding : Input;
    public LayerSpec Top => Layers[Layers.Count - 1];
    public bool PerStepHead => Head is HeadKind.SoftmaxPerStep or HeadKind.LinearPerStep;
    public bool ClassLabels => Head is HeadKind.SoftmaxPerStep or HeadKind.SoftmaxLast;
}

/// <summary>What parsing one declaration produced: a model, diagnostics, or both empty.</summary>
internal sealed record ParseResult(ModelSpec? Model, ImmutableEquatableArray<DiagnosticInfo> Diagnostics);
