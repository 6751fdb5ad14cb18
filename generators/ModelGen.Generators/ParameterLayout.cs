using System.Collections.Generic;

namespace ModelGen.Generators;

/// <summary>One tensor of the parameter buffer as the emitter names it.</summary>
/// <param name="Name">PyTorch state_dict name, e.g. "rnn.weight_ih_l0".</param>
/// <param name="Property">The generated view's name, e.g. "weight_ih_l0".</param>
/// <param name="OffsetConstant">The generated offset constant, e.g. "WeightIhL0Offset".</param>
/// <param name="Offset">First element in the buffer.</param>
/// <param name="Dims">Shape.</param>
/// <param name="DimNames">Shape as constant expressions of the generated class, e.g. "Layer0Gates".</param>
/// <param name="Meaning">What it holds, for the layout table.</param>
internal sealed record TensorLayout(string Name, string Property, string OffsetConstant, long Offset, long[] Dims, string[] DimNames, string Meaning)
{
    public long Length
    {
        get
        {
            long n = 1;
            foreach (long d in Dims) n *= d;
            return n;
        }
    }

    public string LengthExpression => string.Join(" * ", DimNames);
}

/// <summary>
/// The parameter buffer's layout: PyTorch's tensors in PyTorch's order (embedding, then per layer
/// weight_ih, weight_hh, bias_ih, bias_hh, then the head), gate blocks in PyTorch's order.
/// </summary>
internal static class ParameterLayout
{
    public static IReadOnlyList<TensorLayout> Compute(ModelSpec m)
    {
        var tensors = new List<TensorLayout>();
        long offset = 0;
        void Add(string name, string property, string offsetConstant, long[] dims, string[] dimNames, string meaning)
        {
            var t = new TensorLayout(name, property, offsetConstant, offset, dims, dimNames, meaning);
            tensors.Add(t);
            offset += t.Length;
        }

        if (m.TokenInput)
            Add("embedding.weight", "embedding_weight", "EmbeddingWeightOffset", new long[] { m.Vocab, m.Embedding }, new[] { "Vocab", "Embedding" }, "token embeddings");

        foreach (var layer in m.Layers)
        {
            // PyTorch's order: all tensors of the forward direction, then the same with the suffix "_reverse".
            for (int direction = 0; direction < layer.Directions; direction++)
            {
                string l = "Layer" + layer.Index;
                string s = "_l" + layer.Index + (direction == 1 ? "_reverse" : "");
                string c = "L" + layer.Index + (direction == 1 ? "Reverse" : "");
                string what = direction == 1 ? " (reverse direction)" : "";
                string gates = GateNames(layer);
                long g = (long)layer.Gates * layer.Hidden;
                Add("rnn.weight_ih" + s, "weight_ih" + s, "WeightIh" + c + "Offset", new[] { g, layer.InputSize }, new[] { l + "Gates", l + "Input" }, "input weights (" + gates + ")" + what);
                Add("rnn.weight_hh" + s, "weight_hh" + s, "WeightHh" + c + "Offset", new[] { g, layer.Hidden }, new[] { l + "Gates", l + "Hidden" }, "recurrent weights (" + gates + ")" + what);
                Add("rnn.bias_ih" + s, "bias_ih" + s, "BiasIh" + c + "Offset", new[] { g }, new[] { l + "Gates" }, "input biases" + what);
                Add("rnn.bias_hh" + s, "bias_hh" + s, "BiasHh" + c + "Offset", new[] { g }, new[] { l + "Gates" }, "recurrent biases" + what);
                if (layer.Peephole)
                {
                    Add("rnn.peephole_i" + s, "peephole_i" + s, "PeepholeI" + c + "Offset", new long[] { layer.Hidden }, new[] { l + "Hidden" }, "peephole c(t-1) -> i" + what);
                    Add("rnn.peephole_f" + s, "peephole_f" + s, "PeepholeF" + c + "Offset", new long[] { layer.Hidden }, new[] { l + "Hidden" }, "peephole c(t-1) -> f" + what);
                    Add("rnn.peephole_o" + s, "peephole_o" + s, "PeepholeO" + c + "Offset", new long[] { layer.Hidden }, new[] { l + "Hidden" }, "peephole c(t) -> o" + what);
                }
            }
        }

        string top = "Layer" + m.Top.Index + "Output";
        Add("head.weight", "head_weight", "HeadWeightOffset", new long[] { m.Output, m.Top.OutputSize }, new[] { "Output", top }, "head weights");
        Add("head.bias", "head_bias", "HeadBiasOffset", new long[] { m.Output }, new[] { "Output" }, "head biases");
        return tensors;
    }

    public static long Count(ModelSpec m)
    {
        long total = 0;
        foreach (var t in Compute(m)) total += t.Length;
        return total;
    }

    public static string GateNames(LayerSpec layer) => layer.Cell switch
    {
        CellKind.Lstm => "i, f, g, o",
        CellKind.Gru => "r, z, n",
        _ => "h",
    };
}
