using System.Collections.Generic;
using TcpFsmGen.Generator.Diagnostics;
using TcpFsmGen.Generator.Model;

namespace TcpFsmGen.Generator.Analysis;

/// <summary>TFSM0106: a transition for an event placed after an unguarded one for the same event in the same state.</summary>
internal static class UnreachableTransitions
{
    public static void Check(MachineGraph graph, List<DiagnosticInfo> diagnostics)
    {
        foreach (var state in graph.Model.States)
        {
            var unguarded = new Dictionary<string, TransitionModel>();
            foreach (var transition in state.Transitions)
            {
                if (transition.Kind != TriggerKind.Event) continue;
                if (unguarded.TryGetValue(transition.Trigger.Text, out var first))
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
                    unguarded.Add(transition.Trigger.Text, transition);
                }
            }
        }
    }
}
