using System.Collections.Generic;
using System.Text;
using TcpFsmGen.Generator.Analysis;

namespace TcpFsmGen.Generator.Diagrams;

/// <summary>
/// A Graphviz DOT graph of a valid machine. Composite states become clusters; an arrow to or from a
/// composite is drawn to the cluster's edge (<c>compound=true</c> with <c>lhead</c>/<c>ltail</c>),
/// anchored on the composite's initial leaf.
/// </summary>
internal static class DotWriter
{
    public static string Write(MachineGraph graph)
    {
        var text = new StringBuilder();
        text.Append("digraph ").Append(Quote(graph.Model.FullName)).Append(" {\n");
        text.Append("    compound=true;\n");
        text.Append("    rankdir=LR;\n");
        text.Append("    node [shape=box, style=rounded, fontname=\"Helvetica\"];\n");
        text.Append("    edge [fontname=\"Helvetica\", fontsize=10];\n");
        text.Append("    \"__initial\" [shape=point, width=0.15, label=\"\"];\n");
        WriteStates(text, graph);
        if (graph.InitialTop >= 0) WriteEdge(text, graph, -1, graph.InitialTop, null);
        for (var s = 0; s < graph.StateCount; s++)
        {
            foreach (var transition in graph.State(s).Transitions)
            {
                if (transition.Target is not { } target) continue;
                var t = graph.FindState(target.Text);
                if (t < 0) continue;
                WriteEdge(text, graph, s, t, "label=" + Quote(DiagramLabels.Transition(graph, transition)));
            }
        }
        text.Append("}\n");
        return text.ToString();
    }

    /// <summary>Writes every state, clusters for composites, walking the hierarchy with a stack of its own (no recursion on depth).</summary>
    private static void WriteStates(StringBuilder text, MachineGraph graph)
    {
        var stack = new Stack<(int Scope, int Depth, int Next)>();
        stack.Push((-1, 1, 0));
        while (stack.Count > 0)
        {
            var (scope, depth, next) = stack.Pop();
            var members = scope < 0 ? graph.TopLevel : graph.Children(scope);
            if (next >= members.Count)
            {
                if (scope >= 0) text.Append(Indent(depth - 1)).Append("}\n");
                continue;
            }
            stack.Push((scope, depth, next + 1));
            var s = members[next];
            var state = graph.State(s);
            var indent = Indent(depth);
            var label = new StringBuilder(state.Name.Text);
            foreach (var detail in DiagramLabels.StateDetails(graph, state)) label.Append('\n').Append(detail);
            if (graph.IsLeaf(s))
            {
                text.Append(indent).Append(Quote(state.Name.Text)).Append(" [label=").Append(Quote(label.ToString()));
                if (state.IsFinal) text.Append(", peripheries=2");
                text.Append("];\n");
                continue;
            }
            var inner = Indent(depth + 1);
            text.Append(indent).Append("subgraph ").Append(Quote(Cluster(graph, s))).Append(" {\n");
            text.Append(inner).Append("label=").Append(Quote(label.ToString())).Append(";\n");
            text.Append(inner).Append("style=rounded;\n");
            stack.Push((s, depth + 1, 0));
        }
    }

    /// <summary>Four spaces a level, up to <see cref="DiagramLabels.MaxIndentDepth"/> levels.</summary>
    private static string Indent(int depth) => new(' ', 4 * (depth < DiagramLabels.MaxIndentDepth ? depth : DiagramLabels.MaxIndentDepth));

    /// <summary>
    /// An arrow from <paramref name="source"/> (-1: the initial point) to <paramref name="target"/>. A composite
    /// end is drawn at its initial leaf and clipped to its cluster, unless one end lies inside the other.
    /// </summary>
    private static void WriteEdge(StringBuilder text, MachineGraph graph, int source, int target, string? attributes)
    {
        var from = source < 0 ? "\"__initial\"" : Quote(graph.State(graph.InitialLeaf(source)).Name.Text);
        var to = Quote(graph.State(graph.InitialLeaf(target)).Name.Text);
        var nested = source >= 0 && (graph.Contains(source, target) || graph.Contains(target, source));
        if (source >= 0 && !graph.IsLeaf(source) && !nested) attributes = Append(attributes, "ltail=" + Quote(Cluster(graph, source)));
        if (!graph.IsLeaf(target) && !nested) attributes = Append(attributes, "lhead=" + Quote(Cluster(graph, target)));
        text.Append("    ").Append(from).Append(" -> ").Append(to);
        if (attributes is not null) text.Append(" [").Append(attributes).Append(']');
        text.Append(";\n");
    }

    private static string Append(string? attributes, string attribute) => attributes is null ? attribute : attributes + ", " + attribute;

    private static string Cluster(MachineGraph graph, int composite) => "cluster_" + graph.State(composite).Name.Text;

    /// <summary>A DOT double-quoted string; line breaks become DOT's centred <c>\n</c>.</summary>
    private static string Quote(string text)
        => "\"" + text.Replace("\\", "\\\\").Replace("\"", "\\\"").Replace("\n", "\\n") + "\"";
}
