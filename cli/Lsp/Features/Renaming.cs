using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis.CSharp;
using TcpFsmGen.Cli.Lsp.Analysis;
using TcpFsmGen.Cli.Lsp.Protocol;

namespace TcpFsmGen.Cli.Lsp.Features;

/// <summary>A request the server declines, with the reason for the user.</summary>
internal sealed class RequestRefusedException(string message) : Exception(message);

/// <summary>Renames a state, event or timer everywhere in its machine.</summary>
internal static class Renaming
{
    /// <summary>What would be renamed at <paramref name="offset"/>; refused where nothing can be.</summary>
    public static PrepareRenameResult Prepare(DocumentAnalysis analysis, int offset)
    {
        var occurrence = Find(analysis, offset);
        return new PrepareRenameResult(analysis.Document.RangeOf(occurrence.Start, occurrence.Length), occurrence.Name);
    }

    public static WorkspaceEdit Rename(DocumentAnalysis analysis, int offset, string newName)
    {
        var occurrence = Find(analysis, offset);
        var what = WithArticle(occurrence.Kind);
        if (!SyntaxFacts.IsValidIdentifier(newName))
        {
            throw new RequestRefusedException($"'{newName}' is not a valid name: {what} is named like a C# identifier");
        }
        if (SyntaxFacts.GetKeywordKind(newName) != SyntaxKind.None)
        {
            throw new RequestRefusedException($"'{newName}' is a C# keyword, which cannot name {what} (TFSM0007)");
        }
        var symbols = analysis.Source.Symbols;
        if (newName != occurrence.Name && symbols.Declaration(occurrence.Kind, newName) is { } taken)
        {
            throw new RequestRefusedException(
                $"{char.ToUpperInvariant(what[0])}{what.Substring(1)} named '{newName}' is already declared at line {analysis.Document.PositionAt(taken.Start).Line + 1}");
        }
        var edits = symbols.Of(occurrence.Kind, occurrence.Name)
            .Select(o => new TextEdit(analysis.Document.RangeOf(o.Start, o.Length), newName))
            .ToArray();
        return new WorkspaceEdit(new Dictionary<string, TextEdit[]>(StringComparer.Ordinal) { [analysis.Document.Uri] = edits });
    }

    private static Occurrence Find(DocumentAnalysis analysis, int offset)
    {
        var occurrence = analysis.Source.Symbols.At(offset);
        if (occurrence is null) throw new RequestRefusedException("There is no state, event or timer here to rename");
        if (occurrence.Kind is SymbolKind.Guard or SymbolKind.Action)
        {
            throw new RequestRefusedException(
                $"'{occurrence.Name}' is {WithArticle(occurrence.Kind)}, a method of the class: rename it in the C# code and in the .fsm file together");
        }
        if (occurrence.Kind is SymbolKind.Machine or SymbolKind.Namespace)
        {
            throw new RequestRefusedException("The machine's class and namespace are C# names: change the header, and the C# code with it");
        }
        if (analysis.FirstSyntaxError is { } error)
        {
            throw new RequestRefusedException(
                $"Line {error.Span.StartLine + 1} has a syntax error ({error.Id}), and a name on a line the parser skipped would not be renamed: fix it first");
        }
        return occurrence;
    }

    private static string WithArticle(SymbolKind kind) => kind == SymbolKind.Event || kind == SymbolKind.Action ? "an " + Noun(kind) : "a " + Noun(kind);

    private static string Noun(SymbolKind kind) => kind.ToString().ToLowerInvariant();
}
