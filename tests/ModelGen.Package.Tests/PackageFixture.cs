using System;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using Xunit;

namespace ModelGen.Package.Tests;

/// <summary>
/// Packs ModelGen once for the test class: a copy of the repository's src/ and generators/ (and its root build files)
/// is packed in a temporary folder with a version no other run uses, so the global NuGet cache cannot serve a stale
/// package and the repository's own bin/ and obj/ are never rebuilt with a test version (the version is stamped into
/// ModelGen.dll, and a changed reference assembly would make every project rebuild next time).
/// </summary>
public sealed class PackageFixture : IAsyncLifetime
{
    public PackageFixture()
    {
        RepositoryRoot = FindRepositoryRoot();
        Root = Path.Combine(Path.GetTempPath(), "modelgen-package-tests-" + Guid.NewGuid().ToString("N")[..12]);
        // A prerelease identifier may not be a number with a leading zero, hence the letter before the random part.
        string unique = Guid.NewGuid().ToString("N")[..8];
        Version = string.Create(CultureInfo.InvariantCulture, $"0.1.0-test.{DateTime.UtcNow:yyyyMMddHHmmss}.r{unique}");
    }

    /// <summary>The repository: the folder above the test's binaries that holds ModelGen.sln.</summary>
    public string RepositoryRoot { get; }

    /// <summary>The temporary folder that holds everything this class writes; deleted at the end.</summary>
    public string Root { get; }

    public string SourceCopy => Path.Combine(Root, "source");
    public string Feed => Path.Combine(Root, "feed");
    public string Consumer => Path.Combine(Root, "consumer");
    public string GpuConsumer => Path.Combine(Root, "gpu-consumer");

    /// <summary>The package version of this run, e.g. 0.1.0-test.20250101120000.r1a2b3c….</summary>
    public string Version { get; }

    public string PackagePath => Path.Combine(Feed, $"ModelGen.{Version}.nupkg");

    public string GpuPackagePath => Path.Combine(Feed, $"ModelGen.Gpu.{Version}.nupkg");

    public CliResult? Pack { get; private set; }

    /// <summary>The packing of ModelGen.Gpu, the optional GPU package (it depends on ModelGen of the same version).</summary>
    public CliResult? GpuPack { get; private set; }

    /// <summary>Set by a test that restored the package: where NuGet extracted it, removed at the end.</summary>
    public string? ExtractedPackage { get; set; }

    /// <summary>Set by the GPU test: where NuGet extracted ModelGen.Gpu, removed at the end.</summary>
    public string? ExtractedGpuPackage { get; set; }

    public async Task InitializeAsync()
    {
        if (IsUnder(Root, RepositoryRoot))
            throw new InvalidOperationException($"The temporary folder {Root} lies inside the repository {RepositoryRoot}; the consumer project must be outside it.");
        Directory.CreateDirectory(Feed);
        CopySources();
        Pack = await DotnetCli.RunAsync(SourceCopy,
        [
            "pack", "src/ModelGen/ModelGen.csproj", "-c", "Release", "-o", Feed, "-p:Version=" + Version,
            "--disable-build-servers", "-nodeReuse:false", "-tl:off",
        ]).ConfigureAwait(false);
        GpuPack = await DotnetCli.RunAsync(SourceCopy,
        [
            "pack", "src/ModelGen.Gpu/ModelGen.Gpu.csproj", "-c", "Release", "-o", Feed, "-p:Version=" + Version,
            "--disable-build-servers", "-nodeReuse:false", "-tl:off",
        ]).ConfigureAwait(false);
    }

    public Task DisposeAsync()
    {
        DeleteDirectory(Root);
        // Only this run's version, which nothing else uses.
        foreach (string? extracted in new[] { ExtractedPackage, ExtractedGpuPackage })
            if (extracted is not null && Path.GetFileName(extracted) == Version.ToLowerInvariant())
                DeleteDirectory(extracted);
        return Task.CompletedTask;
    }

    /// <summary>The root build files and every project under src/ and generators/, without bin/ and obj/.</summary>
    private void CopySources()
    {
        foreach (string file in Directory.EnumerateFiles(RepositoryRoot))
        {
            string name = Path.GetFileName(file);
            if (name.StartsWith("Directory.", StringComparison.Ordinal) || name is ".editorconfig" or "global.json" or "nuget.config" or "NuGet.Config")
                File.Copy(file, Path.Combine(SourceCopy, name).EnsureParent());
        }
        foreach (string folder in new[] { "src", "generators" })
            CopyTree(Path.Combine(RepositoryRoot, folder), Path.Combine(SourceCopy, folder));
    }

    private static void CopyTree(string from, string to)
    {
        Directory.CreateDirectory(to);
        foreach (string file in Directory.EnumerateFiles(from))
            File.Copy(file, Path.Combine(to, Path.GetFileName(file)));
        foreach (string folder in Directory.EnumerateDirectories(from))
        {
            string name = Path.GetFileName(folder);
            if (name is "bin" or "obj" or ".vs") continue;
            CopyTree(folder, Path.Combine(to, name));
        }
    }

    private static string FindRepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "ModelGen.sln")))
                return dir.FullName;
        throw new InvalidOperationException($"No ModelGen.sln above {AppContext.BaseDirectory}.");
    }

    private static bool IsUnder(string path, string folder)
    {
        string full = Path.GetFullPath(path).TrimEnd(Path.DirectorySeparatorChar) + Path.DirectorySeparatorChar;
        string root = Path.GetFullPath(folder).TrimEnd(Path.DirectorySeparatorChar) + Path.DirectorySeparatorChar;
        return full.StartsWith(root, StringComparison.Ordinal);
    }

    /// <summary>Best effort: a file still held open is retried, and then left for the system's temp cleaning.</summary>
    private static void DeleteDirectory(string path)
    {
        for (int attempt = 0; attempt < 3 && Directory.Exists(path); attempt++)
        {
            try
            {
                Directory.Delete(path, recursive: true);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                System.Threading.Thread.Sleep(500);
            }
        }
    }
}

internal static class PathExtensions
{
    /// <summary>Creates the folder <paramref name="path"/> goes into and returns the path.</summary>
    public static string EnsureParent(this string path)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        return path;
    }
}
