using System.Collections.Generic;
using TcpFsmGen.Generator.Diagnostics;
using TcpFsmGen.Generator.Model;

namespace TcpFsmGen.Generator.Analysis;

/// <summary>TFSM0004: a state, event or timer declared twice, or two <c>initial</c> lines in one place. Reported at the second.</summary>
internal static class DuplicateDeclarations
{
    public static void Check(MachineGraph graph, List<DiagnosticInfo> diagnostics)
    {
        var model = graph.Model;
        var states = new Dictionary<string, Name>();
        foreach (var state in model.States) Add(states, "State", state.Name, diagnostics);

        var events = new Dictionary<string, Name>();
        foreach (var e in model.Events) Add(events, "Event", e, diagnostics);

        var timers = new Dictionary<string, Name>();
        foreach (var timer in model.Timers) Add(timers, "Timer", timer.Name, diagnostics);

        ExtraInitials(model.Initials, "the machine", diagnostics);
        foreach (var state in model.States) ExtraInitials(state.Initials, $"state '{state.Name.Text}'", diagnostics);
    }

    private static void Add(Dictionary<string, Name> seen, string kind, Name name, List<DiagnosticInfo> diagnostics)
    {
        if (seen.TryGetValue(name.Text, out var first))
        {
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.Duplicate, name.Span,
                kind, name.Text, $" at line {first.Span.StartLine + 1}"));
        }
        else
        {
            seen.Add(name.Text, name);
        }
    }

    private static void ExtraInitials(Helpers.EquatableArray<Name> initials, string owner, List<DiagnosticInfo> diagnostics)
    {
        for (var i = 1; i < initials.Count; i++)
        {
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.Duplicate, initials[i].Span,
                $"The initial state of {owner}", initials[i].Text,
                $" ('{initials[0].Text}' at line {initials[0].Span.StartLine + 1})"));
        }
    }
}
