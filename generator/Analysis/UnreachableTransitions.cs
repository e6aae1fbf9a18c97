using System.Collections.Generic;
using TcpFsmGen.Generator.Diagnostics;
using TcpFsmGen.Generator.Model;

namespace TcpFsmGen.Generator.Analysis;

/// <summary>
/// TFSM0106: a transition placed after an unguarded one for the same event in the same state, or an <c>after</c> line
/// placed after an unguarded one of the same timer.
/// </summary>
internal static class UnreachableTransitions
{
    public static void Check(MachineGraph graph, List<DiagnosticInfo> diagnostics)
    {
        foreach (var state in graph.Model.States)
        {
            var unguarded = new Dictionary<string, TransitionModel>();
            foreach (var transition in state.Transitions)
            {
                if (transition.Periodic) continue;
                var key = transition.Kind == TriggerKind.Event ? "event " + transition.Trigger.Text : MachineGraph.TriggerKey(transition);
                if (unguarded.TryGetValue(key, out var first))
                {
                    // Two unguarded ones are TFSM0006's error; this is about a guarded one behind the fallback.
                    if (transition.Guard is not null)
                    {
                        diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.UnreachableTransition, transition.Trigger.Span,
                            transition.Trigger.Text, (first.Line + 1).ToString(System.Globalization.CultureInfo.InvariantCulture)));
                    }
                }
                else if (transition.Guard is null)
                {
                    unguarded.Add(key, transition);
                }
            }
        }
    }
}
