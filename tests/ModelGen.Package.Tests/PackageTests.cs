using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.IO.Compression;
using System.Linq;
using System.Text.Json;
using System.Text.RegularExpressions;
using System.Threading.Tasks;
using System.Xml.Linq;
using Xunit;

namespace ModelGen.Package.Tests;

/// <summary>
/// `dotnet pack` makes one ModelGen package, and a user's project that adds one PackageReference to it can declare
/// models (by attribute and by spec file), build without warnings, train and run.
/// </summary>
[Trait("Category", "Package")]
public sealed class PackageTests : IClassFixture<PackageFixture>
{
    private const int TrainingSteps = 30;
    private readonly PackageFixture _package;

    public PackageTests(PackageFixture package) => _package = package;

    [Fact]
    public void Package_holds_the_runtime_the_generator_and_the_build_targets()
    {
        AssertPacked();
        using ZipArchive zip = ZipFile.OpenRead(_package.PackagePath);
        var entries = zip.Entries.Select(e => e.FullName).ToHashSet(StringComparer.Ordinal);
        string listing = string.Join(Environment.NewLine, entries.Order(StringComparer.Ordinal));
        foreach (string expected in new[]
        {
            "lib/net10.0/ModelGen.dll",
            "analyzers/dotnet/cs/ModelGen.Generators.dll",
            "build/ModelGen.targets",
            "buildTransitive/ModelGen.targets",
        })
            Assert.True(entries.Contains(expected), $"{expected} is missing from the package. It holds:{Environment.NewLine}{listing}");
        Assert.False(entries.Any(e => e.StartsWith("lib/", StringComparison.Ordinal) && e.Contains("Generators", StringComparison.Ordinal)),
            $"The generator must be an analyzer only, not a library:{Environment.NewLine}{listing}");

        string targets = Read(zip, "build/ModelGen.targets");
        Assert.Contains("AdditionalFiles", targets, StringComparison.Ordinal);
        Assert.Contains("specs/**/*.json", targets, StringComparison.Ordinal);

        string nuspecName = entries.Single(e => e.EndsWith(".nuspec", StringComparison.Ordinal));
        XDocument nuspec = XDocument.Parse(Read(zip, nuspecName));
        XNamespace ns = nuspec.Root!.Name.Namespace;
        Assert.Equal("ModelGen", nuspec.Root.Element(ns + "metadata")!.Element(ns + "id")!.Value);
        Assert.Equal(_package.Version, nuspec.Root.Element(ns + "metadata")!.Element(ns + "version")!.Value);
        var dependencies = nuspec.Descendants(ns + "dependency").Select(d => (string)d.Attribute("id")!).ToList();
        Assert.Contains("System.Numerics.Tensors", dependencies);
        // The generator's Roslyn packages are private to it: a user's project must not inherit them.
        Assert.DoesNotContain(dependencies, d => d.StartsWith("Microsoft.CodeAnalysis", StringComparison.Ordinal));
        Assert.DoesNotContain(dependencies, d => d.StartsWith("ModelGen", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_fresh_console_project_references_the_package_declares_models_trains_and_runs()
    {
        AssertPacked();
        string consumer = _package.Consumer;
        WriteConsumer(consumer);

        CliResult build = await DotnetCli.RunAsync(consumer, ["build", "-c", "Release", "--disable-build-servers", "-nodeReuse:false", "-tl:off"]);
        string assetsPath = Path.Combine(consumer, "obj", "project.assets.json");
        string? restored = File.Exists(assetsPath) ? FindRestoredPackage(assetsPath) : null;
        _package.ExtractedPackage = restored;
        Assert.True(build.Succeeded, build.Describe());
        Assert.True(restored is not null, $"{assetsPath} does not list ModelGen {_package.Version}.{Environment.NewLine}{build.Describe()}");

        // Restore's audit warnings (NU1900–NU1905) depend on the network and the day, not on the package.
        var warnings = Regex.Matches(build.Output, @"warning ([A-Z]+[0-9]+)")
            .Select(m => m.Groups[1].Value)
            .Where(code => !Regex.IsMatch(code, "^NU190[0-5]$"))
            .Distinct()
            .ToList();
        Assert.True(warnings.Count == 0, $"The build warned ({string.Join(", ", warnings)}).{Environment.NewLine}{build.Describe()}");
        Assert.Contains("0 Error(s)", build.Output, StringComparison.Ordinal);

        CliResult run = await DotnetCli.RunAsync(consumer, ["run", "-c", "Release", "--no-build"]);
        Assert.True(run.Succeeded, run.Describe());

        var losses = new Dictionary<string, (int Parameters, double[] Losses)>();
        foreach (Match m in Regex.Matches(run.Output, @"^(\w+) parameters (\d+) losses ([^\r\n]*)$", RegexOptions.Multiline))
        {
            double[] values = m.Groups[3].Value.Split(' ', StringSplitOptions.RemoveEmptyEntries)
                .Select(v => double.Parse(v, NumberStyles.Float, CultureInfo.InvariantCulture)).ToArray();
            losses[m.Groups[1].Value] = (int.Parse(m.Groups[2].Value, CultureInfo.InvariantCulture), values);
        }

        // TinyLstm: embedding 20·8 + LSTM 4·16·(8 + 16 + 2) + head 16·20 + 20.
        // TinySpec (specs/tiny.json): embedding 20·8 + GRU 3·12·(8 + 12 + 2) + LSTM 4·16·(12 + 16 + 2) + head 16·20 + 20.
        var expectedParameters = new Dictionary<string, int>
        {
            ["TinyLstm"] = 20 * 8 + 4 * 16 * (8 + 16 + 2) + 16 * 20 + 20,
            ["TinySpec"] = 20 * 8 + 3 * 12 * (8 + 12 + 2) + 4 * 16 * (12 + 16 + 2) + 16 * 20 + 20,
        };
        foreach ((string model, int parameters) in expectedParameters)
        {
            Assert.True(losses.ContainsKey(model), $"No losses printed for {model}.{Environment.NewLine}{run.Describe()}");
            (int actualParameters, double[] values) = losses[model];
            Assert.True(parameters == actualParameters, $"{model} has {actualParameters} parameters, expected {parameters}.{Environment.NewLine}{run.Describe()}");
            Assert.True(values.Length == TrainingSteps, $"{model}: {values.Length} losses, expected {TrainingSteps}.{Environment.NewLine}{run.Describe()}");
            Assert.True(values.All(double.IsFinite), $"{model}: a loss is not finite.{Environment.NewLine}{run.Describe()}");
            double first = values.Take(5).Average(), last = values.TakeLast(5).Average();
            Assert.True(last < first - 0.1, $"{model}: the loss did not fall (first five steps {first:F3}, last five {last:F3}).{Environment.NewLine}{run.Describe()}");
        }
    }

    [Fact]
    public void The_gpu_package_holds_its_library_and_depends_on_ilgpu_and_modelgen()
    {
        Assert.True(_package.GpuPack is { Succeeded: true }, _package.GpuPack?.Describe() ?? "ModelGen.Gpu was not packed.");
        using ZipArchive zip = ZipFile.OpenRead(_package.GpuPackagePath);
        Assert.Contains(zip.Entries, e => e.FullName == "lib/net10.0/ModelGen.Gpu.dll");
        Assert.DoesNotContain(zip.Entries, e => e.FullName.StartsWith("analyzers/", StringComparison.Ordinal));
        string nuspec = Read(zip, "ModelGen.Gpu.nuspec");
        Assert.Contains("id=\"ILGPU\"", nuspec, StringComparison.Ordinal);
        Assert.Contains("id=\"ILGPU.Algorithms\"", nuspec, StringComparison.Ordinal);
        Assert.Contains($"id=\"ModelGen\" version=\"{_package.Version}\"", nuspec, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_fresh_project_with_the_gpu_package_trains_the_gpu_variant_like_the_cpu_model()
    {
        AssertPacked();
        Assert.True(_package.GpuPack is { Succeeded: true }, _package.GpuPack?.Describe() ?? "ModelGen.Gpu was not packed.");
        string consumer = _package.GpuConsumer;
        WriteGpuConsumer(consumer);
        CliResult build = await DotnetCli.RunAsync(consumer, ["build", "-c", "Release", "--disable-build-servers", "-nodeReuse:false", "-tl:off"]);
        string assetsPath = Path.Combine(consumer, "obj", "project.assets.json");
        if (File.Exists(assetsPath))
        {
            _package.ExtractedPackage ??= FindRestoredPackage(assetsPath);
            _package.ExtractedGpuPackage = FindRestoredPackage(assetsPath, "ModelGen.Gpu");
        }
        Assert.True(build.Succeeded, build.Describe());
        Assert.Contains("0 Error(s)", build.Output, StringComparison.Ordinal);

        CliResult run = await DotnetCli.RunAsync(consumer, ["run", "-c", "Release", "--no-build"]);
        Assert.True(run.Succeeded, run.Describe());
        double[] Losses(string name)
        {
            Match m = Regex.Match(run.Output, $@"^{name} losses ([^\r\n]*)$", RegexOptions.Multiline);
            Assert.True(m.Success, $"No losses printed for {name}.{Environment.NewLine}{run.Describe()}");
            return m.Groups[1].Value.Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(v => double.Parse(v, NumberStyles.Float, CultureInfo.InvariantCulture)).ToArray();
        }
        double[] cpu = Losses("cpu"), gpu = Losses("gpu");
        Assert.Equal(cpu.Length, gpu.Length);
        for (int k = 0; k < cpu.Length; k++)
            Assert.True(Math.Abs(cpu[k] - gpu[k]) <= 1e-4 * Math.Abs(cpu[k]), $"step {k}: CPU loss {cpu[k]}, GPU variant {gpu[k]}.{Environment.NewLine}{run.Describe()}");
        Assert.Contains("CPUAccelerator", run.Output, StringComparison.Ordinal);
    }

    /// <summary>
    /// Empty Directory.Build.* files, so that none in the folders above (the temp folder's parents) reach the project, and
    /// a nuget.config that adds the test feed. No &lt;clear /&gt;: the machine's own sources (and System.Numerics.Tensors,
    /// ILGPU from them) stay available.
    /// </summary>
    private void WriteIsolatedFolder(string folder)
    {
        Directory.CreateDirectory(folder);
        File.WriteAllText(Path.Combine(folder, "Directory.Build.props"), "<Project />\n");
        File.WriteAllText(Path.Combine(folder, "Directory.Build.targets"), "<Project />\n");
        File.WriteAllText(Path.Combine(folder, "Directory.Packages.props"), "<Project />\n");
        new XDocument(
            new XElement("configuration",
                new XElement("packageSources",
                    new XElement("add", new XAttribute("key", "modelgen-test-feed"), new XAttribute("value", _package.Feed)))))
            .Save(Path.Combine(folder, "nuget.config"));
    }

    /// <summary>A console project with both packages that trains a GRU's CPU model and its GPU variant (on ILGPU's CPU accelerator) side by side.</summary>
    private void WriteGpuConsumer(string folder)
    {
        WriteIsolatedFolder(folder);
        File.WriteAllText(Path.Combine(folder, "GpuConsumer.csproj"), $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <OutputType>Exe</OutputType>
                <TargetFramework>net10.0</TargetFramework>
                <ImplicitUsings>enable</ImplicitUsings>
                <Nullable>enable</Nullable>
              </PropertyGroup>
              <ItemGroup>
                <PackageReference Include="ModelGen" Version="{_package.Version}" />
                <PackageReference Include="ModelGen.Gpu" Version="{_package.Version}" />
              </ItemGroup>
            </Project>
            """);
        File.WriteAllText(Path.Combine(folder, "Program.cs"), """
            using System.Globalization;
            using ModelGen;
            using ModelGen.Data;
            using ModelGen.Gpu;
            using ModelGen.Training;

            int[] tokens = new int[2000];
            for (int i = 0; i < tokens.Length; i++) tokens[i] = (i * 7 + i / 5) % 20;

            using var device = GpuDevice.Create(GpuDeviceKind.Cpu);
            Console.WriteLine(device);
            Train("cpu", new TinyGru(seed: 1));
            using (var gpu = new TinyGru.Gpu(device, seed: 1)) Train("gpu", gpu);
            return 0;

            void Train(string name, IRecurrentModel<float> model)
            {
                var trainer = new Trainer<float>(model, new Sgd<float>(0.5), new TrainerOptions { Steps = 6, ClipNorm = 1 });
                TrainingResult result = trainer.Train(new LanguageModelBatches<float>(tokens, batchSize: 4, steps: 8));
                Console.WriteLine($"{name} losses {string.Join(" ", result.TrainingLoss.Select(l => l.ToString("R", CultureInfo.InvariantCulture)))}");
            }

            [GruModel(Vocab = 20, Embedding = 6, Hidden = 10, Gpu = true)]
            public partial class TinyGru;
            """);
    }

    private void AssertPacked()
    {
        Assert.True(_package.Pack is { Succeeded: true }, _package.Pack?.Describe() ?? "The package was not packed.");
        Assert.True(File.Exists(_package.PackagePath), $"{_package.PackagePath} was not written.{Environment.NewLine}{_package.Pack!.Describe()}");
    }

    private static string Read(ZipArchive zip, string entry)
    {
        using var reader = new StreamReader(zip.GetEntry(entry)!.Open());
        return reader.ReadToEnd();
    }

    /// <summary>Where restore extracted this run's ModelGen (the global packages folder), or null if it did not.</summary>
    private string? FindRestoredPackage(string assetsPath, string id = "ModelGen")
    {
        using JsonDocument assets = JsonDocument.Parse(File.ReadAllText(assetsPath));
        JsonElement root = assets.RootElement;
        if (!root.GetProperty("libraries").TryGetProperty($"{id}/{_package.Version}", out JsonElement library)
            || library.GetProperty("type").GetString() != "package")
            return null;
        string packageFolder = root.GetProperty("packageFolders").EnumerateObject().First().Name;
        return Path.GetFullPath(Path.Combine(packageFolder, library.GetProperty("path").GetString()!));
    }

    /// <summary>
    /// A console project as `dotnet new console` makes it, plus the package reference, a nuget.config that adds the
    /// test feed to the machine's sources, and a spec file. Empty Directory.Build.* files keep any such file in the
    /// folders above (the temp folder's parents) out of it.
    /// </summary>
    private void WriteConsumer(string folder)
    {
        Directory.CreateDirectory(Path.Combine(folder, "specs"));
        WriteIsolatedFolder(folder);

        File.WriteAllText(Path.Combine(folder, "Consumer.csproj"), $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <OutputType>Exe</OutputType>
                <TargetFramework>net10.0</TargetFramework>
                <ImplicitUsings>enable</ImplicitUsings>
                <Nullable>enable</Nullable>
              </PropertyGroup>
              <ItemGroup>
                <PackageReference Include="ModelGen" Version="{_package.Version}" />
              </ItemGroup>
            </Project>
            """);

        // A stack no attribute can declare: a GRU layer under an LSTM layer of another width.
        File.WriteAllText(Path.Combine(folder, "specs", "tiny.json"), """
            {
              // comments and trailing commas are allowed
              "vocab": 20, "embedding": 8,
              "layers": [
                { "cell": "gru", "hidden": 12 },
                { "cell": "lstm", "hidden": 16 },
              ],
              "head": "SoftmaxPerStep",
            }
            """);

        File.WriteAllText(Path.Combine(folder, "Program.cs"), $$"""
            using System.Globalization;
            using ModelGen;
            using ModelGen.Data;
            using ModelGen.Training;

            // A token stream with structure to learn: a cycle of 20 ids with a slow drift.
            int[] tokens = new int[4000];
            for (int i = 0; i < tokens.Length; i++) tokens[i] = (i * 7 + i / 5) % 20;

            Train("TinyLstm", new TinyLstm(seed: 1));
            Train("TinySpec", new TinySpec(seed: 1));
            return 0;

            void Train(string name, IRecurrentModel<float> model)
            {
                var trainer = new Trainer<float>(model, new Adam<float>(1e-2),
                    new TrainerOptions { Steps = {{TrainingSteps}}, ClipNorm = 1 });
                TrainingResult result = trainer.Train(new LanguageModelBatches<float>(tokens, batchSize: 8, steps: 16));
                string losses = string.Join(" ", result.TrainingLoss.Select(l => l.ToString("R", CultureInfo.InvariantCulture)));
                Console.WriteLine($"{name} parameters {model.Parameters.Length} losses {losses}");
            }

            [LstmModel(Vocab = 20, Embedding = 8, Hidden = 16, Head = Head.SoftmaxPerStep)]
            public partial class TinyLstm;

            [ModelSpec("tiny")] // specs/tiny.json, passed to the generator by the package's build targets
            public partial class TinySpec;
            """);
    }
}
