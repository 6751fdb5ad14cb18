using System;
using System.Collections.Generic;
using System.Text;

namespace ModelGen.Data;

/// <summary>
/// Reads CSV (RFC 4180: comma-separated, fields in double quotes may hold commas, quotes and line breaks, CRLF or LF,
/// with or without a final newline), with every row checked to have the same number of columns.
/// </summary>
public static class CsvFile
{
    /// <summary>The rows of the file at <paramref name="path"/>, the header first when it has one.</summary>
    /// <exception cref="DataFileException">The file cannot be read, or a row has another number of columns than the first, or a quote is not closed (with the line).</exception>
    public static List<string[]> Read(string path) => Parse(TextFile.ReadUtf8(path), path);

    /// <summary>Parses CSV text; <paramref name="path"/> names it in errors.</summary>
    public static List<string[]> Parse(string text, string path = "<csv>")
    {
        ArgumentNullException.ThrowIfNull(text);
        var rows = new List<string[]>();
        var fields = new List<string>();
        var field = new StringBuilder();
        int line = 1, rowLine = 1;
        bool quoted = false, fieldStarted = false;
        int quoteLine = 0;
        for (int i = 0; i <= text.Length; i++)
        {
            char c = i < text.Length ? text[i] : '\n';
            bool end = i == text.Length;
            if (quoted)
            {
                if (end) throw new DataFileException(path, quoteLine, "a quoted field is not closed: a '\"' is missing.");
                if (c == '"')
                {
                    if (i + 1 < text.Length && text[i + 1] == '"') { field.Append('"'); i++; }
                    else quoted = false;
                }
                else
                {
                    if (c == '\n') line++;
                    field.Append(c);
                }
                continue;
            }
            if (c == '"' && field.Length == 0 && !fieldStarted) { quoted = true; fieldStarted = true; quoteLine = line; continue; }
            if (c == ',') { fields.Add(field.ToString()); field.Clear(); fieldStarted = false; continue; }
            if (c == '\r' && i + 1 < text.Length && text[i + 1] == '\n') continue;
            if (c == '\n' || c == '\r')
            {
                bool blank = fields.Count == 0 && field.Length == 0 && !fieldStarted;
                if (!blank)
                {
                    fields.Add(field.ToString());
                    if (rows.Count > 0 && fields.Count != rows[0].Length)
                        throw new DataFileException(path, rowLine, $"the row has {fields.Count} columns but the first row has {rows[0].Length}.");
                    rows.Add(fields.ToArray());
                }
                fields.Clear();
                field.Clear();
                fieldStarted = false;
                if (!end) line++;
                rowLine = line;
                continue;
            }
            field.Append(c);
            fieldStarted = true;
        }
        if (rows.Count == 0) throw new DataFileException(path, 0, "the file has no rows.");
        return rows;
    }
}
