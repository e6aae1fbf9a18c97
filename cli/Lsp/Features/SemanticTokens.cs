using System;
using System.Collections.Generic;
using TcpFsmGen.Cli.Lsp.Analysis;
using TcpFsmGen.Cli.Lsp.Protocol;
using TcpFsmGen.Generator.Parsing;

namespace TcpFsmGen.Cli.Lsp.Features;

/// <summary>
/// Semantic tokens of a whole document: keywords, names by what they name (a state is an enum member of the generated
/// <c>State</c>, a guard a function, an action a method), durations, operators and comments.
/// </summary>
internal static class SemanticTokens
{
    public static readonly string[] TokenTypes = ["keyword", "namespace", "class", "enumMember", "event", "variable", "function", "method", "number", "comment", "operator"];

    public static readonly string[] TokenModifiers = ["declaration"];

    private const int Keyword = 0, Namespace = 1, Class = 2, EnumMember = 3, Event = 4, Variable = 5, Function = 6, Method = 7, Number = 8, Comment = 9, Operator = 10;

    public static SemanticTokensResult Of(DocumentAnalysis analysis)
    {
        var source = analysis.Source;
        var document = analysis.Document;
        var spans = new List<(int Start, int Length, int Type, int Modifiers)>(source.Tokens.Count + source.Comments.Count);
        foreach (var token in source.Tokens)
        {
            var start = token.Span.Start;
            switch (token.Kind)
            {
                case TokenKind.Identifier:
                    if (source.Symbols.StartingAt(start) is { } occurrence)
                    {
                        spans.Add((start, token.Span.Length, TypeOf(occurrence.Kind), occurrence.IsDeclaration ? 1 : 0));
                    }
                    else if (Keywords.All.Contains(token.Text))
                    {
                        spans.Add((start, token.Span.Length, Keyword, 0));
                    }
                    break;
                case TokenKind.Number:
                    spans.Add((start, token.Span.Length, Number, 0));
                    break;
                case TokenKind.Arrow or TokenKind.Slash or TokenKind.Bang or TokenKind.Equals:
                    spans.Add((start, token.Span.Length, Operator, 0));
                    break;
            }
        }
        foreach (var comment in source.Comments)
        {
            // A token may not span lines: a block comment is one token per line.
            var first = document.PositionAt(comment.Start).Line;
            var last = document.PositionAt(comment.End).Line;
            for (var line = first; line <= last; line++)
            {
                var from = Math.Max(comment.Start, document.LineStart(line));
                var to = Math.Min(comment.End, document.LineContentEnd(line));
                if (to > from) spans.Add((from, to - from, Comment, 0));
            }
        }
        spans.Sort((a, b) => a.Start.CompareTo(b.Start));

        var data = new int[spans.Count * 5];
        int previousLine = 0, previousCharacter = 0, i = 0;
        foreach (var (start, length, type, modifiers) in spans)
        {
            var position = document.PositionAt(start);
            data[i++] = position.Line - previousLine;
            data[i++] = position.Line == previousLine ? position.Character - previousCharacter : position.Character;
            data[i++] = length;
            data[i++] = type;
            data[i++] = modifiers;
            previousLine = position.Line;
            previousCharacter = position.Character;
        }
        return new SemanticTokensResult(data);
    }

    private static int TypeOf(SymbolKind kind) => kind switch
    {
        SymbolKind.Namespace => Namespace,
        SymbolKind.Machine => Class,
        SymbolKind.State => EnumMember,
        SymbolKind.Event => Event,
        SymbolKind.Timer => Variable,
        SymbolKind.Guard => Function,
        _ => Method,
    };
}
