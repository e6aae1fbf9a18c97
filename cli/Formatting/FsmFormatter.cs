using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using System.Threading;
using TcpFsmGen.Generator.Diagnostics;
using TcpFsmGen.Generator.Parsing;

namespace TcpFsmGen.Cli.Formatting;

/// <summary>The formatted text, or why the file was left alone.</summary>
/// <param name="Text">The canonical layout of the file, or null when it was refused.</param>
/// <param name="Error">Why it was refused: the first syntax error, at its line.</param>
internal sealed record FormatResult(string? Text, string? Error);

/// <summary>
/// The one canonical layout of a <c>.fsm</c> file, for <c>fsm format</c> and the language server's formatting.
/// <list type="bullet">
/// <item>One statement per line; a block's members indented by two spaces per level; <c>}</c> on its own line.</item>
/// <item>One space between tokens, none before <c>;</c> <c>,</c> <c>.</c> <c>]</c> or after <c>[</c> <c>!</c> <c>.</c>.</item>
/// <item>Blank lines kept where there were some, at most one, never first in a block or before its <c>}</c>.</item>
/// <item>Every comment kept: one on a line of its own stays on its own line, at the indentation of what follows;
/// a <c>//</c> comment after code stays after it, and such comments on consecutive lines are aligned one space after
/// the longest of their lines. A statement broken by a comment goes on, indented one more level.</item>
/// <item>The file's own line break (that of its first line), and one at the end.</item>
/// </list>
/// It works on the generator's tokens, never on what a statement means, so a file formats the same whatever its
/// machine says; and it checks its own output: the same tokens and the same comments in the same order, or the
/// file is left alone. A file with a syntax error is refused, since text the parser skipped could be text the
/// layout would move into another statement.
/// </summary>
internal static class FsmFormatter
{
    private const string IndentUnit = "  ";

    public static FormatResult Format(string path, string text, CancellationToken cancellationToken = default)
    {
        var parsed = FsmParser.Parse(path, text, cancellationToken);
        var syntaxError = parsed.Diagnostics.FirstOrDefault(d => d.Id == DiagnosticDescriptors.SyntaxError.Id || d.Id == DiagnosticDescriptors.BadHeader.Id);
        if (syntaxError is not null)
        {
            return new FormatResult(null,
                $"Not formatted: line {syntaxError.Span.StartLine + 1} has a syntax error ({syntaxError.Id}: {syntaxError.Message}); fix it first, so that no text is lost");
        }

        var tokens = Lexer.Tokenize(path, text, new List<DiagnosticInfo>(), cancellationToken);
        var layout = new Layout(text);
        foreach (var token in tokens)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (!layout.Add(token)) return new FormatResult(null, $"Not formatted: line {token.Span.StartLine + 1} holds a character that is not part of the language");
        }
        var formatted = layout.ToText(TextNewLine(text));
        if (text.Length > 0 && text[0] == '\uFEFF') formatted = "\uFEFF" + formatted;

