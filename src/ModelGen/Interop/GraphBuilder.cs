using System;
using System.Collections.Generic;
using System.Runtime.InteropServices;

namespace ModelGen.Interop;

/// <summary>Collects an ONNX graph (inputs, initializers, nodes, outputs) and serializes it as a ModelProto.</summary>
internal sealed class GraphBuilder
{
    // TensorProto.DataType
    public const int Float = 1, Int64 = 7;

    // Field numbers of onnx.proto.
    private static class ModelProto { public const int IrVersion = 1, ProducerName = 2, ProducerVersion = 3, DocString = 6, Graph = 7, OpsetImport = 8; }
    private static class OperatorSetId { public const int Domain = 1, Version = 2; }
    private static class GraphProto { public const int Node = 1, Name = 2, Initializer = 5, Input = 11, Output = 12; }
    private static class NodeProto { public const int Input = 1, Output = 2, Name = 3, OpType = 4, Attribute = 5; }
    private static class AttributeProto { public const int Name = 1, I = 3, S = 4, Ints = 8, Strings = 9, Type = 20; public const int TypeInt = 2, TypeString = 3, TypeInts = 7, TypeStrings = 8; }
    private static class TensorProto { public const int Dims = 1, DataType = 2, Name = 8, RawData = 9; }
    private static class ValueInfo { public const int Name = 1, Type = 2; }
    private static class TypeProto { public const int Tensor = 1; }
    private static class TensorType { public const int ElemType = 1, Shape = 2; }
    private static class Shape { public const int Dim = 1; }
    private static class Dimension { public const int Value = 1, Param = 2; }

    private readonly List<Action<ProtoWriter>> _nodes = new();
    private readonly List<Action<ProtoWriter>> _initializers = new();
    private readonly List<Action<ProtoWriter>> _inputs = new();
    private readonly List<Action<ProtoWriter>> _outputs = new();
    private readonly HashSet<string> _initializerNames = new(StringComparer.Ordinal);
    private int _nodeCount;

    /// <summary>Attributes of one node.</summary>
    public sealed class Attributes
    {
        internal readonly List<Action<ProtoWriter>> Items = new();

        public void Int(string name, long value) => Items.Add(w => { w.String(AttributeProto.Name, name); w.Int(AttributeProto.Type, AttributeProto.TypeInt); w.Int(AttributeProto.I, value); });

        public void String(string name, string value) => Items.Add(w => { w.String(AttributeProto.Name, name); w.Int(AttributeProto.Type, AttributeProto.TypeString); w.String(AttributeProto.S, value); });

        public void Ints(string name, params long[] values) => Items.Add(w =>
        {
            w.String(AttributeProto.Name, name);
            w.Int(AttributeProto.Type, AttributeProto.TypeInts);
            foreach (long v in values) w.Int(AttributeProto.Ints, v);
        });

        public void Strings(string name, params string[] values) => Items.Add(w =>
        {
            w.String(AttributeProto.Name, name);
            w.Int(AttributeProto.Type, AttributeProto.TypeStrings);
            foreach (string v in values) w.String(AttributeProto.Strings, v);
        });
    }

    /// <summary>A graph input; a dimension that is not a number is dynamic and named.</summary>
    public void Input(string name, int elementType, params string[] dims) => _inputs.Add(w => ValueInfoOf(w, name, elementType, dims));

    public void Output(string name, int elementType, params string[] dims) => _outputs.Add(w => ValueInfoOf(w, name, elementType, dims));

    public void Initializer(string name, float[] values, params int[] dims) => AddInitializer(name, Float, MemoryMarshal.AsBytes(values.AsSpan()).ToArray(), Array.ConvertAll(dims, d => (long)d));

    public void Initializer(string name, long[] values) => AddInitializer(name, Int64, MemoryMarshal.AsBytes(values.AsSpan()).ToArray(), new long[] { values.Length });

    private void AddInitializer(string name, int type, byte[] raw, long[] dims)
    {
        if (!BitConverter.IsLittleEndian) throw new NotSupportedException("ONNX export writes raw little-endian tensors; this machine is big-endian.");
        if (!_initializerNames.Add(name)) return; // shared constants are declared once
        _initializers.Add(w =>
        {
            foreach (long d in dims) w.Int(TensorProto.Dims, d);
            w.Int(TensorProto.DataType, type);
            w.String(TensorProto.Name, name);
            w.Bytes(TensorProto.RawData, raw);
        });
    }

    /// <summary>Adds a node with one output and returns that output's name.</summary>
    public string Node(string op, string[] inputs, string output, Action<Attributes>? attributes = null)
    {
        Node(op, inputs, new[] { output }, attributes);
        return output;
    }

    public void Node(string op, string[] inputs, string[] outputs, Action<Attributes>? attributes = null)
    {
        var a = new Attributes();
        attributes?.Invoke(a);
        string name = op + "_" + (_nodeCount++).ToString(System.Globalization.CultureInfo.InvariantCulture);
        _nodes.Add(w =>
        {
            foreach (string i in inputs) w.String(NodeProto.Input, i);
            foreach (string o in outputs) w.String(NodeProto.Output, o);
            w.String(NodeProto.Name, name);
            w.String(NodeProto.OpType, op);
            foreach (var item in a.Items) w.Message(NodeProto.Attribute, item);
        });
    }

    private static void ValueInfoOf(ProtoWriter w, string name, int elementType, string[] dims)
    {
        w.String(ValueInfo.Name, name);
        w.Message(ValueInfo.Type, type => type.Message(TypeProto.Tensor, tensor =>
        {
            tensor.Int(TensorType.ElemType, elementType);
            tensor.Message(TensorType.Shape, shape =>
            {
                foreach (string d in dims)
                    shape.Message(Shape.Dim, dim =>
                    {
                        if (long.TryParse(d, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out long value)) dim.Int(Dimension.Value, value);
                        else dim.String(Dimension.Param, d);
                    });
            });
        }));
    }

    public byte[] Build(string graphName, string docString)
    {
        var model = new ProtoWriter();
        model.Int(ModelProto.IrVersion, OnnxExporter.IrVersion);
        model.String(ModelProto.ProducerName, "ModelGen");
        model.String(ModelProto.ProducerVersion, typeof(GraphBuilder).Assembly.GetName().Version?.ToString() ?? "1.0");
        model.String(ModelProto.DocString, docString);
        model.Message(ModelProto.Graph, graph =>
        {
            foreach (var node in _nodes) graph.Message(GraphProto.Node, node);
            graph.String(GraphProto.Name, graphName);
            foreach (var initializer in _initializers) graph.Message(GraphProto.Initializer, initializer);
            foreach (var input in _inputs) graph.Message(GraphProto.Input, input);
            foreach (var output in _outputs) graph.Message(GraphProto.Output, output);
        });
        model.Message(ModelProto.OpsetImport, opset =>
        {
            opset.String(OperatorSetId.Domain, "");
            opset.Int(OperatorSetId.Version, OnnxExporter.Opset);
        });
        return model.ToArray();
    }
}
