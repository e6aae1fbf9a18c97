using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.RegularExpressions;
using TcpFsmGen.Cli.Lsp.Analysis;
using TcpFsmGen.Cli.Lsp.Documents;
using TcpFsmGen.Cli.Lsp.Protocol;
using TcpFsmGen.Generator.Diagnostics;
using TcpFsmGen.Generator.Model;
using TcpFsmGen.Generator.Parsing;
using LspRange = TcpFsmGen.Cli.Lsp.Protocol.Range;

namespace TcpFsmGen.Cli.Lsp.Features;

/// <summary>
/// Quick fixes for the diagnostics in a range: the suggested name for an unknown state, event or timer (TFSM0002,
/// TFSM0003), the missing events added to an <c>ignore</c> line (TFSM0102), an <c>initial</c> line for a machine or
/// a composite state without one (TFSM0005), and a missing <c>;</c> (TFSM0001).
/// </summary>
internal static class CodeActions
{
    /// <summary>How many states an <c>initial</c> fix offers to name.</summary>
    private const int MaxInitialChoices = 5;

    private static readonly Regex s_didYouMean = new("did you mean '([^']+)'\\?", RegexOptions.CultureInvariant);
    private static readonly Regex s_quoted = new("'([^']+)'", RegexOptions.CultureInvariant);

    public static CodeAction[] For(DocumentAnalysis analysis, LspRange range)
    {
        var document = analysis.Document;
        var from = document.OffsetAt(range.Start);
        var to = document.OffsetAt(range.End);
        var actions = new List<CodeAction>();
        foreach (var diagnostic in analysis.Diagnostics)
        {
            var span = diagnostic.Span;
            if (!string.Equals(span.FilePath, document.Path, StringComparison.Ordinal)) continue;
            if (span.Start > to || span.Start + span.Length < from) continue;
            var lsp = DiagnosticConverter.ToLsp(analysis, diagnostic);
            foreach (var (title, edits, preferred) in Fixes(analysis, diagnostic))
            {
                actions.Add(new CodeAction
                {
                    Title = title,
                    Diagnostics = [lsp],
                    IsPreferred = preferred ? true : null,
                    Edit = new WorkspaceEdit(new Dictionary<string, TextEdit[]>(StringComparer.Ordinal) { [document.Uri] = edits }),
                });
            }
        }
        return actions.ToArray();
    }

    private static IEnumerable<(string Title, TextEdit[] Edits, bool Preferred)> Fixes(DocumentAnalysis analysis, DiagnosticInfo diagnostic)
    {
        var document = analysis.Document;
        var span = diagnostic.Span;
        switch (diagnostic.Id)
        {
            case "TFSM0002" or "TFSM0003":
                if (s_didYouMean.Match(diagnostic.Message) is { Success: true } match)
                {
                    var name = match.Groups[1].Value;
                    yield return ($"Change to '{name}'", [new TextEdit(document.RangeOf(span.Start, span.Length), name)], true);
                }
                break;
            case "TFSM0102":
                if (AddIgnore(analysis, diagnostic) is { } ignore) yield return ignore;
                break;
            case "TFSM0005":
                foreach (var fix in AddInitial(analysis, diagnostic)) yield return fix;
                break;
            case "TFSM0001" when diagnostic.Message.StartsWith("Expected ';'", StringComparison.Ordinal):
                yield return ("Add the missing ';'", [new TextEdit(document.RangeOf(span.Start, 0), ";")], true);
                break;
        }
    }

    /// <summary>TFSM0102: the events the leaf misses, added to its last <c>ignore</c> line or on a new one.</summary>
    private static (string, TextEdit[], bool)? AddIgnore(DocumentAnalysis analysis, DiagnosticInfo diagnostic)
    {
        var model = analysis.Model;
        var index = StateNamedAt(model, diagnostic.Span.Start);
        if (index < 0 || diagnostic.Arguments.Count < 2) return null;
        var events = s_quoted.Matches(diagnostic.Arguments[1]).Cast<Match>().Select(m => m.Groups[1].Value).ToList();
        if (events.Count == 0) return null;
        var list = string.Join(", ", events);
        var title = $"Ignore {list} in '{model.States[index].Name.Text}'";
        var document = analysis.Document;
        var state = model.States[index];
        if (state.Ignores.Count > 0)
        {
            var last = state.Ignores[state.Ignores.Count - 1].Span;
            return (title, [new TextEdit(document.RangeOf(last.Start + last.Length, 0), ", " + list)], true);
        }
        return (title, [InsertMember(analysis, index, $"ignore {list};", first: false)], true);
    }

