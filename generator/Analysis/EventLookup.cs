using System.Collections.Generic;
using TcpFsmGen.Generator.Model;

namespace TcpFsmGen.Generator.Analysis;

/// <summary>One thing the lookup may do for an event in a leaf: take a transition, or ignore the event.</summary>
/// <param name="State">The state that declares it: the leaf or one of its ancestors.</param>
/// <param name="Transition">The transition, or null for <c>ignore</c>.</param>
internal sealed record Handler(int State, TransitionModel? Transition, Name? IgnoreName)
{
    public bool IsIgnore => Transition is null;

    public bool IsUnconditional => Transition is null || Transition.Guard is null;
}

/// <summary>
/// The language's lookup rule, worked out ahead of time: for a leaf and an event, the handlers tried
/// in order (the leaf's own first, then each ancestor's), ending at the first one that always applies.
/// A final leaf stops the lookup at itself.
/// </summary>
internal static class EventLookup
{
    public static List<Handler> For(MachineGraph graph, int leaf, string eventName)
    {
        var handlers = new List<Handler>();
        for (var s = leaf; s >= 0; s = graph.Parent(s))
        {
            var state = graph.State(s);
            foreach (var ignored in state.Ignores)
            {
                if (ignored.Text == eventName)
                {
                    handlers.Add(new Handler(s, null, ignored));
                    return handlers;
                }
            }
            foreach (var transition in state.Transitions)
            {
                if (transition.Kind != TriggerKind.Event || transition.Trigger.Text != eventName) continue;
                handlers.Add(new Handler(s, transition, null));
                if (transition.Guard is null) return handlers;
            }
            if (state.IsFinal) return handlers;
        }
        return handlers;
    }
}
