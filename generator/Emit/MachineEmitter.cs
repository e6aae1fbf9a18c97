using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Threading;
using TcpFsmGen.Generator.Analysis;
using TcpFsmGen.Generator.Model;
using TcpFsmGen.Generator.Helpers;
using TcpFsmGen.Generator.Pipeline;

namespace TcpFsmGen.Generator.Emit;

/// <summary>
/// Turns a valid machine into C#: nested <c>switch</c> statements on the current leaf and then the
/// event, with every lookup, exit chain and entry chain worked out here, so nothing walks the
/// hierarchy at run time. Private members start with <c>__</c>, a prefix user names cannot take.
/// </summary>
internal sealed partial class MachineEmitter
{
    private const string Runtime = "global::TcpFsmGen.Runtime";
    private const string TimeSpan = "global::System.TimeSpan";
    private const string Telemetry = "global::TcpFsmGen.Runtime.FsmTelemetry";
    private const string ThreadId = "global::System.Environment.CurrentManagedThreadId";

    private readonly MachineGraph _graph;
    private readonly MachineModel _model;
    private readonly CodeWriter _w = new();
    private readonly CancellationToken _cancellationToken;

    /// <summary>The state and event types: the generated enums, or the user's own for a machine declared with attributes.</summary>
    private readonly string _s;
    private readonly string _e;

    /// <summary>Guards and actions the user declared, and the declarations of the user's other partial methods (see <see cref="EmitRequest"/>).</summary>
    private readonly EquatableArray<string> _declaredByUser;
    private readonly EquatableArray<string> _definitions;

    private MachineEmitter(MachineModel model, EquatableArray<string> declaredByUser, EquatableArray<string> definitions, CancellationToken cancellationToken)
    {
        _model = model;
        _declaredByUser = declaredByUser;
        _definitions = definitions;
        _graph = new MachineGraph(model);
        _cancellationToken = cancellationToken;
        _s = model.UserEnums?.StateType ?? GeneratedNames.State;
        _e = model.UserEnums?.EventType ?? GeneratedNames.Event;
    }

    private bool HasUserEnums => _model.UserEnums is not null;

    private bool HasTimers => _graph.TimerSlots.Count > 0;

    private bool HasNamedTimers => _model.Timers.Count > 0;

    private bool HasPayloads => _graph.PayloadTypes.Count > 0;

    /// <summary>What the outermost call does when it ends: nothing it queued outlives it (an exception included).</summary>
    /// <remarks>The payload queues are cleared only when they hold something: on the path of every <c>Fire</c>, a call to clear an empty one costs more than the whole dispatch.</remarks>
    private string ClearQueue => "__queue.Clear();" + string.Concat(Enumerable.Range(0, _graph.PayloadTypes.Count)
        .Select(k => $" if (__queued{k}.Count != 0) __queued{k}.Clear();"));

    private bool HasDefer => _model.States.Any(s => s.Defers.Count > 0);

    /// <summary>The composites with a <c>history</c> line.</summary>
    private IEnumerable<int> HistoryStates => Enumerable.Range(0, _graph.StateCount).Where(s => _graph.HistoryOf(s) is not null);

    private bool HasHistory => HistoryStates.Any();

    /// <summary>The field holding the payload of type <paramref name="k"/> of the event being handled.</summary>
    private static string PayloadField(int k) => "__payload" + k.ToString(CultureInfo.InvariantCulture);

    private string PayloadTypeName(int k) => _graph.PayloadTypes[k];

    /// <summary>The events that carry a payload of type <paramref name="k"/>, in source order.</summary>
    private IEnumerable<string> EventsOfType(int k)
        => _model.Events.Select(e => e.Text).Distinct().Where(e => _graph.PayloadTypeIndex(e) == k);

    /// <summary>The machine of a valid model whose class holds nothing the generated half must know of.</summary>
    public static GeneratedSource Emit(MachineModel model, CancellationToken cancellationToken = default)
        => Emit(new EmitRequest(model, EmitKind.Machine, model.FullName + ".g.cs", EquatableArray<string>.Empty, EquatableArray<string>.Empty), cancellationToken);

    public static GeneratedSource Emit(EmitRequest request, CancellationToken cancellationToken = default)
    {
        var emitter = new MachineEmitter(request.Machine, request.DeclaredByUser, request.Definitions, cancellationToken);
        emitter.WriteFile();
        return new GeneratedSource(request.HintName, emitter._w.ToString());
    }

    private void WriteFile()
    {
        ClassFrame.Open(_w, _model, HasUserEnums ? "Edit the attributes on the class, not this file." : "Edit the .fsm file, not this one.",
            $"The state machine declared in <c>{_model.SourceName}</c>.",
            // The base list is outside the class's scope, so its own Event enum needs its full name there.
            $" : {Runtime}.IStateMachine<{(HasUserEnums ? _e : $"global::{_model.FullName}.{GeneratedNames.Event}")}>"
            + string.Concat(_graph.PayloadTypes.Select(t => $", {Runtime}.IStateMachine<{(HasUserEnums ? _e : $"global::{_model.FullName}.{GeneratedNames.Event}")}, {t}>"))
            + $", {Runtime}.ISnapshotStateMachine"
            + (HasTimers ? $", {Runtime}.ITimerTarget, {Runtime}.ITimedStateMachine" : ""));
        WriteEnums();
        WriteDiagrams();
        WriteFields();
        WritePublicApi();
        WriteSnapshot();
        if (HasNamedTimers) WriteTimerDurations();
        WriteDispatch();
        WriteCanDispatch();
        if (HasTimers) WriteTimerDispatch();
        WriteTransitionHelpers();
        WriteDrain();
        if (HasPayloads) WritePayloadHelpers();
        if (HasDefer) WriteRecall();
        if (HasHistory) WriteHistoryHelpers();
        WriteEntryAndExit();
        WritePartialDeclarations();
        ClassFrame.Close(_w, _model);
    }

    private void WriteEnums()
    {
        if (!HasUserEnums) WriteStateAndEventEnums();
        WriteTimerEnum();
    }

    private void WriteStateAndEventEnums()
    {
        _w.Line("/// <summary>Every state, leaves and composites, in source order.</summary>")
          .OpenMember($"public enum {GeneratedNames.State}");
        for (var s = 0; s < _graph.StateCount; s++)
        {
            var state = _graph.State(s);
            var kind = _graph.IsLeaf(s) ? (state.IsFinal ? "Final state" : "State") : "Composite state";
            var parent = state.Parent >= 0 ? $", inside <c>{_graph.State(state.Parent).Name.Text}</c>" : "";
            _w.Line($"/// <summary>{kind} <c>{state.Name.Text}</c>{parent} ({Where(state.Name.Span.StartLine)}).</summary>")
              .Line(state.Name.Text + ",");
        }
        _w.Close().Line();

        _w.Line("/// <summary>Every declared event, in source order.</summary>")
          .OpenMember($"public enum {GeneratedNames.Event}");
        foreach (var e in _model.Events)
        {
            _w.Line($"/// <summary>Event <c>{e.Text}</c> ({Where(e.Span.StartLine)}).</summary>").Line(e.Text + ",");
        }
        _w.Close().Line();
    }

    private void WriteTimerEnum()
    {
        if (!HasNamedTimers) return;
        _w.Line("/// <summary>Every declared timer, in source order; see <see cref=\"SetTimerDuration\"/>.</summary>")
          .OpenMember($"public enum {GeneratedNames.Timer}");
        foreach (var t in _model.Timers)
        {
            var duration = t.DurationMs is { } ms ? $", {Durations.Format(ms)} by default" : ", no default duration";
            _w.Line($"/// <summary>Timer <c>{t.Name.Text}</c>{duration} ({Where(t.Name.Span.StartLine)}).</summary>").Line(t.Name.Text + ",");
        }
        _w.Close().Line();
    }

