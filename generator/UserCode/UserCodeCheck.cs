using System.Collections.Generic;
using System.Linq;
using TcpFsmGen.Generator.Analysis;
using TcpFsmGen.Generator.Diagnostics;
using TcpFsmGen.Generator.Helpers;
using TcpFsmGen.Generator.Model;

namespace TcpFsmGen.Generator.UserCode;

/// <summary>What the check of the user's half found, and what the emitted half must declare for it.</summary>
/// <param name="Diagnostics">TFSM0203, TFSM0207 and TFSM0208.</param>
/// <param name="DeclaredByUser">Guards and actions whose defining declaration the user wrote: the generated half must not repeat it.</param>
/// <param name="Definitions">
/// The defining declarations of the user's partial implementations that the generated machine does not declare
/// otherwise: without them the user's code would not compile (CS0759), and the mistake would show in C#
/// instead of at the machine.
/// </param>
/// <param name="OutlineDefinitions">What the outline declares instead: every partial implementation without a definition, and the guards and actions the user's code may call.</param>
internal sealed record UserCodeResult(
    EquatableArray<DiagnosticInfo> Diagnostics,
    EquatableArray<string> DeclaredByUser,
    EquatableArray<string> Definitions,
    EquatableArray<string> OutlineDefinitions);

/// <summary>
/// Checks the user's half of a machine's class against the guards and actions the machine names:
/// each one implemented with the exact signature the generated half calls (TFSM0203), an action never
/// implemented (TFSM0207, off unless turned on), and a partial method of the class that the machine does
/// not name (TFSM0208). Every diagnostic gives the signature expected.
/// </summary>
internal static class UserCodeCheck
{
    /// <summary>The hooks every generated class declares; the user implements them or not, with the signature of the API.</summary>
    private static readonly HashSet<string> s_hooks = new(System.StringComparer.Ordinal) { GeneratedNames.OnUnhandled, GeneratedNames.OnTransition };

    /// <param name="recoveredNames">Names in text the parser skipped: a partial method of that name may be named there (<see cref="Pipeline.ParsedMachine.RecoveredNames"/>).</param>
    public static UserCodeResult Check(MachineModel model, UserClass? userClass, EquatableArray<string> recoveredNames = default)
    {
        var methods = userClass?.Methods ?? EquatableArray<UserMethod>.Empty;
        var found = new List<DiagnosticInfo>();
        var declaredByUser = new List<string>();
        var className = model.ClassName ?? "";

        var uses = MethodNames.Of(model).ToList();
        var graph = new MachineGraph(model);
        var guards = new HashSet<string>(uses.Where(u => u.IsGuard).Select(u => u.Name.Text), System.StringComparer.Ordinal);
        var actions = new HashSet<string>(uses.Where(u => !u.IsGuard).Select(u => u.Name.Text), System.StringComparer.Ordinal);
        // Each name is judged once; a problem is reported at every use, as an unknown name is. A name used as
        // both is TFSM0007's.
        var problems = new Dictionary<string, DiagnosticInfo?>(System.StringComparer.Ordinal);
        foreach (var use in uses)
        {
            var name = use.Name.Text;
            if ((guards.Contains(name) && actions.Contains(name)) || !InvalidNames.IsUsableMethodName(name, model)) continue;
            var payload = MethodNames.PayloadType(use, graph) is { } type ? new Payload(type, use.Argument!.Value.Text) : null;
            // With attributes a name may be a method with the payload and another without (TFSM0013 then reports the
            // name): each is judged on its own.
            var key = model.FrontEnd == FrontEnd.Attributes && payload is not null ? name + "(" + payload.Type + ")" : name;
            if (!problems.TryGetValue(key, out var problem))
            {
                var candidates = methods.Where(m => m.Name == name).ToList();
                problem = model.FrontEnd == FrontEnd.Attributes
                    ? AttributeMethod(use, payload, Offered(use, graph), candidates, className)
                    : PartialMethod(use, payload, candidates, className, declaredByUser);
                problems.Add(key, problem);
            }
            if (problem is not null) found.Add(problem with { Span = use.Name.Span });
        }

        // A partial method with no declaration: in a machine's class only the generated half could declare it.
        var definitions = new List<string>();
        var outline = new List<string>();
        if (model.FrontEnd == FrontEnd.Fsm)
        {
            var defined = new HashSet<string>(methods.Where(m => m.IsPartialDefinition).Select(m => m.Name), System.StringComparer.Ordinal);
            var known = guards.Concat(actions).ToList();
            foreach (var method in methods.Where(m => m.IsPartialImplementation && !defined.Contains(m.Name)))
            {
                // A name the generated class has itself (Event, Fire, __x) cannot be declared again beside it.
                if (method.Definition is { } definition && InvalidNames.IsUsableMethodName(method.Name, model)) outline.Add(definition);
                if (guards.Contains(method.Name) || actions.Contains(method.Name) || s_hooks.Contains(method.Name)
                    || recoveredNames.Contains(method.Name)) continue;
                if (method.Definition is not null && InvalidNames.IsUsableMethodName(method.Name, model)) definitions.Add(method.Definition);
                found.Add(DiagnosticInfo.Create(DiagnosticDescriptors.UnknownPartialMethod, method.Span,
                    method.Name, className, model.SourceName, NameSuggestions.DidYouMean(method.Name, known)));
            }
        }

        // The outline declares every guard and action that the user's code may call and does not declare itself: a
        // stub for a guard (a plain method: a partial one would need an implementation), the partial declaration for
        // an action. Then a mistake in one method leaves its callers compiling, and only the diagnostic above shows.
        if (model.FrontEnd == FrontEnd.Fsm)
        {
            foreach (var name in problems.Keys)
            {
                // A guard or action that takes a payload gets a generic stub: it serves the user's calls with the
                // payload whatever its type, and names no type that might not resolve.
                var payload = uses.Where(u => u.Name.Text == name).Select(u => MethodNames.PayloadType(u, graph) is { } type ? new Payload(type, u.Argument!.Value.Text) : null)
                    .FirstOrDefault(p => p is not null);
                if (payload is null)
                {
                    if (methods.Any(m => m.Name == name && m.ParameterTypes.Count == 0)) continue;
                    outline.Add(guards.Contains(name) ? $"private bool {name}() => throw __Broken();" : $"partial void {name}();");
                }
                else
                {
                    if (methods.Any(m => m.Name == name && TakesPayload(m, payload))) continue;
                    var parameter = $"__TPayload {payload.Parameter}";
                    outline.Add(guards.Contains(name) ? $"private bool {name}<__TPayload>({parameter}) => throw __Broken();" : $"partial void {name}<__TPayload>({parameter});");
                }
            }
        }

        // Two implementations of one method are the compiler's error (CS0757) at the user's code: one declaration serves both.
        return new UserCodeResult(found.ToEquatableArray(), declaredByUser.ToEquatableArray(),
            definitions.Distinct().ToEquatableArray(), outline.Distinct().ToEquatableArray());
    }

