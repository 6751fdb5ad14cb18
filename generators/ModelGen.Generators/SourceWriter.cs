using System;
using System.Text;

namespace ModelGen.Generators;

/// <summary>A small indenting text writer for emitted source (four spaces per level, '\n' line endings).</summary>
internal sealed class SourceWriter
{
    private readonly StringBuilder _sb = new();
    private int _indent;

    public int Indentation
    {
        get => _indent;
        set => _indent = value < 0 ? throw new ArgumentOutOfRangeException(nameof(value)) : value;
    }

    /// <summary>Writes one line at the current indentation; a line containing '\n' is split and each part indented.</summary>
    public void WriteLine(string text)
    {
        if (text.Length == 0)
        {
            _sb.Append('\n');
            return;
        }
        foreach (string line in text.Split('\n'))
        {
            if (line.Length > 0) _sb.Append(' ', 4 * _indent).Append(line);
            _sb.Append('\n');
        }
    }

    public void WriteLine() => _sb.Append('\n');

    /// <summary>Appends text written by another writer, as it is.</summary>
    public void WriteRaw(string text) => _sb.Append(text);

    /// <summary>Writes "{" and indents.</summary>
    public void OpenBlock(string? header = null)
    {
        if (header is not null) WriteLine(header);
        WriteLine("{");
        _indent++;
    }

    /// <summary>Unindents and writes "}" (plus an optional suffix such as ";").</summary>
    public void CloseBlock(string suffix = "")
    {
        _indent--;
        WriteLine("}" + suffix);
    }

    public override string ToString() => _sb.ToString();
}
