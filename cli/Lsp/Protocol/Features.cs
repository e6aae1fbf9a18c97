namespace TcpFsmGen.Cli.Lsp.Protocol;

/// <summary><c>textDocument/hover</c>'s answer.</summary>
internal sealed record Hover(MarkupContent Contents, Range Range);

/// <summary><c>textDocument/references</c>.</summary>
internal sealed record ReferenceParams : TextDocumentPositionParams
{
    public ReferenceContext? Context { get; init; }
}

/// <summary>Whether the declaration is one of the references.</summary>
internal sealed record ReferenceContext
{
    public bool IncludeDeclaration { get; init; }
}

/// <summary><c>textDocument/rename</c>.</summary>
internal sealed record RenameParams : TextDocumentPositionParams
{
    public string? NewName { get; init; }
}

/// <summary><c>textDocument/prepareRename</c>'s answer: what would be renamed.</summary>
internal sealed record PrepareRenameResult(Range Range, string Placeholder);

/// <summary>A symbol of a document's outline, with its children.</summary>
internal sealed record DocumentSymbol
{
    public required string Name { get; init; }

    public string? Detail { get; init; }

    public int Kind { get; init; }

    public required Range Range { get; init; }

    public required Range SelectionRange { get; init; }

    public DocumentSymbol[]? Children { get; init; }
}

/// <summary>The LSP's symbol kinds the outline uses.</summary>
internal static class SymbolKinds
{
    public const int Class = 5;
    public const int Constant = 14;
    public const int Event = 24;
}

/// <summary>One completion.</summary>
internal sealed record CompletionItem
{
    public required string Label { get; init; }

    public int Kind { get; init; }

    public string? Detail { get; init; }

    public string? SortText { get; init; }
}

/// <summary>The LSP's completion item kinds the server uses.</summary>
internal static class CompletionItemKinds
{
    public const int Method = 2;
    public const int Function = 3;
    public const int Variable = 6;
    public const int Keyword = 14;
    public const int EnumMember = 20;
    public const int Event = 23;
}

/// <summary>Completions; complete, so the client filters them itself as the user types.</summary>
internal sealed record CompletionList(bool IsIncomplete, CompletionItem[] Items);

/// <summary>A range to fold, in lines.</summary>
internal sealed record FoldingRange
{
    public int StartLine { get; init; }

    public int EndLine { get; init; }

    /// <summary><c>comment</c> or <c>region</c>; none for a state's block.</summary>
    public string? Kind { get; init; }
}

/// <summary>Semantic tokens, five integers each, relative to the previous one.</summary>
internal sealed record SemanticTokensResult(int[] Data);

/// <summary><c>textDocument/codeAction</c>.</summary>
internal sealed record CodeActionParams
{
    public TextDocumentIdentifier? TextDocument { get; init; }

    public Range? Range { get; init; }
}

/// <summary>A quick fix.</summary>
internal sealed record CodeAction
{
    public required string Title { get; init; }

    public string Kind { get; init; } = "quickfix";

    public Diagnostic[]? Diagnostics { get; init; }

    public bool? IsPreferred { get; init; }

    public required WorkspaceEdit Edit { get; init; }
}

/// <summary>
/// The parameters of a request about a whole document (symbols, folding, semantic tokens, formatting; the formatting
/// options are not read, since the layout is one canonical one).
/// </summary>
internal sealed record DocumentParams
{
    public TextDocumentIdentifier? TextDocument { get; init; }
}

/// <summary><c>window/logMessage</c>.</summary>
internal sealed record LogMessageParams(int Type, string Message);
