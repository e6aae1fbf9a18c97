using System;
using System.IO;

namespace TcpFsmGen.Cli;

/// <summary>Reads a <c>.fsm</c> named on the command line, turning I/O failures into one-line messages.</summary>
internal static class InputFile
{
    public static bool TryRead(string path, TextWriter error, out string text)
    {
        try
        {
            text = File.ReadAllText(path);
            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            error.WriteLine($"fsm: cannot read '{path}': {Reason(e)}");
            text = "";
            return false;
        }
    }

    private static string Reason(Exception e) => e switch
    {
        FileNotFoundException => "no such file",
        DirectoryNotFoundException => "no such directory",
        _ => e.Message,
    };
}
