using System;
using System.Collections.Immutable;
using System.Collections.Generic;
using System.Threading;
using TcpFsmGen.Cli.Lsp.Protocol;

namespace TcpFsmGen.Cli.Lsp.Documents;

/// <summary>
/// The open documents, by URI. Changed only by the notifications, which the server handles one at a time and in
/// order; read from any thread as an immutable snapshot.
/// </summary>
internal sealed class DocumentStore
{
    private ImmutableDictionary<string, TextDocument> _documents = ImmutableDictionary.Create<string, TextDocument>(StringComparer.Ordinal);

    /// <summary>Every open document, as it is now.</summary>
    public ImmutableDictionary<string, TextDocument> Snapshot => Volatile.Read(ref _documents);

    public TextDocument? Find(string uri) => Snapshot.TryGetValue(uri, out var document) ? document : null;

    public TextDocument Open(string uri, int version, string text)
    {
        var document = new TextDocument(uri, PathOf(uri), version, text);
        Volatile.Write(ref _documents, Snapshot.SetItem(uri, document));
        return document;
    }

    /// <summary>Applies a change; null when the document is not open.</summary>
    public TextDocument? Change(string uri, int version, IReadOnlyList<TextDocumentContentChangeEvent> changes)
    {
        if (Find(uri) is not { } document) return null;
        var changed = document.WithChanges(version, changes);
        Volatile.Write(ref _documents, Snapshot.SetItem(uri, changed));
        return changed;
    }

    public bool Close(string uri)
    {
        var had = Snapshot.ContainsKey(uri);
        Volatile.Write(ref _documents, Snapshot.Remove(uri));
        return had;
    }

    /// <summary>The path the diagnostics name: a <c>file:</c> URI's local path, or else the URI as it is.</summary>
    public static string PathOf(string uri)
        => System.Uri.TryCreate(uri, UriKind.Absolute, out var parsed) && parsed.IsFile ? parsed.LocalPath : uri;
}
