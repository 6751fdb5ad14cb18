// This file is compiled into both the generator (netstandard2.0) and the runtime: a spec file means the same thing
// at compile time and at run time, as dotnet/runtime's Regex generator shares the runtime's pattern parser.
// It uses nothing beyond netstandard2.0's base library.
using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text;

namespace ModelGen.Specs;

/// <summary>The kinds of mistakes in a spec file; each maps to one diagnostic ID.</summary>
internal enum SpecErrorKind
{
    /// <summary>MG0101: not valid JSON (comments and trailing commas are allowed).</summary>
    MalformedJson,
    /// <summary>MG0102: a key the format does not have.</summary>
    UnknownKey,
    /// <summary>MG0103: a value of the wrong type.</summary>
    WrongType,
    /// <summary>MG0104: a number outside its range, or a name that is not one of the allowed values.</summary>
    OutOfRange,
    /// <summary>MG0105: values that cannot go together.</summary>
    Impossible,
    /// <summary>MG0106: a required key is missing.</summary>
    MissingKey,
}

/// <summary>One mistake in a spec file, with the span of the offending token (0-based line and column).</summary>
internal sealed class SpecError
{
    public SpecError(SpecErrorKind kind, string message, int offset, int length, int line, int column)
    {
        Kind = kind;
        Message = message;
        Offset = offset;
        Length = length;
        Line = line;
        Column = column;
    }

    public SpecErrorKind Kind { get; }
    public string Message { get; }
    public int Offset { get; }
    public int Length { get; }
    public int Line { get; }
    public int Column { get; }

    public override string ToString() => $"({Line + 1},{Column + 1}): {Message}";
}

/// <summary>One recurrent layer of a spec.</summary>
internal sealed class SpecLayer
{
    /// <summary>0 = rnn, 1 = gru, 2 = lstm (the generator's CellKind and the runtime's CellType).</summary>
    public int Cell { get; set; }
    public int Hidden { get; set; }
    public bool Relu { get; set; }
    public bool Peephole { get; set; }
    public bool Bidirectional { get; set; }
    /// <summary>Dropout on this layer's outputs while training (between it and the next layer).</summary>
    public float Dropout { get; set; }
}

/// <summary>A validated spec: what the model is, independent of how it was written.</summary>
internal sealed class SpecDocument
{
    public int Vocab { get; set; }
    public int Embedding { get; set; }
    public int Input { get; set; }
    /// <summary>The head's width; already defaulted to <see cref="Vocab"/> for a language model.</summary>
    public int Output { get; set; }
    /// <summary>0..4: SoftmaxPerStep, SoftmaxLast, LinearPerStep, LinearLast, SigmoidLast.</summary>
    public int Head { get; set; }
    public bool IsDouble { get; set; }
    /// <summary>Also emit the GPU variant (ILGPU).</summary>
    public bool Gpu { get; set; }
    public List<SpecLayer> Layers { get; } = new List<SpecLayer>();
}

/// <summary>
/// Reads a model spec: JSON with comments and trailing commas, checked key by key. Never throws on bad input: every
/// mistake becomes a <see cref="SpecError"/> with the position of the offending token.
/// </summary>
internal static class SpecReader
{
    public const int MaxSize = 1 << 24;
    public const int MaxLayers = 64;

    public static readonly string[] HeadNames = { "SoftmaxPerStep", "SoftmaxLast", "LinearPerStep", "LinearLast", "SigmoidLast" };
    private static readonly string[] s_rootKeys = { "$schema", "description", "vocab", "embedding", "input", "layers", "head", "output", "elementType", "gpu" };
    private static readonly string[] s_layerKeys = { "cell", "hidden", "activation", "peephole", "bidirectional", "dropout", "description" };
    private static readonly string[] s_cells = { "rnn", "gru", "lstm" };

