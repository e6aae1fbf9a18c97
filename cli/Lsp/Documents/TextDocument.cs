using System;
using System.Collections.Generic;
using TcpFsmGen.Cli.Lsp.Protocol;
using Range = TcpFsmGen.Cli.Lsp.Protocol.Range;

namespace TcpFsmGen.Cli.Lsp.Documents;

/// <summary>
/// One version of an open document: its text and where its lines start. Immutable: a change makes a new one, so
/// an analysis keeps reading the version it began with while the client edits on. Positions are LSP's: a line
/// and a UTF-16 code unit (a .NET string's own unit), lines ending at <c>\n</c>, <c>\r\n</c> or <c>\r</c>.
/// </summary>
internal sealed class TextDocument
{
    private readonly int[] _lineStarts;

    public TextDocument(string uri, string path, int version, string text)
    {
        Uri = uri;
        Path = path;
        Version = version;
        Text = text;
        _lineStarts = LineStarts(text);
    }

    public string Uri { get; }

    /// <summary>The file path the diagnostics name: the URI's local path, or the URI itself when it is not a file.</summary>
    public string Path { get; }

    public int Version { get; }

    public string Text { get; }

    public int LineCount => _lineStarts.Length;

    /// <summary>The offset of <paramref name="position"/>; a line or character past the end is clamped, as editors do.</summary>
    public int OffsetAt(Position position)
    {
        if (position.Line < 0) return 0;
        if (position.Line >= _lineStarts.Length) return Text.Length;
        var start = _lineStarts[position.Line];
        var end = LineContentEnd(position.Line);
        return Math.Min(start + Math.Max(0, position.Character), end);
    }

    public Position PositionAt(int offset)
    {
        offset = Math.Max(0, Math.Min(offset, Text.Length));
        var line = Array.BinarySearch(_lineStarts, offset);
        if (line < 0) line = ~line - 1;
        // Between the \r and the \n of one line break: still the end of that line.
        return new Position(line, Math.Min(offset, LineContentEnd(line)) - _lineStarts[line]);
    }

    public Range RangeOf(int start, int length) => new(PositionAt(start), PositionAt(start + length));

    /// <summary>The offset of the first character of <paramref name="line"/>.</summary>
    public int LineStart(int line) => _lineStarts[Math.Max(0, Math.Min(line, _lineStarts.Length - 1))];

    /// <summary>Where the text of <paramref name="line"/> ends, before its line break.</summary>
    public int LineContentEnd(int line)
    {
        if (line + 1 >= _lineStarts.Length) return Text.Length;
        var end = _lineStarts[line + 1] - 1; // the line break's last character
        if (Text[end] == '\n' && end > _lineStarts[line] && Text[end - 1] == '\r') end--;
        return end;
    }

    /// <summary>The line break the document uses most often at its start (its first one), or <c>\n</c>.</summary>
    public string NewLine => NewLineOf(Text);

    /// <summary>
    /// The next version: each change replaces its range, or the whole text when it has none, in order. A range
    /// past the end is clamped and one given backwards is read forwards, so the text stays in step with what the
    /// client shows as nearly as can be told.
    /// </summary>
    public TextDocument WithChanges(int version, IReadOnlyList<TextDocumentContentChangeEvent> changes)
    {
        var document = this;
        foreach (var change in changes)
        {
            var text = change.Text ?? "";
            if (change.Range is not { } range || range.Start is null || range.End is null)
            {
                document = new TextDocument(Uri, Path, version, text);
                continue;
            }
            var start = document.OffsetAt(range.Start);
            var end = document.OffsetAt(range.End);
            if (end < start) (start, end) = (end, start);
            document = new TextDocument(Uri, Path, version,
                string.Concat(document.Text.AsSpan(0, start), text, document.Text.AsSpan(end)));
        }
        return document.Version == version ? document : new TextDocument(Uri, Path, version, document.Text);
    }

    public static string NewLineOf(string text)
    {
        var i = text.IndexOfAny(['\r', '\n']);
        if (i < 0 || text[i] == '\n') return "\n";
        return i + 1 < text.Length && text[i + 1] == '\n' ? "\r\n" : "\r";
    }

    private static int[] LineStarts(string text)
    {
        var starts = new List<int>(text.Length / 24 + 1) { 0 };
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c == '\r')
            {
                if (i + 1 < text.Length && text[i + 1] == '\n') i++;
                starts.Add(i + 1);
            }
            else if (c == '\n')
            {
                starts.Add(i + 1);
            }
        }
        return starts.ToArray();
    }
}
