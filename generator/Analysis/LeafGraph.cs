using System.Collections.Generic;
using System.Linq;

namespace TcpFsmGen.Generator.Analysis;

/// <summary>
/// The machine as a graph of leaves: an edge for every transition the machine may take (inherited,
/// guarded and timed ones included). Reachability and traps are judged on it. Built once per analysis,
/// in time linear in leaves × events × depth.
/// </summary>
internal sealed class LeafGraph
{
    public LeafGraph(MachineGraph graph)
    {
        Leaves = Enumerable.Range(0, graph.StateCount).Where(graph.IsLeaf).ToList();
        Successors = new List<int>[graph.StateCount];
        foreach (var leaf in Leaves) Successors[leaf] = EventLookup.Successors(graph, leaf).Distinct().ToList();
        Initial = graph.InitialLeafOfMachine;
        Reachable = new bool[graph.StateCount];
        if (Initial < 0) return;
        var stack = new Stack<int>();
        Reachable[Initial] = true;
        stack.Push(Initial);
        while (stack.Count > 0)
        {
            foreach (var next in Successors[stack.Pop()])
            {
                if (Reachable[next]) continue;
                Reachable[next] = true;
                stack.Push(next);
            }
        }
    }

    public List<int> Leaves { get; }

    public int Initial { get; }

    /// <summary>Indexed by state; null for composites.</summary>
    public List<int>[] Successors { get; }

    /// <summary>Leaves reachable from the initial leaf (composites are reachable when one of their leaves is).</summary>
    public bool[] Reachable { get; }
}
