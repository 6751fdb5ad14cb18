using System.Globalization;
using System.IO;
using System.Text;
using Xunit;

namespace ModelGen.Samples.Tests;

public class ForecastTests
{
    private static (int Code, string Output) Run(params string[] args) => SampleRun.Run(Forecast.App.Run, args);

    [Theory]
    [InlineData("lstm")]
    [InlineData("gru")]
    [InlineData("rnn")]
    public void Default_run_trains_and_reports_against_persistence(string cell)
    {
        (int code, string output) = Run("--cell", cell, "--steps", "3");
        Assert.True(code == 0, output);
        Assert.Contains("persistence", output);
        Assert.Contains("test", output);
    }

    /// <summary>A CSV as a user would have it: CRLF, a quoted date column, no final newline.</summary>
    private static string WriteSeries(SampleRun dir, int months)
    {
        var csv = new StringBuilder("\"Month\",\"Value\"");
        for (int m = 0; m < months; m++)
            csv.Append("\r\n").Append(CultureInfo.InvariantCulture, $"\"{1900 + m / 12}-{m % 12 + 1:D2}\",{50 + 30 * System.Math.Sin(m * 2 * System.Math.PI / 12):F2}");
        string path = dir.PathOf("series.csv");
        File.WriteAllText(path, csv.ToString());
        return path;
    }

    [Fact]
    public void A_csv_file_trains_saves_and_loads_to_the_same_forecasts()
    {
        using var dir = new SampleRun();
        string data = WriteSeries(dir, 400);
        string model = dir.PathOf("model.safetensors");
        (int code, string trained) = Run("--data", data, "--window", "12", "--steps", "20", "--save", model);
        Assert.True(code == 0, trained);
        Assert.True(File.Exists(model));
        (code, string loaded) = Run("--data", data, "--window", "12", "--load", model);
        Assert.True(code == 0, loaded);
        Assert.Equal(TestRow(trained), TestRow(loaded));

        (code, string wrongCell) = Run("--data", data, "--window", "12", "--load", model, "--cell", "gru");
        Assert.Equal(1, code);
        Assert.Contains("--cell", wrongCell);
    }

    private static string TestRow(string output)
    {
        foreach (string line in output.Split('\n'))
            if (line.TrimStart().StartsWith("test ", System.StringComparison.Ordinal)) return line.Trim();
        return "(no test row)";
    }

    [Fact]
    public void A_bad_cell_is_reported_with_its_file_line_and_column()
    {
        using var dir = new SampleRun();
        string path = dir.PathOf("bad.csv");
        File.WriteAllText(path, "date,a,b\n2020-01,1.0,2\n2020-02,x,3\n");
        (int code, string output) = Run("--data", path, "--columns", "a", "--steps", "3");
        Assert.Equal(1, code);
        Assert.Contains("line 3", output);
        Assert.Contains("column 'a'", output);

        (code, output) = Run("--data", dir.PathOf("missing.csv"));
        Assert.Equal(1, code);
        Assert.Contains("missing.csv", output);
        Assert.DoesNotContain("   at ", output);
    }
}
