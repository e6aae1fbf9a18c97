using System;
using System.Linq;
using TcpFsmGen.Cli.Lsp.Documents;
using TcpFsmGen.Generator.Analysis;
using TcpFsmGen.Generator.Diagnostics;
using TcpFsmGen.Generator.Helpers;
using TcpFsmGen.Generator.Model;

namespace TcpFsmGen.Cli.Lsp.Analysis;

/// <summary>
/// One version of a document after the pipeline: its model and its diagnostics (those the build reports for it
/// with the other open machines, or its own until they are checked together). The tokens and names the editor
/// features need are read from the text only when a request asks for them, so publishing diagnostics never pays
/// for them.
/// </summary>
internal sealed class DocumentAnalysis
{
    private readonly Lazy<SourceMap> _source;

    /// <param name="source">The version's tokens and names, read when first asked for, and shared by its analyses.</param>
    public DocumentAnalysis(TextDocument document, AnalyzedMachine machine, EquatableArray<DiagnosticInfo> diagnostics, Lazy<SourceMap> source)
    {
        Document = document;
        Machine = machine;
        Diagnostics = diagnostics;
        _source = source;
    }

    public TextDocument Document { get; }

    public AnalyzedMachine Machine { get; }

    public MachineModel Model => Machine.Machine;

    /// <summary>Every diagnostic of this document, as <c>fsm check</c> and the build report them, in source order.</summary>
    public EquatableArray<DiagnosticInfo> Diagnostics { get; }

    public SourceMap Source => _source.Value;

    /// <summary>
    /// The first syntax error (TFSM0001) or broken header (TFSM0008), or null: where one is, the parser skipped
    /// text, so a rename could miss a name and a formatter could not be sure to keep every word.
    /// </summary>
    public DiagnosticInfo? FirstSyntaxError
        => Diagnostics.FirstOrDefault(d => d.Id == DiagnosticDescriptors.SyntaxError.Id || d.Id == DiagnosticDescriptors.BadHeader.Id);
}