    /// <summary>TFSM0005 where an <c>initial</c> line is missing: one fix per state it could name.</summary>
    private static IEnumerable<(string, TextEdit[], bool)> AddInitial(DocumentAnalysis analysis, DiagnosticInfo diagnostic)
    {
        var model = analysis.Model;
        if (diagnostic.Span == model.HeaderSpan && model.Initials.Count == 0)
        {
            var topLevel = model.States.Where(s => s.Parent < 0).Take(MaxInitialChoices).ToList();
            if (topLevel.Count == 0 || MachineInitialEdit(analysis) is not { } at) yield break;
            foreach (var state in topLevel)
            {
                yield return ($"Add 'initial {state.Name.Text};'", [at(state.Name.Text)], ReferenceEquals(state, topLevel[0]));
            }
            yield break;
        }
        var index = StateNamedAt(model, diagnostic.Span.Start);
        if (index < 0 || model.States[index].Initials.Count > 0) yield break;
        var children = model.States.Where(s => s.Parent == index).Take(MaxInitialChoices).ToList();
        foreach (var child in children)
        {
            yield return ($"Add 'initial {child.Name.Text};' to '{model.States[index].Name.Text}'",
                [InsertMember(analysis, index, $"initial {child.Name.Text};", first: true)], ReferenceEquals(child, children[0]));
        }
    }

    /// <summary>The machine's <c>initial</c> line goes after the last top-level line before the first state (the header, events or timers).</summary>
    private static Func<string, TextEdit>? MachineInitialEdit(DocumentAnalysis analysis)
    {
        var source = analysis.Source;
        var firstState = source.States.Length > 0 ? source.States[0].Start : int.MaxValue;
        var depth = 0;
        var lastEnd = -1;
        foreach (var token in source.Tokens)
        {
            if (token.Span.Start >= firstState) break;
            if (token.Kind == TokenKind.OpenBrace) depth++;
            else if (token.Kind == TokenKind.CloseBrace) depth--;
            else if (token.Kind == TokenKind.Semicolon && depth == 0) lastEnd = token.Span.Start;
        }
        if (lastEnd < 0) return null;
        var document = analysis.Document;
        var line = document.PositionAt(lastEnd).Line;
        var at = document.RangeOf(document.LineContentEnd(line), 0);
        var newLine = document.NewLine;
        return name => new TextEdit(at, $"{newLine}initial {name};");
    }

    /// <summary>
    /// A new member line in a state's block: first (after its <c>{</c>) or last (before its <c>}</c>), indented like its
    /// members; a state declared <c>state X;</c> gets a block.
    /// </summary>
    private static TextEdit InsertMember(DocumentAnalysis analysis, int index, string member, bool first)
    {
        var document = analysis.Document;
        var source = analysis.Source;
        var extent = source.States[index];
        var newLine = document.NewLine;
        var stateIndent = Indentation(document, document.PositionAt(extent.Start).Line);
        if (extent.OpenBrace < 0 || extent.CloseBrace < 0)
        {
            // 'state X;': the ';' becomes a block.
            var semicolon = extent.End - 1;
            return new TextEdit(document.RangeOf(semicolon, 1), $" {{{newLine}{stateIndent}  {member}{newLine}{stateIndent}}}");
        }
        var open = source.Tokens[extent.OpenBrace];
        var close = source.Tokens[extent.CloseBrace];
        var firstMember = source.Tokens[extent.OpenBrace + 1];
        var memberIndent = extent.OpenBrace + 1 != extent.CloseBrace && firstMember.StartsLine
            ? Indentation(document, document.PositionAt(firstMember.Span.Start).Line)
            : Indentation(document, document.PositionAt(close.Span.Start).Line) + "  ";
        if (!close.StartsLine || document.PositionAt(open.Span.Start).Line == document.PositionAt(close.Span.Start).Line)
        {
            // A block on one line stays on one line.
            return first
                ? new TextEdit(document.RangeOf(open.Span.Start + 1, 0), " " + member)
                : new TextEdit(document.RangeOf(close.Span.Start, 0), member + " ");
        }
        if (first)
        {
            var openLine = document.PositionAt(open.Span.Start).Line;
            return new TextEdit(document.RangeOf(document.LineContentEnd(openLine), 0), newLine + memberIndent + member);
        }
        var closeLine = document.PositionAt(close.Span.Start).Line;
        return new TextEdit(document.RangeOf(document.LineStart(closeLine), 0), memberIndent + member + newLine);
    }

    private static int StateNamedAt(MachineModel model, int start)
    {
        for (var s = 0; s < model.States.Count; s++)
        {
            if (model.States[s].Name.Span.Start == start) return s;
        }
        return -1;
    }

    private static string Indentation(TextDocument document, int line)
    {
        var start = document.LineStart(line);
        var end = start;
        while (end < document.Text.Length && document.Text[end] is ' ' or '\t') end++;
        return document.Text.Substring(start, end - start);
    }
}