    /// <summary>Parses and validates <paramref name="text"/>; returns the spec, or null when <paramref name="errors"/> is not empty.</summary>
    public static SpecDocument? Read(string text, List<SpecError> errors)
    {
        var lines = new LineMap(text);
        Node? root;
        try
        {
            root = new Parser(text).ParseDocument();
        }
        catch (JsonSyntaxException e)
        {
            errors.Add(lines.Error(SpecErrorKind.MalformedJson, e.Message, e.Offset, Math.Max(1, Math.Min(e.Length, text.Length - e.Offset))));
            return null;
        }

        if (root is not ObjectNode obj)
        {
            errors.Add(lines.Error(SpecErrorKind.WrongType, "A model spec is a JSON object, e.g. { \"vocab\": 65, \"embedding\": 64, \"layers\": [{ \"cell\": \"lstm\", \"hidden\": 256 }] }.", root.Offset, root.Length));
            return null;
        }

        var doc = new SpecDocument();
        var v = new Validator(lines, errors);
        v.CheckKeys(obj, s_rootKeys, "a model spec");

        Node? vocab = obj.Get("vocab"), embedding = obj.Get("embedding"), input = obj.Get("input");
        doc.Vocab = v.Size(vocab, "vocab", "the number of distinct token ids");
        doc.Embedding = v.Size(embedding, "embedding", "the width of each token's embedding");
        doc.Input = v.Size(input, "input", "the number of float features per step");
        if (vocab is not null && input is not null)
            v.Add(SpecErrorKind.Impossible, input, "Both \"vocab\" and \"input\" are set; a model reads token ids (vocab + embedding) or float features (input): remove one.");
        else if (vocab is null && input is null)
            v.Add(SpecErrorKind.MissingKey, obj.Get("embedding") ?? (Node)obj, "The spec declares no input; add \"vocab\" and \"embedding\" for token ids, or \"input\" for float features.");
        else if (vocab is not null && embedding is null)
            v.Add(SpecErrorKind.MissingKey, vocab, "\"vocab\" needs \"embedding\", the width of each token's embedding.");
        if (embedding is not null && vocab is null)
            v.Add(SpecErrorKind.Impossible, embedding, "\"embedding\" is set but \"vocab\" is not; token input needs both, feature input uses \"input\" alone.");

        Node? head = obj.Get("head");
        doc.Head = head is null ? 0 : v.Choice(head, "head", HeadNames);
        Node? elementType = obj.Get("elementType");
        doc.IsDouble = elementType is not null && v.Choice(elementType, "elementType", new[] { "float", "double" }) == 1;
        Node? gpu = obj.Get("gpu");
        doc.Gpu = gpu is not null && v.Bool(gpu, "gpu");
        if (doc.Gpu && doc.IsDouble)
            v.Add(SpecErrorKind.Impossible, gpu!, "\"gpu\": true computes in float, but \"elementType\" is \"double\"; remove one (double is for gradient checks on the CPU).");

        Node? layers = obj.Get("layers");
        if (layers is null)
            v.Add(SpecErrorKind.MissingKey, obj, "The spec has no \"layers\"; add at least one, e.g. \"layers\": [{ \"cell\": \"lstm\", \"hidden\": 256 }].");
        else if (layers is not ArrayNode array)
            v.Add(SpecErrorKind.WrongType, layers, "\"layers\" must be an array of layer objects, e.g. [{ \"cell\": \"gru\", \"hidden\": 128 }].");
        else if (array.Items.Count == 0)
            v.Add(SpecErrorKind.OutOfRange, layers, "\"layers\" is empty; a model needs at least one recurrent layer.");
        else if (array.Items.Count > MaxLayers)
            v.Add(SpecErrorKind.OutOfRange, layers, $"\"layers\" has {array.Items.Count} layers, more than ModelGen supports ({MaxLayers}); stack fewer layers.");
        else
        {
            for (int i = 0; i < array.Items.Count; i++)
            {
                var layer = ReadLayer(array.Items[i], i, i == array.Items.Count - 1, v);
                if (layer is not null) doc.Layers.Add(layer);
            }
        }

        // The head's width.
        Node? output = obj.Get("output");
        if (output is not null) doc.Output = v.Size(output, "output", "the width of the head's output");
        else if (doc.Head == 0 && vocab is not null) doc.Output = doc.Vocab;
        else
            v.Add(SpecErrorKind.MissingKey, head ?? (Node)obj, $"The head {HeadNames[doc.Head]} needs \"output\" (the number of {(doc.Head <= 1 ? "classes" : doc.Head == 4 ? "binary outputs" : "values predicted")}); it defaults to \"vocab\" only for a language model (SoftmaxPerStep with token input).");

        // A language model must not look ahead.
        if (doc.Head == 0 && vocab is not null && output is null && layers is ArrayNode bidirectionalCheck)
            foreach (var item in bidirectionalCheck.Items)
                if (item is ObjectNode o && o.Get("bidirectional") is BoolNode { Value: true } b)
                    v.Add(SpecErrorKind.Impossible, b, "A bidirectional layer reads the whole sequence, so a language model would see the next token it must predict; remove \"bidirectional\", or for tagging set \"output\" to the number of tags.");

        return errors.Count == 0 ? doc : null;
    }

