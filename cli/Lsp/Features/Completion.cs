using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using TcpFsmGen.Cli.Lsp.Analysis;
using TcpFsmGen.Cli.Lsp.Protocol;
using TcpFsmGen.Generator.Parsing;

namespace TcpFsmGen.Cli.Lsp.Features;

/// <summary>
/// Completion from the token before the caret: state names after <c>-&gt;</c> and <c>initial</c>, event names after
/// <c>on</c>, <c>ignore</c> and <c>defer</c> (and a comma in their lists), timer names after <c>after</c> and
/// <c>every</c>, guards after <c>[</c>, actions after <c>/</c>, and at the start of a statement the keywords that
/// may begin one there.
/// </summary>
internal static class Completion
{
    public static CompletionList At(DocumentAnalysis analysis, int offset)
    {
        var source = analysis.Source;
        if (source.CommentAt(offset) is not null) return new CompletionList(false, []);
        var tokens = source.Tokens;
        var before = source.TokenBefore(offset);
        // The caret in or right after a word: that word is what is being typed, and the token before it says what it is.
        if (before >= 0 && tokens[before].Kind is TokenKind.Identifier or TokenKind.Number
                        && offset <= tokens[before].Span.Start + tokens[before].Span.Length)
        {
            before--;
        }
        var items = Items(analysis, before, offset);
        return new CompletionList(false, items.Select((item, i) => item with { SortText = i.ToString("D4", CultureInfo.InvariantCulture) }).ToArray());
    }

    private static IEnumerable<CompletionItem> Items(DocumentAnalysis analysis, int context, int offset)
    {
        var source = analysis.Source;
        var tokens = source.Tokens;
        var symbols = source.Symbols;
        if (context < 0) return KeywordItems(Keywords.Header);
        var token = tokens[context];
        var statementStart = IsStatementStart(tokens, context);
        switch (token.Kind)
        {
            case TokenKind.Arrow:
                return Names(symbols, SymbolKind.State, CompletionItemKinds.EnumMember, "state");
            case TokenKind.OpenBracket:
            case TokenKind.Bang when context > 0 && tokens[context - 1].Kind == TokenKind.OpenBracket:
                return Names(symbols, SymbolKind.Guard, CompletionItemKinds.Function, "guard");
            case TokenKind.Slash:
                return Names(symbols, SymbolKind.Action, CompletionItemKinds.Method, "action");
            case TokenKind.Comma:
                return AfterComma(analysis, context);
            case TokenKind.Semicolon or TokenKind.OpenBrace or TokenKind.CloseBrace:
                return StatementKeywords(analysis, offset);
            case TokenKind.Identifier when statementStart:
                switch (token.Text)
                {
                    case "initial":
                        return InitialStates(analysis, offset);
                    case "on" or "ignore" or "defer":
                        return Names(symbols, SymbolKind.Event, CompletionItemKinds.Event, "event");
                    case "after" or "every":
                        return Names(symbols, SymbolKind.Timer, CompletionItemKinds.Variable, "timer");
                    case "final":
                        return KeywordItems(["state"]);
                    case "history":
                        return KeywordItems(["deep"]);
                }
                break;
        }
        return [];
    }

    /// <summary>After a comma: more of an <c>ignore</c> or <c>defer</c> list (events), or of an action list.</summary>
    private static IEnumerable<CompletionItem> AfterComma(DocumentAnalysis analysis, int comma)
    {
        var tokens = analysis.Source.Tokens;
        for (var i = comma - 1; i >= 0; i--)
        {
            var token = tokens[i];
            if (token.Kind == TokenKind.Slash) return Names(analysis.Source.Symbols, SymbolKind.Action, CompletionItemKinds.Method, "action");
            if (token.Kind is TokenKind.Semicolon or TokenKind.OpenBrace or TokenKind.CloseBrace) break;
            if (IsStatementStart(tokens, i))
            {
                return token.Text is "ignore" or "defer"
                    ? Names(analysis.Source.Symbols, SymbolKind.Event, CompletionItemKinds.Event, "event")
                    : [];
            }
        }
        return [];
    }

    /// <summary>After <c>initial</c>: in a state's block, its substates first; at the top level, the top-level states first.</summary>
    private static IEnumerable<CompletionItem> InitialStates(DocumentAnalysis analysis, int offset)
    {
        var model = analysis.Model;
        var owner = Enclosing(analysis, offset);
        var preferred = model.States.Where(s => s.Parent == owner).Select(s => s.Name.Text);
        var all = analysis.Source.Symbols.Names(SymbolKind.State);
        return preferred.Concat(all).Distinct(StringComparer.Ordinal)
            .Select(name => new CompletionItem { Label = name, Kind = CompletionItemKinds.EnumMember, Detail = "state" });
    }

    private static IEnumerable<CompletionItem> StatementKeywords(DocumentAnalysis analysis, int offset)
    {
        if (Enclosing(analysis, offset) >= 0 || Depth(analysis, offset) > 0) return KeywordItems(Keywords.Member);
        return KeywordItems(analysis.Model.ClassName is null ? Keywords.Header : Keywords.TopLevel);
    }

    /// <summary>The innermost state whose block holds <paramref name="offset"/>, or -1.</summary>
    private static int Enclosing(DocumentAnalysis analysis, int offset)
    {
        var source = analysis.Source;
        var found = -1;
        for (var s = 0; s < source.States.Length; s++)
        {
            var extent = source.States[s];
            if (extent.OpenBrace < 0) continue;
            var open = source.Tokens[extent.OpenBrace].Span.Start;
            var close = extent.CloseBrace >= 0 ? source.Tokens[extent.CloseBrace].Span.Start : int.MaxValue;
            if (open < offset && offset <= close) found = s; // pre-order: a later match is nested deeper
        }
        return found;
    }

    /// <summary>How many blocks are open at <paramref name="offset"/>, counted from the braces.</summary>
    private static int Depth(DocumentAnalysis analysis, int offset)
    {
        var depth = 0;
        foreach (var token in analysis.Source.Tokens)
        {
            if (token.Span.Start >= offset) break;
            if (token.Kind == TokenKind.OpenBrace) depth++;
            else if (token.Kind == TokenKind.CloseBrace && depth > 0) depth--;
        }
        return depth;
    }

    private static bool IsStatementStart(IReadOnlyList<Token> tokens, int index)
        => index == 0 || tokens[index - 1].Kind is TokenKind.Semicolon or TokenKind.OpenBrace or TokenKind.CloseBrace;

    private static IEnumerable<CompletionItem> Names(SymbolIndex symbols, SymbolKind kind, int itemKind, string detail)
        => symbols.Names(kind).Select(name => new CompletionItem { Label = name, Kind = itemKind, Detail = detail });

    private static IEnumerable<CompletionItem> KeywordItems(IEnumerable<string> keywords)
        => keywords.Select(k => new CompletionItem { Label = k, Kind = CompletionItemKinds.Keyword, Detail = "keyword" });
}