    private void WriteDiagrams()
    {
        WriteStringConstant(GeneratedNames.Mermaid,
            "This machine as a Mermaid <c>stateDiagram-v2</c>: paste it into a Markdown <c>```mermaid</c> block.",
            Diagrams.MermaidWriter.Write(_graph));
        WriteStringConstant(GeneratedNames.Dot,
            "This machine as a Graphviz DOT graph: render it with <c>dot -Tsvg</c>.",
            Diagrams.DotWriter.Write(_graph));
    }

    /// <summary>A string constant of several lines (each ending in a line feed), one line of source per line of text.</summary>
    private void WriteStringConstant(string name, string summary, string value)
    {
        _w.Line($"/// <summary>{summary}</summary>")
          .Member($"public const string {name} =")
          .Indent();
        var end = value.Length;
        while (end > 0 && value[end - 1] == '\n') end--;
        var start = 0;
        while (true)
        {
            var lineEnd = value.IndexOf('\n', start, end - start);
            var last = lineEnd < 0;
            if (last) lineEnd = end;
            _w.Begin().Append('"');
            AppendEscaped(value, start, lineEnd);
            _w.Append(last ? "\\n\";" : "\\n\" +").End();
            if (last) break;
            start = lineEnd + 1;
        }
        _w.Dedent().Line();
    }

    /// <summary>Writes <paramref name="text"/>[<paramref name="start"/>..<paramref name="end"/>) as the inside of a C# string literal.</summary>
    private void AppendEscaped(string text, int start, int end)
    {
        for (var i = start; i < end; i++)
        {
            var c = text[i];
            switch (c)
            {
                case '\\': _w.Append("\\\\"); break;
                case '"': _w.Append("\\\""); break;
                case '\r': _w.Append("\\r"); break;
                case '\t': _w.Append("\\t"); break;
                default:
                    if (c < ' ') _w.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
                    else _w.Append(c);
                    break;
            }
        }
    }

    private void WriteFields()
    {
        var initialLeaf = _graph.InitialLeafOfMachine;
        _w.Member($"private {_s} __current = {_s}.{_graph.State(initialLeaf).Name.Text};")
          .Member("private bool __started;")
          .Member("private bool __busy;")
          .Member($"private {Runtime}.EventQueue __queue;");
        if (HasTimers)
        {
            _w.Member($"private {Runtime}.TimerService? __timerService;")
              .Member($"private {Runtime}.TimerSlot?[]? __timerSlots;")
              .Line("/// <summary>True while the timer service reports every expiry on the thread that fires events: then no lock is taken.</summary>")
              .Member("private bool __lockFree;")
              .Member("private object? __gate;")
              .Line("/// <summary>The managed thread id of the thread that holds <c>__gate</c>, or 0.</summary>")
              .Member("private int __lockOwner;")
              .Line("/// <summary>The timers a restore found overdue and has yet to let elapse, in due order; null otherwise.</summary>")
              .Member($"private {Runtime}.OverdueTimers? __overdue;")
              .Line("/// <summary>For each slot, when it was last armed, counted in armings: a snapshot lists timers due at one instant in this order.</summary>")
              .Member("private long[]? __armedAt;")
              .Member("private long __armings;");
        }
        if (HasNamedTimers) _w.Member($"private {TimeSpan}[]? __timerDurations;");
        for (var k = 0; k < _graph.PayloadTypes.Count; k++)
        {
            _w.Member($"private {PayloadTypeName(k)} {PayloadField(k)} = default!;")
              .Member($"private {Runtime}.PayloadQueue<{PayloadTypeName(k)}> __queued{k};");
            if (HasDefer) _w.Member($"private {Runtime}.PayloadQueue<{PayloadTypeName(k)}> __deferred{k};");
        }
        if (HasDefer) _w.Member($"private {Runtime}.EventQueue __deferred;");
        foreach (var h in HistoryStates) _w.Member($"private {_s}? __history_{Name(h)};");
        _w.Line();
    }

    private void WritePublicApi()
    {
        _w.Line("/// <summary>The current state: always a leaf. Before <see cref=\"Start\"/> it is the initial leaf.</summary>")
          .Member($"public {_s} Current => __current;")
          .Line();

        _w.Line("/// <summary>True when <paramref name=\"state\"/> is the current leaf or one of its ancestors.</summary>")
          .Member($"public bool IsIn({_s} state) => __Within(__current, state);")
          .Line();

        _w.Line("/// <summary>True when <paramref name=\"state\"/> is <paramref name=\"__leaf\"/> or one of its ancestors.</summary>")
          .OpenMember($"private static bool __Within({_s} __leaf, {_s} state)");
        var composites = Enumerable.Range(0, _graph.StateCount).Where(s => !_graph.IsLeaf(s)).ToList();
        if (composites.Count == 0)
        {
            _w.Line("return __leaf == state;");
        }
        else
        {
            _w.Open("switch (state)");
            foreach (var s in composites)
            {
                if (HasUserEnums)
                {
                    // The user's enum values need not follow the hierarchy: name each leaf.
                    var leaves = Enumerable.Range(s + 1, _graph.LastDescendant(s) - s).Where(_graph.IsLeaf)
                        .Select(l => $"__leaf == {_s}.{Name(l)}");
                    _w.Line($"case {_s}.{Name(s)}: return {string.Join(" || ", leaves)};");
                    continue;
                }
                // Source order is pre-order, so a composite's leaves are the enum values just after it.
                var first = Name(s + 1);
                var last = Name(_graph.LastDescendant(s));
                _w.Line($"case {_s}.{Name(s)}: return __leaf >= {_s}.{first} && __leaf <= {_s}.{last};");
            }
            _w.Line("default: return __leaf == state;");
            _w.Close();
        }
        _w.Close().Line();

        _w.Line("/// <summary>")
          .Line("/// Enters the initial states, outermost first, running their entry actions and starting their timers.")
          .Line($"/// Events fired by those actions are handled before this method returns. <see cref=\"Fire({_e})\"/> calls it")
          .Line("/// on first use.")
          .Line("/// </summary>")
          .Line("/// <exception cref=\"global::System.InvalidOperationException\">The machine has already started.</exception>")
          .OpenMember("public void Start()");
        WriteGateCheck("__StartLocked();", "return;");
        _w.Line("if (__started) throw new global::System.InvalidOperationException(\"The machine has already started.\");")
          .Line("__started = true;")
          .Line("__busy = true;")
          .Open("try");
        foreach (var s in _graph.EntryChain(-1, _graph.InitialTop))
        {
            if (HasEntry(s)) _w.Line($"__Enter_{Name(s)}();");
        }
        _w.Line("__Drain();")
          .Close()
          .Open("finally")
          .Line("__busy = false;")
          .Line(ClearQueue)
          .Close()
          .Close()
          .Line();

        _w.Line("/// <summary>")
          .Line("/// Delivers <paramref name=\"e\"/>: the current leaf and then its ancestors are searched for a transition")
          .Line("/// or <c>ignore</c>. Called from an action, the event is queued and handled after the running transition.")
          .Line("/// </summary>")
          .Line("/// <returns>")
          .Line("/// True when a transition, an internal transition or an <c>ignore</c> handled the event (or it was queued);")
          .Line("/// false when nothing did, after <c>OnUnhandled</c> was called.")
          .Line("/// </returns>")
          .Line(HasPayloads ? "/// <exception cref=\"global::System.ArgumentException\"><paramref name=\"e\"/> carries a payload: call the <c>Fire</c> that takes it.</exception>" : null)
          .OpenMember($"public bool Fire({_e} e)");
        WritePayloadCheck(-1);
        WriteGateCheck("return __FireLocked(e);", null);
        _w.Open("if (__busy)")
          .Line("__queue.Enqueue((int)e);")
          .Line("return true;")
          .Close()
          .Line("if (!__started) Start();")
          .Line("__busy = true;")
          .Open("try")
          .Line("var __handled = __Dispatch(e);")
          .Line("if (__queue.Count != 0) __Drain();")
          .Line("return __handled;")
          .Close()
          .Open("finally")
          .Line("__busy = false;")
          .Line(ClearQueue)
          .Close()
          .Close()
          .Line();

        for (var k = 0; k < _graph.PayloadTypes.Count; k++) WritePayloadFire(k);
        WriteCanFire();
        if (HasNamedTimers) WriteTimeRemaining();

        if (!HasTimers) return;

        _w.Line("/// <summary>")
          .Line("/// Where the machine's timers come from; <see cref=\"global::TcpFsmGen.Runtime.TimerService.System\"/> unless set.")
          .Line("/// Set it before the first timer starts (in tests, to a service on a <c>ManualTimeProvider</c>). While it reports")
          .Line("/// expiries on other threads (<see cref=\"global::TcpFsmGen.Runtime.TimerService.CallsBackOnOtherThreads\"/>),")
          .Line("/// <see cref=\"Start\"/>, <c>Fire</c> and each expiry take this machine's lock and run one at a time.")
          .Line("/// </summary>")
          .Line("/// <exception cref=\"global::System.InvalidOperationException\">Set after a timer has started.</exception>")
          .OpenMember($"public {Runtime}.TimerService {GeneratedNames.TimerService}")
          .Line($"get => __timerService ?? {Runtime}.TimerService.System;")
          .Open("set")
          .Line("if (__timerSlots is not null) throw new global::System.InvalidOperationException(\"The timer service cannot change once a timer has started.\");")
          .Line("__timerService = value ?? throw new global::System.ArgumentNullException(nameof(value));")
          .Line("__lockFree = !value.CallsBackOnOtherThreads;")
          .Close()
          .Close()
          .Line();

        _w.Line("/// <summary>Called by the timer service when a timer elapses; queued like an event if a transition is running.</summary>")
          .OpenMember($"void {Runtime}.ITimerTarget.OnTimerElapsed(int slot, int generation)");
        WriteGateCheck("__TimerElapsedLocked(slot, generation);", "return;");
        _w.Open("if (__busy)")
          .Line("__queue.Enqueue(~slot, generation);")
          .Line("return;")
          .Close()
          .Line("__busy = true;")
          .Open("try")
          .Line("__DispatchTimer(slot, generation);")
          .Line("if (__queue.Count != 0) __Drain();")
          .Line("if (__overdue is not null) __NextOverdue();")
          .Close()
          .Open("finally")
          .Line("__busy = false;")
          .Line(ClearQueue)
          .Close()
          .Close()
          .Line();

        _w.OpenMember($"private void __StartTimer(int __slot, {TimeSpan} __dueTime)")
          .Line($"var __slots = __timerSlots ??= new {Runtime}.TimerSlot?[{_graph.TimerSlots.Count}];")
          .Line("(__slots[__slot] ??= TimerService.CreateSlot(this, __slot)).Start(__dueTime);")
          .Line($"(__armedAt ??= new long[{_graph.TimerSlots.Count}])[__slot] = ++__armings;")
          .Line("if (__overdue is not null) __NextOverdue();")
          .Close()
          .Line();

        _w.OpenMember("private void __CancelTimer(int __slot)")
          .Line("__timerSlots?[__slot]?.Cancel();")
          .Line("if (__overdue is not null) __NextOverdue();")
          .Close()
          .Line();

        _w.Line("/// <summary>Lets the next overdue timer of a restore elapse once the one before it is no longer waiting.</summary>")
          .OpenMember("private void __NextOverdue()")
          .Line("if (!__overdue!.Advance()) __overdue = null;")
          .Close()
          .Line();

        WriteGate();
    }

