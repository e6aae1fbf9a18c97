using System;
using System.Collections.Generic;
using System.Linq;
using System.Reflection;
using System.Text;
using TcpFsmGen.Generator.Parsing;
using TcpFsmGen.Runtime;

namespace TcpFsmGen.Tests.Infrastructure;

/// <summary>
/// A generated machine compiled in memory and driven by name. Its user part is written here: every
/// action and hook appends to <see cref="Log"/>, guards read <see cref="Guards"/> (true unless set),
/// and <see cref="OnLog"/> runs after each entry, so a test can fire events from inside an action.
/// Timers run on <see cref="Clock"/>, which only moves when the test says so.
/// </summary>
public sealed class LiveMachine
{
    private readonly object _instance;
    private readonly Type _type;
    private readonly Type _stateType;
    private readonly Type _eventType;

    private LiveMachine(object instance, DateTimeOffset? clockStart = null, Func<ManualTimeProvider, TimeProvider>? timerClock = null)
    {
        Clock = clockStart is { } start ? new ManualTimeProvider(start) : new ManualTimeProvider();
        _instance = instance;
        _type = instance.GetType();
        // The generated enums, or the user's own for a machine declared with attributes.
        _stateType = _type.GetProperty("Current")!.PropertyType;
        _eventType = _type.GetMethods().First(m => m.Name == "Fire" && m.GetParameters().Length == 1).GetParameters()[0].ParameterType;
        Log = (List<string>)_type.GetField("TestLog")!.GetValue(instance)!;
        Guards = (Dictionary<string, bool>)_type.GetField("TestGuards")!.GetValue(instance)!;
        var timers = _type.GetProperty("TimerService");
        timers?.SetValue(instance, new TimeProviderTimerService(timerClock?.Invoke(Clock) ?? Clock));
    }

    public ManualTimeProvider Clock { get; }

    /// <summary>Everything that happened, in order: action names, <c>?Guard</c>, <c>From-&gt;To</c>, <c>unhandled E in S</c>.</summary>
    public List<string> Log { get; }

    public Dictionary<string, bool> Guards { get; }

    public Action<string>? OnLog
    {
        set => _type.GetField("TestHook")!.SetValue(_instance, value);
    }

    public object Instance => _instance;

    public string Current => _type.GetProperty("Current")!.GetValue(_instance)!.ToString()!;

    public bool IsIn(string state) => (bool)Call("IsIn", Enum.Parse(_stateType, state))!;

    public void Start() => Call("Start");

    public bool Fire(string e) => (bool)Call("Fire", Enum.Parse(_eventType, e))!;

    /// <summary>The <c>Fire</c> overload for <paramref name="payload"/>'s type.</summary>
    public bool Fire(string e, object? payload, Type? payloadType = null)
        => (bool)CallWith("Fire", new[] { _eventType, payloadType ?? payload!.GetType() }, Enum.Parse(_eventType, e), payload)!;

    public bool CanFire(string e) => (bool)Call("CanFire", Enum.Parse(_eventType, e))!;

    public bool CanFire(string e, object? payload, Type? payloadType = null)
        => (bool)CallWith("CanFire", new[] { _eventType, payloadType ?? payload!.GetType() }, Enum.Parse(_eventType, e), payload)!;

    public TimeSpan? TimeRemaining(string timer) => (TimeSpan?)Call("TimeRemaining", Enum.Parse(_type.GetNestedType("Timer")!, timer));

    public void Advance(TimeSpan time) => Clock.Advance(time);

    public void SetTimerDuration(string timer, TimeSpan duration)
        => Call("SetTimerDuration", Enum.Parse(_type.GetNestedType("Timer")!, timer), duration);

    /// <summary>Returns the log so far and clears it.</summary>
    public string[] TakeLog()
    {
        var entries = Log.ToArray();
        Log.Clear();
        return entries;
    }

    private object? Call(string method, params object[] args)
        => CallWith(method, args.Select(a => a.GetType()).ToArray(), args);

    private object? CallWith(string method, Type[] types, params object?[] args)
    {
        try
        {
            var found = _type.GetMethod(method, types) ?? throw new MissingMethodException(_type.Name, method);
            return found.Invoke(_instance, args);
        }
        catch (TargetInvocationException e) when (e.InnerException is not null)
        {
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(e.InnerException).Throw();
            throw;
        }
    }

