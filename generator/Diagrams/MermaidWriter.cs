using System.Collections.Generic;
using System.Text;
using TcpFsmGen.Generator.Analysis;

namespace TcpFsmGen.Generator.Diagrams;

/// <summary>
/// A Mermaid <c>stateDiagram-v2</c> of a valid machine. Composite states become <c>state X { }</c>
/// blocks; each arrow is written in the innermost block that holds both its ends, which is where
/// Mermaid expects it; timers and guards appear in the arrow labels.
/// </summary>
internal static class MermaidWriter
{
    private const string Indent = "    ";

    public static string Write(MachineGraph graph)
    {
        var text = new StringBuilder();
        text.Append("stateDiagram-v2\n");
        if (graph.InitialTop >= 0) Line(text, 1, "[*] --> " + graph.State(graph.InitialTop).Name.Text);
        WriteScopes(text, graph, ArrowsByScope(graph));
        return text.ToString();
    }

    /// <summary>
    /// Writes the states directly inside each scope (-1: the machine) and the arrows that belong there, walking the
    /// hierarchy with a stack of its own, so nesting of any depth costs no call stack.
    /// </summary>
    private static void WriteScopes(StringBuilder text, MachineGraph graph, Dictionary<int, List<string>> arrows)
    {
        var stack = new Stack<(int Scope, int Depth, int Next)>();
        stack.Push((-1, 1, 0));
        while (stack.Count > 0)
        {
            var (scope, depth, next) = stack.Pop();
            var members = scope < 0 ? graph.TopLevel : graph.Children(scope);
            if (next < members.Count)
            {
                stack.Push((scope, depth, next + 1));
                var s = members[next];
                var state = graph.State(s);
                var name = state.Name.Text;
                if (graph.IsLeaf(s))
                {
                    foreach (var detail in DiagramLabels.StateDetails(graph, state)) Line(text, depth, name + " : " + detail);
                    if (state.IsFinal) Line(text, depth, name + " --> [*]");
                    continue;
                }
                Line(text, depth, "state " + name + " {");
                if (graph.InitialChild[s] >= 0) Line(text, depth + 1, "[*] --> " + graph.State(graph.InitialChild[s]).Name.Text);
                stack.Push((s, depth + 1, 0));
                continue;
            }
            if (arrows.TryGetValue(scope, out var here))
            {
                foreach (var arrow in here) Line(text, depth, arrow);
            }
            if (scope < 0) continue;
            // The end of a composite's block, then what is written after it.
            var composite = graph.State(scope);
            Line(text, depth - 1, "}");
            var details = DiagramLabels.StateDetails(graph, composite);
            if (details.Count > 0)
            {
                Line(text, depth - 1, "note right of " + composite.Name.Text);
                foreach (var detail in details) Line(text, depth, detail);
                Line(text, depth - 1, "end note");
            }
            if (composite.IsFinal) Line(text, depth - 1, composite.Name.Text + " --> [*]");
        }
    }

    /// <summary>Every arrow, in source order, under the scope it is written in.</summary>
    private static Dictionary<int, List<string>> ArrowsByScope(MachineGraph graph)
    {
        var arrows = new Dictionary<int, List<string>>();
        for (var s = 0; s < graph.StateCount; s++)
        {
            foreach (var transition in graph.State(s).Transitions)
            {
                if (transition.Target is not { } target) continue;
                var t = graph.FindState(target.Text);
                if (t < 0) continue;
                var scope = CommonScope(graph, s, t);
                if (!arrows.TryGetValue(scope, out var list)) arrows.Add(scope, list = new List<string>());
                list.Add(graph.State(s).Name.Text + " --> " + target.Text + " : " + Label(DiagramLabels.Transition(graph, transition)));
            }
        }
        return arrows;
    }

    /// <summary>The innermost composite that contains both states strictly, or -1 for the machine.</summary>
    private static int CommonScope(MachineGraph graph, int source, int target)
    {
        for (var scope = graph.Parent(source); scope >= 0; scope = graph.Parent(scope))
        {
            if (scope != target && graph.Contains(scope, target)) return scope;
        }
        return -1;
    }

    /// <summary>Mermaid ends a statement at <c>;</c> and reads <c>#…;</c> as an entity, so neither may appear in a label.</summary>
    private static string Label(string label) => label.Replace(";", ",").Replace("#", "");

    /// <summary>
    /// A line indented by its depth, up to <see cref="DiagramLabels.MaxIndentDepth"/> levels: deeper lines are indented
    /// as much as that level, so the text grows with the number of states, not with their depth times their number.
    /// </summary>
    private static void Line(StringBuilder text, int depth, string line)
    {
        var levels = depth < DiagramLabels.MaxIndentDepth ? depth : DiagramLabels.MaxIndentDepth;
        for (var i = 0; i < levels; i++) text.Append(Indent);
        text.Append(line).Append('\n');
    }
}
