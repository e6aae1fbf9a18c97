using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis.CSharp;
using TcpFsmGen.Generator.Analysis;
using TcpFsmGen.Generator.Diagnostics;
using TcpFsmGen.Generator.Helpers;
using TcpFsmGen.Generator.Model;
using TcpFsmGen.Generator.UserCode;

namespace TcpFsmGen.Generator.Emit;

/// <summary>
/// For a machine with errors: the outline of its class (the enums, the public members, which throw,
/// and the partial declarations whose names are usable), so that the user's own half of the class
/// keeps compiling and the only errors shown are the .fsm's. Anything doubtful is left out: the
/// outline must compile whatever the .fsm holds.
/// </summary>
internal static class OutlineEmitter
{
    private const string Broken = "throw __Broken()";

    public static bool CanEmit(AnalyzedMachine machine)
    {
        var model = machine.Machine;
        if (model.ClassName is not { } className || !IsUsable(className) || GeneratedNames.Members.Contains(className)) return false;
        if (model.NamespaceParts.Any(p => !IsUsable(p.Text))) return false;
        // A class already generated from another file must not be declared twice.
        return !machine.Diagnostics.Any(d => d.Id == DiagnosticDescriptors.Duplicate.Id && d.Span == model.HeaderSpan);
    }

    public static GeneratedSource Emit(MachineModel model, EquatableArray<UserPartialMethod> userMethods = default)
    {
        var w = new CodeWriter();
        ClassFrame.Open(w, model, "It has errors, so this is only the outline of the class: fix the errors to generate the machine.",
            $"The state machine declared in <c>{model.SourceName}</c>, which has errors: every member throws until they are fixed.");

        var stateType = model.UserEnums?.StateType ?? GeneratedNames.State;
        var eventType = model.UserEnums?.EventType ?? GeneratedNames.Event;
        if (model.UserEnums is null)
        {
            WriteEnum(w, GeneratedNames.State, model.States.Select(s => s.Name.Text));
            WriteEnum(w, GeneratedNames.Event, model.Events.Select(e => e.Text));
        }
        var hasTimers = model.Timers.Count > 0;
        if (hasTimers) WriteEnum(w, GeneratedNames.Timer, model.Timers.Select(t => t.Name.Text));

        var error = model.UserEnums is null
            ? $"{model.SourceName} has errors; fix them to generate {model.ClassName}."
            : $"The state machine attributes of {model.ClassName} have errors; fix them to generate the machine.";
        w.Line($"private static global::System.InvalidOperationException __Broken() => new global::System.InvalidOperationException(\"{error}\");")
         .Line()
         .Line("/// <summary>Not available: the machine has errors.</summary>")
         .Line($"public {stateType} Current => {Broken};")
         .Line()
         .Line("/// <summary>Not available: the machine has errors.</summary>")
         .Line($"public bool IsIn({stateType} state) => {Broken};")
         .Line()
         .Line("/// <summary>Not available: the machine has errors.</summary>")
         .Line($"public void Start() => {Broken};")
         .Line()
         .Line("/// <summary>Not available: the machine has errors.</summary>")
         .Line($"public bool Fire({eventType} e) => {Broken};")
         .Line()
         .Line("/// <summary>Empty while the machine has errors: there is no diagram of it yet.</summary>")
         .Line($"public const string {GeneratedNames.Mermaid} = \"\";")
         .Line()
         .Line("/// <summary>Empty while the machine has errors: there is no diagram of it yet.</summary>")
         .Line($"public const string {GeneratedNames.Dot} = \"\";")
         .Line();
        if (model.States.Any(s => s.Transitions.Any(t => t.Kind != TriggerKind.Event)))
        {
            w.Line("/// <summary>Not available: the machine has errors.</summary>")
             .Line($"public global::TcpFsmGen.Runtime.TimerService TimerService {{ get => {Broken}; set => {Broken}; }}")
             .Line();
        }
        if (hasTimers)
        {
            w.Line("/// <summary>Not available: the machine has errors.</summary>")
             .Line($"public global::System.TimeSpan GetTimerDuration(Timer timer) => {Broken};")
             .Line()
             .Line("/// <summary>Not available: the machine has errors.</summary>")
             .Line($"public void SetTimerDuration(Timer timer, global::System.TimeSpan duration) => {Broken};")
             .Line();
        }
        ClassFrame.WriteHooks(w, stateType, eventType);
        if (model.UserEnums is not null)
        {
            // With attributes, actions and guards are the user's own methods: nothing to declare.
            ClassFrame.Close(w, model);
            return new GeneratedSource(model.FullName + ".g.cs", w.ToString());
        }

        var methods = MethodNames.Of(model).ToList();
        var ambiguous = new HashSet<string>(methods.Where(m => m.IsGuard).Select(m => m.Name.Text)
            .Intersect(methods.Where(m => !m.IsGuard).Select(m => m.Name.Text)));
        var seen = new HashSet<string>();
        foreach (var method in methods)
        {
            var name = method.Name.Text;
            if (!seen.Add(name) || ambiguous.Contains(name) || !IsUsable(name) || name == model.ClassName
                || GeneratedNames.Members.Contains(name) || name.StartsWith(GeneratedNames.PrivatePrefix, System.StringComparison.Ordinal))
            {
                continue;
            }
            w.Line();
            ClassFrame.WritePartialMethod(w, method, $"{model.SourceName}({method.Name.Span.StartLine + 1})");
        }

        // What the user implements but the broken file no longer names (a line being edited, say).
        var mine = userMethods.Where(m => m.ClassFullName == model.FullName).ToList();
        var declaredByUser = new HashSet<string>(mine.Where(m => !m.HasBody).Select(m => m.Name));
        foreach (var method in mine)
        {
            var name = method.Name;
            if (!method.HasBody || declaredByUser.Contains(name) || !seen.Add(name) || !IsUsable(name)
                || name is "OnUnhandled" or "OnTransition" || GeneratedNames.Members.Contains(name) || name == model.ClassName
                || name.StartsWith(GeneratedNames.PrivatePrefix, System.StringComparison.Ordinal))
            {
                continue;
            }
            if (method.ReturnsBool && method.IsPrivate) w.Line().Line($"private partial bool {name}();");
            else if (method.ReturnsVoid && !method.IsPrivate) w.Line().Line($"partial void {name}();");
        }
        ClassFrame.Close(w, model);
        return new GeneratedSource(model.FullName + ".g.cs", w.ToString());
    }

    private static void WriteEnum(CodeWriter w, string name, IEnumerable<string> members)
    {
        w.Line($"/// <summary>The {name.ToLowerInvariant()}s read so far.</summary>").Open($"public enum {name}");
        foreach (var member in members.Distinct().Where(m => IsUsable(m) && m != "value__"))
        {
            w.Line($"/// <summary>{name} <c>{member}</c>.</summary>").Line(member + ",");
        }
        w.Close().Line();
    }

    private static bool IsUsable(string name) => SyntaxFacts.IsValidIdentifier(name) && !InvalidNames.IsKeyword(name);
}
