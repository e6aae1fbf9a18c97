using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using Xunit;

namespace TcpFsmGen.Tests.Infrastructure;

/// <summary>
/// A throw-away project built with the real <c>dotnet build</c>, using the generator and runtime this
/// test run was built with: what a user's build does, editorconfig and all.
/// </summary>
public sealed class DotnetBuild : IDisposable
{
    public DotnetBuild()
    {
        Directory = Path.Combine(Path.GetTempPath(), "tcpfsmgen-build-" + Guid.NewGuid().ToString("N"));
        System.IO.Directory.CreateDirectory(Directory);
        var bin = AppContext.BaseDirectory;
        Write("Probe.csproj", $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <TargetFramework>net10.0</TargetFramework>
                <Nullable>enable</Nullable>
                <OutputType>Library</OutputType>
                <UseSharedCompilation>false</UseSharedCompilation>
              </PropertyGroup>
              <ItemGroup>
                <AdditionalFiles Include="*.fsm" />
                <Analyzer Include="{Path.Combine(bin, "TcpFsmGen.Generator.dll")}" />
                <Reference Include="{Path.Combine(bin, "TcpFsmGen.Runtime.dll")}" />
              </ItemGroup>
            </Project>
            """);
        // The SDK finds .editorconfig and .globalconfig files from the folders of the C# files, so there is one.
        Write("Anchor.cs", "namespace Probe { internal static class Anchor { } }");
        // Keep the probe out of any settings of the directories above it.
        Write("Directory.Build.props", "<Project />");
        Write("Directory.Build.targets", "<Project />");
    }

    public string Directory { get; }

    public void Write(string file, string text) => File.WriteAllText(Path.Combine(Directory, file), text);

    public void Delete(string file) => File.Delete(Path.Combine(Directory, file));

    /// <summary>Builds; returns the exit code and the diagnostics MSBuild logged while building (not its closing recap).</summary>
    public (int ExitCode, List<string> Diagnostics) Build()
    {
        var build = ProcessRunner.Run("dotnet", ["build", "--no-incremental", "-nodeReuse:false", "-clp:NoSummary"],
            Directory, ProcessRunner.QuietDotnet, timeout: TimeSpan.FromMinutes(3));
        var lines = (build.Output + "\n" + build.Error).Split('\n');
        var live = lines.TakeWhile(l => !l.StartsWith("Build FAILED", StringComparison.Ordinal) && !l.StartsWith("Build succeeded", StringComparison.Ordinal));
        var diagnostics = live
            .Where(l => l.Contains(": error ", StringComparison.Ordinal) || l.Contains(": warning ", StringComparison.Ordinal))
            .Select(l => l.Trim())
            .Select(l => l.Replace(Directory + Path.DirectorySeparatorChar, "", StringComparison.Ordinal))
            .Select(l => l.Contains(" (https://", StringComparison.Ordinal) ? l.Substring(0, l.IndexOf(" (https://", StringComparison.Ordinal)) : l)
            .Select(l => l.Contains(" [", StringComparison.Ordinal) ? l.Substring(0, l.LastIndexOf(" [", StringComparison.Ordinal)) : l)
            .ToList();
        return (build.ExitCode, diagnostics);
    }

    public void Dispose()
    {
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
            // A build server may still hold a file for a moment; the temp folder is cleaned by the OS.
        }
    }
}
