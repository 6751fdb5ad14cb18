using System;
using System.IO;
using System.Text;

namespace ModelGen.Data;

/// <summary>The error of a data file: what is wrong, in which file, at which line.</summary>
public sealed class DataFileException : Exception
{
    /// <summary>An error about <paramref name="path"/> at 1-based <paramref name="line"/> (0 when it concerns the whole file).</summary>
    public DataFileException(string path, int line, string problem, Exception? inner = null)
        : base(line > 0 ? $"{path}, line {line}: {problem}" : $"{path}: {problem}", inner)
    {
        Path = path;
        Line = line;
    }

    /// <summary>An error about a data file.</summary>
    public DataFileException() { Path = ""; }

    /// <summary>An error about a data file.</summary>
    public DataFileException(string message) : base(message) { Path = ""; }

    /// <summary>An error about a data file.</summary>
    public DataFileException(string message, Exception inner) : base(message, inner) { Path = ""; }

    /// <summary>The file.</summary>
    public string Path { get; }

    /// <summary>The 1-based line, or 0.</summary>
    public int Line { get; }
}

/// <summary>Reads text data files defensively: a missing, empty, binary or non-UTF-8 file is a clear error.</summary>
public static class TextFile
{
    /// <summary>The whole file as UTF-8 text (a byte-order mark is skipped).</summary>
    /// <exception cref="DataFileException">The file is missing, unreadable, empty, binary, or not UTF-8 (with the line of the first bad byte).</exception>
    public static string ReadUtf8(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(path);
        }
        catch (FileNotFoundException e) { throw new DataFileException(path, 0, "the file does not exist.", e); }
        catch (DirectoryNotFoundException e) { throw new DataFileException(path, 0, "its directory does not exist.", e); }
        catch (UnauthorizedAccessException e) { throw new DataFileException(path, 0, "the file cannot be read (permission denied).", e); }
        catch (IOException e) { throw new DataFileException(path, 0, "the file cannot be read: " + e.Message, e); }

        if (bytes.Length == 0) throw new DataFileException(path, 0, "the file is empty; give a text file with data in it.");
        int nul = Array.IndexOf(bytes, (byte)0);
        if (nul >= 0)
            throw new DataFileException(path, LineOf(bytes, nul), $"the file holds a NUL byte at offset {nul}: it is a binary file, not text.");
        var strict = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);
        try
        {
            int start = bytes.Length >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF ? 3 : 0;
            return strict.GetString(bytes, start, bytes.Length - start);
        }
        catch (DecoderFallbackException e)
        {
            int offset = FirstInvalidUtf8(bytes);
            throw new DataFileException(path, LineOf(bytes, offset), $"the file is not valid UTF-8 (byte 0x{bytes[offset]:X2} at offset {offset}); save it as UTF-8.", e);
        }
    }

    private static int LineOf(byte[] bytes, int offset)
    {
        int line = 1;
        for (int i = 0; i < offset && i < bytes.Length; i++) if (bytes[i] == (byte)'\n') line++;
        return line;
    }

    private static int FirstInvalidUtf8(byte[] bytes)
    {
        var decoder = new UTF8Encoding(false, true);
        // Grow the prefix until decoding fails: the first bad byte is where it starts failing.
        int low = 0, high = bytes.Length;
        while (low < high)
        {
            int mid = (low + high) / 2;
            try
            {
                decoder.GetCharCount(bytes, 0, mid + 1);
                low = mid + 1;
            }
            catch (DecoderFallbackException)
            {
                high = mid;
            }
        }
        return Math.Min(low, bytes.Length - 1);
    }
}
