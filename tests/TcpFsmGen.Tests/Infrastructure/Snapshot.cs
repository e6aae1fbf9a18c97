using System;
using System.IO;
using System.Runtime.CompilerServices;
using Xunit;

namespace TcpFsmGen.Tests.Infrastructure;

/// <summary>
/// Snapshot files in Verify's layout: <c>Snapshots/Class.Method#Hint.g.verified.cs</c> beside the tests.
/// On a mismatch the actual text is written to the matching <c>.received.</c> file and the test fails;
/// accept it by renaming the file. Swapping this for Verify's <c>Verify(driver)</c> is a one-line change.
/// </summary>
public static class Snapshot
{
    /// <summary>The generator's version, which every release changes, as a placeholder (Verify scrubs the same way).</summary>
    public static string Scrub(string text)
        => text.Replace($"TcpFsmGen {Generator.Emit.ClassFrame.Version} ", "TcpFsmGen {Version} ", StringComparison.Ordinal)
               .Replace($"\"TcpFsmGen\", \"{Generator.Emit.ClassFrame.Version}\"", "\"TcpFsmGen\", \"{Version}\"", StringComparison.Ordinal);

    public static void Match(string actual, string hintName, [CallerFilePath] string testFile = "", [CallerMemberName] string method = "")
    {
        // Only the file name of the caller is used: CI builds map source paths to /_/.
        var directory = Path.Combine(RepoPaths.TestProject, "Snapshots");
        var className = Path.GetFileNameWithoutExtension(testFile);
        var extension = Path.GetExtension(hintName);
        var stem = $"{className}.{method}#{Path.GetFileNameWithoutExtension(hintName)}";
        var verified = Path.Combine(directory, $"{stem}.verified{extension}");
        var received = Path.Combine(directory, $"{stem}.received{extension}");
        actual = Scrub(actual.Replace("\r\n", "\n"));

        if (File.Exists(verified) && File.ReadAllText(verified).Replace("\r\n", "\n") == actual)
        {
            if (File.Exists(received)) File.Delete(received);
            return;
        }
        Directory.CreateDirectory(directory);
        File.WriteAllText(received, actual);
        Assert.Fail(File.Exists(verified)
            ? $"Snapshot differs from {verified}; the actual text is in {received}. Accept it by renaming the file."
            : $"No snapshot at {verified}; the actual text is in {received}. Review it and rename it to accept it.");
    }
}
