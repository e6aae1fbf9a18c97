using System.Collections.Generic;

namespace TcpFsmGen.Generator.Model;

/// <summary>An action or guard name as it appears in the machine.</summary>
/// <param name="Argument">The argument written after the name (<c>Log(seg)</c>), or null.</param>
/// <param name="Transition">The line it appears on, or null for an <c>entry</c> or <c>exit</c> action.</param>
internal readonly record struct MethodName(Name Name, bool IsGuard, Name? Argument = null, TransitionModel? Transition = null);

internal static class MethodNames
{
    /// <summary>Every use of an action or guard name, in source order of states (duplicates included).</summary>
    public static IEnumerable<MethodName> Of(MachineModel model)
    {
        foreach (var state in model.States)
        {
            foreach (var a in state.EntryActions) yield return new MethodName(a, false);
            foreach (var a in state.ExitActions) yield return new MethodName(a, false);
            foreach (var t in state.Transitions)
            {
                if (t.Guard is { } g) yield return new MethodName(g.Name, true, g.Argument, t);
                foreach (var a in t.Actions) yield return new MethodName(a.Name, false, a.Argument, t);
            }
        }
    }

    /// <summary>
    /// The payload type a use passes, or null when it passes none. An argument is passed only when it names the
    /// payload of the line's event (anything else is TFSM0012's error, and the use counts as passing nothing).
    /// </summary>
    public static string? PayloadType(MethodName use, Analysis.MachineGraph graph)
    {
        if (use.Argument is not { } argument || use.Transition is not { Kind: TriggerKind.Event } transition) return null;
        return graph.PayloadOf(transition.Trigger.Text) is { } payload && payload.Parameter.Text == argument.Text ? payload.Type : null;
    }
}