    /// <summary>A new instance of a machine type compiled by <see cref="CompileType"/> or <see cref="CompileAttributeType"/>.</summary>
    public static LiveMachine New(Type type) => new(Activator.CreateInstance(type)!);

    /// <summary>A new instance whose clock starts at <paramref name="clockStart"/>.</summary>
    public static LiveMachine New(Type type, DateTimeOffset clockStart) => new(Activator.CreateInstance(type)!, clockStart);

    /// <summary>A new instance whose timer service reads the clock through <paramref name="timerClock"/>, made from <see cref="Clock"/>.</summary>
    public static LiveMachine New(Type type, Func<ManualTimeProvider, TimeProvider> timerClock) => new(Activator.CreateInstance(type)!, null, timerClock);

    /// <summary>The generated <c>TakeSnapshot()</c>.</summary>
    public FsmSnapshot TakeSnapshot() => (FsmSnapshot)Call("TakeSnapshot")!;

    /// <summary>The generated <c>Restore(snapshot)</c>.</summary>
    public void Restore(FsmSnapshot snapshot) => CallWith("Restore", new[] { typeof(FsmSnapshot) }, snapshot);

    /// <summary>The names of the machine's states, events and timers, in declaration order.</summary>
    public string[] States => Enum.GetNames(_stateType);

    public string[] Events => Enum.GetNames(_eventType);

    public string[] Timers => _type.GetNestedType("Timer") is { } timer ? Enum.GetNames(timer) : Array.Empty<string>();

    /// <summary>The payload type <paramref name="e"/> carries (from the <c>Fire</c> overloads' checks), or null.</summary>
    public Type? PayloadTypeOf(string e)
    {
        foreach (var fire in _type.GetMethods().Where(m => m.Name == "Fire" && m.GetParameters().Length == 2))
        {
            var type = fire.GetParameters()[1].ParameterType;
            try
            {
                CallWith("CanFire", new[] { _eventType, type }, Enum.Parse(_eventType, e), type.IsValueType ? Activator.CreateInstance(type) : null);
                return type;
            }
            catch (ArgumentException)
            {
            }
        }
        return null;
    }

    /// <summary>Generates, compiles and instantiates the machine in <paramref name="fsm"/>.</summary>
    public static LiveMachine Create(string fsm, string path = "test.fsm")
        => new(Activator.CreateInstance(CompileType(fsm, path))!);

    public static Type CompileType(string fsm, string path = "test.fsm")
    {
        var parsed = FsmParser.Parse(path, fsm);
        var model = parsed.Machine;
        var run = GeneratorHarness.Run(path, fsm, UserPart(fsm, path));
        var assembly = GeneratorHarness.Load(run);
        return assembly.GetType(model.FullName, throwOnError: true)!;
    }

    /// <summary>Generates, compiles and instantiates the machine declared with attributes in <paramref name="declaration"/>.</summary>
    public static LiveMachine CreateFromAttributes(string declaration, string fullName)
        => new(Activator.CreateInstance(CompileAttributeType(declaration, fullName))!);

    public static Type CompileAttributeType(string declaration, string fullName)
    {
        var run = GeneratorHarness.Run(Array.Empty<(string, string)>(), new[] { declaration, AttributeUserPart(declaration, fullName) });
        return GeneratorHarness.Load(run).GetType(fullName, throwOnError: true)!;
    }

    /// <summary>
    /// The rest of a class declared with attributes: its actions and guards, written from the names the attributes use.
    /// A guard or action of a transition on an event with a payload takes the payload (so the machine passes it); one
    /// used elsewhere too gets both signatures. A method the declaration writes itself is left to it.
    /// </summary>
    public static string AttributeUserPart(string declaration, string fullName)
    {
        var compilation = GeneratorHarness.CreateCompilation(new[] { declaration });
        var type = compilation.GetTypeByMetadataName(fullName) ?? throw new ArgumentException($"No class {fullName}", nameof(fullName));
        var model = Generator.Attributes.AttributeMachineReader.Read(type).Machine;
        var enums = model.UserEnums!;
        var declared = new HashSet<string>(type.GetMembers().OfType<Microsoft.CodeAnalysis.IMethodSymbol>().Select(m => m.Name));
        return UserPart(model, enums.StateType, enums.EventType, attributes: true, declared);
    }

