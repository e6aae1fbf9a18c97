using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Xml.Linq;
using TcpFsmGen.Tests.Infrastructure;
using Xunit;
using Xunit.Abstractions;

namespace TcpFsmGen.Tests;

/// <summary>
/// What a user does, from the README's "Install" section, run as written: pack both packages at the root of
/// the repository into its local feed, make a console app whose own <c>nuget.config</c> lists that feed, add
/// the package, drop in the README's files, build and run; then break the machine and see the build fail at
/// the line; then install the <c>fsm</c> tool as a local tool of the app. The app uses nothing but the
/// package (no project reference). Everything the user's side writes stays in this test's folder: a fresh
/// NuGet cache, and HOME, the .NET CLI's home and the temp folder pointed inside it; no tool is global.
/// </summary>
public sealed class ConsumptionTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("tcpfsmgen-consume-").FullName;
    private readonly ITestOutputHelper _log;

    public ConsumptionTests(ITestOutputHelper log) => _log = log;

    public void Dispose()
    {
        try
        {
            Directory.Delete(_root, recursive: true);
        }
        catch (IOException)
        {
            // A build server may still hold a file for a moment; the folder is in the temp directory.
        }
    }

    [Fact]
    public void TheReadmesInstallSectionWorksFromALocalFeed()
    {
        var readme = ReadmeBlocks.Read(RepoPaths.Combine("README.md"));
        foreach (var kind in new[] { "pack", "setup", "tool" })
        {
            Assert.DoesNotContain("--global", readme.Block(kind));
            Assert.DoesNotContain("~", readme.Block(kind));
        }

        // The feed, made as the README says, in the clone (here: this repository).
        var pack = Shell(readme.Block("pack"), RepoPaths.Root, ProcessRunner.QuietDotnet);
        Assert.True(pack.ExitCode == 0, pack.ToString());
        var feed = RepoPaths.Combine("artifacts", "packages");
        AssertPackageLayout(Path.Combine(feed, "TcpFsmGen.0.1.0.nupkg"));
        Assert.True(File.Exists(Path.Combine(feed, "TcpFsmGen.Cli.0.1.0.nupkg")), "dotnet pack at the root made no TcpFsmGen.Cli");

        var environment = UserEnvironment(feed, packages: "packages");
        var setup = Shell(readme.Block("setup"), _root, environment);
        Assert.True(setup.ExitCode == 0, setup.ToString());
        var app = Path.Combine(_root, "Hello");
        Assert.DoesNotContain("ProjectReference", File.ReadAllText(Path.Combine(app, "Hello.csproj")));
        Assert.Contains(feed, File.ReadAllText(Path.Combine(app, "nuget.config")));
        foreach (var (name, text) in readme.Files) File.WriteAllText(Path.Combine(app, name), text);

        // The first run restores into a NuGet cache that has never seen the package: the project's
        // nuget.config alone says where it is (no NU1101).
        var fresh = UserEnvironment(feed, packages: "packages-fresh");
        var run = Shell(readme.Block("run"), app, fresh);
        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Equal(readme.Block("output"), run.Output.Replace("\r\n", "\n"));
        Assert.True(Directory.Exists(Path.Combine(_root, "packages-fresh", "tcpfsmgen", "0.1.0")), "the fresh cache was not used");

        // The MSBuild settings: diagrams written on request; the automatic .fsm items can be turned off or narrowed.
        var diagrams = Shell("dotnet build -p:TcpFsmGenWriteDiagrams=true", app, environment);
        Assert.True(diagrams.ExitCode == 0, diagrams.ToString());
        var markdown = File.ReadAllText(Path.Combine(app, "bin", "Debug", "net10.0", "Hello.Light.md"));
        Assert.StartsWith("# Hello.Light\n\n```mermaid\nstateDiagram-v2\n    [*] --> Off\n", markdown);
        // ...or into the source tree, to be committed; there they are the user's files, which 'dotnet clean' leaves.
        var kept = Shell("dotnet build -p:TcpFsmGenDiagramsPath=docs/machines && dotnet clean -p:TcpFsmGenDiagramsPath=docs/machines", app, environment);
        Assert.True(kept.ExitCode == 0, kept.ToString());
        Assert.Equal(markdown, File.ReadAllText(Path.Combine(app, "docs", "machines", "Hello.Light.md")));
        Assert.False(File.Exists(Path.Combine(app, "bin", "Debug", "net10.0", "Hello.Light.md")), "dotnet clean left the diagram in the build output");
        foreach (var setting in new[] { "-p:TcpFsmGenIncludeFsmFiles=false", "-p:TcpFsmGenFsmFiles=machines/*.fsm" })
        {
            var without = Shell("dotnet build " + setting, app, environment);
            Assert.NotEqual(0, without.ExitCode);
            Assert.True(without.Output.Contains("error CS0759", StringComparison.Ordinal), without.ToString()); // Light.cs implements methods nothing declares
        }

        // A broken machine fails the user's build at the .fsm line, and the tool says the same.
        var fsmPath = Path.Combine(app, "light.fsm");
        File.WriteAllText(fsmPath, readme.Files.Single(f => f.Name == "light.fsm").Text.Replace("on TurnOff -> Off;", "on TurnOff -> Of;"));
        var broken = Shell("dotnet build", app, environment);
        Assert.NotEqual(0, broken.ExitCode);
        Assert.True(broken.Output.Contains("light.fsm(16,17): error TFSM0002: State 'Of' is not declared; did you mean 'Off'?", StringComparison.Ordinal), broken.ToString());
        Assert.DoesNotContain("error CS", broken.Output);

        // The tool: a local tool of the app, from the same nuget.config.
        File.WriteAllText(fsmPath, readme.Files.Single(f => f.Name == "light.fsm").Text);
        var tool = Shell(readme.Block("tool"), app, environment);
        Assert.True(tool.ExitCode == 0, tool.ToString());
        Assert.Contains("stateDiagram-v2\n    [*] --> Off\n", tool.Output);
        Assert.Contains("    On --> Off : after Idle (10m)\n", tool.Output);
        var manifest = new[] { Path.Combine(app, "dotnet-tools.json"), Path.Combine(app, ".config", "dotnet-tools.json") }.Single(File.Exists);
        Assert.Contains("\"tcpfsmgen.cli\"", File.ReadAllText(manifest));
        Assert.False(Directory.Exists(Path.Combine(_root, "home", ".dotnet", "tools")), "a tool was installed for the user, not for the project");

        File.WriteAllText(fsmPath, readme.Files.Single(f => f.Name == "light.fsm").Text.Replace("on TurnOff -> Off;", "on TurnOff -> Of;"));
        var check = Shell("dotnet fsm check light.fsm", app, environment);
        Assert.Equal(1, check.ExitCode);
        Assert.Equal("light.fsm(16,17): error TFSM0002: State 'Of' is not declared; did you mean 'Off'?", check.Output.Trim());
    }

    /// <summary>
    /// The user's side: <c>FEED</c> as the README says, a NuGet cache of its own, and every per-user folder
    /// (HOME, the .NET CLI's home, XDG folders, temp) inside this test's folder.
    /// </summary>
    private Dictionary<string, string> UserEnvironment(string feed, string packages)
    {
        var home = Path.Combine(_root, "home");
        var temp = Path.Combine(_root, "tmp");
        Directory.CreateDirectory(home);
        Directory.CreateDirectory(temp);
        return new Dictionary<string, string>(ProcessRunner.QuietDotnet)
        {
            ["FEED"] = feed,
            ["NUGET_PACKAGES"] = Path.Combine(_root, packages),
            ["HOME"] = home,
            ["DOTNET_CLI_HOME"] = home,
            ["XDG_CONFIG_HOME"] = Path.Combine(home, ".config"),
            ["XDG_DATA_HOME"] = Path.Combine(home, ".local", "share"),
            ["XDG_CACHE_HOME"] = Path.Combine(home, ".cache"),
            ["TMPDIR"] = temp,
        };
    }

    private static void AssertPackageLayout(string package)
    {
        using var zip = System.IO.Compression.ZipFile.OpenRead(package);
        var entries = zip.Entries.Select(e => e.FullName).ToHashSet();
        foreach (var expected in new[]
        {
            "analyzers/dotnet/cs/TcpFsmGen.Generator.dll",
            "analyzers/dotnet/cs/TcpFsmGen.CodeFixes.dll",
            "lib/netstandard2.0/TcpFsmGen.Runtime.dll",
            "lib/netstandard2.0/TcpFsmGen.Runtime.xml",
            "lib/net8.0/TcpFsmGen.Runtime.dll",
            "lib/net8.0/TcpFsmGen.Runtime.xml",
            "buildTransitive/TcpFsmGen.props",
            "buildTransitive/TcpFsmGen.targets",
            "README.md",
        })
        {
            Assert.True(entries.Contains(expected), $"{expected} is not in the package: {string.Join(", ", entries.Order())}");
        }
        using var nuspec = new StreamReader(zip.GetEntry("TcpFsmGen.nuspec")!.Open());
        var metadata = nuspec.ReadToEnd();
        Assert.Contains("<license type=\"expression\">MIT</license>", metadata);
        Assert.Contains("<readme>README.md</readme>", metadata);
        Assert.Matches("<repository type=\"git\" url=\"[^\"]+\"[^>]* commit=\"[0-9a-f]{40}\"", metadata); // SourceLink's commit
        Assert.DoesNotContain("TcpFsmGen.Generator", metadata); // the generator is inside, not a dependency
        Assert.DoesNotContain("TcpFsmGen.Runtime", metadata);   // and so is the runtime

        // The package project repeats the runtime's own package references: they must not drift apart.
        var runtime = XDocument.Load(RepoPaths.Combine("runtime", "TcpFsmGen.Runtime.csproj"));
        var needed = runtime.Descendants("PackageReference").Select(r => (string)r.Attribute("Include")!).Order();
        var declared = XDocument.Parse(metadata).Descendants().Where(e => e.Name.LocalName == "dependency")
            .Select(d => (string)d.Attribute("id")!).Order();
        Assert.Equal(needed, declared);
    }

    private ProcessRunner.Result Shell(string script, string directory, IEnumerable<KeyValuePair<string, string>> environment)
    {
        var clock = Stopwatch.StartNew();
        var result = ProcessRunner.Run("bash", ["-euo", "pipefail", "-c", script], directory, environment, timeout: TimeSpan.FromMinutes(5));
        _log.WriteLine($"{clock.Elapsed.TotalSeconds,5:0.0} s  {script.Trim().Replace('\n', ';')}");
        return result;
    }
}
