using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using TcpFsmGen.Tests.Infrastructure;
using Xunit;

namespace TcpFsmGen.Tests;

/// <summary>
/// What a user does, from the README's "Install" section, run as written: pack the packages into a
/// local feed, make a console app, add the package from the feed, drop in the README's files, build and
/// run; then break the machine and see the build fail at the line; then install the <c>fsm</c> tool from
/// the same feed. The app uses nothing but the package (no project reference), and its NuGet cache and
/// tool folder are fresh, so nothing installed earlier is used.
/// </summary>
public sealed class ConsumptionTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("tcpfsmgen-consume-").FullName;

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
        var feed = Path.Combine(_root, "feed");

        // The feed, made as the README says.
        foreach (var project in new[] { "runtime", "cli" })
        {
            var pack = ProcessRunner.Run("dotnet", ["pack", project, "-c", "Release", "-o", feed], RepoPaths.Root, ProcessRunner.QuietDotnet, timeout: TimeSpan.FromMinutes(5));
            Assert.True(pack.ExitCode == 0, pack.ToString());
        }
        AssertPackageLayout(Path.Combine(feed, "TcpFsmGen.0.1.0.nupkg"));

        var environment = new Dictionary<string, string>(ProcessRunner.QuietDotnet)
        {
            ["FEED"] = feed,
            ["NUGET_PACKAGES"] = Path.Combine(_root, "packages"),
            ["DOTNET_CLI_HOME"] = Path.Combine(_root, "home"),
            ["PATH"] = Path.Combine(_root, "home", ".dotnet", "tools") + Path.PathSeparator + Environment.GetEnvironmentVariable("PATH"),
        };

        var setup = Shell(readme.Block("setup"), _root, environment);
        Assert.True(setup.ExitCode == 0, setup.ToString());
        var app = Path.Combine(_root, "Hello");
        Assert.DoesNotContain("ProjectReference", File.ReadAllText(Path.Combine(app, "Hello.csproj")));
        foreach (var (name, text) in readme.Files) File.WriteAllText(Path.Combine(app, name), text);

        var run = Shell(readme.Block("run"), app, environment);
        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Equal(readme.Block("output"), run.Output.Replace("\r\n", "\n"));

        // The MSBuild settings: diagrams written on request; the automatic .fsm items can be turned off or narrowed.
        var diagrams = Shell("dotnet build -p:TcpFsmGenWriteDiagrams=true", app, environment);
        Assert.True(diagrams.ExitCode == 0, diagrams.ToString());
        var markdown = File.ReadAllText(Path.Combine(app, "bin", "Debug", "net10.0", "Hello.Light.md"));
        Assert.StartsWith("# Hello.Light\n\n```mermaid\nstateDiagram-v2\n    [*] --> Off\n", markdown);
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

        // The tool, installed from the same feed.
        File.WriteAllText(fsmPath, readme.Files.Single(f => f.Name == "light.fsm").Text);
        var tool = Shell(readme.Block("tool"), app, environment);
        Assert.True(tool.ExitCode == 0, tool.ToString());
        Assert.Contains("stateDiagram-v2\n    [*] --> Off\n", tool.Output);
        Assert.Contains("    On --> Off : after Idle (10m)\n", tool.Output);

        File.WriteAllText(fsmPath, readme.Files.Single(f => f.Name == "light.fsm").Text.Replace("on TurnOff -> Off;", "on TurnOff -> Of;"));
        var check = Shell("fsm check light.fsm", app, environment);
        Assert.Equal(1, check.ExitCode);
        Assert.Equal("light.fsm(16,17): error TFSM0002: State 'Of' is not declared; did you mean 'Off'?", check.Output.Trim());
    }

    private static void AssertPackageLayout(string package)
    {
        using var zip = System.IO.Compression.ZipFile.OpenRead(package);
        var entries = zip.Entries.Select(e => e.FullName).ToHashSet();
        foreach (var expected in new[]
        {
            "analyzers/dotnet/cs/TcpFsmGen.Generator.dll",
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
    }

    private static ProcessRunner.Result Shell(string script, string directory, IDictionary<string, string> environment)
        => ProcessRunner.Run("bash", ["-euo", "pipefail", "-c", script], directory, environment, timeout: TimeSpan.FromMinutes(5));
}
