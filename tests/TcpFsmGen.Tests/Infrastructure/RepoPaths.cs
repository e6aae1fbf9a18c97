using System;
using System.IO;

namespace TcpFsmGen.Tests.Infrastructure;

/// <summary>
/// Folders of this repository, found by walking up from the test assembly to <c>TcpFsmGen.sln</c>.
/// Source paths baked in at compile time (<c>[CallerFilePath]</c>) are not used: a CI build maps them
/// to <c>/_/</c> for determinism.
/// </summary>
public static class RepoPaths
{
    public static string Root { get; } = FindRoot();

    /// <summary>The test project's own folder, where <c>Snapshots/</c> lives.</summary>
    public static string TestProject => Combine("tests", "TcpFsmGen.Tests");

    public static string Combine(params string[] parts) => Path.Combine([Root, .. parts]);

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "TcpFsmGen.sln"))) return dir.FullName;
        }
        throw new InvalidOperationException($"No TcpFsmGen.sln above {AppContext.BaseDirectory}.");
    }
}
