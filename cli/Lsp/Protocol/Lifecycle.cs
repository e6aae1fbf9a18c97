using System.Text.Json;

namespace TcpFsmGen.Cli.Lsp.Protocol;

/// <summary><c>initialize</c>: the server reads nothing from it but checks that it is an object.</summary>
internal sealed record InitializeParams
{
    public int? ProcessId { get; init; }

    public JsonElement? Capabilities { get; init; }
}

/// <summary>The answer to <c>initialize</c>.</summary>
internal sealed record InitializeResult(ServerCapabilities Capabilities, ServerInfo ServerInfo);

/// <summary>The server's name and version, shown by some clients.</summary>
internal sealed record ServerInfo(string Name, string Version);

/// <summary>What the server does.</summary>
internal sealed record ServerCapabilities
{
    /// <summary>Always UTF-16, the encoding every client supports.</summary>
    public string PositionEncoding { get; init; } = "utf-16";

    public TextDocumentSyncOptions TextDocumentSync { get; init; } = new();

    public bool HoverProvider { get; init; } = true;

    public bool DefinitionProvider { get; init; } = true;

    public bool ReferencesProvider { get; init; } = true;

    public RenameOptions RenameProvider { get; init; } = new();

    public bool DocumentSymbolProvider { get; init; } = true;

    public CompletionOptions CompletionProvider { get; init; } = new();

    public bool DocumentFormattingProvider { get; init; } = true;

    public bool FoldingRangeProvider { get; init; } = true;

    public SemanticTokensOptions SemanticTokensProvider { get; init; } = new();

    public CodeActionOptions CodeActionProvider { get; init; } = new();
}

/// <summary>Open and close notifications, and incremental changes.</summary>
internal sealed record TextDocumentSyncOptions
{
    public bool OpenClose { get; init; } = true;

    /// <summary>2: incremental (a client may still send the whole text in a change without a range).</summary>
    public int Change { get; init; } = 2;
}

/// <summary>Rename, with <c>prepareRename</c>.</summary>
internal sealed record RenameOptions
{
    public bool PrepareProvider { get; init; } = true;
}

/// <summary>Completion and the characters that ask for it.</summary>
internal sealed record CompletionOptions
{
    public string[] TriggerCharacters { get; init; } = [" ", "[", "!", ","];
}

/// <summary>Semantic tokens of whole documents.</summary>
internal sealed record SemanticTokensOptions
{
    public SemanticTokensLegend Legend { get; init; } = new(Features.SemanticTokens.TokenTypes, Features.SemanticTokens.TokenModifiers);

    public bool Full { get; init; } = true;
}

/// <summary>The names of the token types and modifiers, by index.</summary>
internal sealed record SemanticTokensLegend(string[] TokenTypes, string[] TokenModifiers);

/// <summary>Quick fixes only.</summary>
internal sealed record CodeActionOptions
{
    public string[] CodeActionKinds { get; init; } = ["quickfix"];
}
