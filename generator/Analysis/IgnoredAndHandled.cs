using System.Collections.Generic;
using TcpFsmGen.Generator.Diagnostics;
using TcpFsmGen.Generator.Model;

namespace TcpFsmGen.Generator.Analysis;

/// <summary>TFSM0011: one state both ignores an event and has an <c>on</c> line for it. Reported at the later of the two.</summary>
internal static class IgnoredAndHandled
{
    public static void Check(MachineGraph graph, List<DiagnosticInfo> diagnostics)
    {
        foreach (var state in graph.Model.States)
        {
            foreach (var ignored in state.Ignores)
            {
                foreach (var transition in state.Transitions)
                {
                    if (transition.Kind != TriggerKind.Event || transition.Trigger.Text != ignored.Text) continue;
                    var later = transition.Trigger.Span.Start > ignored.Span.Start ? transition.Trigger : ignored;
                    diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.IgnoredAndHandled, later.Span, state.Name.Text, ignored.Text));
                    break;
                }
            }
        }
    }
}