    /// <summary>A detour: takes the lock, marks this thread as its owner, and calls the entry point again.</summary>
    private void WriteLocked(string signature, string call)
    {
        _w.Member("[global::System.Runtime.CompilerServices.MethodImpl(global::System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]")
          .Open(signature)
          .Open("lock (__Gate())")
          .Line($"__lockOwner = {ThreadId};")
          .Open("try")
          .Line(call)
          .Close()
          .Open("finally")
          .Line("__lockOwner = 0;")
          .Close()
          .Close()
          .Close()
          .Line();
    }

    /// <summary>
    /// The first lines of a public entry point of a machine with timers: unless the timer service reports every expiry
    /// on the machine's own thread, a call from a thread that does not hold the lock goes round through
    /// <paramref name="lockedCall"/>, which takes it and calls the entry point again. A call made while holding the lock
    /// (an action's <c>Fire</c>) goes on to the <c>__busy</c> check and is queued as before. The owner's thread id is
    /// compared instead of asking <c>Monitor.IsEntered</c>, a call into the runtime that measured about twice as long.
    /// </summary>
    private void WriteGateCheck(string lockedCall, string? thenReturn)
    {
        if (!HasTimers) return;
        var check = $"if (!__lockFree && __lockOwner != {ThreadId})";
        if (thenReturn is null)
        {
            _w.Line($"{check} {lockedCall}");
            return;
        }
        _w.Open(check).Line(lockedCall).Line(thenReturn).Close();
    }

    /// <summary>The machine's lock, made on first use, and the entry points' detours through it (kept out of line, off the lock-free path).</summary>
    private void WriteGate()
    {
        _w.Line("/// <summary>The lock taken around Start, Fire and each expiry while the timer service calls back on other threads.</summary>")
          .OpenMember("private object __Gate()")
          .Line("if (__gate is { } __existing) return __existing;")
          .Line("var __new = new object();")
          .Line("return global::System.Threading.Interlocked.CompareExchange(ref __gate, __new, null) ?? __new;")
          .Close()
          .Line();
        WriteLocked("private void __StartLocked()", "Start();");
        WriteLocked($"private {Snapshot} __TakeSnapshotLocked()", "return TakeSnapshot();");
        WriteLocked($"private void __RestoreLocked({Snapshot} snapshot)", "Restore(snapshot);");
        WriteLocked($"private bool __FireLocked({_e} e)", "return Fire(e);");
        WriteLocked("private void __TimerElapsedLocked(int slot, int generation)", $"(({Runtime}.ITimerTarget)this).OnTimerElapsed(slot, generation);");
        for (var k = 0; k < _graph.PayloadTypes.Count; k++)
        {
            WriteLocked($"private bool __FireLocked{k}({_e} e, {PayloadTypeName(k)} payload)", "return Fire(e, payload);");
        }
    }

    /// <summary>
    /// Throws unless <paramref name="e"/> carries a payload of type <paramref name="k"/> (-1: no payload), before
    /// anything else happens.
    /// </summary>
    private void WritePayloadCheck(int k, string given = "e")
    {
        if (!HasPayloads) return;
        if (k < 0)
        {
            var carrying = _model.Events.Select(e => e.Text).Distinct().Where(e => _graph.PayloadTypeIndex(e) >= 0).ToList();
            if (carrying.Count == 0) return;
            _w.Open($"switch ({given})");
            foreach (var e in carrying) _w.Line($"case {_e}.{e}:");
            _w.Indent().Line($"throw __WrongPayload({given}, null);").Dedent().Close();
            return;
        }
        _w.Open($"switch ({given})");
        foreach (var e in EventsOfType(k)) _w.Line($"case {_e}.{e}:");
        _w.Indent().Line("break;").Dedent()
          .Line("default:").Indent().Line($"throw __WrongPayload({given}, \"{Escape(PayloadTypeName(k))}\");").Dedent()
          .Close();
    }

    private static string Escape(string text) => text.Replace("\\", "\\\\").Replace("\"", "\\\"");

