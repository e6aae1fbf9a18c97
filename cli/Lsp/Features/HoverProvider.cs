using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;
using TcpFsmGen.Cli.Lsp.Analysis;
using TcpFsmGen.Cli.Lsp.Protocol;
using TcpFsmGen.Generator.Model;

namespace TcpFsmGen.Cli.Lsp.Features;

/// <summary>What a name is and where it is used, in Markdown.</summary>
internal static class HoverProvider
{
    /// <summary>How many uses a hover lists before it says how many more there are.</summary>
    private const int MaxListed = 12;

    public static Hover? At(DocumentAnalysis analysis, int offset)
    {
        var source = analysis.Source;
        if (source.Symbols.At(offset) is not { } occurrence) return null;
        var model = analysis.Model;
        var uses = source.Symbols.Of(occurrence.Kind, occurrence.Name).ToList();
        var text = new StringBuilder();
        switch (occurrence.Kind)
        {
            case SymbolKind.State:
                DescribeState(text, analysis, occurrence, uses);
                break;
            case SymbolKind.Event:
                text.Append("**event** `").Append(occurrence.Name).Append('`').Append(Declared(analysis, uses));
                List(text, analysis, "Handled", uses.Where(u => u.Usage == Usage.Trigger));
                List(text, analysis, "Ignored", uses.Where(u => u.Usage == Usage.Ignore));
                break;
            case SymbolKind.Timer:
                var timer = model.Timers.FirstOrDefault(t => t.Name.Text == occurrence.Name);
                text.Append("**timer** `").Append(occurrence.Name).Append('`');
                if (timer?.DurationMs is { } ms) text.Append(" = ").Append(Duration(ms)).Append(" by default");
                text.Append(Declared(analysis, uses));
                List(text, analysis, "Started", uses.Where(u => u.Usage == Usage.Trigger));
                break;
            case SymbolKind.Guard:
                text.Append("**guard** `").Append(occurrence.Name).Append("`: `private partial bool ").Append(occurrence.Name)
                    .Append("();`, implemented in the class");
                List(text, analysis, "Tested", uses);
                break;
            case SymbolKind.Action:
                text.Append("**action** `").Append(occurrence.Name).Append("`: `partial void ").Append(occurrence.Name)
                    .Append("();`, implemented in the class (or left out: it then does nothing)");
                List(text, analysis, "Runs", uses);
                break;
            case SymbolKind.Machine:
                text.Append("**machine** `").Append(model.FullName).Append("`: class `").Append(model.ClassName).Append('`')
                    .Append(model.Namespace.Length > 0 ? $" in namespace `{model.Namespace}`" : " in the global namespace")
                    .Append("\n\n").Append(Count(model.States.Count, "state")).Append(", ").Append(Count(model.Events.Count, "event"))
                    .Append(", ").Append(Count(model.Timers.Count, "timer"))
                    .Append(", ").Append(Count(model.States.Sum(s => s.Transitions.Count), "transition"));
                break;
            case SymbolKind.Namespace:
                text.Append("**namespace** `").Append(model.Namespace).Append("` of class `").Append(model.ClassName).Append('`');
                break;
        }
        return new Hover(new MarkupContent("markdown", text.ToString()), analysis.Document.RangeOf(occurrence.Start, occurrence.Length));
    }

    private static void DescribeState(StringBuilder text, DocumentAnalysis analysis, Occurrence occurrence, List<Occurrence> uses)
    {
        var model = analysis.Model;
        var index = -1;
        for (var s = 0; s < model.States.Count && index < 0; s++) if (model.States[s].Name.Text == occurrence.Name) index = s;
        text.Append("**state** `").Append(occurrence.Name).Append('`');
        if (index >= 0)
        {
            var state = model.States[index];
            var children = model.States.Where(s => s.Parent == index).Select(s => $"`{s.Name.Text}`").ToList();
            var kind = state.IsFinal ? "final state" : children.Count > 0 ? "composite state" : "leaf state";
            var where = state.Parent < 0 ? "at the top level" : $"in `{model.States[state.Parent].Name.Text}`";
            text.Append(": a ").Append(kind).Append(", ").Append(where);
            if (children.Count > 0) text.Append("; substates ").Append(string.Join(", ", children));
        }
        text.Append(Declared(analysis, uses));
        if (uses.Any(u => u.Usage == Usage.MachineInitial)) text.Append("\n\nThe machine's initial state.");
        List(text, analysis, "Initial state of", uses.Where(u => u.Usage == Usage.StateInitial));
        List(text, analysis, "Entered by transitions", uses.Where(u => u.Usage == Usage.Target));
    }

    private static string Declared(DocumentAnalysis analysis, List<Occurrence> uses)
    {
        var declaration = uses.FirstOrDefault(u => u.IsDeclaration);
        return declaration is null ? "\n\nNot declared." : $"\n\nDeclared at line {Line(analysis, declaration)}.";
    }

    /// <summary>A line of Markdown listing where the symbol is used this way: <c>from Closed (line 23), Listen (line 37)</c>.</summary>
    private static void List(StringBuilder text, DocumentAnalysis analysis, string heading, IEnumerable<Occurrence> uses)
    {
        var items = uses.Where(u => !u.IsDeclaration).ToList();
        if (items.Count == 0) return;
        var model = analysis.Model;
        text.Append("\n\n").Append(heading).Append(" (").Append(items.Count.ToString(CultureInfo.InvariantCulture)).Append("): ");
        text.Append(string.Join(", ", items.Take(MaxListed).Select(u =>
        {
            var where = u.State >= 0 ? model.States[u.State].Name.Text : "the machine";
            var how = u.Usage switch
            {
                Usage.Entry => " entry",
                Usage.Exit => " exit",
                Usage.TransitionAction or Usage.Guard when u.Transition is { } t => $" {(t.Kind == TriggerKind.Event ? "on" : "after")} {t.Trigger.Text}",
                _ => "",
            };
            return $"{where}{how} (line {Line(analysis, u)})";
        })));
        if (items.Count > MaxListed) text.Append(", and ").Append((items.Count - MaxListed).ToString(CultureInfo.InvariantCulture)).Append(" more");
    }

    private static int Line(DocumentAnalysis analysis, Occurrence occurrence) => analysis.Document.PositionAt(occurrence.Start).Line + 1;

    private static string Count(int n, string noun) => n.ToString(CultureInfo.InvariantCulture) + " " + noun + (n == 1 ? "" : "s");

    private static string Duration(long ms)
        => ms % 3_600_000 == 0 ? $"{ms / 3_600_000}h"
            : ms % 60_000 == 0 ? $"{ms / 60_000}m"
            : ms % 1000 == 0 ? $"{ms / 1000}s"
            : $"{ms}ms";
}
