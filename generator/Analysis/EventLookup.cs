using System.Collections.Generic;
using System.Linq;
using TcpFsmGen.Generator.Model;

namespace TcpFsmGen.Generator.Analysis;

/// <summary>One thing the lookup may do for an event in a leaf: take a transition, ignore the event, or defer it.</summary>
/// <param name="State">The state that declares it: the leaf or one of its ancestors.</param>
/// <param name="Transition">The transition, or null for <c>ignore</c> and <c>defer</c>.</param>
/// <param name="IgnoreName">The name on the <c>ignore</c> or <c>defer</c> line.</param>
internal sealed record Handler(int State, TransitionModel? Transition, Name? IgnoreName, bool IsDefer = false)
{
    public bool IsIgnore => Transition is null && !IsDefer;

    public bool IsUnconditional => Transition is null || Transition.Guard is null;
}

/// <summary>
/// The language's lookup rule, worked out ahead of time: for a leaf and an event, the handlers tried
/// in order (the leaf's own first, then each ancestor's), ending at the first one that always applies.
/// A state's <c>ignore</c> or <c>defer</c> for the event ends the lookup at that state (an event both ignored or
/// deferred and handled in one state is TFSM0011; the <c>ignore</c> or <c>defer</c> is taken here).
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
            if (graph.Ignores(s, eventName))
            {
                handlers.Add(new Handler(s, null, state.Ignores.First(i => i.Text == eventName)));
                return handlers;
            }
            if (graph.Defers(s, eventName))
            {
                handlers.Add(new Handler(s, null, state.Defers.First(i => i.Text == eventName), IsDefer: true));
                return handlers;
            }
            foreach (var transition in graph.OnLines(s, eventName))
            {
                handlers.Add(new Handler(s, transition, null));
                if (transition.Guard is null) return handlers;
            }
            if (state.IsFinal) return handlers;
        }
        return handlers;
    }

    /// <summary>
    /// Every leaf the machine can move to from <paramref name="leaf"/>: the targets (through their initial
    /// chains) of each transition the lookup may take for any event, guarded ones included, and of every
    /// timer armed while <paramref name="leaf"/> is current.
    /// </summary>
    public static IEnumerable<int> Successors(MachineGraph graph, int leaf)
    {
        foreach (var e in graph.Model.Events)
        {
            foreach (var handler in For(graph, leaf, e.Text))
            {
                if (handler.Transition?.Target is { } target && graph.FindState(target.Text) is var t && t >= 0)
                {
                    yield return graph.InitialLeaf(t);
                }
            }
        }
        // A final leaf stops every lookup, timers of its ancestors included.
        if (graph.State(leaf).IsFinal) yield break;
        for (var s = leaf; s >= 0; s = graph.Parent(s))
        {
            foreach (var slot in graph.TimerSlotsOf(s))
            {
                foreach (var line in graph.SlotLines(slot))
                {
                    if (graph.State(s).Transitions[line].Target is { } target && graph.FindState(target.Text) is var t && t >= 0)
                    {
                        yield return graph.InitialLeaf(t);
                    }
                }
            }
        }
    }
}
