using System.Collections.Generic;
using System.Linq;
using TcpFsmGen.Generator.Diagnostics;
using TcpFsmGen.Generator.Model;

namespace TcpFsmGen.Generator.Analysis;

/// <summary>TFSM0104: an event no <c>on</c> line uses (being only ignored or deferred does not count), or a timer no <c>after</c> or <c>every</c> line uses.</summary>
internal static class UnusedDeclarations
{
    public static void Check(MachineGraph graph, List<DiagnosticInfo> diagnostics)
    {
        var transitions = graph.Model.States.SelectMany(s => s.Transitions).ToList();
        var usedEvents = new HashSet<string>(transitions.Where(t => t.Kind == TriggerKind.Event).Select(t => t.Trigger.Text));
        var usedTimers = new HashSet<string>(transitions.Where(t => t.Kind == TriggerKind.Timer).Select(t => t.Trigger.Text));
        foreach (var e in graph.Model.Events)
        {
            if (!usedEvents.Contains(e.Text))
            {
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.Unused, e.Span, "Event", e.Text, "an 'on' line"));
            }
        }
        foreach (var timer in graph.Model.Timers)
        {
            if (!usedTimers.Contains(timer.Name.Text))
            {
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.Unused, timer.Name.Span, "Timer", timer.Name.Text, "an 'after' or 'every' line"));
            }
        }
    }
}
