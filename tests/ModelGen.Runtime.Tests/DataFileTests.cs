using System;
using System.IO;
using System.Text;
using ModelGen.Data;
using Xunit;

namespace ModelGen.Runtime.Tests;

/// <summary>Bad data files get errors that name the file and the line, never an exception from deep inside.</summary>
public sealed class DataFileTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("modelgen-data-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private string Write(string name, byte[] bytes)
    {
        string path = Path.Combine(_directory, name);
        File.WriteAllBytes(path, bytes);
        return path;
    }

    [Fact]
    public void Missing_empty_binary_and_non_utf8_files_are_refused_with_file_and_line()
    {
        var missing = Assert.Throws<DataFileException>(() => TextFile.ReadUtf8(Path.Combine(_directory, "nope.txt")));
        Assert.Contains("nope.txt: the file does not exist", missing.Message);

        Assert.Contains("the file is empty", Assert.Throws<DataFileException>(() => TextFile.ReadUtf8(Write("empty.txt", Array.Empty<byte>()))).Message);

        var binary = Assert.Throws<DataFileException>(() => TextFile.ReadUtf8(Write("data.bin", new byte[] { (byte)'a', (byte)'\n', (byte)'b', 0, 1, 2 })));
        Assert.Contains("data.bin, line 2: the file holds a NUL byte", binary.Message);

        var latin1 = Assert.Throws<DataFileException>(() => TextFile.ReadUtf8(Write("latin1.txt", Encoding.Latin1.GetBytes("one\ntwo\ncrème\n"))));
        Assert.Contains("latin1.txt, line 3: the file is not valid UTF-8 (byte 0xE8", latin1.Message);

        Assert.Equal("héllo\n", TextFile.ReadUtf8(Write("bom.txt", new byte[] { 0xEF, 0xBB, 0xBF }.Concat(Encoding.UTF8.GetBytes("héllo\n")))));
    }

    [Fact]
    public void A_character_outside_the_vocabulary_is_located_by_line_and_column()
    {
        var tokenizer = new CharTokenizer("ab\n");
        var ex = Assert.Throws<ArgumentException>(() => tokenizer.Encode("ab\nba\nabz"));
        Assert.Contains("line 3, column 3", ex.Message);
    }

    [Fact]
    public void Csv_rows_with_the_wrong_column_count_are_refused_with_the_line()
    {
        var rows = CsvFile.Parse("\"Month\",\"Sunspots\"\r\n\"1749-01\",58.0\r\n\"1749-02\",\"6,2\"", "sunspots.csv");
        Assert.Equal(3, rows.Count);
        Assert.Equal("6,2", rows[2][1]);

        var ex = Assert.Throws<DataFileException>(() => CsvFile.Parse("a,b\n1,2\n3\n4,5\n", "table.csv"));
        Assert.Contains("table.csv, line 3: the row has 1 columns but the first row has 2", ex.Message);

        var quote = Assert.Throws<DataFileException>(() => CsvFile.Parse("a,b\n1,\"open\n", "q.csv"));
        Assert.Contains("q.csv, line 2: a quoted field is not closed", quote.Message);
        Assert.Contains("has no rows", Assert.Throws<DataFileException>(() => CsvFile.Parse("\n\n", "blank.csv")).Message);
    }
}

internal static class ByteArrayExtensions
{
    public static byte[] Concat(this byte[] a, byte[] b)
    {
        var result = new byte[a.Length + b.Length];
        a.CopyTo(result, 0);
        b.CopyTo(result, a.Length);
        return result;
    }
}
