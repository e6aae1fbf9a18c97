using System;
using System.Collections.Generic;
using System.Linq;
using TcpFsmGen.Generator.Diagnostics;

namespace TcpFsmGen.Generator.Analysis;

/// <summary>
/// TFSM0105: a reachable leaf from which the goal can never be reached: the final states when the
/// machine declares any, otherwise the initial leaf. The leaf graph is condensed into strongly
/// connected components (Tarjan, iteratively); a component can reach the goal if it holds a goal
/// leaf or has an edge into a component that can. Linear in leaves and edges.
/// </summary>
internal static class Traps
{
    public static void Check(MachineGraph graph, LeafGraph leaves, List<DiagnosticInfo> diagnostics)
    {
        var finals = leaves.Leaves.Where(l => graph.State(l).IsFinal).ToList();
        var goals = finals.Count > 0 ? finals : leaves.Initial >= 0 ? new List<int> { leaves.Initial } : new List<int>();
        if (goals.Count == 0) return;

        var component = StronglyConnectedComponents(graph.StateCount, leaves);
        // Tarjan numbers components in reverse topological order: every edge goes to a component
        // numbered no higher, so one pass in increasing order settles each component after its successors.
        var componentCount = component.Where(c => c >= 0).DefaultIfEmpty(-1).Max() + 1;
        var canReach = new bool[componentCount];
        foreach (var goal in goals) canReach[component[goal]] = true;
        var members = new List<int>[componentCount];
        for (var c = 0; c < componentCount; c++) members[c] = new List<int>();
        foreach (var leaf in leaves.Leaves) members[component[leaf]].Add(leaf);
        for (var c = 0; c < componentCount; c++)
        {
            if (canReach[c]) continue;
            canReach[c] = members[c].Any(leaf => leaves.Successors[leaf].Any(next => canReach[component[next]]));
        }

        var goalText = finals.Count > 0
            ? (finals.Count == 1 ? $"the final state '{graph.State(finals[0]).Name.Text}'" : "any final state")
            : $"the initial state '{graph.State(leaves.Initial).Name.Text}'";
        // Leaves trapped together (joined by transitions among themselves) are one mistake: one diagnostic, at the
        // first of them in source order, naming the others.
        var trapped = leaves.Leaves.Where(leaf => leaves.Reachable[leaf] && !canReach[component[leaf]]).ToList();
        var group = new int[graph.StateCount];
        for (var i = 0; i < group.Length; i++) group[i] = i;
        int Find(int x)
        {
            while (group[x] != x) x = group[x] = group[group[x]];
            return x;
        }
        var isTrapped = new bool[graph.StateCount];
        foreach (var leaf in trapped) isTrapped[leaf] = true;
        foreach (var leaf in trapped)
        {
            foreach (var next in leaves.Successors[leaf])
            {
                if (isTrapped[next]) group[Find(next)] = Find(leaf);
            }
        }
        foreach (var together in trapped.GroupBy(Find))
        {
            var ordered = together.OrderBy(l => l).ToList();
            var first = graph.State(ordered[0]);
            var others = ordered.Count == 1 ? ""
                : $" (nor from {string.Join(", ", ordered.Skip(1).Select(l => $"'{graph.State(l).Name.Text}'"))}, trapped with it)";
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.Trap, first.Name.Span, first.Name.Text, goalText, others));
        }
    }

    /// <summary>Tarjan's algorithm without recursion; returns each leaf's component number (-1 for composites).</summary>
    private static int[] StronglyConnectedComponents(int stateCount, LeafGraph leaves)
    {
        var index = new int[stateCount];
        var low = new int[stateCount];
        var component = new int[stateCount];
        var onStack = new bool[stateCount];
        for (var i = 0; i < stateCount; i++) index[i] = component[i] = -1;
        var stack = new Stack<int>();
        var work = new Stack<(int Node, int Edge)>();
        var next = 0;
        var components = 0;

        foreach (var root in leaves.Leaves)
        {
            if (index[root] >= 0) continue;
            work.Push((root, 0));
            while (work.Count > 0)
            {
                var (node, edge) = work.Pop();
                if (edge == 0)
                {
                    index[node] = low[node] = next++;
                    stack.Push(node);
                    onStack[node] = true;
                }
                var successors = leaves.Successors[node];
                if (edge < successors.Count)
                {
                    work.Push((node, edge + 1));
                    var child = successors[edge];
                    if (index[child] < 0) work.Push((child, 0));
                    else if (onStack[child]) low[node] = Math.Min(low[node], index[child]);
                    continue;
                }
                if (low[node] == index[node])
                {
                    int member;
                    do
                    {
                        member = stack.Pop();
                        onStack[member] = false;
                        component[member] = components;
                    }
                    while (member != node);
                    components++;
                }
                if (work.Count > 0)
                {
                    var parent = work.Peek().Node;
                    low[parent] = Math.Min(low[parent], low[node]);
                }
            }
        }
        return component;
    }
}
