using System.Collections.Generic;
using System.Threading;
using TcpFsmGen.Cli.Formatting;
using TcpFsmGen.Generator.Diagnostics;
using TcpFsmGen.Generator.Model;
using TcpFsmGen.Generator.Parsing;

namespace TcpFsmGen.Cli.Lsp.Analysis;

/// <summary>Where one state's declaration is: from its <c>state</c> (or <c>final</c>) keyword to its <c>;</c> or <c>}</c>.</summary>
/// <param name="Start">The offset of the first keyword.</param>
/// <param name="End">The offset just past the <c>;</c> or <c>}</c> (or the name, when neither follows).</param>
/// <param name="OpenBrace">The token index of the block's <c>{</c>, or -1 for <c>state X;</c>.</param>
/// <param name="CloseBrace">The token index of the block's <c>}</c>, or -1 when it has none.</param>
internal readonly record struct StateExtent(int Start, int End, int OpenBrace, int CloseBrace);

/// <summary>
/// The text of one document as the editor features need it besides the model: the generator's tokens, the
/// comments between them, which braces match, and where each state's declaration begins and ends.
/// </summary>
internal sealed class SourceMap
{
    private readonly Dictionary<int, int> _tokenAt = new();

    public SourceMap(string path, string text, MachineModel model, CancellationToken cancellationToken)
    {
        Text = text;
        Tokens = Lexer.Tokenize(path, text, new List<DiagnosticInfo>(), cancellationToken);
        var comments = new List<TriviaPiece>();
        var previousEnd = 0;
        for (var i = 0; i < Tokens.Count; i++)
        {
            var span = Tokens[i].Span;
            Trivia.Scan(text, previousEnd, span.Start, comments);
            previousEnd = span.Start + span.Length;
            _tokenAt[span.Start] = i;
        }
        Comments = comments.FindAll(c => c.Kind != TriviaKind.Stray);

        MatchingBrace = new int[Tokens.Count];
        var open = new Stack<int>();
        for (var i = 0; i < Tokens.Count; i++)
        {
            MatchingBrace[i] = -1;
            if (Tokens[i].Kind == TokenKind.OpenBrace) open.Push(i);
            else if (Tokens[i].Kind == TokenKind.CloseBrace && open.Count > 0)
            {
                var o = open.Pop();
                MatchingBrace[o] = i;
                MatchingBrace[i] = o;
            }
        }

        States = new StateExtent[model.States.Count];
        for (var s = 0; s < model.States.Count; s++) States[s] = Extent(model.States[s].Name);
        Symbols = new SymbolIndex(model);
    }

    public string Text { get; }

    /// <summary>The generator's tokens, the last one the end of the file.</summary>
    public IReadOnlyList<Token> Tokens { get; }

    /// <summary>Every comment, in text order.</summary>
    public IReadOnlyList<TriviaPiece> Comments { get; }

    /// <summary>For each token, the index of the brace that matches it, or -1.</summary>
    public int[] MatchingBrace { get; }

    /// <summary>Each state's declaration, by the state's index in the model.</summary>
    public StateExtent[] States { get; }

    public SymbolIndex Symbols { get; }

    /// <summary>The index of the token that starts at <paramref name="offset"/>, or -1.</summary>
    public int TokenAt(int offset) => _tokenAt.TryGetValue(offset, out var i) ? i : -1;

    /// <summary>The index of the last token that starts before <paramref name="offset"/> (the end of file excluded), or -1.</summary>
    public int TokenBefore(int offset)
    {
        int lo = 0, hi = Tokens.Count - 2, found = -1;
        while (lo <= hi)
        {
            var mid = (lo + hi) / 2;
            if (Tokens[mid].Span.Start < offset) { found = mid; lo = mid + 1; }
            else hi = mid - 1;
        }
        return found;
    }

    /// <summary>The comment that holds <paramref name="offset"/> (a line comment up to its line's end), if any.</summary>
    public TriviaPiece? CommentAt(int offset)
    {
        foreach (var comment in Comments)
        {
            if (comment.Start < offset && (offset < comment.End || (offset == comment.End && comment.Kind == TriviaKind.LineComment))) return comment;
            if (comment.Start >= offset) break;
        }
        return null;
    }

    private StateExtent Extent(Name name)
    {
        var k = TokenAt(name.Span.Start);
        if (k < 0) return new StateExtent(name.Span.Start, name.Span.Start + name.Span.Length, -1, -1);
        var first = k;
        if (first > 0 && Tokens[first - 1].Is("state")) first--;
        if (first > 0 && Tokens[first - 1].Is("final")) first--;
        var start = Tokens[first].Span.Start;
        var end = name.Span.Start + name.Span.Length;
        // After the name: ';', or '{' (the parser also reads a block after stray tokens, so skip those as it does).
        for (var i = k + 1; i < Tokens.Count; i++)
        {
            var token = Tokens[i];
            if (token.Kind == TokenKind.Semicolon) return new StateExtent(start, token.Span.Start + 1, -1, -1);
            if (token.Kind == TokenKind.OpenBrace)
            {
                var close = MatchingBrace[i];
                var blockEnd = close >= 0 ? Tokens[close].Span.Start + 1 : Text.Length;
                return new StateExtent(start, blockEnd, i, close);
            }
            if (token.Kind is TokenKind.CloseBrace or TokenKind.EndOfFile || (token.StartsLine && token.Kind == TokenKind.Identifier)) break;
        }
        return new StateExtent(start, end, -1, -1);
    }
}
