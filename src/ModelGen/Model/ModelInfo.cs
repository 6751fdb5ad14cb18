using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text;

namespace ModelGen;

/// <summary>One named tensor in a model's parameter buffer.</summary>
/// <param name="Name">PyTorch <c>state_dict</c> name, for example <c>rnn.weight_ih_l0</c>.</param>
/// <param name="Offset">First element in the parameter buffer.</param>
/// <param name="Shape">Shape, row-major.</param>
public sealed record TensorInfo(string Name, int Offset, int[] Shape)
{
    /// <summary>Number of elements.</summary>
    public int Length
    {
        get
        {
            int n = 1;
            foreach (int d in Shape) n *= d;
            return n;
        }
    }

    /// <summary>The shape as PyTorch prints it, e.g. <c>[1024, 64]</c>.</summary>
    public string ShapeText => "[" + string.Join(", ", Shape) + "]";
}

/// <summary>The architecture of a generated model: what the generator knew at compile time.</summary>
public sealed class ModelInfo
{
    /// <summary>The model class's name.</summary>
    public required string Name { get; init; }
    /// <summary>The cell of every layer.</summary>
    public required CellType Cell { get; init; }
    /// <summary>The RNN nonlinearity (RNN cells only).</summary>
    public Activation Activation { get; init; }
    /// <summary>Whether LSTM cells have peephole weights.</summary>
    public bool Peephole { get; init; }
    /// <summary>Whether every layer runs in both directions (outputs 2 × Hidden wide).</summary>
    public bool Bidirectional { get; init; }
    /// <summary>
    /// True when every layer has the same cell, hidden size and options (as the attributes declare); a spec file can
    /// mix them, and then <see cref="Cell"/> is the bottom layer's and <see cref="Hidden"/> the top layer's.
    /// </summary>
    public bool IsUniform { get; init; } = true;
    /// <summary>The layers as PyTorch prints modules, e.g. "LSTM(64, 256) → GRU(256, 128, bidirectional)".</summary>
    public string LayerSummary { get; init; } = "";
    /// <summary>Vocabulary size (token input), else 0.</summary>
    public int Vocab { get; init; }
    /// <summary>Embedding width (token input), else 0.</summary>
    public int Embedding { get; init; }
    /// <summary>Features per step (feature input), else 0.</summary>
    public int Input { get; init; }
    /// <summary>Hidden size of every layer.</summary>
    public required int Hidden { get; init; }
    /// <summary>Number of recurrent layers.</summary>
    public required int Layers { get; init; }
    /// <summary>Width of the head's output.</summary>
    public required int Output { get; init; }
    /// <summary>The head.</summary>
    public required Head Head { get; init; }
    /// <summary>Dropout between layers while training.</summary>
    public float Dropout { get; init; }
    /// <summary>Element type.</summary>
    public ElementType ElementType { get; init; }
    /// <summary>Total number of parameters.</summary>
    public required int ParameterCount { get; init; }
    /// <summary>State elements per sequence.</summary>
    public required int StateSize { get; init; }
    /// <summary>The tensors of the parameter buffer, in buffer order.</summary>
    public required IReadOnlyList<TensorInfo> Tensors { get; init; }

    /// <summary>True for token input (<see cref="Vocab"/> and <see cref="Embedding"/>).</summary>
    public bool TokenInput => Vocab > 0;
    /// <summary>Width of what the first recurrent layer reads per step.</summary>
    public int LayerInput => TokenInput ? Embedding : Input;
    /// <summary>Number of directions of every layer: 2 when bidirectional, else 1.</summary>
    public int Directions => Bidirectional ? 2 : 1;
    /// <summary>True for the heads that produce an output at every step.</summary>
    public bool PerStepHead => Head is Head.SoftmaxPerStep or Head.LinearPerStep;
    /// <summary>True for the heads trained against class labels.</summary>
    public bool ClassificationHead => Head is Head.SoftmaxPerStep or Head.SoftmaxLast;

    /// <summary>The tensor with this name, or null.</summary>
    public TensorInfo? FindTensor(string name)
    {
        foreach (var t in Tensors)
            if (t.Name == name) return t;
        return null;
    }

    /// <summary>
    /// A canonical one-line description of the architecture, used in checkpoint metadata and to compare models:
    /// two models with equal descriptions have interchangeable parameters.
    /// </summary>
    public string Architecture
    {
        get
        {
            var sb = new StringBuilder();
            if (!IsUniform)
            {
                // A stack from a spec file: every layer says what it is.
                sb.Append(CultureInfo.InvariantCulture, $"{Layers} layers [{LayerSummary}]");
            }
            else
            {
                sb.Append(Cell switch { CellType.Rnn => "RNN", CellType.Gru => "GRU", _ => "LSTM" });
                if (Cell == CellType.Rnn) sb.Append('(').Append(Activation == Activation.Relu ? "relu" : "tanh").Append(')');
                if (Peephole) sb.Append("(peephole)");
                if (Bidirectional) sb.Append(" bidirectional");
                sb.Append(CultureInfo.InvariantCulture, $" {Layers}x{Hidden}");
            }
            if (TokenInput) sb.Append(CultureInfo.InvariantCulture, $", vocab {Vocab}, embedding {Embedding}");
            else sb.Append(CultureInfo.InvariantCulture, $", input {Input}");
            sb.Append(CultureInfo.InvariantCulture, $", head {Head} {Output}");
            sb.Append(ElementType == ElementType.Double ? ", double" : ", float");
            return sb.ToString();
        }
    }

    /// <inheritdoc/>
    public override string ToString() => $"{Name}: {Architecture}, {ParameterCount:N0} parameters";
}