        var check = Lexer.Tokenize(path, formatted, new List<DiagnosticInfo>(), cancellationToken);
        if (!SameTokens(tokens, check) || !SameComments(text, tokens, formatted, check))
        {
            return new FormatResult(null, "Not formatted: the layout would have changed the file's words or comments (a formatter bug; please report it)");
        }
        return new FormatResult(formatted, null);
    }

    /// <summary>The line break of the file's first line, or <c>\n</c>.</summary>
    private static string TextNewLine(string text)
    {
        var i = text.IndexOfAny(['\r', '\n']);
        if (i < 0 || text[i] == '\n') return "\n";
        return i + 1 < text.Length && text[i + 1] == '\n' ? "\r\n" : "\r";
    }

    private static bool SameTokens(List<Token> a, List<Token> b)
        => a.Count == b.Count && a.Zip(b, (x, y) => x.Kind == y.Kind && x.Text == y.Text).All(same => same);

    private static bool SameComments(string textA, List<Token> a, string textB, List<Token> b)
        => Comments(textA, a).SequenceEqual(Comments(textB, b), StringComparer.Ordinal);

    private static IEnumerable<string> Comments(string text, List<Token> tokens)
    {
        var pieces = new List<TriviaPiece>();
        var previous = 0;
        foreach (var token in tokens)
        {
            Trivia.Scan(text, previous, token.Span.Start, pieces);
            previous = token.Span.Start + token.Span.Length;
        }
        return pieces.Select(p => text.Substring(p.Start, p.Length).TrimEnd());
    }

    /// <summary>A line of the output: its indentation, its code, and the <c>//</c> comment after it.</summary>
    private sealed class Line
    {
        public Line(int depth) => Depth = depth;

        public int Depth { get; }

        public StringBuilder Code { get; } = new();

        public string? Trailing { get; set; }

        public bool IsBlank { get; init; }

        /// <summary>The line ends with a block's <c>{</c> (a comment may follow it).</summary>
        public bool OpensBlock { get; set; }

        /// <summary>A block comment over several lines: its text is kept as it is, and it takes no part in alignment.</summary>
        public bool SpansLines { get; set; }

        public int Width => Depth * IndentUnit.Length + Code.Length;
    }

    /// <summary>Lays out tokens one by one, each with the comments and line breaks that came before it.</summary>
    private sealed class Layout
    {
        private readonly string _text;
        private readonly List<Line> _lines = new();
        private readonly List<TriviaPiece> _pieces = new();
        private Line? _current;
        private Token? _previous;
        private int _depth;
        /// <summary>True inside a statement: after a token that does not end one (<c>;</c>, <c>{</c> or <c>}</c>).</summary>
        private bool _inStatement;
        /// <summary>True right after a comment written on the current line: the next token is spaced from it.</summary>
        private bool _afterComment;

        public Layout(string text) => _text = text;

        /// <summary>Adds a token (the end of file adds only the comments before it); false on a character outside the language.</summary>
        public bool Add(Token token)
        {
            var gapStart = _previous is { } p ? p.Span.Start + p.Span.Length : 0;
            _pieces.Clear();
            Trivia.Scan(_text, gapStart, token.Span.Start, _pieces);
            var at = gapStart;
            foreach (var piece in _pieces)
            {
                if (piece.Kind == TriviaKind.Stray) return false;
                AddComment(piece, Trivia.CountLineBreaks(_text, at, piece.Start));
                at = piece.End;
            }
            if (token.Kind != TokenKind.EndOfFile) AddToken(token, Trivia.CountLineBreaks(_text, at, token.Span.Start));
            _previous = token;
            return true;
        }

        private void AddComment(TriviaPiece piece, int breaksBefore)
        {
            var comment = _text.Substring(piece.Start, piece.Length);
            if (piece.Kind == TriviaKind.LineComment) comment = comment.TrimEnd();
            var spansLines = piece.Kind == TriviaKind.BlockComment && comment.IndexOfAny(['\r', '\n', '\u0085', '\u2028', '\u2029']) >= 0;
            if (breaksBefore == 0 && _current is not null)
            {
                // After code on the same line: a '//' comment ends the line, a '/* */' one stays where it is.
                if (piece.Kind == TriviaKind.LineComment)
                {
                    _current.Trailing = comment;
                    CloseLine();
                }
                else
                {
                    _current.Code.Append(' ').Append(comment);
                    _current.SpansLines |= spansLines;
                    _afterComment = true;
                }
                return;
            }

            CloseLine();
            if (breaksBefore >= 2) AddBlankLine();
            _current = new Line(_depth + (_inStatement ? 1 : 0)) { SpansLines = spansLines };
            _current.Code.Append(comment);
            _afterComment = true;
            if (piece.Kind == TriviaKind.LineComment) CloseLine();
        }

        private void AddToken(Token token, int breaksBefore)
        {
            if (token.Kind == TokenKind.CloseBrace) _depth = Math.Max(0, _depth - 1);
            if (_current is null || !_inStatement || token.Kind == TokenKind.CloseBrace)
            {
                CloseLine();
                if (breaksBefore >= 2 && token.Kind != TokenKind.CloseBrace) AddBlankLine();
                _current = new Line(_depth + (_inStatement ? 1 : 0));
                _current.Code.Append(token.Text);
            }
            else
            {
                _current.Code.Append(_afterComment ? " " : Spacing(_previous!.Value, token)).Append(token.Text);
            }
            _afterComment = false;
            _current.OpensBlock = token.Kind == TokenKind.OpenBrace;
            _inStatement = token.Kind is not (TokenKind.OpenBrace or TokenKind.Semicolon or TokenKind.CloseBrace);
            if (token.Kind == TokenKind.OpenBrace) _depth++;
        }

        private void CloseLine()
        {
            if (_current is null) return;
            _lines.Add(_current);
            _current = null;
        }

        /// <summary>One blank line, unless the output is empty, already ends with one, or ends with a block's <c>{</c>.</summary>
        private void AddBlankLine()
        {
            if (_lines.Count == 0) return;
            var last = _lines[_lines.Count - 1];
            if (last.IsBlank || last.OpensBlock) return;
            _lines.Add(new Line(0) { IsBlank = true });
        }

        private static string Spacing(Token previous, Token token)
        {
            if (token.Kind is TokenKind.Semicolon or TokenKind.Comma or TokenKind.CloseBracket or TokenKind.Dot) return "";
            if (previous.Kind is TokenKind.OpenBracket or TokenKind.Bang or TokenKind.Dot) return "";
            // The punctuation of C# types (event payloads), should the lexer produce it: 'Segment(Segment seg)', 'int?', 'List<int>'.
            if (token.Text is ")" or "?" or ">" || previous.Text is "(" or "<") return "";
            if (token.Text is "(" or "<" && previous.Kind == TokenKind.Identifier) return "";
            return " ";
        }

        public string ToText(string newLine)
        {
            CloseLine();
            while (_lines.Count > 0 && _lines[_lines.Count - 1].IsBlank) _lines.RemoveAt(_lines.Count - 1);
            var text = new StringBuilder(_text.Length + 64);
            var i = 0;
            while (i < _lines.Count)
            {
                // A run of consecutive lines with a comment after their code: the comments line up one space after the longest.
                var end = i;
                var width = 0;
                while (end < _lines.Count && _lines[end].Trailing is not null && !_lines[end].SpansLines)
                {
                    width = Math.Max(width, _lines[end].Width);
                    end++;
                }
                if (end == i) end = i + 1;
                for (var j = i; j < end; j++)
                {
                    var line = _lines[j];
                    if (!line.IsBlank)
                    {
                        for (var d = 0; d < line.Depth; d++) text.Append(IndentUnit);
                        text.Append(line.Code);
                        if (line.Trailing is not null) text.Append(' ', Math.Max(1, width - line.Width + 1)).Append(line.Trailing);
                    }
                    text.Append(newLine);
                }
                i = end;
            }
            return text.ToString();
        }
    }
}
