using System.Collections.Generic;
using System.Linq;
using System.Text;
using TcpFsmGen.Generator.Analysis;
using TcpFsmGen.Generator.Model;
using TcpFsmGen.Generator.Parsing;

namespace TcpFsmGen.Generator.Diagrams;

/// <summary>The text both diagram formats put on arrows and in states, so Mermaid and DOT say the same thing.</summary>
internal static class DiagramLabels
{
    /// <summary>
    /// The deepest level the diagrams indent (four spaces a level). Both formats ignore indentation; past this
    /// depth lines stay at this indentation, so a deeply nested machine's diagrams stay linear in its size.
    /// </summary>
    public const int MaxIndentDepth = 8;

    /// <summary><c>Open [IsNotBlocked] / LightOn, Beep</c>, or <c>after AutoClose (30s) / Beep</c>.</summary>
    public static string Transition(MachineGraph graph, TransitionModel transition)
    {
        var text = new StringBuilder();
        switch (transition.Kind)
        {
            case TriggerKind.Event:
                text.Append(transition.Trigger.Text);
                break;
            case TriggerKind.Timer:
                text.Append(transition.Periodic ? "every " : "after ").Append(transition.Trigger.Text);
                var timer = graph.FindTimer(transition.Trigger.Text);
                if (timer >= 0 && graph.Model.Timers[timer].DurationMs is { } ms)
                {
                    text.Append(" (").Append(Durations.Format(ms)).Append(')');
                }
                break;
            default:
                text.Append(transition.Periodic ? "every " : "after ").Append(transition.DurationMs is { } literal ? Durations.Format(literal) : transition.Trigger.Text);
                break;
        }
        if (transition.Guard is { } guard) text.Append(" [").Append(guard).Append(']');
        if (transition.Actions.Count > 0) text.Append(" / ").Append(Join(transition.Actions));
        return text.ToString();
    }

    /// <summary>
    /// The lines written inside a state: its history (<c>[H]</c> shallow, <c>[H*]</c> deep), entry and exit actions,
    /// internal transitions, <c>every</c> timers, and deferred events (ignored events are left out).
    /// </summary>
    public static List<string> StateDetails(MachineGraph graph, StateModel state)
    {
        var lines = new List<string>();
        if (state.Histories.Count > 0) lines.Add(state.Histories[0].Deep ? "[H*] history deep" : "[H] history");
        if (state.EntryActions.Count > 0) lines.Add("entry / " + Join(state.EntryActions));
        if (state.ExitActions.Count > 0) lines.Add("exit / " + Join(state.ExitActions));
        foreach (var transition in state.Transitions)
        {
            if (transition.Target is null) lines.Add(Transition(graph, transition) + (transition.Periodic ? "" : " (internal)"));
        }
        if (state.Defers.Count > 0) lines.Add("defer " + Join(state.Defers));
        return lines;
    }

    private static string Join(Helpers.EquatableArray<Name> names) => string.Join(", ", names.Select(name => name.Text));

    private static string Join(Helpers.EquatableArray<ActionModel> actions) => string.Join(", ", actions.Select(action => action.ToString()));
}