    /// <summary>
    /// A <c>.fsm</c> guard is <c>private partial bool G()</c>, implemented; an action is <c>partial void A()</c>,
    /// implemented or not.
    /// </summary>
    private static DiagnosticInfo? PartialMethod(MethodName use, Payload? payload, List<UserMethod> candidates, string className, List<string> declaredByUser)
    {
        var name = use.Name.Text;
        var parameters = payload is null ? "" : $"{payload.Type} {payload.Parameter}";
        var expected = use.IsGuard ? $"private partial bool {name}({parameters})" : $"partial void {name}({parameters})";
        bool Fits(UserMethod m) => m.IsPartial && m.IsPlain && TakesPayload(m, payload)
                                   && (use.IsGuard ? m.ReturnType == "bool" && m.Accessibility == "private"
                                                   : m.ReturnType == "void" && m.Accessibility.Length == 0);
        if (candidates.Any(m => Fits(m) && m.IsPartialDefinition)) declaredByUser.Add(name);
        if (candidates.Any(m => Fits(m) && m.IsPartialImplementation)) return null;
        var wrong = candidates.FirstOrDefault(m => !Fits(m));
        if (wrong is null)
        {
            if (use.IsGuard)
            {
                return DiagnosticInfo.Create(DiagnosticDescriptors.MethodNotFound, use.Name.Span,
                    "Guard", name, $"has no implementation; add '{expected}' with a body to class '{className}'");
            }
            return DiagnosticInfo.Create(DiagnosticDescriptors.ActionNotImplemented, use.Name.Span, name, expected, className);
        }
        return DiagnosticInfo.Create(DiagnosticDescriptors.MethodNotFound, use.Name.Span,
            use.IsGuard ? "Guard" : "Action", name,
            $"must be implemented as '{expected}', but class '{className}' has '{wrong.Display}' ({Differences(wrong, use.IsGuard, partial: true, payload)}); change it to '{expected}' with a body");
    }

    /// <summary>The payload a guard or action of a <c>.fsm</c> machine takes: its type as written, and the event's parameter name.</summary>
    private sealed record Payload(string Type, string Parameter);

