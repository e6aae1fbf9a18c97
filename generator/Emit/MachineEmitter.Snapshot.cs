using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis.CSharp;
using TcpFsmGen.Generator.Analysis;
using TcpFsmGen.Generator.Model;

namespace TcpFsmGen.Generator.Emit;

/// <summary>
/// <c>TakeSnapshot</c> and <c>Restore</c> (language reference §7.6): the snapshot names states, events and timers by name,
/// and <c>Restore</c> checks the whole snapshot before it changes anything.
/// </summary>
internal sealed partial class MachineEmitter
{
    private const string Snapshot = "global::TcpFsmGen.Runtime.FsmSnapshot";
    private const string Support = "global::TcpFsmGen.Runtime.SnapshotSupport";
    private const string NameKind = "global::TcpFsmGen.Runtime.FsmSnapshotNameKind";

    private static string Literal(string text) => SymbolDisplay.FormatLiteral(text, quote: true);

    /// <summary>A timer's trigger as a snapshot names it: the timer's name, or the literal duration as written.</summary>
    private string TriggerOf(TimerSlot slot) => _graph.State(slot.State).Transitions[slot.Transition].Trigger.Text;

    /// <summary>For each slot, which of its state's lines with the same trigger and kind it is (0 for <c>after</c> lines, which share a slot).</summary>
    private int[] SlotOrdinals()
    {
        var ordinals = new int[_graph.TimerSlots.Count];
        var seen = new Dictionary<(int, string, bool), int>();
        foreach (var slot in _graph.TimerSlots)
        {
            var key = (slot.State, TriggerOf(slot), slot.Periodic);
            seen.TryGetValue(key, out var n);
            ordinals[slot.Index] = n;
            seen[key] = n + 1;
        }
        return ordinals;
    }

    private IEnumerable<string> EventNames => _model.Events.Select(e => e.Text).Distinct();

    private void WriteSnapshot()
    {
        WriteTakeSnapshot();
        WriteRestore();
        WriteNameHelpers();
    }

    private void WriteTakeSnapshot()
    {
        _w.Line("/// <summary>")
          .Line("/// The machine's whole own state as a plain value that System.Text.Json round-trips with no options: the current leaf,")
          .Line("/// whether it has started, each composite's history, every armed timer with its absolute due time on")
          .Line(HasTimers ? "/// <see cref=\"TimerService\"/>'s clock (periodic ones with their period), and the deferred events with their payloads." : "/// the timer service's clock, and the deferred events with their payloads.")
          .Line("/// States, events and timers are named by name. Running the machine on does not change the snapshot.")
          .Line("/// </summary>")
          .Line("/// <exception cref=\"global::System.InvalidOperationException\">Called while a transition runs (from an action or a guard).</exception>")
          .Line(HasDefer && HasPayloads ? "/// <exception cref=\"global::System.NotSupportedException\">A deferred event's payload cannot be written as JSON; see <see cref=\"global::TcpFsmGen.Runtime.FsmSnapshot.PayloadSerializerOptions\"/>.</exception>" : null)
          .OpenMember($"public {Snapshot} {GeneratedNames.TakeSnapshot}()");
        WriteGateCheck("return __TakeSnapshotLocked();", null);
        _w.Line("if (__busy) throw new global::System.InvalidOperationException(\"A snapshot cannot be taken while a transition runs (from an action or a guard); take it after Fire returns.\");")
          .Line($"var __snapshot = new {Snapshot} {{ State = __StateName(__current), Started = __started }};")
          .Line("if (!__started) return __snapshot;");
        foreach (var h in HistoryStates)
        {
            _w.Line($"if (__history_{Name(h)} is {{ }} __{Name(h)}) __snapshot.History.Add(new global::TcpFsmGen.Runtime.FsmSnapshotHistory {{ Composite = {Literal(Name(h))}, State = __StateName(__{Name(h)}) }});");
        }
        if (HasTimers)
        {
            var ordinals = SlotOrdinals();
            _w.Open("if (__timerSlots is { } __slots)")
              .Line("var __now = TimerService.TimeProvider.GetUtcNow();");
            foreach (var slot in _graph.TimerSlots)
            {
                var line = _graph.State(slot.State).Transitions[slot.Transition];
                var period = slot.Periodic ? DurationOf(line) : "null";
                // A slot exists once its timer has started, so its duration is known (none is asked of a timer never started).
                _w.Line($"if (__slots[{slot.Index}] is not null) {Support}.AddTimer(__snapshot, __slots[{slot.Index}], __overdue, {Literal(Name(slot.State))}, {Literal(TriggerOf(slot))}, {ordinals[slot.Index]}, {period}, __now, __armedAt?[{slot.Index}] ?? 0);");
            }
            _w.Line($"{Support}.SortTimers(__snapshot, TimerService.TimeProvider.GetUtcNow() - __now);")
              .Close();
        }
        if (HasDefer)
        {
            var counters = Enumerable.Range(0, _graph.PayloadTypes.Count).ToList();
            foreach (var k in counters) _w.Line($"var __taken{k} = 0;");
            _w.Open("for (var __i = 0; __i < __deferred.Count; __i++)")
              .Line($"var __e = ({_e})__deferred.PeekAt(__i);")
              .Line("var __deferredEvent = new global::TcpFsmGen.Runtime.FsmSnapshotEvent { Event = __EventName(__e) };");
            if (HasPayloads)
            {
                _w.Open("switch (__e)");
                foreach (var k in counters)
                {
                    foreach (var e in EventsOfType(k)) _w.Line($"case {_e}.{e}:");
                    _w.Indent().Line($"__deferredEvent.Payload = {Support}.PayloadToJson(__deferred{k}.PeekAt(__taken{k}++), __deferredEvent.Event);").Line("break;").Dedent();
                }
                _w.Close();
            }
            _w.Line("__snapshot.Deferred.Add(__deferredEvent);")
              .Close();
        }
        _w.Line("return __snapshot;")
          .Close()
          .Line();
    }

