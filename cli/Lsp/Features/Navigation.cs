using System.Linq;
using TcpFsmGen.Cli.Lsp.Analysis;
using TcpFsmGen.Cli.Lsp.Protocol;

namespace TcpFsmGen.Cli.Lsp.Features;

/// <summary>Go to definition and find references, within the machine of one document.</summary>
internal static class Navigation
{
    /// <summary>
    /// The declaration of the state, event or timer at <paramref name="offset"/> (its first, if declared twice).
    /// Guards and actions are declared in C#, which the server does not see: none.
    /// </summary>
    public static Location[] Definition(DocumentAnalysis analysis, int offset)
    {
        var symbols = analysis.Source.Symbols;
        if (symbols.At(offset) is not { Kind: SymbolKind.State or SymbolKind.Event or SymbolKind.Timer } occurrence) return [];
        return symbols.Declaration(occurrence.Kind, occurrence.Name) is { } declaration ? [LocationOf(analysis, declaration)] : [];
    }

    /// <summary>Every use of the name at <paramref name="offset"/>, with its declarations when asked.</summary>
    public static Location[] References(DocumentAnalysis analysis, int offset, bool includeDeclaration)
    {
        var symbols = analysis.Source.Symbols;
        if (symbols.At(offset) is not { } occurrence) return [];
        return symbols.Of(occurrence.Kind, occurrence.Name)
            .Where(o => includeDeclaration || !o.IsDeclaration)
            .Select(o => LocationOf(analysis, o))
            .ToArray();
    }

    public static Location LocationOf(DocumentAnalysis analysis, Occurrence occurrence)
        => new(analysis.Document.Uri, analysis.Document.RangeOf(occurrence.Start, occurrence.Length));
}
