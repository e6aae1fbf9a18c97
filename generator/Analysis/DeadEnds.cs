using System.Collections.Generic;
using System.Linq;
using TcpFsmGen.Generator.Diagnostics;

namespace TcpFsmGen.Generator.Analysis;

/// <summary>TFSM0103: a non-final leaf that no available transition (its own or an ancestor's, timers included) leaves.</summary>
internal static class DeadEnds
{
    public static void Check(MachineGraph graph, LeafGraph leaves, List<DiagnosticInfo> diagnostics)
    {
        foreach (var leaf in leaves.Leaves)
        {
            if (graph.State(leaf).IsFinal || leaves.Successors[leaf].Any(next => next != leaf)) continue;
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.DeadEnd, graph.State(leaf).Name.Span, graph.State(leaf).Name.Text,
                Advice.Final(graph.Model, graph.State(leaf).Name.Text)));
        }
    }
}