    private void WriteRestore()
    {
        var machine = Literal(_model.ClassName ?? _model.FullName);
        var initial = _graph.InitialLeafOfMachine;
        _w.Line("/// <summary>")
          .Line("/// Puts this machine, which has not started, into <paramref name=\"snapshot\"/>'s state without running any action: the")
          .Line("/// current leaf, history and deferred events, and every timer re-armed for its original due time (one already past")
          .Line("/// elapses as soon as the timer service delivers it, in due order). A snapshot of a machine that had not started")
          .Line("/// leaves this one not started.")
          .Line("/// </summary>")
          .Line("/// <exception cref=\"global::System.ArgumentNullException\"><paramref name=\"snapshot\"/> is null.</exception>")
          .Line("/// <exception cref=\"global::System.InvalidOperationException\">The machine has started; nothing changed.</exception>")
          .Line("/// <exception cref=\"global::TcpFsmGen.Runtime.FsmSnapshotNameException\">The snapshot names a state, event or timer this machine does not declare; nothing changed.</exception>")
          .Line("/// <exception cref=\"global::System.ArgumentException\">The snapshot does not fit this machine (a timer of a state that is not active, a payload that does not read); nothing changed.</exception>")
          .OpenMember($"public void {GeneratedNames.Restore}({Snapshot} snapshot)")
          .Line("if (snapshot is null) throw new global::System.ArgumentNullException(nameof(snapshot));");
        WriteGateCheck("__RestoreLocked(snapshot);", "return;");
        _w.Line("if (__started || __busy) throw new global::System.InvalidOperationException(\"Restore needs a machine that has not started; create a new instance and restore into it.\");")
          .Line($"var __state = __ParseState(snapshot.State) ?? throw {Support}.Missing({NameKind}.State, snapshot.State, {machine});")
          .Open("if (!snapshot.Started)")
          .Line($"if (__state != {_s}.{Name(initial)} || snapshot.History is {{ Count: > 0 }} || snapshot.Timers is {{ Count: > 0 }} || snapshot.Deferred is {{ Count: > 0 }})")
          .Line($"    throw {Support}.Invalid({Literal($"A snapshot of a machine that has not started holds its initial leaf '{Name(initial)}' and nothing else.")});")
          .Line("return;")
          .Close();
        var composites = Enumerable.Range(0, _graph.StateCount).Where(s => !_graph.IsLeaf(s)).ToList();
        if (composites.Count > 0)
        {
            _w.Line($"if ({string.Join(" || ", composites.Select(c => $"__state == {_s}.{Name(c)}"))})")
              .Line($"    throw {Support}.Invalid(\"The current state '\" + snapshot.State + \"' is a composite; a snapshot's current state is a leaf.\");");
        }
        WriteRestoreHistory(machine);
        if (HasTimers) WriteRestoreTimers(machine);
        else
        {
            _w.Line("if (snapshot.Timers is { Count: > 0 } __timers)")
              .Line($"    throw {Support}.Missing({NameKind}.Timer, __timers[0].Timer, {machine});");
        }
        WriteRestoreDeferred(machine);

        // Everything is checked: now change the machine.
        _w.Line("__current = __state;")
          .Line("__started = true;");
        foreach (var h in HistoryStates) _w.Line($"__history_{Name(h)} = __{Name(h)};");
        if (HasDefer)
        {
            _w.Open("for (var __i = 0; __i < __codes.Length; __i++)")
              .Line("__deferred.Enqueue(__codes[__i]);")
              .Close();
            for (var k = 0; k < _graph.PayloadTypes.Count; k++)
            {
                _w.Line($"foreach (var __payload in __payloads{k}) __deferred{k}.Enqueue(__payload);");
            }
        }
        if (HasTimers) WriteArmRestoredTimers();
        _w.Close().Line();
    }

