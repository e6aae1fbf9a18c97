using System.Collections.Generic;
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
        var tokens = new List<Token>();
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
        if (c == '_' || SyntaxFacts.IsIdentifierStartCharacter(c))
        {
            _pos++;
            while (_pos < _text.Length && SyntaxFacts.IsIdentifierPartCharacter(_text[_pos])) _pos++;
            return Make(TokenKind.Identifier, start, startLine, startColumn);
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
            case '-' when _pos < _text.Length && _text[_pos] == '>':
                _pos++;
                return Make(TokenKind.Arrow, start, startLine, startColumn);
        }

        var shown = c == '-' ? "'-'; did you mean '->'?" : char.IsControl(c) ? $"U+{(int)c:X4}" : $"'{c}'";
        _diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.SyntaxError,
            Span(start, startLine, startColumn), $"Unexpected character {shown}"));
        return Next();
    }

    private void SkipTrivia()
    {
        while (_pos < _text.Length)
        {
            var c = _text[_pos];
            if (c == '\n' || c == '\r')
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
                while (_pos < _text.Length && _text[_pos] != '\n' && _text[_pos] != '\r') _pos++;
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
            if (c == '\n' || c == '\r') NewLine();
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
        return new Token(kind, kind == TokenKind.EndOfFile ? "" : _text.Substring(start, length),
            new SourceSpan(_path, start, length, line, column, line, column + length), startsLine);
    }

    private SourceSpan Span(int start, int line, int column) => new(_path, start, 1, line, column, line, column + 1);
}
