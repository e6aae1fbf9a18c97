using System.Collections.Generic;
using TcpFsmGen.Generator.Diagnostics;

namespace TcpFsmGen.Generator.Analysis;

/// <summary>TFSM0101: a state no path from the initial state enters. A composite counts as reached when one of its leaves is.</summary>
internal static class UnreachableStates
{
    public static void Check(MachineGraph graph, LeafGraph leaves, List<DiagnosticInfo> diagnostics)
    {
        var reached = (bool[])leaves.Reachable.Clone();
        foreach (var leaf in leaves.Leaves)
        {
            if (!leaves.Reachable[leaf]) continue;
            for (var s = graph.Parent(leaf); s >= 0; s = graph.Parent(s)) reached[s] = true;
        }
        for (var s = 0; s < graph.StateCount; s++)
        {
            if (!reached[s])
            {
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.UnreachableState, graph.State(s).Name.Span, graph.State(s).Name.Text));
            }
        }
    }
}
