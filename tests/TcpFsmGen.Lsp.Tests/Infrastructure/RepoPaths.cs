using System;
using System.IO;

namespace TcpFsmGen.Lsp.Tests.Infrastructure;

/// <summary>Folders of this repository, found by walking up from the test assembly to <c>TcpFsmGen.sln</c>.</summary>
public static class RepoPaths
{
    public static string Root { get; } = FindRoot();

    public static string Combine(params string[] parts) => Path.Combine([Root, .. parts]);

    /// <summary>The door of the language reference, as the generator's tests keep it.</summary>
    public static string Door => File.ReadAllText(Combine("tests", "TcpFsmGen.Tests", "Machines", "door.fsm"));

    /// <summary>The TCP machine of the sample.</summary>
    public static string Tcp => File.ReadAllText(Combine("samples", "Tcp", "tcp.fsm"));

    /// <summary>The <c>fsm</c> tool, built beside the tests (the project references it).</summary>
    public static string FsmDll => Path.Combine(AppContext.BaseDirectory, "fsm.dll");

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "TcpFsmGen.sln"))) return dir.FullName;
        }
        throw new InvalidOperationException($"No TcpFsmGen.sln above {AppContext.BaseDirectory}.");
    }
}
