using System.Collections.Generic;
using System.Globalization;
using System.Text;
using System.Threading;
using Microsoft.CodeAnalysis.CSharp;
using TcpFsmGen.Generator.Diagnostics;
using TcpFsmGen.Generator.Model;

namespace TcpFsmGen.Generator.Parsing;

/// <summary>Turns <c>.fsm</c> text into tokens; comments and white space are dropped.</summary>
internal sealed class Lexer
{
    private readonly string _text;
    private readonly string _path;
    private readonly List<DiagnosticInfo> _diagnostics;
    private int _pos;
    private int _line;
    private int _lineStart;
    private int _lastTokenLine = -1;

    private Lexer(string path, string text, List<DiagnosticInfo> diagnostics)
    {
        _path = path;
        _text = text;
        _diagnostics = diagnostics;
    }

    public static List<Token> Tokenize(string path, string text, List<DiagnosticInfo> diagnostics, CancellationToken cancellationToken)
    {
        var lexer = new Lexer(path, text, diagnostics);
        // About one token for every six characters of a typical machine: sized once, not grown by doubling.
        var tokens = new List<Token>(text.Length / 6 + 16);
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var token = lexer.Next();
            tokens.Add(token);
            if (token.Kind == TokenKind.EndOfFile) return tokens;
        }
    }

    private Token Next()
    {
        SkipTrivia();
        var start = _pos;
        var startLine = _line;
        var startColumn = _pos - _lineStart;
        if (_pos >= _text.Length) return Make(TokenKind.EndOfFile, start, startLine, startColumn);

        var c = _text[_pos];
        if (IsAsciiLetter(c) || c == '_' || (c > 0x7F && SyntaxFacts.IsIdentifierStartCharacter(c)))
        {
            _pos++;
            var formatCharacters = false;
            while (_pos < _text.Length)
            {
                var next = _text[_pos];
                if (IsAsciiLetter(next) || (next >= '0' && next <= '9') || next == '_')
                {
                    _pos++;
                }
                else if (next > 0x7F && SyntaxFacts.IsIdentifierPartCharacter(next))
                {
                    formatCharacters |= CharUnicodeInfo.GetUnicodeCategory(next) == UnicodeCategory.Format;
                    _pos++;
                }
                else
                {
                    break;
                }
            }
            return MakeIdentifier(start, startLine, startColumn, formatCharacters);
        }

        if (c >= '0' && c <= '9')
        {
            while (_pos < _text.Length && char.IsDigit(_text[_pos])) _pos++;
            // A fraction is kept in the token so the parser can call it a malformed duration.
            if (_pos + 1 < _text.Length && _text[_pos] == '.' && char.IsDigit(_text[_pos + 1]))
            {
                _pos++;
                while (_pos < _text.Length && char.IsDigit(_text[_pos])) _pos++;
            }
            while (_pos < _text.Length && SyntaxFacts.IsIdentifierPartCharacter(_text[_pos])) _pos++;
            return Make(TokenKind.Number, start, startLine, startColumn);
        }

        _pos++;
        switch (c)
        {
            case ';': return Make(TokenKind.Semicolon, start, startLine, startColumn);
            case ',': return Make(TokenKind.Comma, start, startLine, startColumn);
            case '{': return Make(TokenKind.OpenBrace, start, startLine, startColumn);
            case '}': return Make(TokenKind.CloseBrace, start, startLine, startColumn);
            case '[': return Make(TokenKind.OpenBracket, start, startLine, startColumn);
            case ']': return Make(TokenKind.CloseBracket, start, startLine, startColumn);
            case '!': return Make(TokenKind.Bang, start, startLine, startColumn);
            case '/': return Make(TokenKind.Slash, start, startLine, startColumn);
            case '=': return Make(TokenKind.Equals, start, startLine, startColumn);
            case '.': return Make(TokenKind.Dot, start, startLine, startColumn);
            case '(': return Make(TokenKind.OpenParen, start, startLine, startColumn);
            case ')': return Make(TokenKind.CloseParen, start, startLine, startColumn);
            case '<': return Make(TokenKind.Less, start, startLine, startColumn);
            case '>': return Make(TokenKind.Greater, start, startLine, startColumn);
            case '?': return Make(TokenKind.Question, start, startLine, startColumn);
            case ':' when _pos < _text.Length && _text[_pos] == ':':
                _pos++;
                return Make(TokenKind.ColonColon, start, startLine, startColumn);
            case '-' when _pos < _text.Length && _text[_pos] == '>':
                _pos++;
                return Make(TokenKind.Arrow, start, startLine, startColumn);
        }

        var shown = c == '-' ? "'-'; did you mean '->'?" : char.IsControl(c) ? $"U+{(int)c:X4}" : $"'{c}'";
        _diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.SyntaxError,
            Span(start, startLine, startColumn), $"Unexpected character {shown}"));
        return Next();
    }

    /// <summary>
    /// The line breaks of Roslyn's <c>SourceText</c> (CR, LF, CR LF, NEL, LS and PS), so that a line and column
    /// here are the ones an editor and the build show for the same file.
    /// </summary>
    private static bool IsLineBreak(char c) => c == '\n' || c == '\r' || c == '\u0085' || c == '\u2028' || c == '\u2029';

    private static bool IsAsciiLetter(char c) => (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');

    private void SkipTrivia()
    {
        while (_pos < _text.Length)
        {
            var c = _text[_pos];
            if (c == ' ')
            {
                _pos++;
            }
            else if (IsLineBreak(c))
            {
                _pos += c == '\r' && _pos + 1 < _text.Length && _text[_pos + 1] == '\n' ? 2 : 1;
                NewLine();
            }
            else if (char.IsWhiteSpace(c) || c == '\uFEFF')
            {
                _pos++;
            }
            else if (c == '/' && _pos + 1 < _text.Length && _text[_pos + 1] == '/')
            {
                while (_pos < _text.Length && !IsLineBreak(_text[_pos])) _pos++;
            }
            else if (c == '/' && _pos + 1 < _text.Length && _text[_pos + 1] == '*')
            {
                SkipBlockComment();
            }
            else
            {
                return;
            }
        }
    }

    private void SkipBlockComment()
    {
        var start = _pos;
        var startLine = _line;
        var startColumn = _pos - _lineStart;
        _pos += 2;
        while (_pos < _text.Length)
        {
            if (_text[_pos] == '*' && _pos + 1 < _text.Length && _text[_pos + 1] == '/')
            {
                _pos += 2;
                return;
            }
            var c = _text[_pos];
            _pos += c == '\r' && _pos + 1 < _text.Length && _text[_pos + 1] == '\n' ? 2 : 1;
            if (IsLineBreak(c)) NewLine();
        }
        _diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.SyntaxError,
            new SourceSpan(_path, start, 2, startLine, startColumn, startLine, startColumn + 2),
            "Unterminated comment: '/*' has no closing '*/'"));
    }

    private void NewLine()
    {
        _line++;
        _lineStart = _pos;
    }

    private Token Make(TokenKind kind, int start, int line, int column)
    {
        var startsLine = line != _lastTokenLine;
        _lastTokenLine = line;
        var length = _pos - start;
        var text = kind switch
        {
            TokenKind.EndOfFile => "",
            TokenKind.Identifier or TokenKind.Number => _names.Get(_text, start, length),
            _ => s_punctuation[_text[start] & 0x7F] ?? _text.Substring(start, length),
        };
        return new Token(kind, text, new SourceSpan(_path, start, length, line, column, line, column + length), startsLine);
    }

    /// <summary>
    /// An identifier token. Its text leaves out Unicode format characters (soft hyphen, zero-width joiners, ...), as
    /// C# does, so <c>A\u00ADB</c> and <c>AB</c> are one name; its span still covers what was written.
    /// </summary>
    private Token MakeIdentifier(int start, int line, int column, bool formatCharacters)
    {
        if (!formatCharacters) return Make(TokenKind.Identifier, start, line, column);
        var startsLine = line != _lastTokenLine;
        _lastTokenLine = line;
        var length = _pos - start;
        var text = new StringBuilder(length);
        for (var i = start; i < _pos; i++)
        {
            if (CharUnicodeInfo.GetUnicodeCategory(_text[i]) != UnicodeCategory.Format) text.Append(_text[i]);
        }
        return new Token(TokenKind.Identifier, text.ToString(),
            new SourceSpan(_path, start, length, line, column, line, column + length), startsLine);
    }

    /// <summary>The one-character tokens' texts, shared by every token.</summary>
    private static readonly string?[] s_punctuation = CreatePunctuation();

    private static string?[] CreatePunctuation()
    {
        var table = new string?[128];
        foreach (var c in ";,{}[]!/=.") table[c] = c.ToString();
        table['-'] = "->";
        return table;
    }

    /// <summary>Names repeat through a machine: each distinct one is allocated once per file.</summary>
    private readonly NameTable _names = new();

    private SourceSpan Span(int start, int line, int column) => new(_path, start, 1, line, column, line, column + 1);
}
