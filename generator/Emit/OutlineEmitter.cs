using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis.CSharp;
using TcpFsmGen.Generator.Analysis;
using TcpFsmGen.Generator.Model;
using TcpFsmGen.Generator.Pipeline;

namespace TcpFsmGen.Generator.Emit;

/// <summary>
/// For a machine with errors: the outline of its class (the enums and the public members, which throw), and
/// the declarations of the user's partial methods, so that the user's own half of the class keeps compiling
/// and the only errors shown are the machine's. Anything doubtful is left out: the outline must compile
/// whatever the machine holds.
/// </summary>
internal static class OutlineEmitter
{
    private const string Broken = "throw __Broken()";

    public static GeneratedSource Emit(EmitRequest request)
    {
        var model = request.Machine;
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

        var error = model.FrontEnd == FrontEnd.Fsm
            ? $"{model.SourceName} has errors; fix them to generate {model.ClassName}."
            : $"The state machine attributes of {model.ClassName} have errors; fix them to generate the machine.";
        w.Member($"private static global::System.InvalidOperationException __Broken() => new global::System.InvalidOperationException({CSharpString(error)});")
         .Line()
         .Line("/// <summary>Not available: the machine has errors.</summary>")
         .Member($"public {stateType} Current => {Broken};")
         .Line()
         .Line("/// <summary>Not available: the machine has errors.</summary>")
         .Member($"public bool IsIn({stateType} state) => {Broken};")
         .Line()
         .Line("/// <summary>Not available: the machine has errors.</summary>")
         .Member($"public void Start() => {Broken};")
         .Line()
         .Line("/// <summary>Not available: the machine has errors.</summary>")
         .Member($"public bool Fire({eventType} e) => {Broken};")
         .Line();
        if (model.Payloads.Count > 0)
        {
            // Generic, so that the user's own calls to Fire(e, payload) compile whatever the payload types are.
            w.Line("/// <summary>Not available: the machine has errors.</summary>")
             .Member($"public bool Fire<TPayload>({eventType} e, TPayload payload) => {Broken};")
             .Line();
        }
        w
         .Line("/// <summary>Empty while the machine has errors: there is no diagram of it yet.</summary>")
         .Member($"public const string {GeneratedNames.Mermaid} = \"\";")
         .Line()
         .Line("/// <summary>Empty while the machine has errors: there is no diagram of it yet.</summary>")
         .Member($"public const string {GeneratedNames.Dot} = \"\";")
         .Line();
        if (model.States.Any(s => s.Transitions.Any(t => t.Kind != TriggerKind.Event)))
        {
            w.Line("/// <summary>Not available: the machine has errors.</summary>")
             .Member($"public global::TcpFsmGen.Runtime.TimerService TimerService {{ get => {Broken}; set => {Broken}; }}")
             .Line();
        }
        if (hasTimers)
        {
            w.Line("/// <summary>Not available: the machine has errors.</summary>")
             .Member($"public global::System.TimeSpan GetTimerDuration(Timer timer) => {Broken};")
             .Line()
             .Line("/// <summary>Not available: the machine has errors.</summary>")
             .Member($"public void SetTimerDuration(Timer timer, global::System.TimeSpan duration) => {Broken};")
             .Line();
        }
        ClassFrame.WriteHooks(w, stateType, eventType);
        // The user's partial methods, and the guards and actions their code may call (see UserCodeCheck).
        ClassFrame.WriteUserDefinitions(w, request.Definitions);
        ClassFrame.Close(w, model);
        return new GeneratedSource(request.HintName, w.ToString());
    }

    private static void WriteEnum(CodeWriter w, string name, IEnumerable<string> members)
    {
        w.Line($"/// <summary>The {name.ToLowerInvariant()}s read so far.</summary>").OpenMember($"public enum {name}");
        foreach (var member in members.Distinct().Where(m => IsUsable(m) && m != "value__"))
        {
            w.Line($"/// <summary>{name} <c>{member}</c>.</summary>").Line(member + ",");
        }
        w.Close().Line();
    }

    private static string CSharpString(string text) => SymbolDisplay.FormatLiteral(text, quote: true);

    private static bool IsUsable(string name) => SyntaxFacts.IsValidIdentifier(name) && !InvalidNames.IsKeyword(name);
}
