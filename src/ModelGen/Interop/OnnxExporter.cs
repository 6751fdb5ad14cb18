using System;
using System.Collections.Generic;
using System.IO;
using System.Numerics;
using System.Runtime.InteropServices;

namespace ModelGen.Interop;

/// <summary>
/// Exports a generated model as an ONNX file that ONNX Runtime (or any ONNX consumer) runs with the standard
/// operators: Gather for the embedding, one LSTM / GRU / RNN node per layer, MatMul + Add for the head.
/// </summary>
/// <remarks>
/// <para>Graph inputs: <c>tokens</c> (int64 [batch, seq]) or <c>features</c> (float [batch, seq, Input]), and the
/// initial state <c>h0</c> (float [layers × directions, batch, hidden]) and, for LSTMs, <c>c0</c>. Outputs:
/// <c>logits</c> ([batch, seq, Output] for the per-step heads, [batch, Output] for the last-step heads; pre-softmax /
/// pre-sigmoid, as <see cref="IRecurrentModel{T}.Outputs"/>), <c>h_n</c> and, for LSTMs, <c>c_n</c> (the final state,
/// PyTorch's layout). Batch and sequence length are dynamic.</para>
/// <para>Weights are converted to ONNX's conventions: gate blocks reordered (LSTM i, f, g, o → i, o, f, c; GRU r, z, n
/// → z, r, h with <c>linear_before_reset = 1</c>, which is PyTorch's GRU), biases concatenated as [Wb, Rb], peepholes
/// as P = [p_i, p_o, p_f]. The protobuf is written by hand from the field numbers of onnx.proto (ModelProto,
/// GraphProto, NodeProto, AttributeProto, TensorProto, ValueInfoProto), so the runtime needs no protobuf package.</para>
/// </remarks>
public static class OnnxExporter
{
    /// <summary>The default-domain operator set the file declares.</summary>
    public const int Opset = 17;

    /// <summary>The ONNX IR version the file declares (IR 8 goes with opset 17).</summary>
    public const int IrVersion = 8;

