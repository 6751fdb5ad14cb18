using System;
using System.IO;
using System.Runtime.CompilerServices;
using System.Text;
using Xunit.Sdk;

namespace ModelGen.Generators.Tests;

/// <summary>
/// Golden files of generated code, kept under Snapshots/ next to this file. A mismatch writes
/// <c>Name.received.cs</c> beside the expected file and fails with the first differing lines;
/// <c>MODELGEN_UPDATE_SNAPSHOTS=1</c> rewrites the expected files instead.
/// </summary>
internal static class Snapshot
{
    public const string UpdateVariable = "MODELGEN_UPDATE_SNAPSHOTS";

    public static void Match(string name, string actual, [CallerFilePath] string callerPath = "")
    {
        string directory = Path.Combine(Path.GetDirectoryName(callerPath)!, "Snapshots");
        string expectedPath = Path.Combine(directory, name + ".g.cs");
        string receivedPath = Path.Combine(directory, name + ".received.cs");
        actual = Normalize(actual);

        if (Environment.GetEnvironmentVariable(UpdateVariable) == "1")
        {
            Directory.CreateDirectory(directory);
            File.WriteAllText(expectedPath, actual, new UTF8Encoding(false));
            if (File.Exists(receivedPath)) File.Delete(receivedPath);
            return;
        }

        string expected = File.Exists(expectedPath) ? Normalize(File.ReadAllText(expectedPath)) : "";
        if (expected == actual)
        {
            if (File.Exists(receivedPath)) File.Delete(receivedPath);
            return;
        }

        Directory.CreateDirectory(directory);
        File.WriteAllText(receivedPath, actual, new UTF8Encoding(false));
        throw new XunitException(
            (File.Exists(expectedPath) ? $"The generated code of {name} differs from {expectedPath}." : $"There is no snapshot {expectedPath} yet.")
            + $"\nThe generated code was written to {receivedPath}. If the change is intended, run the tests with {UpdateVariable}=1.\n"
            + Diff(expected, actual));
    }

    private static string Normalize(string text) => text.Replace("\r\n", "\n");

    /// <summary>The first differing lines with a little context, unified-diff style.</summary>
    private static string Diff(string expected, string actual)
    {
        string[] e = expected.Split('\n'), a = actual.Split('\n');
        int first = 0;
        while (first < e.Length && first < a.Length && e[first] == a[first]) first++;
        int endE = e.Length - 1, endA = a.Length - 1;
        while (endE > first && endA > first && e[endE] == a[endA]) { endE--; endA--; }
        var sb = new StringBuilder();
        sb.AppendLine($"@@ -{first + 1},{endE - first + 1} +{first + 1},{endA - first + 1} @@");
        for (int i = Math.Max(0, first - 2); i < first; i++) sb.AppendLine("  " + e[i]);
        for (int i = first; i <= endE && i < first + 20; i++) sb.AppendLine("- " + e[i]);
        for (int i = first; i <= endA && i < first + 20; i++) sb.AppendLine("+ " + a[i]);
        return sb.ToString();
    }
}
