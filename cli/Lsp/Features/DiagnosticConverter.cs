using System;
using System.Collections.Generic;
using Microsoft.CodeAnalysis;
using TcpFsmGen.Cli.Lsp.Analysis;
using TcpFsmGen.Generator.Diagnostics;
using LspDiagnostic = TcpFsmGen.Cli.Lsp.Protocol.Diagnostic;

namespace TcpFsmGen.Cli.Lsp.Features;

/// <summary>The build's diagnostics of a document as LSP diagnostics: the TFSM ID as the code, the span as the range.</summary>
internal static class DiagnosticConverter
{
    /// <summary>Unreachable states, unused events and timers, transitions never taken: an editor greys them out.</summary>
    private static readonly HashSet<string> s_unnecessary = new(StringComparer.Ordinal) { "TFSM0101", "TFSM0104", "TFSM0106" };

    public static LspDiagnostic[] ToLsp(DocumentAnalysis analysis)
    {
        var result = new List<LspDiagnostic>(analysis.Diagnostics.Count);
        foreach (var diagnostic in analysis.Diagnostics)
        {
            // Off unless a project turns it on (TFSM0207), and C#-side checks that the server never runs.
            if (!diagnostic.Descriptor.IsEnabledByDefault) continue;
            if (!string.Equals(diagnostic.Span.FilePath, analysis.Document.Path, StringComparison.Ordinal)) continue;
            result.Add(ToLsp(analysis, diagnostic));
        }
        return result.ToArray();
    }

    public static LspDiagnostic ToLsp(DocumentAnalysis analysis, DiagnosticInfo diagnostic)
    {
        var descriptor = diagnostic.Descriptor;
        return new LspDiagnostic
        {
            Range = analysis.Document.RangeOf(diagnostic.Span.Start, diagnostic.Span.Length),
            Severity = descriptor.DefaultSeverity switch
            {
                DiagnosticSeverity.Error => 1,
                DiagnosticSeverity.Warning => 2,
                DiagnosticSeverity.Info => 3,
                _ => 4,
            },
            Code = diagnostic.Id,
            CodeDescription = string.IsNullOrEmpty(descriptor.HelpLinkUri) ? null : new Protocol.CodeDescription(descriptor.HelpLinkUri),
            Message = diagnostic.Message,
            Tags = s_unnecessary.Contains(diagnostic.Id) ? [1] : null,
        };
    }
}
