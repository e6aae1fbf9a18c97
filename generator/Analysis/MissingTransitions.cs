using System.Collections.Generic;
using System.Linq;
using TcpFsmGen.Generator.Diagnostics;
using TcpFsmGen.Generator.Model;

namespace TcpFsmGen.Generator.Analysis;

/// <summary>
/// TFSM0102: a leaf that neither handles nor ignores some events, itself or through an ancestor. One
/// diagnostic per leaf, at its name, listing them all. Only events that some <c>on</c> line handles
/// count; final states are exempt.
/// </summary>
internal static class MissingTransitions
{
    public static void Check(MachineGraph graph, List<DiagnosticInfo> diagnostics)
    {
        var handledSomewhere = new HashSet<string>(graph.Model.States
            .SelectMany(s => s.Transitions)
            .Where(t => t.Kind == TriggerKind.Event)
            .Select(t => t.Trigger.Text));
        var events = graph.Model.Events.Select(e => e.Text).Distinct().Where(handledSomewhere.Contains).ToList();

        for (var leaf = 0; leaf < graph.StateCount; leaf++)
        {
            if (!graph.IsLeaf(leaf) || graph.State(leaf).IsFinal) continue;
            var missing = events.Where(e => EventLookup.For(graph, leaf, e).Count == 0).ToList();
            if (missing.Count == 0) continue;
            var quoted = string.Join(", ", missing.Select(e => $"'{e}'"));
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.MissingTransitions, graph.State(leaf).Name.Span,
                graph.State(leaf).Name.Text, (missing.Count == 1 ? "event " : "events ") + quoted, Advice.Ignore(graph.Model, graph.State(leaf).Name.Text, missing)));
        }
    }
}
