using System.Collections.Generic;

namespace TcpFsmGen.Cli.Formatting;

/// <summary>What lies between two tokens besides white space.</summary>
internal enum TriviaKind
{
    /// <summary><c>// ...</c> to the end of the line (the line break is not part of it).</summary>
    LineComment,
    /// <summary><c>/* ... */</c>, possibly over several lines, possibly unterminated.</summary>
    BlockComment,
    /// <summary>A character the lexer reported as unexpected and skipped.</summary>
    Stray,
}

/// <summary>One comment or stray character, by offset.</summary>
internal readonly record struct TriviaPiece(TriviaKind Kind, int Start, int Length)
{
    public int End => Start + Length;
}

/// <summary>
/// The comments in the gaps between the generator's tokens. The generator's lexer drops comments; the formatter,
/// the folding ranges and the semantic tokens need them, and they are exactly what a gap holds besides white
/// space, by the same rules as the lexer's (the same line breaks end a <c>//</c> comment).
/// </summary>
internal static class Trivia
{
    /// <summary>The line breaks of the lexer (and of Roslyn's <c>SourceText</c>).</summary>
    public static bool IsLineBreak(char c) => c is '\n' or '\r' or '\u0085' or '\u2028' or '\u2029';

    /// <summary>Adds the comments and stray characters of <c>text[start..end)</c>, a gap between two tokens, to <paramref name="into"/>.</summary>
    public static void Scan(string text, int start, int end, List<TriviaPiece> into)
    {
        var i = start;
        while (i < end)
        {
            var c = text[i];
            if (c == '/' && i + 1 < end && text[i + 1] == '/')
            {
                var from = i;
                while (i < end && !IsLineBreak(text[i])) i++;
                into.Add(new TriviaPiece(TriviaKind.LineComment, from, i - from));
            }
            else if (c == '/' && i + 1 < end && text[i + 1] == '*')
            {
                var from = i;
                var close = text.IndexOf("*/", i + 2, end - i - 2, System.StringComparison.Ordinal);
                i = close < 0 ? end : close + 2;
                into.Add(new TriviaPiece(TriviaKind.BlockComment, from, i - from));
            }
            else if (char.IsWhiteSpace(c) || c == '\uFEFF')
            {
                i++;
            }
            else
            {
                into.Add(new TriviaPiece(TriviaKind.Stray, i, 1));
                i++;
            }
        }
    }

    /// <summary>How many line breaks <c>text[start..end)</c> holds (<c>\r\n</c> counts once).</summary>
    public static int CountLineBreaks(string text, int start, int end)
    {
        var count = 0;
        for (var i = start; i < end; i++)
        {
            var c = text[i];
            if (!IsLineBreak(c)) continue;
            count++;
            if (c == '\r' && i + 1 < end && text[i + 1] == '\n') i++;
        }
        return count;
    }
}
