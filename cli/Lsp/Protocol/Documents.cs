namespace TcpFsmGen.Cli.Lsp.Protocol;

/// <summary><c>textDocument/didOpen</c>.</summary>
internal sealed record DidOpenTextDocumentParams
{
    public TextDocumentItem? TextDocument { get; init; }
}

/// <summary><c>textDocument/didChange</c>: the changes apply in order, each to the text the previous one left.</summary>
internal sealed record DidChangeTextDocumentParams
{
    public VersionedTextDocumentIdentifier? TextDocument { get; init; }

    public TextDocumentContentChangeEvent[]? ContentChanges { get; init; }
}

/// <summary>One change: <see cref="Text"/> replaces <see cref="Range"/>, or the whole document when there is no range.</summary>
internal sealed record TextDocumentContentChangeEvent
{
    public Range? Range { get; init; }

    public string? Text { get; init; }
}

/// <summary><c>textDocument/didClose</c>.</summary>
internal sealed record DidCloseTextDocumentParams
{
    public TextDocumentIdentifier? TextDocument { get; init; }
}

/// <summary><c>textDocument/publishDiagnostics</c>: every diagnostic of one version of a document.</summary>
internal sealed record PublishDiagnosticsParams(string Uri, int? Version, Diagnostic[] Diagnostics);

/// <summary>One diagnostic: <see cref="Code"/> is the TFSM ID.</summary>
internal sealed record Diagnostic
{
    public required Range Range { get; init; }

    /// <summary>1 error, 2 warning, 3 information, 4 hint.</summary>
    public int Severity { get; init; }

    public string? Code { get; init; }

    public CodeDescription? CodeDescription { get; init; }

    public string Source { get; init; } = "fsm";

    public required string Message { get; init; }

    /// <summary>1: unnecessary (an editor greys it out).</summary>
    public int[]? Tags { get; init; }
}

/// <summary>Where a diagnostic's page is.</summary>
internal sealed record CodeDescription(string Href);
