using System.Collections.Generic;
using TcpFsmGen.Generator.Diagnostics;

namespace TcpFsmGen.Generator.Analysis;

/// <summary>TFSM0010: a final state has no way out: no <c>on</c>, <c>after</c>, <c>every</c> or <c>defer</c>, and no substates.</summary>
internal static class FinalStateTransitions
{
    public static void Check(MachineGraph graph, List<DiagnosticInfo> diagnostics)
    {
        for (var s = 0; s < graph.StateCount; s++)
        {
            var state = graph.State(s);
            if (!state.IsFinal) continue;
            foreach (var transition in state.Transitions)
            {
                var line = transition.Kind == Model.TriggerKind.Event ? "on" : transition.Periodic ? "every" : "after";
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.TransitionOutOfFinal, transition.Trigger.Span,
                    $"Final state '{state.Name.Text}' cannot have an '{line}' line; remove it, or make the state non-final"));
            }
            foreach (var deferred in state.Defers)
            {
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.TransitionOutOfFinal, deferred.Span,
                    $"Final state '{state.Name.Text}' cannot defer events: nothing ever leaves it to recall them; remove 'defer {deferred.Text}', or make the state non-final"));
            }
            foreach (var child in graph.Children(s))
            {
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.TransitionOutOfFinal, graph.State(child).Name.Span,
                    $"Final state '{state.Name.Text}' cannot contain states; move '{graph.State(child).Name.Text}' out, or make '{state.Name.Text}' non-final"));
            }
        }
    }
}
