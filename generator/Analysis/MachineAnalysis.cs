using System.Collections.Generic;
using System.Linq;
using System.Threading;
using TcpFsmGen.Generator.Diagnostics;
using TcpFsmGen.Generator.Helpers;
using TcpFsmGen.Generator.Model;
using TcpFsmGen.Generator.Pipeline;

namespace TcpFsmGen.Generator.Analysis;

/// <summary>A machine as read, with every diagnostic of its own that the analysis found (the front end's included).</summary>
internal sealed record AnalyzedMachine(ParsedMachine Parsed, EquatableArray<DiagnosticInfo> Diagnostics)
{
    public MachineModel Machine => Parsed.Machine;

    public bool HasErrors => Diagnostics.Any(d => d.IsError);
}

/// <summary>The one analysis: runs every check over a model, and returns its diagnostics in source order.</summary>
internal static class MachineAnalysis
{
    public static AnalyzedMachine Run(ParsedMachine parsed, CancellationToken cancellationToken = default)
    {
        var machine = parsed.Machine;
        var graph = new MachineGraph(machine);
        var found = new List<DiagnosticInfo>();

        // Checks that judge each name or line on its own: a gap that the front end left (a statement the parser
        // gave up on) cannot make them wrong, so they run on an incomplete model too. A name the parser skipped
        // may have been a declaration, so it is never called unknown.
        DuplicateDeclarations.Check(graph, found);
        UnknownReferences.Check(graph, found, new HashSet<string>(parsed.RecoveredNames, System.StringComparer.Ordinal));
        cancellationToken.ThrowIfCancellationRequested();
        Nondeterminism.Check(graph, found);
        InvalidNames.Check(graph, found);
        IgnoredAndHandled.Check(graph, found);
        PayloadArguments.Check(graph, found);
        TimerAndHistoryLines.Check(graph, found);

        // Checks that judge the structure: a missing '}' or a lost 'initial' line would make them report what
        // is only the parser's recovery, so they wait for a model that was read whole.
        if (parsed.IsComplete)
        {
            InitialStates.Check(graph, found);
            FinalStateTransitions.Check(graph, found);
        }

        // The warnings judge the machine's graph, which only means something once every name resolves.
        if (parsed.IsComplete && found.Count == 0 && !parsed.Diagnostics.Any(d => d.IsError))
        {
            cancellationToken.ThrowIfCancellationRequested();
            var leaves = new LeafGraph(graph);
            UnreachableStates.Check(graph, leaves, found);
            MissingTransitions.Check(graph, found);
            DeadEnds.Check(graph, leaves, found);
            UnusedDeclarations.Check(graph, found);
            Traps.Check(graph, leaves, found);
            UnreachableTransitions.Check(graph, found);
        }

        var all = parsed.Diagnostics
            .Concat(found)
            .OrderBy(d => d.Span.FilePath, System.StringComparer.Ordinal)
            .ThenBy(d => d.Span.Start)
            .ThenBy(d => d.Id, System.StringComparer.Ordinal)
            .ToEquatableArray();
        return new AnalyzedMachine(parsed, all);
    }

    /// <summary>Analyses a model that a caller built itself, taking it as read whole when nothing in <paramref name="frontEndDiagnostics"/> is an error.</summary>
    public static AnalyzedMachine Run(MachineModel machine, EquatableArray<DiagnosticInfo> frontEndDiagnostics, CancellationToken cancellationToken = default)
        => Run(new ParsedMachine(machine, frontEndDiagnostics, !frontEndDiagnostics.Any(d => d.IsError), EquatableArray<string>.Empty, true, null),
            cancellationToken);
}
