using System.Collections.Generic;
using System.Globalization;
using TcpFsmGen.Generator.Diagnostics;

namespace TcpFsmGen.Generator.Analysis;

/// <summary>
/// TFSM0014: a target on an <c>every</c> line. TFSM0015: <c>history</c> in a state without substates, or a second
/// <c>history</c> line in one state.
/// </summary>
internal static class TimerAndHistoryLines
{
    public static void Check(MachineGraph graph, List<DiagnosticInfo> diagnostics)
    {
        for (var s = 0; s < graph.StateCount; s++)
        {
            var state = graph.State(s);
            foreach (var transition in state.Transitions)
            {
                if (transition.StrayTarget is { } target)
                {
                    diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.TargetOnEvery, target.Span, target.Text, transition.Trigger.Text));
                }
            }
            for (var i = 0; i < state.Histories.Count; i++)
            {
                var history = state.Histories[i];
                string message;
                if (graph.IsLeaf(s))
                {
                    message = $"State '{state.Name.Text}' has no substates, so 'history' has nothing to remember; remove it, or declare it in the composite state whose substate should be resumed";
                }
                else if (i > 0)
                {
                    var line = (state.Histories[0].Keyword.StartLine + 1).ToString(CultureInfo.InvariantCulture);
                    message = $"State '{state.Name.Text}' already has a 'history' line (line {line}); a state has one history, shallow or deep: remove this one";
                }
                else
                {
                    continue;
                }
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.MisplacedHistory, history.Keyword, message));
            }
        }
    }
}