    /// <summary>The user's half of the partial class, written from the machine's own action and guard names.</summary>
    public static string UserPart(string fsm, string path = "test.fsm")
        => UserPart(FsmParser.Parse(path, fsm).Machine, "State", "Event", attributes: false, new HashSet<string>());

    private static string? TypeOf(string? parameter) => parameter?.Substring(0, parameter.LastIndexOf(' '));

    private static string UserPart(Generator.Model.MachineModel model, string state, string @event, bool attributes, HashSet<string> declared)
    {
        // Each guard and action with its one signature: no parameter, or the payload of the events it is used with. With
        // attributes, the signature decides whether the payload is passed: every use on a payload event's line takes it.
        var graph = new Generator.Analysis.MachineGraph(model);
        var signatures = new List<(string Name, bool IsGuard, string? Parameter)>();
        foreach (var use in Generator.Model.MethodNames.Of(model))
        {
            if (declared.Contains(use.Name.Text)) continue;
            string? parameter;
            if (attributes)
            {
                var payload = use.Transition is { Kind: Generator.Model.TriggerKind.Event } t ? graph.PayloadOf(t.Trigger.Text) : null;
                parameter = payload is null ? null : $"{payload.Type} {payload.Parameter.Text}";
                // One method per name and type: events whose payloads share a type may name them differently.
                if (signatures.Any(s => s.Name == use.Name.Text && TypeOf(s.Parameter) == payload?.Type)) continue;
            }
            else
            {
                if (signatures.Any(s => s.Name == use.Name.Text)) continue;
                var type = Generator.Model.MethodNames.PayloadType(use, graph);
                parameter = type is null ? null : $"{type} {use.Argument!.Value.Text}";
            }
            signatures.Add((use.Name.Text, use.IsGuard, parameter));
        }
        var code = new StringBuilder();
        if (model.Namespace.Length > 0) code.Append("namespace ").Append(model.Namespace).AppendLine(" {");
        code.Append(model.IsInternal ? "internal" : "public").Append(" partial class ").Append(model.ClassName).AppendLine(" {");
        // A .fsm machine declares partial methods for its actions and guards; with attributes they are plain methods.
        var action = attributes ? "private void" : "partial void";
        var guardSignature = attributes ? "private bool" : "private partial bool";
        code.AppendLine("public global::System.Collections.Generic.List<string> TestLog = new();");
        code.AppendLine("public global::System.Collections.Generic.Dictionary<string, bool> TestGuards = new();");
        code.AppendLine("public global::System.Action<string>? TestHook = null;");
        code.AppendLine("private void TestNote(string s) { TestLog.Add(s); TestHook?.Invoke(s); }");
        code.AppendLine($"partial void OnTransition({state} from, {state} to) => TestNote(from + \"->\" + to);");
        code.AppendLine($"partial void OnUnhandled({state} state, {@event} e) => TestNote(\"unhandled \" + e + \" in \" + state);");
        foreach (var (name, isGuard, parameter) in signatures)
        {
            // With a payload, the log shows it: Log(7), ?IsBig(7).
            var note = parameter is null ? $"\"{name}\"" : $"\"{name}(\" + {parameter.Substring(parameter.LastIndexOf(' ') + 1)} + \")\"";
            var guardNote = parameter is null ? $"\"?{name}\"" : $"\"?{name}(\" + {parameter.Substring(parameter.LastIndexOf(' ') + 1)} + \")\"";
            if (!isGuard) code.AppendLine($"{action} {name}({parameter}) => TestNote({note});");
            else code.AppendLine($"{guardSignature} {name}({parameter}) {{ TestNote({guardNote}); return !TestGuards.TryGetValue(\"{name}\", out var v) || v; }}");
        }
        code.AppendLine("}");
        if (model.Namespace.Length > 0) code.AppendLine("}");
        return code.ToString();
    }
}