    /// <summary>
    /// True when the method's parameters are what the machine passes. A payload type is compared as written, without
    /// namespaces and <c>global::</c> (the user's is fully qualified; the machine's is resolved where it is declared).
    /// </summary>
    private static bool TakesPayload(UserMethod method, Payload? payload)
        => payload is null
            ? method.ParameterTypes.Count == 0
            : method.ParameterTypes.Count == 1 && Unqualified(method.ParameterTypes[0]) == Unqualified(payload.Type);

    private static string Unqualified(string type)
    {
        var text = type.Replace("global::", "").Replace(" ", "");
        var result = new System.Text.StringBuilder();
        var word = new System.Text.StringBuilder();
        foreach (var c in text + "\0")
        {
            if (char.IsLetterOrDigit(c) || c == '_')
            {
                word.Append(c);
                continue;
            }
            // A qualifier ('System.') is dropped; the last name of each part is kept.
            if (c != '.') result.Append(word);
            word.Clear();
            if (c != '.' && c != '\0') result.Append(c);
        }
        return result.ToString();
    }

    /// <summary>
    /// With attributes, a guard is any method <c>bool G()</c> of the class or a base class, and an action <c>void A()</c>;
    /// on an event with a payload, one that takes the payload (<c>bool G(T p)</c>, <c>void A(T p)</c>) receives it.
    /// </summary>
    /// <param name="payload">What the use passes: the attribute reader sets it only when a method takes the payload.</param>
    /// <param name="offered">The payload of the use's event, which a method could take, or null.</param>
    private static DiagnosticInfo? AttributeMethod(MethodName use, Payload? payload, PayloadModel? offered, List<UserMethod> candidates, string className)
    {
        // The reader passes the payload only to a method that takes it, which it has matched by symbol (nullable
        // annotations and tuple element names aside, which a typeof cannot write): nothing is left to check.
        if (payload is not null) return null;
        var name = use.Name.Text;
        bool Fits(UserMethod m) => m.ParameterTypes.Count == 0 && !m.IsGeneric && (use.IsGuard ? m.ReturnType == "bool" : m.ReturnType == "void");
        if (candidates.Any(Fits)) return null;
        var signature = use.IsGuard ? $"bool {name}()" : $"void {name}()";
        // On an event with a payload, a method that takes it would do as well: say so.
        var alternative = offered is not null
            ? $" (or '{(use.IsGuard ? "bool" : "void")} {name}({offered.Type} {offered.Parameter.Text})' to receive the payload of event '{offered.Event.Text}')"
            : "";
        var what = use.IsGuard ? "Guard" : "Action";
        return candidates.Count == 0
            ? DiagnosticInfo.Create(DiagnosticDescriptors.MethodNotFound, use.Name.Span, what, name,
                $"must be a method '{signature}'{alternative} of class '{className}', but there is none; add it or correct the name")
            : DiagnosticInfo.Create(DiagnosticDescriptors.MethodNotFound, use.Name.Span, what, name,
                $"must be a method '{signature}'{alternative} of class '{className}', but '{candidates[0].Display}' is not ({Differences(candidates[0], use.IsGuard, partial: false)}); change its signature");
    }

    /// <summary>The payload of the event of a use's <c>on</c> line, whether or not the use passes it.</summary>
    private static PayloadModel? Offered(MethodName use, MachineGraph graph)
        => use.Transition is { Kind: TriggerKind.Event } transition ? graph.PayloadOf(transition.Trigger.Text) : null;

    /// <summary>What keeps a method from being the guard or action: its return type, parameters or modifiers.</summary>
    private static string Differences(UserMethod method, bool isGuard, bool partial, Payload? payload = null)
    {
        var wrong = new List<string>();
        if (method.ReturnType != (isGuard ? "bool" : "void")) wrong.Add(isGuard ? "it must return bool" : "it must return void");
        if (payload is null && method.ParameterTypes.Count > 0) wrong.Add("it must take no parameters");
        if (payload is not null && !TakesPayload(method, payload)) wrong.Add($"it must take one parameter, the event's '{payload.Type}'");
        if (partial && !method.IsPartial) wrong.Add("it is not partial");
        if (partial && isGuard && method.Accessibility != "private") wrong.Add("it must be private");
        if (partial && !isGuard && method.Accessibility.Length > 0) wrong.Add("it must have no accessibility modifier");
        if (partial ? !method.IsPlain : method.IsGeneric) wrong.Add(partial ? "it must be an ordinary instance method" : "it must not be generic");
        if (partial && method.IsPartialDefinition) wrong.Add("it has no body");
        return wrong.Count == 0 ? "its signature differs" : string.Join(", ", wrong);
    }
}
