using System;
using System.Numerics;

namespace ModelGen;

/// <summary>
/// What every generated model can do, independent of its sizes. Trainers, evaluators, samplers and
/// checkpoints work against this interface, so they are generic without reflection (and AOT-safe).
/// </summary>
/// <typeparam name="T">The element type: <see cref="float"/> or <see cref="double"/>.</typeparam>
/// <remarks>
/// Layouts (all row-major, batch-first as PyTorch's <c>batch_first=True</c>):
/// <list type="bullet">
/// <item>tokens and per-step labels: [B, T]; features: [B, T, Input]; per-step targets and outputs: [B, T, Output];
/// last-step labels: [B]; last-step targets and outputs: [B, Output].</item>
/// <item>recurrent state of a batch: h [Layers, B, Hidden] followed, for LSTM layers, by c [Layers, B, Hidden]
/// (the <c>(h_0, c_0)</c> of <c>torch.nn.LSTM</c>); of a single sequence in <see cref="Step(int, Span{T}, Span{T})"/>: the same with B = 1.</item>
/// </list>
/// Gradients accumulate (<c>+=</c>) as in PyTorch: call <see cref="ZeroGradients"/> before each backward pass.
/// </remarks>
public interface IRecurrentModel<T> where T : unmanaged, IBinaryFloatingPointIeee754<T>
{
    /// <summary>The architecture: sizes, cell, head, parameter layout.</summary>
    ModelInfo Info { get; }

    /// <summary>All parameters in one contiguous buffer, laid out as <see cref="ModelInfo.Tensors"/> says.</summary>
    Span<T> Parameters { get; }

    /// <summary>Gradients of the loss with respect to <see cref="Parameters"/>, same layout.</summary>
    Span<T> Gradients { get; }

    /// <summary>The view of one parameter tensor by its PyTorch name (for example <c>rnn.weight_ih_l0</c>).</summary>
    Span<T> Tensor(string name);

    /// <summary>The view of one gradient tensor by its PyTorch name.</summary>
    Span<T> TensorGradient(string name);

    /// <summary>Re-initializes every parameter as PyTorch does by default, from <paramref name="seed"/>.</summary>
    void ResetParameters(int seed);

    /// <summary>The generator of dropout masks; reseed it to replay the same masks, save its state to resume exactly.</summary>
    Numerics.Rng DropoutRng { get; }

    /// <summary>Sets every gradient, and <see cref="FinalStateGradient"/>, to zero.</summary>
    void ZeroGradients();

    /// <summary>The batch size the training state is sized for (set by <see cref="ResetState"/> or a forward pass).</summary>
    int BatchSize { get; }

    /// <summary>The initial recurrent state of the next <see cref="Forward"/>, [StateSize * BatchSize] (see remarks).</summary>
    Span<T> State { get; }

    /// <summary>The recurrent state after the last step of the last <see cref="Forward"/>, same layout as <see cref="State"/>.</summary>
    ReadOnlySpan<T> FinalState { get; }

    /// <summary>The gradient of the loss with respect to <see cref="State"/>, written by <see cref="Backward"/>.</summary>
    ReadOnlySpan<T> StateGradient { get; }

    /// <summary>
    /// The gradient of the loss with respect to <see cref="FinalState"/> from outside the model, same layout; read by
    /// <see cref="Backward"/>, which adds it in at the last step (for the reverse direction of a bidirectional layer,
    /// at the first). It is how a loss reaches an encoder whose final state starts a decoder (copy the decoder's
    /// <see cref="StateGradient"/> here), like <c>h_n.backward(grad)</c> in PyTorch. Zero unless set; set to zero by
    /// <see cref="ZeroGradients"/> and <see cref="ResetState"/>. With it set, <see cref="Backward"/> also works after a
    /// forward pass without targets: the head then contributes nothing.
    /// </summary>
    Span<T> FinalStateGradient { get; }

    /// <summary>For feature input: the gradient of the loss with respect to the features, [B, T, Input], written by <see cref="Backward"/>.</summary>
    ReadOnlySpan<T> InputGradient { get; }

    /// <summary>The head's outputs of the last forward pass (logits for the softmax and sigmoid heads), see remarks for the layout.</summary>
    ReadOnlySpan<T> Outputs { get; }