    /// <summary><c>Fire(Event e, T payload)</c> for payload type <paramref name="k"/>.</summary>
    private void WritePayloadFire(int k)
    {
        var type = PayloadTypeName(k);
        var events = string.Join(", ", EventsOfType(k).Select(e => $"<c>{e}</c>"));
        _w.Line("/// <summary>")
          .Line($"/// Delivers <paramref name=\"e\"/> ({events}) with its payload, as <see cref=\"Fire({_e})\"/> delivers an event: called")
          .Line("/// from an action, the event is queued with its payload and handled after the running transition.")
          .Line("/// </summary>")
          .Line("/// <returns>True when the event was handled, ignored, deferred or queued; false when it was unhandled.</returns>")
          .Line($"/// <exception cref=\"global::System.ArgumentException\"><paramref name=\"e\"/> does not carry a payload of this type; nothing happened.</exception>")
          .OpenMember($"public bool Fire({_e} e, {type} payload)");
        WritePayloadCheck(k);
        WriteGateCheck($"return __FireLocked{k}(e, payload);", null);
        _w.Open("if (__busy)")
          .Line("__queue.Enqueue((int)e);")
          .Line($"__queued{k}.Enqueue(payload);")
          .Line("return true;")
          .Close()
          .Line("if (!__started) Start();")
          .Line("__busy = true;")
          .Open("try")
          .Line($"{PayloadField(k)} = payload;")
          .Line("var __handled = __Dispatch(e);")
          .Line($"{PayloadField(k)} = default!;")
          .Line("if (__queue.Count != 0) __Drain();")
          .Line("return __handled;")
          .Close()
          .Open("finally")
          .Line("__busy = false;")
          .Line($"{PayloadField(k)} = default!;")
          .Line(ClearQueue)
          .Close()
          .Close()
          .Line();
    }

    private void WriteCanFire()
    {
        _w.Line("/// <summary>")
          .Line($"/// True when <see cref=\"Fire({_e})\"/> would handle <paramref name=\"e\"/> now (a transition, an internal transition,")
          .Line("/// an <c>ignore</c> or a <c>defer</c> applies): the lookup runs with its guards, which must have no side effects,")
          .Line("/// and nothing else runs. Before the machine starts it answers for the initial leaf.")
          .Line("/// </summary>")
          .Line(HasPayloads ? "/// <exception cref=\"global::System.ArgumentException\"><paramref name=\"e\"/> carries a payload: call the <c>CanFire</c> that takes it.</exception>" : null)
          .OpenMember($"public bool {GeneratedNames.CanFire}({_e} e)");
        WritePayloadCheck(-1);
        _w.Line("return __CanDispatch(e);")
          .Close()
          .Line();
        for (var k = 0; k < _graph.PayloadTypes.Count; k++)
        {
            _w.Line($"/// <summary>True when <see cref=\"Fire({_e}, {PayloadTypeName(k).Replace("<", "{").Replace(">", "}")})\"/> would handle <paramref name=\"e\"/> with <paramref name=\"payload\"/> now; runs only guards.</summary>")
              .Line($"/// <exception cref=\"global::System.ArgumentException\"><paramref name=\"e\"/> does not carry a payload of this type.</exception>")
              .OpenMember($"public bool {GeneratedNames.CanFire}({_e} e, {PayloadTypeName(k)} payload)");
            WritePayloadCheck(k);
            // An action may ask while its own event's payload is in the field: put it back.
            _w.Line($"var __saved = {PayloadField(k)};")
              .Line($"{PayloadField(k)} = payload;")
              .Open("try")
              .Line("return __CanDispatch(e);")
              .Close()
              .Open("finally")
              .Line($"{PayloadField(k)} = __saved;")
              .Close()
              .Close()
              .Line();
        }
    }

    private void WriteTimeRemaining()
    {
        _w.Line("/// <summary>")
          .Line("/// The time until the soonest running timer that <paramref name=\"timer\"/> names elapses, or null when none runs.")
          .Line("/// A timer that elapsed, was cancelled by leaving its state, or whose <c>after</c> lines all had false guards is not running.")
          .Line("/// </summary>")
          .OpenMember($"public {TimeSpan}? {GeneratedNames.TimeRemaining}(Timer timer)")
          .Line($"{TimeSpan}? __soonest = null;");
        if (HasTimers)
        {
            _w.Open("switch (timer)");
            foreach (var t in _model.Timers.Select(t => t.Name.Text).Distinct())
            {
                var slots = _graph.TimerSlots.Where(slot => _graph.State(slot.State).Transitions[slot.Transition] is { Kind: TriggerKind.Timer } line
                                                            && line.Trigger.Text == t).ToList();
                if (slots.Count == 0) continue;
                _w.Line($"case Timer.{t}:").Indent();
                foreach (var slot in slots) _w.Line($"__Soonest(ref __soonest, {slot.Index});");
                _w.Line("break;").Dedent();
            }
            _w.Close();
        }
        _w.Line("return __soonest;")
          .Close()
          .Line();
        if (!HasTimers) return;
        _w.OpenMember($"private void __Soonest(ref {TimeSpan}? __soonest, int __slot)")
          .Line("var __s = __timerSlots?[__slot];")
          .Line("if (__s is null) return;")
          .Line("// An overdue timer of a restore that still waits its turn is not armed yet, but it is running: nothing is left of it.")
          .Line($"var __left = __overdue?.PendingDue(__s) is not null ? {TimeSpan}.Zero : __s.Remaining;")
          .Line("if (__left is { } __l && (__soonest is null || __l < __soonest.Value)) __soonest = __l;")
          .Close()
          .Line();
    }

    private void WriteTimerDurations()
    {
        var count = _model.Timers.Count;
        _w.Line("/// <summary>The duration <paramref name=\"timer\"/> runs for in this instance.</summary>")
          .Line("/// <exception cref=\"global::System.InvalidOperationException\">The timer has no default duration and none was set.</exception>")
          .OpenMember($"public {TimeSpan} {GeneratedNames.GetTimerDuration}(Timer timer)")
          .Line($"if ((uint)timer >= {count}u) throw new global::System.ArgumentOutOfRangeException(nameof(timer));")
          .Line("if (__timerDurations is { } __set && __set[(int)timer] != default) return __set[(int)timer];");
        var withDefault = _model.Timers.Where(t => t.DurationMs is not null).ToList();
        if (withDefault.Count > 0)
        {
            _w.Open("switch (timer)");
            foreach (var t in withDefault)
            {
                _w.Line($"case Timer.{t.Name.Text}: return {TimeSpanLiteral(t.DurationMs!.Value)};");
            }
            _w.Close();
        }
        _w.Line("throw new global::System.InvalidOperationException(\"Timer '\" + timer + \"' has no default duration in " + _model.SourceName + "; call SetTimerDuration before its state is entered.\");")
          .Close()
          .Line();

        _w.Line("/// <summary>Sets the duration of <paramref name=\"timer\"/> for this instance; it applies from the timer's next start.</summary>")
          .Line($"/// <exception cref=\"global::System.ArgumentOutOfRangeException\">The duration is not positive, or longer than a timer allows ({Durations.MaxInWords}).</exception>")
          .OpenMember($"public void {GeneratedNames.SetTimerDuration}(Timer timer, {TimeSpan} duration)")
          .Line($"if ((uint)timer >= {count}u) throw new global::System.ArgumentOutOfRangeException(nameof(timer));")
          .Line($"if (duration <= {TimeSpan}.Zero || duration.TotalMilliseconds > {Durations.MaxMilliseconds}d)")
          .Line($"    throw new global::System.ArgumentOutOfRangeException(nameof(duration), duration, \"A timer's duration must be positive and at most {Durations.MaxInWords}.\");")
          .Line($"(__timerDurations ??= new {TimeSpan}[{count}])[(int)timer] = duration;")
          .Close()
          .Line();
    }

    /// <summary>
    /// The lookup rule, split by state: <see cref="_next"/>[s] is the state whose handlers are tried after those of
    /// <c>s</c> (its nearest ancestor that declares a handler, unless a final state stops the lookup first), or -1.
    /// Each leaf's <c>switch</c> holds only its own handlers and passes an event it does not handle to that state's
    /// method, so a composite's handlers are written once, not once per leaf.
    /// </summary>
    private int[] _next = System.Array.Empty<int>();