    private void WriteRestoreHistory(string machine)
    {
        var histories = HistoryStates.ToList();
        foreach (var h in histories) _w.Line($"{_s}? __{Name(h)} = null;");
        _w.Open("foreach (var __h in snapshot.History ?? new global::System.Collections.Generic.List<global::TcpFsmGen.Runtime.FsmSnapshotHistory>())")
          .Line($"var __composite = __ParseState(__h?.Composite) ?? throw {Support}.Missing({NameKind}.State, __h?.Composite, {machine});")
          .Line($"var __remembered = __ParseState(__h!.State) ?? throw {Support}.Missing({NameKind}.State, __h.State, {machine});")
          .Open("switch (__composite)");
        foreach (var h in histories)
        {
            var deep = _graph.HistoryOf(h)!.Deep;
            var fits = deep
                ? "__Within(__remembered, " + $"{_s}.{Name(h)}) && __remembered != {_s}.{Name(h)} && " + string.Join(" && ", Enumerable.Range(h + 1, _graph.LastDescendant(h) - h).Where(s => !_graph.IsLeaf(s)).Select(c => $"__remembered != {_s}.{Name(c)}").DefaultIfEmpty("true"))
                : string.Join(" || ", _graph.Children(h).Select(c => $"__remembered == {_s}.{Name(c)}"));
            var what = deep ? "a leaf inside it" : "one of its children";
            _w.Line($"case {_s}.{Name(h)}:").Indent()
              .Line($"if (__{Name(h)} is not null) throw {Support}.Invalid(\"The snapshot holds the history of '{Name(h)}' twice.\");")
              .Line($"if (!({fits})) throw {Support}.Invalid(\"The history of '{Name(h)}' is '\" + __h.State + \"', which is not {what}.\");")
              .Line($"__{Name(h)} = __remembered;")
              .Line("break;").Dedent();
        }
        _w.Line("default:").Indent()
          .Line($"throw {Support}.Invalid(\"State '\" + __h.Composite + \"' has no history line, so the snapshot cannot hold its history.\");").Dedent()
          .Close()
          .Close();
    }

    private void WriteRestoreTimers(string machine)
    {
        var count = _graph.TimerSlots.Count;
        _w.Line($"var __due = new global::System.DateTimeOffset?[{count}];")
          .Line($"var __rank = new int[{count}];")
          .Line("var __listed = 0;")
          .Line("var __now = TimerService.TimeProvider.GetUtcNow();")
          .Open("foreach (var __t in snapshot.Timers ?? new global::System.Collections.Generic.List<global::TcpFsmGen.Runtime.FsmSnapshotTimer>())")
          .Line($"var __owner = __ParseState(__t?.State) ?? throw {Support}.Missing({NameKind}.State, __t?.State, {machine});")
          .Line("var __slot = __SlotOf(__owner, __t!.Timer, __t.Index, __t.Period is not null);")
          .Open("if (__slot < 0)")
          .Line($"if (!__IsTrigger(__t.Timer)) throw {Support}.Missing({NameKind}.Timer, __t.Timer, {machine});")
          .Line($"throw {Support}.Invalid(\"State '\" + __t.State + \"' has no \" + (__t.Period is null ? \"'after \" : \"'every \") + __t.Timer + \"' line\" + (__t.Index == 0 ? \"\" : \" number \" + (__t.Index + 1)) + \".\");")
          .Close()
          .Line($"if (__due[__slot] is not null) throw {Support}.Invalid(\"The snapshot holds the timer '\" + __t.Timer + \"' of state '\" + __t.State + \"' twice.\");")
          .Line($"if (!__Within(__state, __owner)) throw {Support}.Invalid(\"The timer '\" + __t.Timer + \"' of state '\" + __t.State + \"' cannot run: the current state '\" + snapshot.State + \"' is not inside it.\");")
          .Line($"if ((__t.Due - __now).TotalMilliseconds > {Durations.MaxMilliseconds}d) throw {Support}.Invalid(\"The timer '\" + __t.Timer + \"' of state '\" + __t.State + \"' is due later than a timer allows ({Durations.MaxInWords}).\");")
          .Line("__due[__slot] = __t.Due;")
          .Line("__rank[__slot] = __listed++;")
          .Close();
    }

    private void WriteArmRestoredTimers()
    {
        _w.Line($"__overdue = {Support}.ArmRestoredTimers(__due, __rank, __now, __StartTimer, __slot => (__timerSlots ??= new {Runtime}.TimerSlot?[{_graph.TimerSlots.Count}])[__slot] ??= TimerService.CreateSlot(this, __slot));")
          .Line("if (__overdue is not null) __NextOverdue();");
    }

