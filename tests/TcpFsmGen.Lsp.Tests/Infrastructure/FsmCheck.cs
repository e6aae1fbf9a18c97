using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json.Nodes;
using TcpFsmGen.Cli;

namespace TcpFsmGen.Lsp.Tests.Infrastructure;

/// <summary><c>fsm check</c> (the command, in this process) and the server's diagnostics, both as <c>(line,col): severity ID: message</c> lines.</summary>
public static class FsmCheck
{
    /// <summary>Writes the texts to their paths and runs <c>fsm check</c> on them together; the lines of <paramref name="path"/>.</summary>
    public static List<string> Lines(string path, params (string Path, string Text)[] files)
    {
        foreach (var (file, text) in files) File.WriteAllText(file, text);
        var output = new StringWriter();
        FsmCommand.Run(["check", .. files.Select(f => f.Path)], output, new StringWriter());
        return output.ToString().Split('\n')
            .Where(line => line.StartsWith(path + "(", System.StringComparison.Ordinal))
            .Select(line => WellFormed(line.Substring(path.Length).TrimEnd('\r')))
            .ToList();
    }

    /// <summary>
    /// The text as UTF-8 can carry it: a lone surrogate (the lexer names one half of an emoji it cannot place as an
    /// unexpected character) becomes U+FFFD, as in the server's JSON and in <c>fsm check</c>'s output to a terminal.
    /// </summary>
    private static string WellFormed(string text)
    {
        var chars = text.ToCharArray();
        for (var i = 0; i < chars.Length; i++)
        {
            if (char.IsHighSurrogate(chars[i]) && i + 1 < chars.Length && char.IsLowSurrogate(chars[i + 1])) i++;
            else if (char.IsSurrogate(chars[i])) chars[i] = '\uFFFD';
        }
        return new string(chars);
    }

    /// <summary>The server's diagnostics in the same form (LSP's zero-based positions made one-based).</summary>
    public static List<string> Lines(JsonArray diagnostics)
        => diagnostics.Select(d =>
        {
            var start = d!["range"]!["start"]!;
            var severity = (int)d["severity"]! == 1 ? "error" : "warning";
            return $"({(int)start["line"]! + 1},{(int)start["character"]! + 1}): {severity} {(string?)d["code"]}: {(string?)d["message"]}";
        }).ToList();
}
