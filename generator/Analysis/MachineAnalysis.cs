using System.Collections.Generic;
using System.Linq;
using System.Threading;
using TcpFsmGen.Generator.Diagnostics;
using TcpFsmGen.Generator.Helpers;
using TcpFsmGen.Generator.Model;

namespace TcpFsmGen.Generator.Analysis;

/// <summary>A machine with everything the analysis found; the emitter runs only when nothing is an error.</summary>
internal sealed record AnalyzedMachine(MachineModel Machine, EquatableArray<DiagnosticInfo> Diagnostics)
{
    public bool CanEmit => Machine.ClassName is not null && !Diagnostics.Any(d => d.IsError);
}

/// <summary>The one analysis: runs every check over a model that parsed, and returns its diagnostics in source order.</summary>
internal static class MachineAnalysis
{
    public static AnalyzedMachine Run(MachineModel machine, EquatableArray<DiagnosticInfo> frontEndDiagnostics, CancellationToken cancellationToken = default)
    {
        // A file that does not parse is judged on its syntax alone: checks over a half-read
        // machine would only report the consequences of the syntax errors.
        if (frontEndDiagnostics.Any(d => d.IsError)) return new AnalyzedMachine(machine, frontEndDiagnostics);

        var graph = new MachineGraph(machine);
        var found = new List<DiagnosticInfo>();
        DuplicateDeclarations.Check(graph, found);
        UnknownReferences.Check(graph, found);
        InitialStates.Check(graph, found);
        cancellationToken.ThrowIfCancellationRequested();
        Nondeterminism.Check(graph, found);
        InvalidNames.Check(graph, found);
        FinalStateTransitions.Check(graph, found);
        IgnoredAndHandled.Check(graph, found);

        // The warnings judge the machine's graph, which only means something once every name resolves.
        if (found.Count == 0)
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

        var all = frontEndDiagnostics
            .Concat(found.OrderBy(d => d.Span.Start).ThenBy(d => d.Id, System.StringComparer.Ordinal))
            .ToEquatableArray();
        return new AnalyzedMachine(machine, all);
    }
}