    /// <summary>True for a state that declares an <c>on</c> line or an <c>ignore</c>.</summary>
    private bool[] _hasHandlers = System.Array.Empty<bool>();

    /// <summary>True for a state with a state strictly inside it that has an exit method.</summary>
    private bool[] _exitInside = System.Array.Empty<bool>();

    private bool _usesExitUpTo;

    /// <summary>A transition whose exit chain is longer than this calls <c>__ExitUpTo</c> instead of writing it out.</summary>
    private const int MaxWrittenExits = 4;
    private bool _usesInFinal;

    private void PrepareLookup()
    {
        var count = _graph.StateCount;
        _next = new int[count];
        _hasHandlers = new bool[count];
        _exitInside = new bool[count];
        var up = new int[count];
        var exits = new int[count + 1];
        for (var s = 0; s < count; s++)
        {
            var state = _graph.State(s);
            var handles = state.Ignores.Count > 0 || state.Defers.Count > 0;
            foreach (var transition in state.Transitions) handles |= transition.Kind == TriggerKind.Event;
            _hasHandlers[s] = handles;
            var parent = state.Parent;
            var fromParent = parent < 0 ? -1 : up[parent];
            _next[s] = state.IsFinal ? -1 : fromParent;
            up[s] = handles ? s : state.IsFinal ? -1 : fromParent;
            exits[s + 1] = exits[s] + (HasExit(s) ? 1 : 0);
        }
        for (var s = 0; s < count; s++) _exitInside[s] = exits[_graph.LastDescendant(s) + 1] - exits[s + 1] > 0;
    }

    private void WriteDispatch()
    {
        PrepareLookup();
        WriteLookup(can: false);
    }

    /// <summary><c>__CanDispatch</c>: the lookup of <c>__Dispatch</c> that evaluates guards and runs nothing else (CanFire).</summary>
    private void WriteCanDispatch() => WriteLookup(can: true);

    /// <summary>True while the lookup for <c>CanFire</c> is written: every handler that applies answers true instead of running.</summary>
    private bool _can;

    private string LookupName => _can ? "__CanDispatch" : "__Dispatch";

    private void WriteLookup(bool can)
    {
        _can = can;
        var count = _graph.StateCount;
        // A composite's method is written when some leaf's lookup reaches it (descendants follow their ancestors).
        var referenced = new bool[count];
        for (var s = count - 1; s >= 0; s--)
        {
            if ((_graph.IsLeaf(s) || referenced[s]) && _next[s] >= 0) referenced[_next[s]] = true;
        }

        // Fire's only work besides the run-to-completion bookkeeping: inlined there, it costs no call.
        if (!can)
        {
            _w.Member("[global::System.Runtime.CompilerServices.MethodImpl(global::System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]")
              .Open($"private bool {LookupName}({_e} __e)");
        }
        else
        {
            _w.Line("/// <summary>The lookup of <c>__Dispatch</c>, answering whether a handler applies; runs guards only.</summary>")
              .OpenMember($"private bool {LookupName}({_e} __e)");
        }
        var anyCase = false;
        // Leaves without handlers of their own, by the state they pass every event to, in source order.
        var passing = new Dictionary<int, List<int>>();
        var passingOrder = new List<int>();
        for (var leaf = 0; leaf < count; leaf++)
        {
            _cancellationToken.ThrowIfCancellationRequested();
            if (!_graph.IsLeaf(leaf)) continue;
            if (!_hasHandlers[leaf])
            {
                var to = _next[leaf];
                if (to < 0) continue;
                if (!passing.TryGetValue(to, out var leaves))
                {
                    passing.Add(to, leaves = new List<int>());
                    passingOrder.Add(to);
                }
                leaves.Add(leaf);
                continue;
            }
            if (!anyCase) _w.Open("switch (__current)");
            anyCase = true;
            _w.Begin().Append("case ").Append(_s).Append('.').Append(Name(leaf)).Append(':').End().Indent();
            WriteOwnHandlers(leaf, leaf);
            WritePassOn(leaf);
            _w.Line("break;").Dedent();
        }
        foreach (var to in passingOrder)
        {
            if (!anyCase) _w.Open("switch (__current)");
            anyCase = true;
            foreach (var leaf in passing[to]) _w.Begin().Append("case ").Append(_s).Append('.').Append(Name(leaf)).Append(':').End();
            _w.Indent().Begin().Append("if (").Append(LookupName).Append('_').Append(Name(to)).Append("(__e)) return true;").End()
              .Line("break;").Dedent();
        }
        if (anyCase) _w.Close();
        if (!can)
        {
            _w.Line($"if ({Telemetry}.Enabled) {Telemetry}.Unhandled(this, __current, __e);")
              .Line("OnUnhandled(__current, __e);");
        }
        _w.Line("return false;")
          .Close()
          .Line();

        for (var s = 0; s < count; s++)
        {
            _cancellationToken.ThrowIfCancellationRequested();
            if (_graph.IsLeaf(s) || !referenced[s]) continue;
            _w.Line("/// <summary>The handlers <c>" + Name(s) + "</c> declares, tried when the current leaf inside it has none for the event.</summary>")
              .OpenMember($"private bool {LookupName}_{Name(s)}({_e} __e)");
            if (!can && HasExternalTransition(s)) _w.Line("var __from = __current;");
            WriteOwnHandlers(s, -1);
            if (_next[s] >= 0) _w.Begin().Append("return ").Append(LookupName).Append('_').Append(Name(_next[s])).Append("(__e);").End();
            else _w.Line("return false;");
            _w.Close().Line();
        }
    }

    /// <summary>After a leaf's own handlers: the handlers of the state the lookup goes on to.</summary>
    private void WritePassOn(int leaf)
    {
        if (_next[leaf] >= 0) _w.Begin().Append("if (").Append(LookupName).Append('_').Append(Name(_next[leaf])).Append("(__e)) return true;").End();
    }

    private bool HasExternalTransition(int state)
    {
        foreach (var transition in _graph.State(state).Transitions)
        {
            if (transition.Kind == TriggerKind.Event && transition.Target is not null) return true;
        }
        return false;
    }

