using System.Collections.Generic;
using TcpFsmGen.Generator.Diagnostics;
using TcpFsmGen.Generator.Model;

namespace TcpFsmGen.Generator.Analysis;

/// <summary>
/// TFSM0006: two transitions in one state for one trigger, both unguarded or with the same guard
/// (<c>[G]</c> and <c>[!G]</c> differ; <c>[G]</c> and <c>[G(p)]</c> do not). Two <c>after</c> lines on one timer or one
/// duration count too; <c>every</c> lines are timers of their own and never conflict.
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
                if (transition.Periodic) continue;
                var trigger = transition.Kind == TriggerKind.Duration ? transition.DurationMs?.ToString() ?? transition.Trigger.Text : transition.Trigger.Text;
                var key = (transition.Kind, trigger, transition.Guard is { } g ? (g.Negated ? "!" : "") + g.Name.Text : null);
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
