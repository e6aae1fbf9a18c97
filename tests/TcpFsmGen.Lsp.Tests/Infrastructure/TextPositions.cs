using System;
using System.Text.Json.Nodes;
using Xunit;

namespace TcpFsmGen.Lsp.Tests.Infrastructure;

/// <summary>
/// Positions in a text as LSP counts them (lines end at \n, \r\n or \r; characters are UTF-16 code units), computed
/// here on their own so the tests do not trust the server's arithmetic.
/// </summary>
public static class TextPositions
{
    /// <summary>The position of <paramref name="offset"/>.</summary>
    public static (int Line, int Character) Of(string text, int offset)
    {
        int line = 0, lineStart = 0;
        for (var i = 0; i < offset; i++)
        {
            // A \r\n counts once, at its \n.
            if (text[i] == '\n' || (text[i] == '\r' && (i + 1 >= text.Length || text[i + 1] != '\n')))
            {
                line++;
                lineStart = i + 1;
            }
        }
        return (line, offset - lineStart);
    }

    /// <summary>The offset of a position (the inverse of <see cref="Of"/>).</summary>
    public static int OffsetOf(string text, int line, int character)
    {
        var offset = 0;
        for (var l = 0; l < line; l++)
        {
            var next = text.IndexOfAny(['\r', '\n'], offset);
            offset = text[next] == '\r' && next + 1 < text.Length && text[next + 1] == '\n' ? next + 2 : next + 1;
        }
        return offset + character;
    }

    /// <summary>The range of the <paramref name="occurrence"/>-th (from 0) <paramref name="needle"/> in <paramref name="text"/>, as <c>"line:char-line:char"</c>.</summary>
    public static string RangeOf(string text, string needle, int occurrence = 0)
    {
        var at = Find(text, needle, occurrence);
        return Format(Of(text, at), Of(text, at + needle.Length));
    }

    /// <summary>The position <paramref name="delta"/> code units into the <paramref name="occurrence"/>-th <paramref name="needle"/>.</summary>
    public static JsonObject PositionIn(string text, string needle, int delta = 0, int occurrence = 0)
    {
        var (line, character) = Of(text, Find(text, needle, occurrence) + delta);
        return new JsonObject { ["line"] = line, ["character"] = character };
    }

    public static int Find(string text, string needle, int occurrence = 0)
    {
        var at = -1;
        for (var i = 0; i <= occurrence; i++)
        {
            at = text.IndexOf(needle, at + 1, StringComparison.Ordinal);
            Assert.True(at >= 0, $"'{needle}' (occurrence {occurrence}) is not in the text");
        }
        return at;
    }

    /// <summary>A JSON range written as <c>"line:char-line:char"</c>, for exact comparisons in one string.</summary>
    public static string Format(JsonNode? range)
    {
        Assert.NotNull(range);
        return Format(((int)range!["start"]!["line"]!, (int)range["start"]!["character"]!), ((int)range["end"]!["line"]!, (int)range["end"]!["character"]!));
    }

    public static string Format((int Line, int Character) start, (int Line, int Character) end)
        => $"{start.Line}:{start.Character}-{end.Line}:{end.Character}";

    public static JsonObject Range(string text, int start, int end)
    {
        var (sl, sc) = Of(text, start);
        var (el, ec) = Of(text, end);
        return new JsonObject
        {
            ["start"] = new JsonObject { ["line"] = sl, ["character"] = sc },
            ["end"] = new JsonObject { ["line"] = el, ["character"] = ec },
        };
    }

    /// <summary>Applies LSP text edits (as a client does: all ranges refer to the text before any edit).</summary>
    public static string Apply(string text, JsonArray edits)
    {
        var list = new System.Collections.Generic.List<(int Start, int End, string NewText)>();
        foreach (var edit in edits)
        {
            var range = edit!["range"]!;
            var start = OffsetOf(text, (int)range["start"]!["line"]!, (int)range["start"]!["character"]!);
            var end = OffsetOf(text, (int)range["end"]!["line"]!, (int)range["end"]!["character"]!);
            list.Add((start, end, (string)edit["newText"]!));
        }
        list.Sort((a, b) => b.Start.CompareTo(a.Start));
        foreach (var (start, end, newText) in list) text = text.Substring(0, start) + newText + text.Substring(end);
        return text;
    }
}
