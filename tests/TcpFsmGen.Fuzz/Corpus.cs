using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;

namespace TcpFsmGen.Fuzz;

/// <summary>
/// The regression corpus: every input that once broke a property is kept as one file, run by the normal tests.
/// A file holds its parts one after another, each behind a line <c>=== fsm PATH</c> or <c>=== cs PATH</c>; the
/// path and the text are escaped (<c>\uXXXX</c> for every character outside printable ASCII and for backslash),
/// so line breaks of every kind survive.
/// </summary>
public static class Corpus
{
    public static string Write(FuzzInput input)
    {
        var text = new StringBuilder();
        foreach (var (path, body) in input.Fsm) text.Append("=== fsm ").Append(Escape(path, lines: false)).Append('\n').Append(Escape(body, lines: true)).Append('\n');
        foreach (var (path, body) in input.CSharp) text.Append("=== cs ").Append(Escape(path, lines: false)).Append('\n').Append(Escape(body, lines: true)).Append('\n');
        return text.ToString();
    }

    public static FuzzInput Read(string text)
    {
        var fsm = new List<(string, string)>();
        var cs = new List<(string, string)>();
        foreach (var part in System.Text.RegularExpressions.Regex.Split(text, "^=== (?=fsm |cs )", System.Text.RegularExpressions.RegexOptions.Multiline).Where(p => p.Length > 0))
        {
            var newline = part.IndexOf('\n');
            var head = part.Substring(0, newline);
            var body = Unescape(part.Substring(newline + 1).TrimEnd('\n'));
            var kind = head.Substring(0, head.IndexOf(' '));
            var path = Unescape(head.Substring(kind.Length + 1));
            (kind == "fsm" ? fsm : cs).Add((path, body));
        }
        return new FuzzInput(fsm, cs);
    }

    public static IEnumerable<(string Name, FuzzInput Input)> Load(string folder)
        => Directory.Exists(folder)
            ? Directory.GetFiles(folder, "*.txt").OrderBy(f => f, StringComparer.Ordinal).Select(f => (Path.GetFileName(f), Read(File.ReadAllText(f))))
            : Enumerable.Empty<(string, FuzzInput)>();

    /// <param name="lines">Keep the text's own lines as lines of the file (a body), or keep it on one line (a path).</param>
    private static string Escape(string text, bool lines)
    {
        var result = new StringBuilder(text.Length);
        foreach (var c in text)
        {
            if (c == '\n' && lines) result.Append("\\n\n");
            else if (c is >= ' ' and <= '~' && c != '\\') result.Append(c);
            else result.Append("\\u").Append(((int)c).ToString("X4", System.Globalization.CultureInfo.InvariantCulture));
        }
        return result.ToString();
    }

    private static string Unescape(string text)
    {
        var result = new StringBuilder(text.Length);
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] == '\n') continue;
            if (text[i] == '\\' && i + 1 < text.Length && text[i + 1] == 'n') { result.Append('\n'); i++; continue; }
            if (text[i] == '\\' && i + 5 < text.Length + 0 && text[i + 1] == 'u')
            {
                result.Append((char)Convert.ToInt32(text.Substring(i + 2, 4), 16));
                i += 5;
                continue;
            }
            result.Append(text[i]);
        }
        return result.ToString();
    }
}
