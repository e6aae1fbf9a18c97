using System.IO;
using System.Runtime.CompilerServices;

namespace TcpFsmGen.Tests.Infrastructure;

/// <summary>Folders of this repository, found from this source file's own path.</summary>
public static class RepoPaths
{
    public static string Root { get; } = FindRoot();

    public static string Combine(params string[] parts) => Path.Combine([Root, .. parts]);

    private static string FindRoot([CallerFilePath] string here = "")
        => Path.GetFullPath(Path.Combine(Path.GetDirectoryName(here)!, "..", "..", ".."));
}
