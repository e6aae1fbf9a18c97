using System.Collections.Generic;
using TcpFsmGen.Generator.Diagnostics;
using TcpFsmGen.Generator.Model;

namespace TcpFsmGen.Generator.Analysis;

/// <summary>
/// TFSM0011: one state gives one event two of: an <c>on</c> line, <c>ignore</c>, <c>defer</c>. Reported at the later
/// of the two, once per pair of lines.
/// </summary>
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
                    Report(state, ignored, transition.Trigger, "ignores and handles", "remove the 'ignore' or the transition", diagnostics);
                    break;
                }
            }
            foreach (var deferred in state.Defers)
            {
                foreach (var transition in state.Transitions)
                {
                    if (transition.Kind != TriggerKind.Event || transition.Trigger.Text != deferred.Text) continue;
                    Report(state, deferred, transition.Trigger, "defers and handles", "remove the 'defer' or the transition", diagnostics);
                    break;
                }
                foreach (var ignored in state.Ignores)
                {
                    if (ignored.Text != deferred.Text) continue;
                    Report(state, deferred, ignored, "defers and ignores", "remove the 'defer' or the 'ignore'", diagnostics);
                    break;
                }
            }
        }
    }

    private static void Report(StateModel state, Name a, Name b, string what, string fix, List<DiagnosticInfo> diagnostics)
    {
        var later = b.Span.Start > a.Span.Start ? b : a;
        diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.IgnoredAndHandled, later.Span, state.Name.Text, a.Text, what, fix));
    }
}