    /// <summary>
    /// A <c>switch</c> on the event over the handlers <paramref name="state"/> itself declares. A section whose
    /// handlers are all guarded breaks out when none applies, and the lookup goes on. <paramref name="leaf"/> is the
    /// current leaf when it is known here (the state is that leaf), or -1 in a composite's method.
    /// </summary>
    private void WriteOwnHandlers(int state, int leaf)
    {
        var model = _graph.State(state);
        var events = new List<int>();
        var seen = new HashSet<int>();
        var ignoreNames = new Dictionary<string, Name>(System.StringComparer.Ordinal);
        foreach (var ignored in model.Ignores)
        {
            if (!ignoreNames.ContainsKey(ignored.Text)) ignoreNames.Add(ignored.Text, ignored);
            var e = _graph.FindEvent(ignored.Text);
            if (e >= 0 && seen.Add(e)) events.Add(e);
        }
        foreach (var transition in model.Transitions)
        {
            if (transition.Kind != TriggerKind.Event) continue;
            var e = _graph.FindEvent(transition.Trigger.Text);
            if (e >= 0 && seen.Add(e)) events.Add(e);
        }
        var deferNames = new Dictionary<string, Name>(System.StringComparer.Ordinal);
        foreach (var deferred in model.Defers)
        {
            if (ignoreNames.ContainsKey(deferred.Text) || deferNames.ContainsKey(deferred.Text)) continue;
            deferNames.Add(deferred.Text, deferred);
            var e = _graph.FindEvent(deferred.Text);
            if (e >= 0 && seen.Add(e)) events.Add(e);
        }
        events.Sort();
        _w.Open("switch (__e)");
        var ignoresWritten = false;
        var defersWritten = new HashSet<int>();
        foreach (var e in events)
        {
            var eventName = _model.Events[e].Text;
            if (deferNames.ContainsKey(eventName))
            {
                // Deferred events that carry the same payload type (or none) share one switch section.
                var k = _graph.PayloadTypeIndex(eventName);
                if (!defersWritten.Add(k)) continue;
                var deferredHere = events.Select(other => _model.Events[other].Text)
                    .Where(other => deferNames.ContainsKey(other) && _graph.PayloadTypeIndex(other) == k).ToList();
                foreach (var other in deferredHere) _w.Begin().Append("case ").Append(_e).Append('.').Append(other).Append(':').End();
                _w.Indent().Begin().Append("// ");
                AppendWhere(deferNames[eventName].Span.StartLine);
                _w.Append(": defer ").Append(string.Join(", ", deferredHere)).End();
                if (!_can)
                {
                    _w.Line("__deferred.Enqueue((int)__e);");
                    if (k >= 0) _w.Line($"__deferred{k}.Enqueue({PayloadField(k)});");
                }
                _w.Line("return true;").Dedent();
                continue;
            }
            if (ignoreNames.ContainsKey(eventName))
            {
                // Events ignored by the same state share one switch section.
                if (ignoresWritten) continue;
                ignoresWritten = true;
                var ignored = new List<string>();
                var lines = new List<int>();
                foreach (var other in events)
                {
                    var otherName = _model.Events[other].Text;
                    if (!ignoreNames.TryGetValue(otherName, out var name)) continue;
                    ignored.Add(otherName);
                    if (!lines.Contains(name.Span.StartLine)) lines.Add(name.Span.StartLine);
                    _w.Begin().Append("case ").Append(_e).Append('.').Append(otherName).Append(':').End();
                }
                _w.Indent().Begin().Append("// ");
                for (var i = 0; i < lines.Count; i++)
                {
                    if (i > 0) _w.Append(", ");
                    AppendWhere(lines[i]);
                }
                _w.Append(": ignore ").Append(string.Join(", ", ignored)).End().Line("return true;").Dedent();
                continue;
            }
            _w.Begin().Append("case ").Append(_e).Append('.').Append(eventName).Append(':').End().Indent();
            WriteHandlers(state, leaf, _graph.OnLines(state, eventName), "return true;");
            _w.Dedent();
        }
        _w.Close();
    }

    /// <summary>Writes the <c>on</c> lines tried in order; ends the switch section whether or not one applies.</summary>
    private void WriteHandlers(int state, int leaf, IReadOnlyList<TransitionModel> transitions, string done)
    {
        foreach (var transition in transitions)
        {
            _w.Begin().Append("// ");
            AppendWhere(transition.Line);
            _w.Append(": ");
            AppendDescription(transition);
            _w.End();
            if (transition.Guard is { } guard)
            {
                var test = (guard.Negated ? "if (!" : "if (") + Call(guard.Name, guard.Argument, transition) + ")";
                if (_can)
                {
                    _w.Line(test + " return true;");
                    continue;
                }
                _w.Line(test).Open();
                WriteTransitionBody(state, leaf, transition, done);
                _w.Close();
            }
            else
            {
                if (_can) _w.Line("return true;");
                else WriteTransitionBody(state, leaf, transition, done);
                return;
            }
        }
        _w.Line("break;");
    }

    /// <summary>
    /// The body of a transition declared by <paramref name="source"/>. When the current leaf is known
    /// (<paramref name="leaf"/> &gt;= 0) its exit chain is written out; otherwise the states below the source are
    /// exited by <c>__ExitUpTo</c>, and the transition's origin is the <c>__from</c> local.
    /// </summary>
    private void WriteTransitionBody(int source, int leaf, TransitionModel transition, string done)
    {
        if (transition.Target is not { } targetName)
        {
            foreach (var action in transition.Actions) _w.Line(Call(action.Name, action.Argument, transition) + ";");
            _w.Line(done);
            return;
        }
        var target = _graph.FindState(targetName.Text);
        var domain = _graph.Domain(source, target);
        var from = leaf;
        // The outermost state the transition exits: the one just inside the domain.
        var outermost = source;
        while (_graph.Parent(outermost) != domain) outermost = _graph.Parent(outermost);
        var exits = 0;
        if (leaf >= 0)
        {
            for (var s = leaf; s >= 0 && s != domain; s = _graph.Parent(s)) exits += HasExit(s) ? 1 : 0;
        }
        if ((leaf < 0 && _exitInside[source]) || exits > MaxWrittenExits)
        {
            // The current leaf is not known here, or its exits are too many to write out at every transition.
            _usesExitUpTo = true;
            _w.Begin().Append("__ExitUpTo(").Append(_s).Append('.').Append(Name(outermost)).Append(");").End();
        }
        else
        {
            for (var s = leaf >= 0 ? leaf : source; s >= 0 && s != domain; s = _graph.Parent(s))
            {
                if (HasExit(s)) _w.Begin().Append("__Exit_").Append(Name(s)).Append("();").End();
            }
        }
        foreach (var action in transition.Actions) _w.Line(Call(action.Name, action.Argument, transition) + ";");
        var entries = _graph.EntryChain(domain, target);
        // Entering the target by default may pass a composite with history, which decides the leaf at run time.
        var resumed = entries.FindIndex(s => _graph.HistoryOf(s) is not null && _graph.Contains(target, s));
        var returns = done == "return true;";
        string newLeaf;
        if (resumed >= 0)
        {
            _w.Open();
            var history = entries[resumed];
            _w.Line($"var __to = __Resume_{Name(history)}();")
              .Line("__current = __to;");
            for (var i = 0; i <= resumed; i++)
            {
                if (HasEntry(entries[i])) _w.Line($"__Enter_{Name(entries[i])}();");
            }
            _w.Line($"__EnterBelow_{Name(history)}();");
            newLeaf = "__to";
        }
        else
        {
            var leafIndex = _graph.InitialLeaf(target);
            var entered = false;
            foreach (var s in entries)
            {
                if (!HasEntry(s)) continue;
                if (!entered) _w.Begin().Append("__current = ").Append(_s).Append('.').Append(Name(leafIndex)).Append(';').End();
                entered = true;
                _w.Begin().Append("__Enter_").Append(Name(s)).Append("();").End();
            }
            newLeaf = _s + "." + Name(leafIndex);
        }
        _w.Begin().Append(returns ? "return __Go(" : "__Go(");
        if (from >= 0) _w.Append(_s).Append('.').Append(Name(from));
        else _w.Append("__from");
        _w.Append(", ").Append(newLeaf).Append(");").End();
        if (!returns) _w.Line(done);
        if (resumed >= 0) _w.Close();
    }

    /// <summary>The helpers the transitions call: the hooks after a transition, and the exits of the states below a composite.</summary>
    private void WriteTransitionHelpers()
    {
        if (_graph.TimerSlots.Count > 0 || Enumerable.Range(0, _graph.StateCount).Any(HasExternalTransition))
        {
            _w.Line("/// <summary>Ends an external transition: makes <paramref name=\"__to\"/> current (entry actions are done) and calls the hooks.</summary>")
              .Member("[global::System.Runtime.CompilerServices.MethodImpl(global::System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]")
              .Open($"private bool __Go({_s} __from, {_s} __to)")
              .Line("__current = __to;")
              .Line("OnTransition(__from, __to);")
              .Line($"if ({Telemetry}.Enabled) {Telemetry}.Transition(this, __from, __to);")
              .Line(HasDefer ? "if (__deferred.Count != 0) __Recall();" : null)
              .Line("return true;")
              .Close()
              .Line();
        }
        if (_usesExitUpTo)
        {
            _w.Line("/// <summary>Exits the current leaf and its ancestors, innermost first, up to and including <paramref name=\"__last\"/>.</summary>")
              .OpenMember($"private void __ExitUpTo({_s} __last)")
              .Open("for (var __s = __current; ;)")
              .Open("if (__s == __last)")
              .Open("switch (__s)");
            for (var s = 0; s < _graph.StateCount; s++)
            {
                if (HasExit(s)) _w.Begin().Append("case ").Append(_s).Append('.').Append(Name(s)).Append(": __Exit_").Append(Name(s)).Append("(); break;").End();
            }
            _w.Close()
              .Line("return;")
              .Close()
              .Open("switch (__s)");
            for (var s = 0; s < _graph.StateCount; s++)
            {
                var parent = _graph.Parent(s);
                if (parent < 0) continue;
                _w.Begin().Append("case ").Append(_s).Append('.').Append(Name(s)).Append(": ");
                if (HasExit(s)) _w.Append("__Exit_").Append(Name(s)).Append("(); ");
                _w.Append("__s = ").Append(_s).Append('.').Append(Name(parent)).Append("; break;").End();
            }
            _w.Line("default: return;")
              .Close()
              .Close()
              .Close()
              .Line();
        }
        if (_usesInFinal)
        {
            _w.Line("/// <summary>True when the current leaf is a final state, which stops every lookup, timers of enclosing states included.</summary>")
              .OpenMember("private bool __InFinal()")
              .Open("switch (__current)");
            for (var s = 0; s < _graph.StateCount; s++)
            {
                if (_graph.IsLeaf(s) && _graph.State(s).IsFinal) _w.Begin().Append("case ").Append(_s).Append('.').Append(Name(s)).Append(':').End();
            }
            _w.Indent().Line("return true;").Dedent()
              .Line("default:").Indent().Line("return false;").Dedent()
              .Close()
              .Close()
              .Line();
        }
    }

