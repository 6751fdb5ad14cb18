using System.Collections.Generic;

namespace Forecast;

/// <summary>
/// The line each CSV row starts on, so errors about a cell can name its line. <see cref="ModelGen.Data.CsvFile"/>
/// returns rows only; a quoted field may span lines and blank lines are skipped, so row i is not always line i + 1.
/// This follows the same rules: a quote opens a quoted field only at the start of a field, "" inside it is a quote,
/// CRLF, LF and CR end a row, and rows with nothing in them are skipped.
/// </summary>
public static class CsvRowLines
{
    /// <summary>The 1-based start line of every row of <paramref name="text"/>, in order.</summary>
    public static int[] Of(string text)
    {
        var starts = new List<int>();
        int line = 1;
        bool quoted = false, inRow = false, fieldStart = true;
        for (int i = 0; i < text.Length; i++)
        {
            char c = text[i];
            if (quoted)
            {
                if (c == '"')
                {
                    if (i + 1 < text.Length && text[i + 1] == '"') i++;
                    else quoted = false;
                }
                else if (c == '\n') line++;
                continue;
            }
            if (c == '\r' && i + 1 < text.Length && text[i + 1] == '\n') continue;
            if (c is '\n' or '\r')
            {
                line++;
                inRow = false;
                fieldStart = true;
                continue;
            }
            if (!inRow)
            {
                inRow = true;
                starts.Add(line);
            }
            if (c == '"' && fieldStart) quoted = true;
            fieldStart = c == ',';
        }
        return starts.ToArray();
    }
}
