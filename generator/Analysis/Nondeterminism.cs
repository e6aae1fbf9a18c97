using System.Collections.Generic;
using TcpFsmGen.Generator.Diagnostics;
using TcpFsmGen.Generator.Model;

namespace TcpFsmGen.Generator.Analysis;

/// <summary>
/// TFSM0006: two transitions in one state for one trigger, both unguarded or with the same guard
/// (<c>[G]</c> and <c>[!G]</c> differ). Two <c>after</c> lines on one timer or one duration count too.
/// </summary>
internal static class Nondeterminism
{
    public static void Check(MachineGraph graph, List<DiagnosticInfo> diagnostics)
    {
        foreach (var state in graph.Model.States)
        {
            var seen = new Dictionary<(TriggerKind, string, string?), TransitionModel>();
            foreach (var transition in state.Transitions)
            {
                var trigger = transition.Kind == TriggerKind.Duration ? transition.DurationMs?.ToString() ?? transition.Trigger.Text : transition.Trigger.Text;
                var key = (transition.Kind, trigger, transition.Guard?.ToString());
                if (seen.TryGetValue(key, out var first))
                {
                    var what = transition.Guard is null ? "an unguarded transition" : $"a transition with guard [{transition.Guard}]";
                    diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.Nondeterminism, transition.Trigger.Span,
                        state.Name.Text, what, transition.Trigger.Text, (first.Line + 1).ToString(System.Globalization.CultureInfo.InvariantCulture)));
                }
                else
                {
                    seen.Add(key, transition);
                }
            }
        }
    }
}