    private void WriteTimerDispatch()
    {
        _w.OpenMember("private void __DispatchTimer(int __slot, int __generation)")
          .Line("if (__timerSlots?[__slot] is not { } __timer || !__timer.IsCurrent(__generation)) return;")
          .Line($"if ({Telemetry}.Enabled) {Telemetry}.TimerElapsed(this, __current, __slot);");
        var anyComposite = false;
        foreach (var slot in _graph.TimerSlots) anyComposite |= !_graph.IsLeaf(slot.State);
        if (anyComposite) _w.Line("var __from = __current;");
        _w.Open("switch (__slot)");
        foreach (var slot in _graph.TimerSlots)
        {
            _cancellationToken.ThrowIfCancellationRequested();
            var state = _graph.State(slot.State);
            var lines = _graph.SlotLines(slot);
            _w.Begin().Append("case ").Append(slot.Index).Append(':').End().Indent();
            foreach (var line in lines)
            {
                _w.Begin().Append("// ");
                AppendWhere(state.Transitions[line].Line);
                _w.Append(": ");
                AppendDescription(state.Transitions[line]);
                _w.Append(" (in ").Append(Name(slot.State)).Append(')').End();
            }
            var leaf = _graph.IsLeaf(slot.State) ? slot.State : -1;
            if (leaf >= 0)
            {
                // A final leaf stops every lookup, timers included.
                if (state.IsFinal)
                {
                    _w.Line("return;").Dedent();
                    continue;
                }
                _w.Begin().Append("if (__current != ").Append(_s).Append('.').Append(Name(slot.State)).Append(") return;").End();
            }
            else if (HasFinalLeafInside(slot.State))
            {
                // A final leaf stops every lookup, so a timer of an enclosing state is dropped there.
                _usesInFinal = true;
                _w.Line("if (__InFinal()) return;");
            }
            if (slot.Periodic)
            {
                // Re-armed first: an action that leaves the state cancels it like any other timer.
                var every = state.Transitions[slot.Transition];
                _w.Line($"__StartTimer({slot.Index}, {DurationOf(every)});");
                var test = every.Guard is { } g ? (g.Negated ? "if (!" : "if (") + Call(g.Name, null, every) + ")" : null;
                if (test is not null && every.Actions.Count > 0) _w.Line(test).Open();
                foreach (var action in every.Actions) _w.Line(Call(action.Name, null, every) + ";");
                if (test is not null && every.Actions.Count > 0) _w.Close();
                _w.Line("return;").Dedent();
                continue;
            }
            var fallback = false;
            foreach (var line in lines)
            {
                var transition = state.Transitions[line];
                if (transition.Guard is { } guard)
                {
                    _w.Line((guard.Negated ? "if (!" : "if (") + Call(guard.Name, null, transition) + ")").Open();
                    WriteTransitionBody(slot.State, leaf, transition, "return;");
                    _w.Close();
                }
                else
                {
                    WriteTransitionBody(slot.State, leaf, transition, "return;");
                    fallback = true;
                    break;
                }
            }
            // Every guard was false: the timer is spent, and nothing else happens.
            if (!fallback) _w.Line("return;");
            _w.Dedent();
        }
        _w.Close().Close().Line();
    }

    private int[]? _finalLeaves;

    private bool HasFinalLeafInside(int composite)
    {
        if (_finalLeaves is null)
        {
            _finalLeaves = new int[_graph.StateCount + 1];
            for (var s = 0; s < _graph.StateCount; s++)
            {
                _finalLeaves[s + 1] = _finalLeaves[s] + (_graph.IsLeaf(s) && _graph.State(s).IsFinal ? 1 : 0);
            }
        }
        return _finalLeaves[_graph.LastDescendant(composite) + 1] - _finalLeaves[composite + 1] > 0;
    }

    private void AppendWhere(int zeroBasedLine) => _w.Append(_model.SourceName).Append('(').Append(zeroBasedLine + 1).Append(')');

    /// <summary>The transition as it reads in the .fsm file, for comments.</summary>
    private void AppendDescription(TransitionModel t)
    {
        _w.Append(Describe(t));
    }

    private void WriteDrain()
    {
        _w.OpenMember("private void __Drain()")
          .Open("while (__queue.TryDequeue(out var __code, out var __generation))");
        var dispatch = HasPayloads ? $"__DispatchQueued(({_e})__code);" : $"__Dispatch(({_e})__code);";
        if (HasTimers)
        {
            _w.Line($"if (__code >= 0) {dispatch}")
              .Line("else __DispatchTimer(~__code, __generation);");
        }
        else
        {
            _w.Line(dispatch);
        }
        _w.Close().Close().Line();
    }

    private void WritePayloadHelpers()
    {
        _w.Line("/// <summary>Handles a queued event, with its payload taken from the queue of its type.</summary>")
          .OpenMember($"private void __DispatchQueued({_e} __e)")
          .Open("switch (__e)");
        for (var k = 0; k < _graph.PayloadTypes.Count; k++)
        {
            foreach (var e in EventsOfType(k)) _w.Line($"case {_e}.{e}:");
            _w.Indent().Line($"{PayloadField(k)} = __queued{k}.Dequeue();")
              .Line("__Dispatch(__e);")
              .Line($"{PayloadField(k)} = default!;")
              .Line("return;").Dedent();
        }
        _w.Close()
          .Line("__Dispatch(__e);")
          .Close()
          .Line();

        _w.Line($"/// <summary>The exception for a <c>Fire</c> or <c>CanFire</c> whose payload type ({{<paramref name=\"given\"/>}}, null: none) is not <paramref name=\"e\"/>'s.</summary>")
          .OpenMember($"private static global::System.ArgumentException __WrongPayload({_e} e, string? given)")
          .Line("string? __expected = null;")
          .Open("switch (e)");
        for (var k = 0; k < _graph.PayloadTypes.Count; k++)
        {
            foreach (var e in EventsOfType(k)) _w.Line($"case {_e}.{e}:");
            _w.Indent().Line($"__expected = \"{Escape(PayloadTypeName(k))}\";").Line("break;").Dedent();
        }
        _w.Close()
          .Line("var __message = __expected is null")
          .Line("    ? \"Event '\" + e + \"' carries no payload; call Fire(\" + e + \") without one.\"")
          .Line("    : given is null")
          .Line("        ? \"Event '\" + e + \"' carries a payload of type '\" + __expected + \"'; call Fire(e, payload) with it.\"")
          .Line("        : \"Event '\" + e + \"' carries a payload of type '\" + __expected + \"', not '\" + given + \"'.\";")
          .Line("return new global::System.ArgumentException(__message, \"e\");")
          .Close()
          .Line();
    }

