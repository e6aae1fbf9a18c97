using System.Collections.Generic;

namespace TcpFsmGen.Cli.Lsp.Protocol;

// The LSP 3.17 structures the server reads and writes, with the specification's names (serialized in camelCase).
// No maintained .NET package of LSP types targets a plain StreamJsonRpc server without pulling in an editor's
// framework, so they are written here, and only the fields the server uses.

/// <summary>A place in a document: zero-based line and UTF-16 code unit.</summary>
internal sealed record Position(int Line, int Character);

/// <summary>From <see cref="Start"/> up to, not including, <see cref="End"/>.</summary>
internal sealed record Range(Position Start, Position End);

/// <summary>A range in a document.</summary>
internal sealed record Location(string Uri, Range Range);

/// <summary>Names a document.</summary>
internal sealed record TextDocumentIdentifier
{
    public string? Uri { get; init; }
}

/// <summary>Names a version of a document.</summary>
internal sealed record VersionedTextDocumentIdentifier
{
    public string? Uri { get; init; }

    public int Version { get; init; }
}

/// <summary>A document as the client opened it.</summary>
internal sealed record TextDocumentItem
{
    public string? Uri { get; init; }

    public string? LanguageId { get; init; }

    public int Version { get; init; }

    public string? Text { get; init; }
}

/// <summary>The parameters of every request about one place in a document.</summary>
internal record TextDocumentPositionParams
{
    public TextDocumentIdentifier? TextDocument { get; init; }

    public Position? Position { get; init; }
}

/// <summary>Replaces <see cref="Range"/> with <see cref="NewText"/>.</summary>
internal sealed record TextEdit(Range Range, string NewText);

/// <summary>Edits to documents, by URI.</summary>
internal sealed record WorkspaceEdit(Dictionary<string, TextEdit[]> Changes);

/// <summary>Text in Markdown (<c>markdown</c>) or plain text.</summary>
internal sealed record MarkupContent(string Kind, string Value);
