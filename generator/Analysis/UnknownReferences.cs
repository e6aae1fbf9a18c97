using System.Collections.Generic;
using System.Linq;
using TcpFsmGen.Generator.Diagnostics;
using TcpFsmGen.Generator.Model;

namespace TcpFsmGen.Generator.Analysis;

/// <summary>TFSM0002 (unknown state) and TFSM0003 (unknown event or timer), each with the nearest declared name.</summary>
internal static class UnknownReferences
{
    public static void Check(MachineGraph graph, List<DiagnosticInfo> diagnostics, ISet<string>? recovered = null)
    {
        var model = graph.Model;
        var stateNames = model.States.Select(s => s.Name.Text).ToList();
        var eventNames = model.Events.Select(e => e.Text).ToList();
        var timerNames = model.Timers.Select(t => t.Name.Text).ToList();

        void State(Name name)
        {
            if (graph.FindState(name.Text) < 0 && recovered?.Contains(name.Text) != true)
            {
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.UnknownState, name.Span,
                    name.Text, NameSuggestions.DidYouMean(name.Text, stateNames)));
            }
        }

        void Event(Name name)
        {
            if (graph.FindEvent(name.Text) < 0 && recovered?.Contains(name.Text) != true)
            {
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.UnknownEventOrTimer, name.Span,
                    "Event", name.Text, NameSuggestions.DidYouMean(name.Text, eventNames)));
            }
        }

        foreach (var initial in model.Initials) State(initial);
        foreach (var state in model.States)
        {
            foreach (var initial in state.Initials) State(initial);
            foreach (var ignored in state.Ignores) Event(ignored);
            foreach (var deferred in state.Defers) Event(deferred);
            foreach (var transition in state.Transitions)
            {
                if (transition.Kind == TriggerKind.Event) Event(transition.Trigger);
                else if (transition.Kind == TriggerKind.Timer && graph.FindTimer(transition.Trigger.Text) < 0
                         && recovered?.Contains(transition.Trigger.Text) != true)
                {
                    diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.UnknownEventOrTimer, transition.Trigger.Span,
                        "Timer", transition.Trigger.Text, NameSuggestions.DidYouMean(transition.Trigger.Text, timerNames)));
                }
                if (transition.Target is { } target) State(target);
            }
        }
    }
}