    private void WriteRecall()
    {
        _w.Line("/// <summary>After an external transition: every deferred event, in the order deferred, goes to the front of the queue.</summary>")
          .OpenMember("private void __Recall()")
          .Open("while (__deferred.TryPopBack(out var __code, out _))");
        if (HasPayloads)
        {
            _w.Open($"switch (({_e})__code)");
            for (var k = 0; k < _graph.PayloadTypes.Count; k++)
            {
                foreach (var e in EventsOfType(k)) _w.Line($"case {_e}.{e}:");
                _w.Indent().Line($"__queued{k}.PushFront(__deferred{k}.PopBack());").Line("break;").Dedent();
            }
            _w.Close();
        }
        _w.Line("__queue.PushFront(__code);")
          .Close()
          .Close()
          .Line();
    }

    /// <summary>In the exit of a composite with history: remember the leaf (deep) or the child (shallow) being left.</summary>
    private void WriteRecordHistory(int composite, bool deep)
    {
        if (deep)
        {
            _w.Line($"__history_{Name(composite)} = __current;");
            return;
        }
        var children = _graph.Children(composite);
        for (var i = 0; i < children.Count; i++)
        {
            var child = Name(children[i]);
            var test = i == children.Count - 1 ? (i == 0 ? "" : "else ") : (i == 0 ? $"if (IsIn({_s}.{child})) " : $"else if (IsIn({_s}.{child})) ");
            _w.Line($"{test}__history_{Name(composite)} = {_s}.{child};");
        }
    }

    /// <summary>
    /// For each composite with history, <c>__Resume_H</c>: the leaf that entering it by default reaches (its history,
    /// or its initial chain before it was ever exited). For each composite inside one, <c>__EnterBelow_X</c>: with the
    /// current leaf already set, enters the states from below X down to it, outermost first.
    /// </summary>
    private void WriteHistoryHelpers()
    {
        var below = new bool[_graph.StateCount];
        foreach (var h in HistoryStates)
        {
            for (var s = h; s <= _graph.LastDescendant(h); s++) below[s] |= !_graph.IsLeaf(s);
            var history = _graph.HistoryOf(h)!;
            _w.Line($"/// <summary>The leaf entering <c>{Name(h)}</c> by default reaches: {(history.Deep ? "deep" : "shallow")} history, or its initial chain.</summary>")
              .OpenMember($"private {_s} __Resume_{Name(h)}()");
            if (history.Deep)
            {
                _w.Line($"if (__history_{Name(h)} is {{ }} __leaf) return __leaf;");
            }
            else
            {
                _w.Open($"switch (__history_{Name(h)})");
                foreach (var child in _graph.Children(h)) _w.Line($"case {_s}.{Name(child)}: return {DefaultLeaf(child)};");
                _w.Close();
            }
            _w.Line($"return {DefaultLeaf(_graph.InitialChild[h])};")
              .Close()
              .Line();
        }
        for (var x = 0; x < _graph.StateCount; x++)
        {
            if (!below[x]) continue;
            _w.OpenMember($"private void __EnterBelow_{Name(x)}()");
            var children = _graph.Children(x);
            for (var i = 0; i < children.Count; i++)
            {
                var child = children[i];
                _w.Line((i == 0 ? "if" : "else if") + $" (IsIn({_s}.{Name(child)}))").Open();
                if (HasEntry(child)) _w.Line($"__Enter_{Name(child)}();");
                if (!_graph.IsLeaf(child)) _w.Line($"__EnterBelow_{Name(child)}();");
                _w.Close();
            }
            _w.Close().Line();
        }
    }

    /// <summary>The leaf entering <paramref name="state"/> by default reaches, as an expression: through initials, or a history's resume.</summary>
    private string DefaultLeaf(int state)
    {
        var guard = 0;
        while (!_graph.IsLeaf(state) && guard++ <= _graph.StateCount)
        {
            if (_graph.HistoryOf(state) is not null) return $"__Resume_{Name(state)}()";
            state = _graph.InitialChild[state];
        }
        return $"{_s}.{Name(state)}";
    }

    private void WriteEntryAndExit()
    {
        for (var s = 0; s < _graph.StateCount; s++)
        {
            var state = _graph.State(s);
            var slots = _graph.TimerSlotsOf(s);
            if (HasEntry(s))
            {
                _w.OpenMember($"private void __Enter_{Name(s)}()");
                foreach (var action in state.EntryActions) _w.Line($"{action.Text}();");
                foreach (var slot in slots)
                {
                    var transition = state.Transitions[slot.Transition];
                    _w.Line($"__StartTimer({slot.Index}, {DurationOf(transition)}); // {Where(transition.Line)}: {Describe(transition)}");
                }
                _w.Close().Line();
            }
            if (HasExit(s))
            {
                _w.OpenMember($"private void __Exit_{Name(s)}()");
                if (_graph.HistoryOf(s) is { } history) WriteRecordHistory(s, history.Deep);
                foreach (var slot in slots) _w.Line($"__CancelTimer({slot.Index});");
                foreach (var action in state.ExitActions) _w.Line($"{action.Text}();");
                _w.Close().Line();
            }
        }
    }

    private void WritePartialDeclarations()
    {
        ClassFrame.WriteHooks(_w, _s, _e);
        // With attributes, actions and guards are the user's own methods, called directly.
        if (HasUserEnums) return;
        var seen = new HashSet<string>(_declaredByUser);
        foreach (var method in MethodNames.Of(_model))
        {
            if (!seen.Add(method.Name.Text)) continue;
            _w.Line();
            var type = MethodNames.PayloadType(method, _graph);
            ClassFrame.WritePartialMethod(_w, method, Where(method.Name.Span.StartLine),
                type is null ? null : (type, method.Argument!.Value.Text));
        }
        ClassFrame.WriteUserDefinitions(_w, _definitions);
    }

    private bool HasEntry(int state)
        => _graph.State(state).EntryActions.Count > 0 || _graph.TimerSlotsOf(state).Count > 0;

    private bool HasExit(int state)
        => _graph.State(state).ExitActions.Count > 0 || _graph.TimerSlotsOf(state).Count > 0 || _graph.HistoryOf(state) is not null;

    private string Name(int state) => _graph.State(state).Name.Text;

    /// <summary>A guard's or action's call: with the payload field of the line's event when the argument is written.</summary>
    private string Call(Name method, Name? argument, TransitionModel transition)
        => argument is null || transition.IsTimer || _graph.PayloadTypeIndex(transition.Trigger.Text) is var k && k < 0
            ? method.Text + "()"
            : method.Text + "(" + PayloadField(k) + ")";

    private string Where(int zeroBasedLine) => $"{_model.SourceName}({zeroBasedLine + 1})";

    private string DurationOf(TransitionModel timerLine) => timerLine.Kind == TriggerKind.Timer
        ? $"{GeneratedNames.GetTimerDuration}(Timer.{timerLine.Trigger.Text})"
        : TimeSpanLiteral(timerLine.DurationMs!.Value);

    private static string TimeSpanLiteral(long milliseconds)
        => $"{TimeSpan}.FromTicks({(milliseconds * System.TimeSpan.TicksPerMillisecond).ToString(CultureInfo.InvariantCulture)}L) /* {Durations.Format(milliseconds)} */";

    /// <summary>The transition as it reads in the .fsm file, for comments.</summary>
    private static string Describe(TransitionModel t)
    {
        var text = (t.Kind == TriggerKind.Event ? "on " : t.Periodic ? "every " : "after ") + t.Trigger.Text;
        if (t.Guard is { } guard) text += $" [{guard}]";
        if (t.Target is { } target) text += " -> " + target.Text;
        if (t.Actions.Count > 0) text += " / " + string.Join(", ", t.Actions.Select(a => a.ToString()));
        return text;
    }
}
