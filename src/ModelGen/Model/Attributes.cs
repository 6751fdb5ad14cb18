using System;

namespace ModelGen;

/// <summary>The recurrent cell of a layer.</summary>
public enum CellType
{
    /// <summary>Elman RNN: h' = act(W_ih x + b_ih + W_hh h + b_hh).</summary>
    Rnn,
    /// <summary>Gated recurrent unit (Cho et al. 2014), PyTorch's formulation, gates r, z, n.</summary>
    Gru,
    /// <summary>Long short-term memory (Hochreiter &amp; Schmidhuber 1997), gates i, f, g, o.</summary>
    Lstm,
}

/// <summary>Nonlinearity of an <see cref="CellType.Rnn"/> cell.</summary>
public enum Activation
{
    /// <summary>h' = tanh(...), PyTorch's default.</summary>
    Tanh,
    /// <summary>h' = max(0, ...).</summary>
    Relu,
}

/// <summary>What sits on top of the recurrent stack, and which loss it trains with.</summary>
public enum Head
{
    /// <summary>Linear layer + softmax at every step, cross-entropy against a class per step (language models).</summary>
    SoftmaxPerStep,
    /// <summary>Linear layer + softmax on the last step, cross-entropy against one class per sequence (classification).</summary>
    SoftmaxLast,
    /// <summary>Linear layer at every step, mean squared error against a vector per step (sequence regression).</summary>
    LinearPerStep,
    /// <summary>Linear layer on the last step, mean squared error against one vector per sequence (forecasting).</summary>
    LinearLast,
    /// <summary>Linear layer + sigmoid on the last step, binary cross-entropy against 0/1 targets per output.</summary>
    SigmoidLast,
}

/// <summary>The floating-point type of parameters and activations.</summary>
public enum ElementType
{
    /// <summary>32-bit float (the default, and what training uses).</summary>
    Float,
    /// <summary>64-bit double (for gradient checks by finite differences).</summary>
    Double,
}

/// <summary>Properties shared by <see cref="RnnModelAttribute"/>, <see cref="GruModelAttribute"/> and <see cref="LstmModelAttribute"/>.</summary>
/// <remarks>
/// Inputs are either token ids (<see cref="Vocab"/> + <see cref="Embedding"/>) or float features (<see cref="Input"/>).
/// Every size becomes a compile-time constant of the generated class.
/// </remarks>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = false, Inherited = false)]
public abstract class RecurrentModelAttribute : Attribute
{
    /// <summary>Number of distinct token ids (token input). Use with <see cref="Embedding"/>.</summary>
    public int Vocab { get; set; }
    /// <summary>Width of the learned embedding of each token (token input).</summary>
    public int Embedding { get; set; }
    /// <summary>Number of float features per step (feature input). Excludes <see cref="Vocab"/>.</summary>
    public int Input { get; set; }
    /// <summary>Hidden size of every recurrent layer.</summary>
    public int Hidden { get; set; }
    /// <summary>Number of stacked recurrent layers (default 1).</summary>
    public int Layers { get; set; } = 1;
    /// <summary>Width of the head's output. Defaults to <see cref="Vocab"/> for a language model.</summary>
    public int Output { get; set; }
    /// <summary>The head on top of the stack (default <see cref="ModelGen.Head.SoftmaxPerStep"/>).</summary>
    public Head Head { get; set; } = Head.SoftmaxPerStep;
    /// <summary>
    /// Each layer runs over the sequence in both directions and outputs both hidden states concatenated, as
    /// <c>torch.nn.LSTM(bidirectional=True)</c> (parameters of the backward direction are named <c>..._reverse</c>). The
    /// last-step heads read the final state of both directions (PyTorch's <c>cat(h_n[-2], h_n[-1])</c>). Not for a language
    /// model, which must not see the token it predicts (MG0018), and without <c>Step</c> streaming inference.
    /// </summary>
    public bool Bidirectional { get; set; }
    /// <summary>Dropout probability applied to the outputs of every layer but the last, while training (as in PyTorch).</summary>
    public float Dropout { get; set; }
    /// <summary>Element type of parameters and activations (default float).</summary>
    public ElementType ElementType { get; set; } = ElementType.Float;
    /// <summary>RNN cells only: the nonlinearity (default tanh). Setting it on a GRU or LSTM is a compile error (MG0008).</summary>
    public Activation Activation { get; set; } = Activation.Tanh;
    /// <summary>
    /// LSTM cells only: adds the diagonal peephole weights of Gers &amp; Schmidhuber (i and f see c_{t-1}, o sees c_t).
    /// Setting it on an RNN or GRU is a compile error (MG0007).
    /// </summary>
    public bool Peephole { get; set; }
    /// <summary>
    /// Also emit the GPU variant, a nested class <c>Model.Gpu</c> that runs the same forward and backward passes as ILGPU
    /// kernels (CUDA, or ILGPU's CPU accelerator) and trains with the same Trainer. Needs a reference to the ModelGen.Gpu
    /// package (MG0021) and float elements (MG0020). Models without it never reference ILGPU, so they stay NativeAOT-safe.
    /// </summary>
    public bool Gpu { get; set; }
}

/// <summary>Declares an Elman RNN model on a partial class; the generator emits its forward and backward passes.</summary>
public sealed class RnnModelAttribute : RecurrentModelAttribute
{
}

/// <summary>Declares a GRU model on a partial class; the generator emits its forward and backward passes.</summary>
public sealed class GruModelAttribute : RecurrentModelAttribute
{
}

/// <summary>Declares an LSTM model on a partial class; the generator emits its forward and backward passes.</summary>
public sealed class LstmModelAttribute : RecurrentModelAttribute
{
}

/// <summary>
/// Binds a partial class to a model spec file: <c>[ModelSpec("char-lstm")]</c> reads <c>specs/char-lstm.json</c> (any
/// <c>char-lstm.json</c> among the project's AdditionalFiles). A spec can say what the attributes cannot: a different
/// hidden size, cell, direction and dropout per layer. See <c>specs/modelgen.schema.json</c> for the format.
/// </summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = false, Inherited = false)]
public sealed class ModelSpecAttribute : Attribute
{
    /// <summary>Binds the class to the spec file named <paramref name="name"/>.json.</summary>
    public ModelSpecAttribute(string name) => Name = name;

    /// <summary>The spec's file name without ".json".</summary>
    public string Name { get; }
}
