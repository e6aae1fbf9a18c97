using System.Collections.Generic;
using System.Linq;
using TcpFsmGen.Generator.Diagnostics;
using TcpFsmGen.Generator.Model;

namespace TcpFsmGen.Generator.Analysis;

/// <summary>TFSM0005: the machine and every composite state name a default substate, and it is one of their own children.</summary>
internal static class InitialStates
{
    public static void Check(MachineGraph graph, List<DiagnosticInfo> diagnostics)
    {
        var model = graph.Model;
        if (model.Initials.Count == 0)
        {
            if (model.ClassName is not null)
            {
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.MissingInitial, model.HeaderSpan,
                    $"Machine '{model.ClassName}' has no initial state; {Advice.MachineInitial(model)} one of its top-level states{List(graph, graph.TopLevel)}"));
            }
        }
        else
        {
            CheckNamesChild(graph, model.Initials[0], -1, graph.TopLevel, "the machine's initial state must be a top-level state", diagnostics);
        }

        for (var s = 0; s < graph.StateCount; s++)
        {
            var state = graph.State(s);
            if (graph.IsLeaf(s))
            {
                if (state.Initials.Count > 0)
                {
                    diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.MissingInitial, state.Initials[0].Span,
                        $"State '{state.Name.Text}' has no substates, so it cannot have an initial state; remove this line or declare substates"));
                }
            }
            else if (state.Initials.Count == 0)
            {
                if (!state.IsFinal)
                {
                    diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.MissingInitial, state.Name.Span,
                        $"Composite state '{state.Name.Text}' has no initial state; {Advice.CompositeInitial(model)} one of its substates{List(graph, graph.Children(s))}"));
                }
            }
            else
            {
                CheckNamesChild(graph, state.Initials[0], s, graph.Children(s), $"the initial state of '{state.Name.Text}' must be one of its own substates", diagnostics);
            }
        }
    }

    private static void CheckNamesChild(MachineGraph graph, Name initial, int owner, IReadOnlyList<int> children, string rule, List<DiagnosticInfo> diagnostics)
    {
        var index = graph.FindState(initial.Text);
        if (index < 0 || children.Contains(index)) return; // unknown names are TFSM0002's
        diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.MissingInitial, initial.Span,
            $"'{initial.Text}' cannot be the initial state here: {rule}{List(graph, children)}"));
    }

    private static string List(MachineGraph graph, IReadOnlyList<int> states)
        => states.Count == 0 ? "" : " (" + string.Join(", ", states.Select(s => graph.State(s).Name.Text)) + ")";
}
