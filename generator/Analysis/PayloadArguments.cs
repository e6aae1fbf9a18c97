using System.Collections.Generic;
using System.Globalization;
using TcpFsmGen.Generator.Diagnostics;
using TcpFsmGen.Generator.Model;

namespace TcpFsmGen.Generator.Analysis;

/// <summary>
/// TFSM0012: a guard's or action's argument must be the parameter name of the event of its <c>on</c> line; timer
/// lines have no payload to pass. TFSM0013: each guard and action has one signature in the whole machine (no
/// parameter, or one of one payload type), reported at every use that disagrees with the first.
/// </summary>
internal static class PayloadArguments
{
    public static void Check(MachineGraph graph, List<DiagnosticInfo> diagnostics)
    {
        var first = new Dictionary<string, (MethodName Use, string? Type)>(System.StringComparer.Ordinal);
        foreach (var use in MethodNames.Of(graph.Model))
        {
            var what = use.IsGuard ? "guard" : "action";
            if (use.Argument is { } argument && use.Transition is { } transition)
            {
                string? problem = null;
                if (transition.IsTimer)
                {
                    problem = $"An '{(transition.Periodic ? "every" : "after")}' line has no event, so no payload to pass: call {what} '{use.Name.Text}' without '({argument.Text})'";
                }
                else if (graph.FindEvent(transition.Trigger.Text) >= 0)
                {
                    var payload = graph.PayloadOf(transition.Trigger.Text);
                    if (payload is null)
                    {
                        problem = $"Event '{transition.Trigger.Text}' carries no payload, so {what} '{use.Name.Text}' has nothing to pass; remove '({argument.Text})', or declare the payload as in 'events {transition.Trigger.Text}(Type {argument.Text});'";
                    }
                    else if (payload.Parameter.Text != argument.Text)
                    {
                        problem = $"'{argument.Text}' is not the payload of event '{transition.Trigger.Text}', whose parameter is '{payload.Parameter.Text}'; write '{use.Name.Text}({payload.Parameter.Text})'";
                    }
                }
                if (problem is not null)
                {
                    diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.NotThePayload, argument.Span, problem));
                    continue;
                }
            }

            var type = MethodNames.PayloadType(use, graph);
            if (!first.TryGetValue(use.Name.Text, out var earlier))
            {
                first.Add(use.Name.Text, (use, type));
                continue;
            }
            // A name used both as a guard and as an action is TFSM0007's.
            if (earlier.Use.IsGuard != use.IsGuard || earlier.Type == type) continue;
            var line = (earlier.Use.Name.Span.StartLine + 1).ToString(CultureInfo.InvariantCulture);
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.TwoSignatures, use.Name.Span,
                $"{Capital(what)} '{use.Name.Text}' {Takes(type)} here but {Takes(earlier.Type)} at line {line}; {(use.IsGuard ? "a" : "an")} {what} has one signature in the whole machine: use another name for one of them"));
        }
    }

    private static string Takes(string? type)
        => type is null ? "takes no argument" : $"takes {("aeiouAEIOU".IndexOf(type[0]) >= 0 ? "an" : "a")} '{type}'";

    private static string Capital(string word) => char.ToUpperInvariant(word[0]) + word.Substring(1);
}
