using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Text;
using System.Threading;
using System.Threading.Tasks;

namespace ModelGen.Package.Tests;

/// <summary>What one <c>dotnet</c> command did: its exit code, its output, and whether it ran out of time.</summary>
public sealed record CliResult(string CommandLine, string WorkingDirectory, int ExitCode, bool TimedOut, TimeSpan Elapsed, string Output)
{
    public bool Succeeded => !TimedOut && ExitCode == 0;

    /// <summary>The command, its outcome and everything it printed, for an assertion message.</summary>
    public string Describe() =>
        $"`{CommandLine}` in {WorkingDirectory}: " +
        (TimedOut ? $"timed out after {Elapsed.TotalSeconds:F0} s" : $"exit code {ExitCode} after {Elapsed.TotalSeconds:F1} s") +
        Environment.NewLine + "--- output (stdout and stderr) ---" + Environment.NewLine + Output;
}

/// <summary>Runs the .NET CLI as a child process with a timeout, capturing stdout and stderr.</summary>
internal static class DotnetCli
{
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromMinutes(5);

    /// <summary>The <c>dotnet</c> that runs these tests, so the child uses the same SDK.</summary>
    public static string Executable
    {
        get
        {
            string? host = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH");
            if (!string.IsNullOrEmpty(host) && File.Exists(host)) return host;
            string? self = Environment.ProcessPath;
            if (self is not null && Path.GetFileNameWithoutExtension(self) == "dotnet") return self;
            return "dotnet";
        }
    }

    /// <summary>
    /// Runs <c>dotnet <paramref name="arguments"/></c> in <paramref name="workingDirectory"/>. On timeout the process
    /// tree is killed and the result says so; the exit code is then -1.
    /// </summary>
    public static async Task<CliResult> RunAsync(string workingDirectory, IEnumerable<string> arguments, TimeSpan? timeout = null)
    {
        TimeSpan limit = timeout ?? DefaultTimeout;
        var startInfo = new ProcessStartInfo(Executable)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (string argument in arguments) startInfo.ArgumentList.Add(argument);

        // The test host may run under `dotnet test`, whose MSBuild variables describe that build, not the child's.
        foreach (string key in startInfo.Environment.Keys.Where(k => k.StartsWith("MSBuild", StringComparison.OrdinalIgnoreCase)).ToList())
            startInfo.Environment.Remove(key);
        startInfo.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        startInfo.Environment["DOTNET_NOLOGO"] = "1";
        startInfo.Environment["DOTNET_SKIP_FIRST_TIME_EXPERIENCE"] = "1";
        startInfo.Environment["DOTNET_CLI_UI_LANGUAGE"] = "en";
        // No process may outlive the command holding our pipes open: no MSBuild node reuse, no MSBuild server.
        startInfo.Environment["MSBUILDDISABLENODEREUSE"] = "1";
        startInfo.Environment["DOTNET_CLI_USE_MSBUILD_SERVER"] = "0";

        string commandLine = "dotnet " + string.Join(' ', startInfo.ArgumentList);
        var output = new StringBuilder();
        void Append(object sender, DataReceivedEventArgs e)
        {
            if (e.Data is null) return;
            lock (output) output.AppendLine(e.Data);
        }

        using var process = new Process { StartInfo = startInfo };
        process.OutputDataReceived += Append;
        process.ErrorDataReceived += Append;
        var clock = Stopwatch.StartNew();
        process.Start();
        process.StandardInput.Close();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        bool timedOut = false;
        using (var cancellation = new CancellationTokenSource(limit))
        {
            try
            {
                await process.WaitForExitAsync(cancellation.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                timedOut = true;
                try { process.Kill(entireProcessTree: true); }
                catch (InvalidOperationException) { } // exited meanwhile
                process.WaitForExit(30_000);
            }
        }
        clock.Stop();
        string text;
        lock (output) text = output.ToString();
        return new CliResult(commandLine, workingDirectory, timedOut ? -1 : process.ExitCode, timedOut, clock.Elapsed, text);
    }
}