    private static SpecLayer? ReadLayer(Node node, int index, bool last, Validator v)
    {
        string where = $"layer {index}";
        if (node is not ObjectNode obj)
        {
            v.Add(SpecErrorKind.WrongType, node, $"Each entry of \"layers\" is an object such as {{ \"cell\": \"lstm\", \"hidden\": 256 }}; {where} is not.");
            return null;
        }
        v.CheckKeys(obj, s_layerKeys, where);
        var layer = new SpecLayer();
        Node? cell = obj.Get("cell");
        if (cell is null) v.Add(SpecErrorKind.MissingKey, obj, $"{Capitalize(where)} has no \"cell\"; add \"cell\": \"rnn\", \"gru\" or \"lstm\".");
        else layer.Cell = v.Choice(cell, "cell", s_cells);
        Node? hidden = obj.Get("hidden");
        if (hidden is null) v.Add(SpecErrorKind.MissingKey, obj, $"{Capitalize(where)} has no \"hidden\" size; add e.g. \"hidden\": 128.");
        else layer.Hidden = v.Size(hidden, "hidden", "the number of units of the layer");

        Node? activation = obj.Get("activation");
        if (activation is not null)
        {
            layer.Relu = v.Choice(activation, "activation", new[] { "tanh", "relu" }) == 1;
            if (cell is not null && layer.Cell != 0)
                v.Add(SpecErrorKind.Impossible, activation, $"\"activation\" applies to rnn cells only; a {s_cells[layer.Cell]} has fixed gate nonlinearities: remove it or use \"cell\": \"rnn\".");
        }
        Node? peephole = obj.Get("peephole");
        if (peephole is not null)
        {
            layer.Peephole = v.Bool(peephole, "peephole");
            if (layer.Peephole && cell is not null && layer.Cell != 2)
                v.Add(SpecErrorKind.Impossible, peephole, $"\"peephole\" applies to lstm cells only, not to a {s_cells[layer.Cell]}: remove it or use \"cell\": \"lstm\".");
        }
        Node? bidirectional = obj.Get("bidirectional");
        if (bidirectional is not null) layer.Bidirectional = v.Bool(bidirectional, "bidirectional");
        Node? dropout = obj.Get("dropout");
        if (dropout is not null)
        {
            double p = v.Number(dropout, "dropout");
            if (!(p >= 0 && p < 1))
                v.Add(SpecErrorKind.OutOfRange, dropout, $"\"dropout\" is {Format(p)} but must be in [0, 1): it is the probability of zeroing an output of this layer while training.");
            else if (last && p > 0)
                v.Add(SpecErrorKind.Impossible, dropout, "\"dropout\" acts between layers, on this layer's outputs before the next layer reads them, and this is the last layer: remove it here, or add a layer after it.");
            else layer.Dropout = (float)p;
        }
        return layer;
    }

    private static string Capitalize(string s) => s.Length == 0 ? s : char.ToUpperInvariant(s[0]) + s.Substring(1);

    private static string Format(double value) => value.ToString("R", CultureInfo.InvariantCulture);

    /// <summary>The nearest allowed word within two edits, for "did you mean".</summary>
    internal static string? Nearest(string word, IEnumerable<string> candidates)
    {
        // A value that starts one of the names ("softmax" for "SoftmaxPerStep") is a near miss too.
        if (word.Length >= 3)
            foreach (string candidate in candidates)
                if (candidate.StartsWith(word, StringComparison.OrdinalIgnoreCase)) return candidate;
        string? best = null;
        int bestDistance = int.MaxValue;
        foreach (string candidate in candidates)
        {
            int d = Distance(word.ToLowerInvariant(), candidate.ToLowerInvariant());
            if (d < bestDistance) (best, bestDistance) = (candidate, d);
        }
        return bestDistance <= Math.Max(2, word.Length / 3) ? best : null;
    }