    /// <summary>Writes <paramref name="model"/> to <paramref name="path"/> atomically (a temporary file, then a rename).</summary>
    public static void Export<T>(IRecurrentModel<T> model, string path) where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentException.ThrowIfNullOrEmpty(path);
        byte[] bytes = ToBytes(model);
        string full = Path.GetFullPath(path);
        string directory = Path.GetDirectoryName(full) ?? ".";
        if (!Directory.Exists(directory))
            throw new DirectoryNotFoundException($"Cannot write the ONNX file '{path}': the directory '{directory}' does not exist.");
        string temporary = full + ".tmp-" + Guid.NewGuid().ToString("N");
        try
        {
            using (var stream = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write))
            {
                stream.Write(bytes);
                stream.Flush(flushToDisk: true);
            }
            File.Move(temporary, full, overwrite: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            try { File.Delete(temporary); } catch (IOException) { } catch (UnauthorizedAccessException) { }
            throw new IOException($"Cannot write the ONNX file '{path}': {e.Message}", e);
        }
    }

    /// <summary>Writes <paramref name="model"/> to <paramref name="stream"/>.</summary>
    public static void Export<T>(IRecurrentModel<T> model, Stream stream) where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(stream);
        stream.Write(ToBytes(model));
    }

    /// <summary>The ONNX ModelProto of <paramref name="model"/>.</summary>
    public static byte[] ToBytes<T>(IRecurrentModel<T> model) where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(model);
        ModelInfo info = model.Info;
        if (typeof(T) != typeof(float))
            throw new NotSupportedException($"{info.Name} is a {typeof(T).Name} model; ONNX Runtime's recurrent operators run in float only. Export a float model (copy the parameters into one declared without ElementType = Double).");

        if (!info.IsUniform)
            throw new NotSupportedException($"{info.Name} mixes cells or sizes across layers ({info.LayerSummary}); the ONNX export takes one cell and one hidden size for every layer, so its state is one h0 tensor. Export a uniform stack.");

        var g = new GraphBuilder();
        int layers = info.Layers, directions = info.Directions, hidden = info.Hidden;
        bool lstm = info.Cell == CellType.Lstm;

        // Inputs.
        string x;
        if (info.TokenInput)
        {
            g.Input("tokens", GraphBuilder.Int64, "batch", "seq");
            g.Initializer("embedding.weight", Copy(model, "embedding.weight"), info.Vocab, info.Embedding);
            x = g.Node("Gather", new[] { "embedding.weight", "tokens" }, "embedded"); // [batch, seq, E]
        }
        else
        {
            g.Input("features", GraphBuilder.Float, "batch", "seq", info.Input.ToString(System.Globalization.CultureInfo.InvariantCulture));
            x = "features";
        }
        g.Input("h0", GraphBuilder.Float, (layers * directions).ToString(System.Globalization.CultureInfo.InvariantCulture), "batch", hidden.ToString(System.Globalization.CultureInfo.InvariantCulture));
        if (lstm) g.Input("c0", GraphBuilder.Float, (layers * directions).ToString(System.Globalization.CultureInfo.InvariantCulture), "batch", hidden.ToString(System.Globalization.CultureInfo.InvariantCulture));

        // Time-major for the recurrent operators (layout 0): [seq, batch, in].
        x = g.Node("Transpose", new[] { x }, "x_time_major", a => a.Ints("perm", 1, 0, 2));
        g.Initializer("shape_keep2_merge", new long[] { 0, 0, -1 });
        g.Initializer("shape_keep1_merge", new long[] { 0, -1 });

        var finalH = new List<string>();
        var finalC = new List<string>();
        string lastYh = "";
        for (int l = 0; l < layers; l++)
        {
            int input = l == 0 ? info.LayerInput : directions * hidden;
            string s = "_l" + l.ToString(System.Globalization.CultureInfo.InvariantCulture);
            var (w, r, b, p) = ConvertLayer(model, info, l, input);
            g.Initializer("W" + s, w, directions, w.Length / directions / input, input);
            g.Initializer("R" + s, r, directions, r.Length / directions / hidden, hidden);
            g.Initializer("B" + s, b, directions, b.Length / directions);
            if (p is not null) g.Initializer("P" + s, p, directions, 3 * hidden);

            // This layer's slice of the initial state: [directions, batch, hidden].
            g.Initializer("starts" + s, new long[] { l * directions });
            g.Initializer("ends" + s, new long[] { (l + 1) * directions });
            g.Initializer("axes0", new long[] { 0 });
            string h0 = g.Node("Slice", new[] { "h0", "starts" + s, "ends" + s, "axes0" }, "h0" + s);
            string? c0 = lstm ? g.Node("Slice", new[] { "c0", "starts" + s, "ends" + s, "axes0" }, "c0" + s) : null;

            string op = info.Cell switch { CellType.Lstm => "LSTM", CellType.Gru => "GRU", _ => "RNN" };
            var inputs = new List<string> { x, "W" + s, "R" + s, "B" + s, "", h0 };
            if (lstm)
            {
                inputs.Add(c0!);
                if (p is not null) inputs.Add("P" + s);
            }
            var outputs = lstm ? new[] { "Y" + s, "Y_h" + s, "Y_c" + s } : new[] { "Y" + s, "Y_h" + s };
            g.Node(op, inputs.ToArray(), outputs, a =>
            {
                a.Int("hidden_size", hidden);
                a.String("direction", directions == 2 ? "bidirectional" : "forward");
                if (info.Cell == CellType.Gru) a.Int("linear_before_reset", 1);
                if (info.Cell == CellType.Rnn)
                {
                    string activation = info.Activation == Activation.Relu ? "Relu" : "Tanh";
                    a.Strings("activations", directions == 2 ? new[] { activation, activation } : new[] { activation }); // one per direction
                }
            });
            finalH.Add("Y_h" + s);
            if (lstm) finalC.Add("Y_c" + s);
            lastYh = "Y_h" + s;

            // Y [seq, directions, batch, hidden] → [seq, batch, directions × hidden], both directions side by side.
            string y = g.Node("Transpose", new[] { "Y" + s }, "Y_sbdh" + s, a => a.Ints("perm", 0, 2, 1, 3));
            x = g.Node("Reshape", new[] { y, "shape_keep2_merge" }, "out" + s);
        }

        // Final state, PyTorch's layout.
        g.Node("Concat", finalH.ToArray(), new[] { "h_n" }, a => a.Int("axis", 0));
        if (lstm) g.Node("Concat", finalC.ToArray(), new[] { "c_n" }, a => a.Int("axis", 0));

        // Head: logits = input · head.weightᵀ + head.bias.
        int width = directions * hidden;
        string headInput;
        if (info.PerStepHead)
        {
            headInput = g.Node("Transpose", new[] { x }, "head_input", a => a.Ints("perm", 1, 0, 2)); // [batch, seq, width]
        }
        else
        {
            // The final state of every direction of the top layer, side by side: [batch, directions × hidden].
            string t = g.Node("Transpose", new[] { lastYh }, "top_final_bdh", a => a.Ints("perm", 1, 0, 2));
            headInput = g.Node("Reshape", new[] { t, "shape_keep1_merge" }, "head_input");
        }
        float[] headWeight = Copy(model, "head.weight");
        g.Initializer("head.weight_t", Transpose(headWeight, info.Output, width), width, info.Output);
        g.Initializer("head.bias", Copy(model, "head.bias"), info.Output);
        string product = g.Node("MatMul", new[] { headInput, "head.weight_t" }, "head_product");
        g.Node("Add", new[] { product, "head.bias" }, new[] { "logits" });

        if (info.PerStepHead) g.Output("logits", GraphBuilder.Float, "batch", "seq", info.Output.ToString(System.Globalization.CultureInfo.InvariantCulture));
        else g.Output("logits", GraphBuilder.Float, "batch", info.Output.ToString(System.Globalization.CultureInfo.InvariantCulture));
        string stateRows = (layers * directions).ToString(System.Globalization.CultureInfo.InvariantCulture);
        string hiddenText = hidden.ToString(System.Globalization.CultureInfo.InvariantCulture);
        g.Output("h_n", GraphBuilder.Float, stateRows, "batch", hiddenText);
        if (lstm) g.Output("c_n", GraphBuilder.Float, stateRows, "batch", hiddenText);

        return g.Build(info.Name, $"ModelGen {info.Architecture}");
    }

    /// <summary>One tensor of the model as float.</summary>
    private static float[] Copy<T>(IRecurrentModel<T> model, string name) where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        Span<T> values = model.Tensor(name);
        return MemoryMarshal.Cast<T, float>(values).ToArray();
    }

    private static float[] Transpose(float[] a, int rows, int columns)
    {
        var t = new float[a.Length];
        for (int i = 0; i < rows; i++)
            for (int j = 0; j < columns; j++)
                t[j * rows + i] = a[i * columns + j];
        return t;
    }

    /// <summary>ONNX's W, R, B (and P) of a layer: every direction, gate blocks in ONNX's order.</summary>
    private static (float[] W, float[] R, float[] B, float[]? P) ConvertLayer<T>(IRecurrentModel<T> model, ModelInfo info, int layer, int input)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        int hidden = info.Hidden, directions = info.Directions;
        // Which PyTorch gate block goes into each ONNX gate slot.
        int[] order = info.Cell switch
        {
            CellType.Lstm => new[] { 0, 3, 1, 2 }, // ONNX i, o, f, c from PyTorch i, f, g, o
            CellType.Gru => new[] { 1, 0, 2 },     // ONNX z, r, h from PyTorch r, z, n
            _ => new[] { 0 },
        };
        var w = new List<float>();
        var r = new List<float>();
        var b = new List<float>();
        var p = new List<float>();
        for (int d = 0; d < directions; d++)
        {
            string s = "_l" + layer.ToString(System.Globalization.CultureInfo.InvariantCulture) + (d == 1 ? "_reverse" : "");
            w.AddRange(Reorder(Copy(model, "rnn.weight_ih" + s), order, hidden * input));
            r.AddRange(Reorder(Copy(model, "rnn.weight_hh" + s), order, hidden * hidden));
            b.AddRange(Reorder(Copy(model, "rnn.bias_ih" + s), order, hidden));
            b.AddRange(Reorder(Copy(model, "rnn.bias_hh" + s), order, hidden));
            if (info.Peephole)
            {
                p.AddRange(Copy(model, "rnn.peephole_i" + s));
                p.AddRange(Copy(model, "rnn.peephole_o" + s));
                p.AddRange(Copy(model, "rnn.peephole_f" + s));
            }
        }
        return (w.ToArray(), r.ToArray(), b.ToArray(), info.Peephole ? p.ToArray() : null);
    }

    private static float[] Reorder(float[] blocks, int[] order, int blockLength)
    {
        var result = new float[blocks.Length];
        for (int slot = 0; slot < order.Length; slot++)
            Array.Copy(blocks, order[slot] * blockLength, result, slot * blockLength, blockLength);
        return result;
    }
}