    /// <summary>Sizes the training state for <paramref name="batchSize"/> sequences and sets it (and <see cref="FinalStateGradient"/>) to zero.</summary>
    void ResetState(int batchSize);

    /// <summary>Copies <see cref="FinalState"/> into <see cref="State"/>: the next batch continues where this one ended (truncated BPTT).</summary>
    void CarryState();

    /// <summary>
    /// Runs the forward pass over a batch, keeping what <see cref="Backward"/> needs, and returns the head's mean loss
    /// (or zero when the batch carries no targets). <paramref name="training"/> turns dropout on.
    /// </summary>
    T Forward(in SequenceBatch<T> batch, bool training = false);

    /// <summary>
    /// Backpropagation through time of the last <see cref="Forward"/>: adds the gradient of its loss (plus
    /// <see cref="FinalStateGradient"/> · <see cref="FinalState"/>) to <see cref="Gradients"/>, and writes <see cref="StateGradient"/>.
    /// </summary>
    void Backward();

    /// <summary>One step of one sequence with token input: advances <paramref name="state"/> [StateSize] in place and writes the head's output.</summary>
    void Step(int token, Span<T> state, Span<T> output);

    /// <summary>One step of one sequence with feature input: advances <paramref name="state"/> [StateSize] in place and writes the head's output.</summary>
    void Step(ReadOnlySpan<T> input, Span<T> state, Span<T> output);
}

/// <summary>The static face of a generated model: its description and a factory, for generic code.</summary>
public interface IRecurrentModel<TSelf, T> : IRecurrentModel<T>
    where TSelf : class, IRecurrentModel<TSelf, T>
    where T : unmanaged, IBinaryFloatingPointIeee754<T>
{
    /// <summary>The architecture of every instance of this model.</summary>
    static abstract ModelInfo ModelInfo { get; }

    /// <summary>Number of parameters.</summary>
    static abstract int ParameterCount { get; }

    /// <summary>Number of state elements of one sequence (h of every layer, then c of every LSTM layer).</summary>
    static abstract int StateSize { get; }

    /// <summary>Width of the head's output.</summary>
    static abstract int OutputSize { get; }

    /// <summary>A new model initialized from <paramref name="seed"/>.</summary>
    static abstract TSelf Create(int seed);
}

/// <summary>
/// One batch of sequences for <see cref="IRecurrentModel{T}.Forward"/>. Give <see cref="Tokens"/> (token input) or
/// <see cref="Features"/> (feature input), and for training the targets the head expects: <see cref="Labels"/> for the
/// softmax heads, <see cref="Targets"/> for the linear and sigmoid heads.
/// </summary>
public readonly ref struct SequenceBatch<T> where T : unmanaged
{
    /// <summary>Number of sequences, B.</summary>
    public int BatchSize { get; init; }
    /// <summary>Number of steps of every sequence, T.</summary>
    public int Steps { get; init; }
    /// <summary>Token ids [B, T].</summary>
    public ReadOnlySpan<int> Tokens { get; init; }
    /// <summary>Features [B, T, Input].</summary>
    public ReadOnlySpan<T> Features { get; init; }
    /// <summary>Class labels for the softmax heads: [B, T] per step, [B] on the last step.</summary>
    public ReadOnlySpan<int> Labels { get; init; }
    /// <summary>Targets for the linear heads ([B, T, Output] or [B, Output]) and the sigmoid head ([B, Output], 0 or 1).</summary>
    public ReadOnlySpan<T> Targets { get; init; }

    /// <summary>A batch of token sequences with optional labels.</summary>
    public static SequenceBatch<T> FromTokens(ReadOnlySpan<int> tokens, int batchSize, int steps, ReadOnlySpan<int> labels = default)
        => new() { Tokens = tokens, BatchSize = batchSize, Steps = steps, Labels = labels };

    /// <summary>A batch of feature sequences with optional targets.</summary>
    public static SequenceBatch<T> FromFeatures(ReadOnlySpan<T> features, int batchSize, int steps, ReadOnlySpan<T> targets = default, ReadOnlySpan<int> labels = default)
        => new() { Features = features, BatchSize = batchSize, Steps = steps, Targets = targets, Labels = labels };
}