    private static int Distance(string a, string b)
    {
        var previous = new int[b.Length + 1];
        var current = new int[b.Length + 1];
        for (int j = 0; j <= b.Length; j++) previous[j] = j;
        for (int i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            for (int j = 1; j <= b.Length; j++)
                current[j] = Math.Min(Math.Min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1));
            (previous, current) = (current, previous);
        }
        return previous[b.Length];
    }

    // ---------------------------------------------------------------------------------------------------------
    // Validation helpers
    // ---------------------------------------------------------------------------------------------------------

    private sealed class Validator
    {
        private readonly LineMap _lines;
        private readonly List<SpecError> _errors;

        public Validator(LineMap lines, List<SpecError> errors)
        {
            _lines = lines;
            _errors = errors;
        }

        public void Add(SpecErrorKind kind, Node node, string message) => _errors.Add(_lines.Error(kind, message, node.Offset, node.Length));

        public void CheckKeys(ObjectNode obj, string[] allowed, string where)
        {
            var seen = new HashSet<string>(StringComparer.Ordinal);
            foreach (var property in obj.Properties)
            {
                if (!seen.Add(property.Key))
                {
                    _errors.Add(_lines.Error(SpecErrorKind.Impossible, $"\"{property.Key}\" appears twice in {where}; keep one.", property.KeyOffset, property.KeyLength));
                    continue;
                }
                if (Array.IndexOf(allowed, property.Key) >= 0) continue;
                string? suggestion = Nearest(property.Key, allowed);
                string hint = suggestion is not null ? $"did you mean \"{suggestion}\"?" : "the keys are " + string.Join(", ", allowed);
                _errors.Add(_lines.Error(SpecErrorKind.UnknownKey, $"Unknown key \"{property.Key}\" in {where}; {hint}", property.KeyOffset, property.KeyLength));
            }
        }

        public int Size(Node? node, string key, string meaning)
        {
            if (node is null) return 0;
            if (node is not NumberNode number || !number.IsInteger)
            {
                Add(SpecErrorKind.WrongType, node, $"\"{key}\" must be a whole number ({meaning}), e.g. \"{key}\": 64; got {node.Describe()}.");
                return 0;
            }
            if (number.Value < 1 || number.Value > MaxSize)
            {
                Add(SpecErrorKind.OutOfRange, node, $"\"{key}\" is {number.Text} but must be between 1 and {MaxSize} ({meaning}).");
                return 0;
            }
            return (int)number.Value;
        }

        public double Number(Node node, string key)
        {
            if (node is NumberNode number) return number.Value;
            Add(SpecErrorKind.WrongType, node, $"\"{key}\" must be a number; got {node.Describe()}.");
            return 0;
        }

        public bool Bool(Node node, string key)
        {
            if (node is BoolNode b) return b.Value;
            Add(SpecErrorKind.WrongType, node, $"\"{key}\" must be true or false; got {node.Describe()}.");
            return false;
        }

        public int Choice(Node node, string key, string[] allowed)
        {
            if (node is not StringNode s)
            {
                Add(SpecErrorKind.WrongType, node, $"\"{key}\" must be a string, one of {Quoted(allowed)}; got {node.Describe()}.");
                return 0;
            }
            int index = Array.IndexOf(allowed, s.Value);
            if (index >= 0) return index;
            string? suggestion = Nearest(s.Value, allowed);
            Add(SpecErrorKind.OutOfRange, node, $"\"{key}\" is \"{s.Value}\", which is not one of {Quoted(allowed)}" + (suggestion is null ? "." : $"; did you mean \"{suggestion}\"?"));
            return 0;
        }

        private static string Quoted(string[] values) => "\"" + string.Join("\", \"", values) + "\"";
    }

    private sealed class LineMap
    {
        private readonly List<int> _starts = new List<int> { 0 };

        public LineMap(string text)
        {
            for (int i = 0; i < text.Length; i++)
                if (text[i] == '\n') _starts.Add(i + 1);
        }

        public SpecError Error(SpecErrorKind kind, string message, int offset, int length)
        {
            int line = _starts.BinarySearch(offset);
            if (line < 0) line = ~line - 1;
            return new SpecError(kind, message, offset, length, line, offset - _starts[line]);
        }
    }

    // ---------------------------------------------------------------------------------------------------------
    // A small JSON parser that keeps the position of every token (JSONC: // and /* */ comments, trailing commas)
    // ---------------------------------------------------------------------------------------------------------

    internal abstract class Node
    {
        public int Offset { get; set; }
        public int Length { get; set; }
        public abstract string Describe();
    }

    internal sealed class ObjectNode : Node
    {
        public List<Property> Properties { get; } = new List<Property>();

        public Node? Get(string key)
        {
            foreach (var p in Properties)
                if (p.Key == key) return p.Value;
            return null;
        }

        public override string Describe() => "an object";
    }

    internal sealed class Property
    {
        public Property(string key, int keyOffset, int keyLength, Node value)
        {
            Key = key;
            KeyOffset = keyOffset;
            KeyLength = keyLength;
            Value = value;
        }

        public string Key { get; }
        public int KeyOffset { get; }
        public int KeyLength { get; }
        public Node Value { get; }
    }

    internal sealed class ArrayNode : Node
    {
        public List<Node> Items { get; } = new List<Node>();
        public override string Describe() => "an array";
    }

    internal sealed class StringNode : Node
    {
        public string Value { get; set; } = "";
        public override string Describe() => "the string \"" + Value + "\"";
    }

    internal sealed class NumberNode : Node
    {
        public double Value { get; set; }
        public string Text { get; set; } = "";
        public bool IsInteger { get; set; }
        public override string Describe() => "the number " + Text;
    }

    internal sealed class BoolNode : Node
    {
        public bool Value { get; set; }
        public override string Describe() => Value ? "true" : "false";
    }

    internal sealed class NullNode : Node
    {
        public override string Describe() => "null";
    }

    private sealed class JsonSyntaxException : Exception
    {
        public JsonSyntaxException(string message, int offset, int length) : base(message)
        {
            Offset = offset;
            Length = length;
        }

        public int Offset { get; }
        public int Length { get; }
    }

    private sealed class Parser
    {
        private const int MaxDepth = 64;
        private readonly string _text;
        private int _pos;
        private int _depth;

        public Parser(string text) => _text = text;

        public Node ParseDocument()
        {
            SkipTrivia();
            if (_pos >= _text.Length) throw Fail("The file is empty; a model spec is a JSON object such as { \"input\": 8, \"layers\": [...] }.", 0);
            Node root = ParseValue();
            SkipTrivia();
            if (_pos < _text.Length) throw Fail($"Unexpected '{_text[_pos]}' after the end of the JSON value.", _pos);
            return root;
        }

        private JsonSyntaxException Fail(string message, int offset, int length = 1)
            => new JsonSyntaxException(message, Math.Min(offset, Math.Max(0, _text.Length - 1)), length);

        private void SkipTrivia()
        {
            while (_pos < _text.Length)
            {
                char c = _text[_pos];
                if (c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\uFEFF') { _pos++; continue; }
                if (c == '/' && _pos + 1 < _text.Length && _text[_pos + 1] == '/')
                {
                    while (_pos < _text.Length && _text[_pos] != '\n') _pos++;
                    continue;
                }
                if (c == '/' && _pos + 1 < _text.Length && _text[_pos + 1] == '*')
                {
                    int start = _pos;
                    int end = _text.IndexOf("*/", _pos + 2, StringComparison.Ordinal);
                    if (end < 0) throw Fail("A /* comment */ is not closed.", start, 2);
                    _pos = end + 2;
                    continue;
                }
                break;
            }
        }

        private Node ParseValue()
        {
            if (_pos >= _text.Length) throw Fail("The file ends where a value was expected.", _text.Length);
            char c = _text[_pos];
            switch (c)
            {
                case '{': return ParseObject();
                case '[': return ParseArray();
                case '"': return ParseString();
                case 't': return ParseWord("true", new BoolNode { Value = true });
                case 'f': return ParseWord("false", new BoolNode { Value = false });
                case 'n': return ParseWord("null", new NullNode());
                default:
                    if (c == '-' || (c >= '0' && c <= '9')) return ParseNumber();
                    throw Fail($"Unexpected '{c}' where a value was expected (an object, array, string, number, true, false or null).", _pos);
            }
        }

        private Node ParseWord(string word, Node node)
        {
            if (string.CompareOrdinal(_text, _pos, word, 0, word.Length) != 0)
                throw Fail($"Unexpected '{_text[_pos]}' where a value was expected; did you mean {word}?", _pos);
            node.Offset = _pos;
            node.Length = word.Length;
            _pos += word.Length;
            return node;
        }

        private Node ParseNumber()
        {
            int start = _pos;
            if (_text[_pos] == '-') _pos++;
            bool integer = true;
            while (_pos < _text.Length && (char.IsDigit(_text[_pos]) || _text[_pos] is '.' or 'e' or 'E' or '+' or '-'))
            {
                if (_text[_pos] is '.' or 'e' or 'E') integer = false;
                _pos++;
            }
            string text = _text.Substring(start, _pos - start);
            if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double value) || double.IsInfinity(value))
                throw Fail($"'{text}' is not a number.", start, text.Length);
            return new NumberNode { Offset = start, Length = _pos - start, Value = value, Text = text, IsInteger = integer };
        }

        private StringNode ParseString()
        {
            int start = _pos++;
            var sb = new StringBuilder();
            while (true)
            {
                if (_pos >= _text.Length) throw Fail("A string is not closed: a '\"' is missing.", start, 1);
                char c = _text[_pos++];
                if (c == '"') break;
                if (c == '\n') throw Fail("A string is not closed before the end of the line: a '\"' is missing.", start, _pos - start - 1);
                if (c != '\\') { sb.Append(c); continue; }
                if (_pos >= _text.Length) throw Fail("A string ends in the middle of an escape sequence.", _pos - 1);
                char e = _text[_pos++];
                switch (e)
                {
                    case '"': sb.Append('"'); break;
                    case '\\': sb.Append('\\'); break;
                    case '/': sb.Append('/'); break;
                    case 'b': sb.Append('\b'); break;
                    case 'f': sb.Append('\f'); break;
                    case 'n': sb.Append('\n'); break;
                    case 'r': sb.Append('\r'); break;
                    case 't': sb.Append('\t'); break;
                    case 'u':
                        if (_pos + 4 > _text.Length || !int.TryParse(_text.Substring(_pos, 4), NumberStyles.HexNumber, CultureInfo.InvariantCulture, out int code))
                            throw Fail("\\u must be followed by four hexadecimal digits.", _pos - 2, 2);
                        sb.Append((char)code);
                        _pos += 4;
                        break;
                    default: throw Fail($"'\\{e}' is not a JSON escape sequence.", _pos - 2, 2);
                }
            }
            return new StringNode { Offset = start, Length = _pos - start, Value = sb.ToString() };
        }

        private ObjectNode ParseObject()
        {
            if (++_depth > MaxDepth) throw Fail("The JSON is nested too deeply for a model spec.", _pos);
            var obj = new ObjectNode { Offset = _pos };
            _pos++; // {
            SkipTrivia();
            while (true)
            {
                if (_pos >= _text.Length) throw Fail("The file ends inside an object: a '}' is missing.", obj.Offset);
                if (_text[_pos] == '}') { _pos++; break; }
                if (_text[_pos] != '"') throw Fail($"Expected a key in double quotes, found '{_text[_pos]}'.", _pos);
                StringNode key = ParseString();
                SkipTrivia();
                if (_pos >= _text.Length || _text[_pos] != ':') throw Fail($"Expected ':' after the key \"{key.Value}\".", Math.Min(_pos, _text.Length - 1));
                _pos++;
                SkipTrivia();
                Node value = ParseValue();
                obj.Properties.Add(new Property(key.Value, key.Offset, key.Length, value));
                SkipTrivia();
                if (_pos >= _text.Length) throw Fail("The file ends inside an object: a '}' is missing.", obj.Offset);
                if (_text[_pos] == ',') { _pos++; SkipTrivia(); continue; }
                if (_text[_pos] == '}') { _pos++; break; }
                throw Fail($"Expected ',' or '}}' after the value of \"{key.Value}\", found '{_text[_pos]}'.", _pos);
            }
            obj.Length = _pos - obj.Offset;
            _depth--;
            return obj;
        }

        private ArrayNode ParseArray()
        {
            if (++_depth > MaxDepth) throw Fail("The JSON is nested too deeply for a model spec.", _pos);
            var array = new ArrayNode { Offset = _pos };
            _pos++; // [
            SkipTrivia();
            while (true)
            {
                if (_pos >= _text.Length) throw Fail("The file ends inside an array: a ']' is missing.", array.Offset);
                if (_text[_pos] == ']') { _pos++; break; }
                array.Items.Add(ParseValue());
                SkipTrivia();
                if (_pos >= _text.Length) throw Fail("The file ends inside an array: a ']' is missing.", array.Offset);
                if (_text[_pos] == ',') { _pos++; SkipTrivia(); continue; }
                if (_text[_pos] == ']') { _pos++; break; }
                throw Fail($"Expected ',' or ']' in an array, found '{_text[_pos]}'.", _pos);
            }
            array.Length = _pos - array.Offset;
            _depth--;
            return array;
        }
    }
}
