using System.Collections.Generic;
using System.Linq;
using TcpFsmGen.Cli.Lsp.Analysis;
using TcpFsmGen.Cli.Lsp.Protocol;

namespace TcpFsmGen.Cli.Lsp.Features;

/// <summary>The outline: the states nested as in the file, then the events and timers.</summary>
internal static class DocumentSymbols
{
    public static DocumentSymbol[] Of(DocumentAnalysis analysis)
    {
        var model = analysis.Model;
        var source = analysis.Source;
        var document = analysis.Document;
        var children = new List<DocumentSymbol>[model.States.Count];
        var topLevel = new List<DocumentSymbol>();
        // Pre-order: a state's children follow it, so building backwards finds every child list complete.
        var built = new DocumentSymbol[model.States.Count];
        for (var s = model.States.Count - 1; s >= 0; s--)
        {
            var state = model.States[s];
            var extent = source.States[s];
            var nested = children[s];
            nested?.Reverse();
            var detail = state.IsFinal ? "final" : nested is { Count: > 0 } ? "composite" : null;
            built[s] = new DocumentSymbol
            {
                Name = state.Name.Text,
                Detail = detail,
                Kind = SymbolKinds.Class,
                Range = document.RangeOf(extent.Start, extent.End - extent.Start),
                SelectionRange = document.RangeOf(state.Name.Span.Start, state.Name.Span.Length),
                Children = nested?.ToArray(),
            };
            var parent = state.Parent;
            if (parent >= 0 && parent < s) (children[parent] ??= new List<DocumentSymbol>()).Add(built[s]);
            else topLevel.Add(built[s]);
        }
        topLevel.Reverse();
        var symbols = new List<DocumentSymbol>(topLevel);
        foreach (var e in model.Events)
        {
            var range = document.RangeOf(e.Span.Start, e.Span.Length);
            symbols.Add(new DocumentSymbol { Name = e.Text, Detail = "event", Kind = SymbolKinds.Event, Range = range, SelectionRange = range });
        }
        foreach (var t in model.Timers)
        {
            var range = document.RangeOf(t.Name.Span.Start, t.Name.Span.Length);
            symbols.Add(new DocumentSymbol { Name = t.Name.Text, Detail = "timer", Kind = SymbolKinds.Constant, Range = range, SelectionRange = range });
        }
        return symbols.OrderBy(s => s.Range.Start.Line).ThenBy(s => s.Range.Start.Character).ToArray();
    }
}
