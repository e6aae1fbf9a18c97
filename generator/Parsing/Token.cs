using TcpFsmGen.Generator.Model;

namespace TcpFsmGen.Generator.Parsing;

internal enum TokenKind
{
    Identifier,
    /// <summary>Digits and whatever letters follow them at once (<c>30s</c>, <c>30</c>, <c>1.5s</c>); the parser judges it.</summary>
    Number,
    Semicolon,
    Comma,
    OpenBrace,
    CloseBrace,
    OpenBracket,
    CloseBracket,
    Bang,
    Slash,
    Arrow,
    Equals,
    Dot,
    OpenParen,
    CloseParen,
    /// <summary><c>&lt;</c>, in a payload's generic type.</summary>
    Less,
    /// <summary><c>&gt;</c>, in a payload's generic type.</summary>
    Greater,
    /// <summary><c>?</c>, in a payload's nullable type.</summary>
    Question,
    /// <summary><c>::</c>, in a payload type written with <c>global::</c>.</summary>
    ColonColon,
    EndOfFile,
}

/// <param name="StartsLine">True when no other token precedes it on its line; recovery uses it.</param>
internal readonly record struct Token(TokenKind Kind, string Text, SourceSpan Span, bool StartsLine)
{
    public bool Is(string keyword) => Kind == TokenKind.Identifier && Text == keyword;

    /// <summary>How the token is named in a syntax error.</summary>
    public string Describe() => Kind == TokenKind.EndOfFile ? "end of file" : $"'{Text}'";
}
