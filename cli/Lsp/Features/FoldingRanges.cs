using System.Collections.Generic;
using TcpFsmGen.Cli.Formatting;
using TcpFsmGen.Cli.Lsp.Analysis;
using TcpFsmGen.Cli.Lsp.Protocol;
using TcpFsmGen.Generator.Parsing;

namespace TcpFsmGen.Cli.Lsp.Features;

/// <summary>Folds every block over several lines, every block comment over several lines, and every run of two or more <c>//</c> lines.</summary>
internal static class FoldingRanges
{
    public static FoldingRange[] Of(DocumentAnalysis analysis)
    {
        var source = analysis.Source;
        var document = analysis.Document;
        var ranges = new List<FoldingRange>();
        for (var i = 0; i < source.Tokens.Count; i++)
        {
            var close = source.MatchingBrace[i];
            if (source.Tokens[i].Kind != TokenKind.OpenBrace || close < 0) continue;
            var startLine = document.PositionAt(source.Tokens[i].Span.Start).Line;
            var closeToken = source.Tokens[close];
            var endLine = document.PositionAt(closeToken.Span.Start).Line;
            // The '}' on a line of its own stays in view, as a folded C# block keeps it.
            if (closeToken.StartsLine) endLine--;
            if (endLine > startLine) ranges.Add(new FoldingRange { StartLine = startLine, EndLine = endLine });
        }

        var comments = source.Comments;
        for (var i = 0; i < comments.Count; i++)
        {
            var startLine = document.PositionAt(comments[i].Start).Line;
            if (comments[i].Kind == TriviaKind.BlockComment)
            {
                var endLine = document.PositionAt(comments[i].End).Line;
                if (endLine > startLine) ranges.Add(new FoldingRange { StartLine = startLine, EndLine = endLine, Kind = "comment" });
                continue;
            }
            // Line comments on consecutive lines, each alone on its line.
            if (!AloneOnLine(analysis, comments[i])) continue;
            var last = i;
            while (last + 1 < comments.Count && comments[last + 1].Kind == TriviaKind.LineComment && AloneOnLine(analysis, comments[last + 1])
                   && document.PositionAt(comments[last + 1].Start).Line == document.PositionAt(comments[last].Start).Line + 1)
            {
                last++;
            }
            var lastLine = document.PositionAt(comments[last].Start).Line;
            if (lastLine > startLine) ranges.Add(new FoldingRange { StartLine = startLine, EndLine = lastLine, Kind = "comment" });
            i = last;
        }
        ranges.Sort((a, b) => a.StartLine != b.StartLine ? a.StartLine.CompareTo(b.StartLine) : b.EndLine.CompareTo(a.EndLine));
        return ranges.ToArray();
    }

    private static bool AloneOnLine(DocumentAnalysis analysis, TriviaPiece comment)
    {
        var document = analysis.Document;
        var line = document.PositionAt(comment.Start).Line;
        var text = document.Text;
        for (var i = document.LineStart(line); i < comment.Start; i++)
        {
            if (!char.IsWhiteSpace(text[i])) return false;
        }
        return true;
    }
}
