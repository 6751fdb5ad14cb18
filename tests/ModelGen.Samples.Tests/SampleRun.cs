using System;
using System.IO;

namespace ModelGen.Samples.Tests;

/// <summary>Runs a sample's entry point with arguments, capturing what it prints, in a fresh temporary directory.</summary>
internal sealed class SampleRun : IDisposable
{
    public SampleRun() => Directory.CreateDirectory(Folder);

    /// <summary>A directory of this run's own, deleted at the end.</summary>
    public string Folder { get; } = Path.Combine(Path.GetTempPath(), "modelgen-samples-" + Guid.NewGuid().ToString("N"));

    public string PathOf(string name) => Path.Combine(Folder, name);

    /// <summary>Calls <paramref name="app"/> and returns its exit code and output.</summary>
    public static (int Code, string Output) Run(Func<string[], TextWriter, int> app, params string[] args)
    {
        using var output = new StringWriter();
        int code = app(args, output);
        return (code, output.ToString());
    }

    public void Dispose()
    {
        try { Directory.Delete(Folder, recursive: true); }
        catch (IOException) { }
    }
}