    private void WriteRestoreDeferred(string machine)
    {
        if (!HasDefer)
        {
            _w.Line("if (snapshot.Deferred is { Count: > 0 } __deferredEvents)")
              .Line($"    throw {Support}.Invalid(\"The snapshot holds deferred events, but {Escape(_model.ClassName ?? _model.FullName)} defers none.\");");
            return;
        }
        _w.Line("var __deferredEvents = snapshot.Deferred ?? new global::System.Collections.Generic.List<global::TcpFsmGen.Runtime.FsmSnapshotEvent>();")
          .Line("var __codes = new int[__deferredEvents.Count];");
        for (var k = 0; k < _graph.PayloadTypes.Count; k++)
        {
            _w.Line($"var __payloads{k} = new global::System.Collections.Generic.List<{PayloadTypeName(k)}>();");
        }
        _w.Open("for (var __i = 0; __i < __codes.Length; __i++)")
          .Line("var __d = __deferredEvents[__i];")
          .Line($"var __e = __ParseEvent(__d?.Event) ?? throw {Support}.Missing({NameKind}.Event, __d?.Event, {machine});")
          .Line("__codes[__i] = (int)__e;");
        if (HasPayloads)
        {
            _w.Open("switch (__e)");
            for (var k = 0; k < _graph.PayloadTypes.Count; k++)
            {
                foreach (var e in EventsOfType(k)) _w.Line($"case {_e}.{e}:");
                _w.Indent().Line($"__payloads{k}.Add({Support}.PayloadFromJson<{PayloadTypeName(k)}>(__d!.Payload, __d.Event));").Line("break;").Dedent();
            }
            _w.Line("default:").Indent();
        }
        _w.Line($"if (__d!.Payload is {{ ValueKind: not global::System.Text.Json.JsonValueKind.Null }}) throw {Support}.Invalid(\"The deferred event '\" + __d.Event + \"' carries no payload, but the snapshot gives it one.\");");
        if (HasPayloads) _w.Line("break;").Dedent().Close();
        _w.Close();
    }

    /// <summary>The names a snapshot uses, both ways, and the timers' lookup by state and trigger.</summary>
    private void WriteNameHelpers()
    {
        _w.OpenMember($"private static string __StateName({_s} __state)")
          .Open("switch (__state)");
        for (var s = 0; s < _graph.StateCount; s++) _w.Line($"case {_s}.{Name(s)}: return {Literal(Name(s))};");
        _w.Line("default: return __state.ToString();")
          .Close()
          .Close()
          .Line();

        _w.OpenMember($"private static {_s}? __ParseState(string? __name)")
          .Open("switch (__name)");
        for (var s = 0; s < _graph.StateCount; s++) _w.Line($"case {Literal(Name(s))}: return {_s}.{Name(s)};");
        _w.Line("default: return null;")
          .Close()
          .Close()
          .Line();

        if (HasDefer)
        {
            _w.OpenMember($"private static string __EventName({_e} __e)")
              .Open("switch (__e)");
            foreach (var e in EventNames) _w.Line($"case {_e}.{e}: return {Literal(e)};");
            _w.Line("default: return __e.ToString();")
              .Close()
              .Close()
              .Line();

            _w.OpenMember($"private static {_e}? __ParseEvent(string? __name)")
              .Open("switch (__name)");
            foreach (var e in EventNames) _w.Line($"case {Literal(e)}: return {_e}.{e};");
            _w.Line("default: return null;")
              .Close()
              .Close()
              .Line();
        }

        if (!HasTimers) return;
        var ordinals = SlotOrdinals();
        _w.OpenMember($"private static int __SlotOf({_s} __state, string? __timer, int __index, bool __every)")
          .Open("switch (__state)");
        foreach (var group in _graph.TimerSlots.GroupBy(slot => slot.State))
        {
            _w.Line($"case {_s}.{Name(group.Key)}:").Indent();
            foreach (var slot in group)
            {
                _w.Line($"if (__every == {(slot.Periodic ? "true" : "false")} && __index == {ordinals[slot.Index]} && __timer == {Literal(TriggerOf(slot))}) return {slot.Index};");
            }
            _w.Line("break;").Dedent();
        }
        _w.Close()
          .Line("return -1;")
          .Close()
          .Line();

        var triggers = _graph.TimerSlots.Select(TriggerOf).Distinct().ToList();
        _w.Member($"private static bool __IsTrigger(string? __timer) => {string.Join(" || ", triggers.Select(t => $"__timer == {Literal(t)}"))};")
          .Line();
    }
}
