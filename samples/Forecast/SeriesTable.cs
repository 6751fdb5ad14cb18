using System;
using System.Collections.Generic;
using System.Globalization;
using ModelGen.Data;

namespace Forecast;

/// <summary>A column that is not a series, and why.</summary>
/// <param name="Name">The header's name of the column.</param>
/// <param name="Reason">Why it is not numeric, e.g. <c>line 2 has '1749-01'</c>.</param>
public readonly record struct IgnoredColumn(string Name, string Reason);

/// <summary>
/// A table of time steps read from CSV rows (the header first): its numeric columns as series, the others ignored.
/// A column is numeric when every value is a finite number in invariant culture.
/// </summary>
public sealed class SeriesTable
{
    private readonly List<string[]> _rows;
    private readonly int[] _lines;
    private readonly Dictionary<string, double[]> _series = new(StringComparer.Ordinal);

    private SeriesTable(List<string[]> rows, string source, int[] lines)
    {
        _rows = rows;
        _lines = lines;
        Source = source;
        Header = new string[rows[0].Length];
        for (int c = 0; c < Header.Length; c++) Header[c] = rows[0][c].Trim();
        Classify();
    }

    /// <summary>Where the rows come from (the file's path), as errors name it.</summary>
    public string Source { get; }

    /// <summary>The column names of the header row (trimmed).</summary>
    public string[] Header { get; }

    /// <summary>Number of time steps (rows after the header).</summary>
    public int Length => _rows.Count - 1;

    /// <summary>The numeric columns, in header order.</summary>
    public List<string> NumericColumns { get; } = new();

    /// <summary>The other columns and why each is not numeric.</summary>
    public List<IgnoredColumn> IgnoredColumns { get; } = new();

    /// <summary>Reads the CSV file at <paramref name="path"/>.</summary>
    /// <exception cref="DataFileException">The file cannot be read or parsed, or has no data row.</exception>
    public static SeriesTable Read(string path)
    {
        string text = TextFile.ReadUtf8(path);
        return FromRows(CsvFile.Parse(text, path), path, CsvRowLines.Of(text));
    }

    /// <summary>
    /// A table from parsed CSV rows; <paramref name="lines"/> gives the line each row starts on (for errors), or null
    /// when row i is on line i + 1.
    /// </summary>
    /// <exception cref="DataFileException">There is no data row.</exception>
    public static SeriesTable FromRows(List<string[]> rows, string source, int[]? lines = null)
    {
        ArgumentNullException.ThrowIfNull(rows);
        if (rows.Count < 2) throw new DataFileException(source, 0, "the file has a header row but no data rows; give one row per time step.");
        if (lines is null || lines.Length != rows.Count)
        {
            lines = new int[rows.Count];
            for (int i = 0; i < lines.Length; i++) lines[i] = i + 1;
        }
        return new SeriesTable(rows, source, lines);
    }

    /// <summary>The line of the header row.</summary>
    public int HeaderLine => _lines[0];

    /// <summary>The line of the file where time step <paramref name="step"/> (from 0) starts.</summary>
    public int LineOf(int step) => _lines[step + 1];

    /// <summary>The text of column <paramref name="column"/> at time step <paramref name="step"/>.</summary>
    public string Cell(int column, int step) => _rows[step + 1][column];

    /// <summary>The index of the column named <paramref name="name"/>, or -1.</summary>
    public int IndexOf(string name) => Array.IndexOf(Header, name);

    /// <summary>
    /// The values of the column named <paramref name="name"/>, one per time step.
    /// </summary>
    /// <exception cref="DataFileException">The column does not exist, is named twice, or has a cell that is not a finite number (with its line).</exception>
    public double[] Series(string name)
    {
        if (_series.TryGetValue(name, out double[]? values)) return values;
        int column = IndexOf(name);
        if (column < 0)
            throw new DataFileException(Source, HeaderLine, $"there is no column '{name}'; the columns are {Quoted(Header)}.");
        if (Array.LastIndexOf(Header, name) != column)
            throw new DataFileException(Source, HeaderLine, $"the header names column '{name}' twice; rename one.");
        values = new double[Length];
        for (int t = 0; t < values.Length; t++)
        {
            string cell = Cell(column, t);
            if (!TryParse(cell, out values[t]))
                throw new DataFileException(Source, LineOf(t), $"column '{name}' needs a number, but the cell is {Describe(cell)}.");
        }
        _series[name] = values;
        return values;
    }

    /// <summary>The first ignored column (a date, usually) to label time steps with, or -1.</summary>
    public int LabelColumn => IgnoredColumns.Count > 0 ? IndexOf(IgnoredColumns[0].Name) : -1;

    /// <summary>A label of time step <paramref name="step"/>: the label column's cell, or "row N".</summary>
    public string LabelOf(int step)
        => LabelColumn >= 0 ? Cell(LabelColumn, step) : string.Create(CultureInfo.InvariantCulture, $"row {step + 1}");

    /// <summary>Names as a quoted, comma-separated list.</summary>
    public static string Quoted(IEnumerable<string> names) => "'" + string.Join("', '", names) + "'";

    private void Classify()
    {
        for (int c = 0; c < Header.Length; c++)
        {
            int bad = FirstNonNumeric(c);
            if (bad < 0) NumericColumns.Add(Header[c]);
            else IgnoredColumns.Add(new IgnoredColumn(Header[c], string.Create(CultureInfo.InvariantCulture, $"line {LineOf(bad)} has {Describe(Cell(c, bad))}")));
        }
    }

    private int FirstNonNumeric(int column)
    {
        for (int t = 0; t < Length; t++)
            if (!TryParse(Cell(column, t), out _)) return t;
        return -1;
    }

    private static bool TryParse(string cell, out double value)
        => double.TryParse(cell, NumberStyles.Float, CultureInfo.InvariantCulture, out value) && double.IsFinite(value);

    private static string Describe(string cell)
        => cell.Trim().Length == 0 ? "empty" : "'" + cell.Replace("\r", "\\r", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal) + "'";
}
