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
internal sealed class MachineEmitter
{
    private const string Runtime = "global::TcpFsmGen.Runtime";
    private const string TimeSpan = "global::System.TimeSpan";
    private const string Telemetry = "global::TcpFsmGen.Runtime.FsmTelemetry";

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
            + (HasTimers ? $", {Runtime}.ITimerTarget" : ""));
        WriteEnums();
        WriteDiagrams();
        WriteFields();
        WritePublicApi();
        if (HasNamedTimers) WriteTimerDurations();
        WriteDispatch();
        if (HasTimers) WriteTimerDispatch();
        WriteDrain();
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
        var lines = value.TrimEnd('\n').Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            _w.Line(CSharpString(lines[i] + "\n") + (i < lines.Length - 1 ? " +" : ";"));
        }
        _w.Dedent().Line();
    }

    private static string CSharpString(string text)
    {
        var quoted = new System.Text.StringBuilder("\"");
        foreach (var c in text)
        {
            quoted.Append(c switch
            {
                '\\' => "\\\\",
                '"' => "\\\"",
                '\n' => "\\n",
                '\r' => "\\r",
                '\t' => "\\t",
                _ when c < ' ' => "\\u" + ((int)c).ToString("x4", CultureInfo.InvariantCulture),
                _ => c.ToString(),
            });
        }
        return quoted.Append('"').ToString();
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
              .Member($"private {Runtime}.TimerSlot?[]? __timerSlots;");
        }
        if (HasNamedTimers) _w.Member($"private {TimeSpan}[]? __timerDurations;");
        _w.Line();
    }

    private void WritePublicApi()
    {
        _w.Line("/// <summary>The current state: always a leaf. Before <see cref=\"Start\"/> it is the initial leaf.</summary>")
          .Member($"public {_s} Current => __current;")
          .Line();

        _w.Line("/// <summary>True when <paramref name=\"state\"/> is the current leaf or one of its ancestors.</summary>")
          .OpenMember($"public bool IsIn({_s} state)");
        var composites = Enumerable.Range(0, _graph.StateCount).Where(s => !_graph.IsLeaf(s)).ToList();
        if (composites.Count == 0)
        {
            _w.Line("return __current == state;");
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
                        .Select(l => $"__current == {_s}.{Name(l)}");
                    _w.Line($"case {_s}.{Name(s)}: return {string.Join(" || ", leaves)};");
                    continue;
                }
                // Source order is pre-order, so a composite's leaves are the enum values just after it.
                var first = Name(s + 1);
                var last = Name(_graph.LastDescendant(s));
                _w.Line($"case {_s}.{Name(s)}: return __current >= {_s}.{first} && __current <= {_s}.{last};");
            }
            _w.Line("default: return __current == state;");
            _w.Close();
        }
        _w.Close().Line();

        _w.Line("/// <summary>")
          .Line("/// Enters the initial states, outermost first, running their entry actions and starting their timers.")
          .Line("/// Events fired by those actions are handled before this method returns. <see cref=\"Fire\"/> calls it")
          .Line("/// on first use.")
          .Line("/// </summary>")
          .Line("/// <exception cref=\"global::System.InvalidOperationException\">The machine has already started.</exception>")
          .OpenMember("public void Start()")
          .Line("if (__started) throw new global::System.InvalidOperationException(\"The machine has already started.\");")
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
          .Line("__queue.Clear();")
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
          .OpenMember($"public bool Fire({_e} e)")
          .Open("if (__busy)")
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
          .Line("__queue.Clear();")
          .Close()
          .Close()
          .Line();

        if (!HasTimers) return;

        _w.Line("/// <summary>")
          .Line("/// Where the machine's timers come from; <see cref=\"global::TcpFsmGen.Runtime.TimerService.System\"/> unless set.")
          .Line("/// Set it before the first timer starts (in tests, to a service on a <c>ManualTimeProvider</c>).")
          .Line("/// </summary>")
          .Line("/// <exception cref=\"global::System.InvalidOperationException\">Set after a timer has started.</exception>")
          .OpenMember($"public {Runtime}.TimerService {GeneratedNames.TimerService}")
          .Line($"get => __timerService ?? {Runtime}.TimerService.System;")
          .Open("set")
          .Line("if (__timerSlots is not null) throw new global::System.InvalidOperationException(\"The timer service cannot change once a timer has started.\");")
          .Line("__timerService = value ?? throw new global::System.ArgumentNullException(nameof(value));")
          .Close()
          .Close()
          .Line();

        _w.Line("/// <summary>Called by the timer service when a timer elapses; queued like an event if a transition is running.</summary>")
          .OpenMember($"void {Runtime}.ITimerTarget.OnTimerElapsed(int slot, int generation)")
          .Open("if (__busy)")
          .Line("__queue.Enqueue(~slot, generation);")
          .Line("return;")
          .Close()
          .Line("__busy = true;")
          .Open("try")
          .Line("__DispatchTimer(slot, generation);")
          .Line("if (__queue.Count != 0) __Drain();")
          .Close()
          .Open("finally")
          .Line("__busy = false;")
          .Line("__queue.Clear();")
          .Close()
          .Close()
          .Line();

        _w.OpenMember($"private void __StartTimer(int __slot, {TimeSpan} __dueTime)")
          .Line($"var __slots = __timerSlots ??= new {Runtime}.TimerSlot?[{_graph.TimerSlots.Count}];")
          .Line("(__slots[__slot] ??= TimerService.CreateSlot(this, __slot)).Start(__dueTime);")
          .Close()
          .Line();

        _w.Member("private void __CancelTimer(int __slot) => __timerSlots?[__slot]?.Cancel();").Line();
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

    private void WriteDispatch()
    {
        // Fire's only work besides the run-to-completion bookkeeping: inlined there, it costs no call.
        _w.Member("[global::System.Runtime.CompilerServices.MethodImpl(global::System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]")
          .Open($"private bool __Dispatch({_e} __e)");
        var anyCase = false;
        for (var leaf = 0; leaf < _graph.StateCount; leaf++)
        {
            _cancellationToken.ThrowIfCancellationRequested();
            if (!_graph.IsLeaf(leaf)) continue;
            var perEvent = _model.Events
                .Select(e => (Event: e.Text, Handlers: EventLookup.For(_graph, leaf, e.Text)))
                .Where(x => x.Handlers.Count > 0)
                .ToList();
            if (perEvent.Count == 0) continue;
            if (!anyCase) _w.Open("switch (__current)");
            anyCase = true;
            _w.Line($"case {_s}.{Name(leaf)}:").Indent().Open("switch (__e)");
            // Events ignored by the same state share one switch section.
            var sections = perEvent
                .Select((x, i) => (x.Event, x.Handlers, Key: x.Handlers[0].IsIgnore ? (true, x.Handlers[0].State) : (false, i)))
                .GroupBy(x => x.Key);
            foreach (var section in sections)
            {
                var events = section.ToList();
                foreach (var e in events) _w.Line($"case {_e}.{e.Event}:");
                _w.Indent();
                if (section.Key.Item1)
                {
                    var ignoring = section.Key.Item2;
                    var inherited = ignoring != leaf ? $" (from {Name(ignoring)})" : "";
                    var lines = string.Join(", ", events.Select(e => Where(e.Handlers[0].IgnoreName!.Value.Span.StartLine)).Distinct());
                    _w.Line($"// {lines}: ignore {string.Join(", ", events.Select(e => e.Event))}{inherited}").Line("return true;");
                }
                else
                {
                    WriteHandlers(leaf, events[0].Handlers, "return true;");
                }
                _w.Dedent();
            }
            _w.Close().Line("break;").Dedent();
        }
        if (anyCase) _w.Close();
        _w.Line($"if ({Telemetry}.Enabled) {Telemetry}.Unhandled(this, __current, __e);")
          .Line("OnUnhandled(__current, __e);")
          .Line("return false;")
          .Close()
          .Line();
    }

    /// <summary>Writes the handlers tried in order for one leaf; ends the switch section whether or not one applies.</summary>
    private void WriteHandlers(int leaf, List<Handler> handlers, string done)
    {
        foreach (var handler in handlers)
        {
            var inherited = handler.State != leaf ? $" (from {Name(handler.State)})" : "";
            if (handler.Transition is not { } transition)
            {
                _w.Line($"// {Where(handler.IgnoreName!.Value.Span.StartLine)}: ignore {handler.IgnoreName.Value.Text}{inherited}")
                  .Line(done);
                return;
            }
            _w.Line($"// {Where(transition.Line)}: {Describe(transition)}{inherited}");
            if (transition.Guard is { } guard)
            {
                _w.Open($"if ({(guard.Negated ? "!" : "")}{guard.Name.Text}())");
                WriteTransitionBody(leaf, handler.State, transition, done);
                _w.Close();
            }
            else
            {
                WriteTransitionBody(leaf, handler.State, transition, done);
                return;
            }
        }
        _w.Line("break;");
    }

    private void WriteTransitionBody(int leaf, int source, TransitionModel transition, string done)
    {
        if (transition.Target is not { } targetName)
        {
            foreach (var action in transition.Actions) _w.Line($"{action.Text}();");
            _w.Line(done);
            return;
        }
        var target = _graph.FindState(targetName.Text);
        var domain = _graph.Domain(source, target);
        foreach (var s in _graph.ExitChain(leaf, domain))
        {
            if (HasExit(s)) _w.Line($"__Exit_{Name(s)}();");
        }
        foreach (var action in transition.Actions) _w.Line($"{action.Text}();");
        var newLeaf = _graph.InitialLeaf(target);
        _w.Line($"__current = {_s}.{Name(newLeaf)};");
        foreach (var s in _graph.EntryChain(domain, target))
        {
            if (HasEntry(s)) _w.Line($"__Enter_{Name(s)}();");
        }
        _w.Line($"OnTransition({_s}.{Name(leaf)}, {_s}.{Name(newLeaf)});")
          .Line($"if ({Telemetry}.Enabled) {Telemetry}.Transition(this, {_s}.{Name(leaf)}, {_s}.{Name(newLeaf)});")
          .Line(done);
    }

    private void WriteTimerDispatch()
    {
        _w.OpenMember("private void __DispatchTimer(int __slot, int __generation)")
          .Line("if (__timerSlots?[__slot] is not { } __timer || !__timer.IsCurrent(__generation)) return;")
          .Line($"if ({Telemetry}.Enabled) {Telemetry}.TimerElapsed(this, __current, __slot);")
          .Open("switch (__slot)");
        foreach (var slot in _graph.TimerSlots)
        {
            var transition = _graph.State(slot.State).Transitions[slot.Transition];
            _w.Line($"case {slot.Index}: // {Where(transition.Line)}: {Describe(transition)} (in {Name(slot.State)})").Indent();
            var leaves = Enumerable.Range(slot.State, _graph.LastDescendant(slot.State) - slot.State + 1)
                .Where(s => _graph.IsLeaf(s) && !_graph.State(s).IsFinal)
                .ToList();
            if (leaves.Count > 0)
            {
                // A final leaf stops every lookup, so a timer of an enclosing state is dropped there.
                _w.Open("switch (__current)");
                foreach (var leaf in leaves)
                {
                    _w.Line($"case {_s}.{Name(leaf)}:").Indent();
                    WriteTransitionBody(leaf, slot.State, transition, "return;");
                    _w.Dedent();
                }
                _w.Close();
            }
            _w.Line("return;").Dedent();
        }
        _w.Close().Close().Line();
    }

    private void WriteDrain()
    {
        _w.OpenMember("private void __Drain()")
          .Open("while (__queue.TryDequeue(out var __code, out var __generation))");
        if (HasTimers)
        {
            _w.Line($"if (__code >= 0) __Dispatch(({_e})__code);")
              .Line("else __DispatchTimer(~__code, __generation);");
        }
        else
        {
            _w.Line($"__Dispatch(({_e})__code);");
        }
        _w.Close().Close().Line();
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
                    var duration = transition.Kind == TriggerKind.Timer
                        ? $"{GeneratedNames.GetTimerDuration}(Timer.{transition.Trigger.Text})"
                        : TimeSpanLiteral(transition.DurationMs!.Value);
                    _w.Line($"__StartTimer({slot.Index}, {duration}); // {Where(transition.Line)}: {Describe(transition)}");
                }
                _w.Close().Line();
            }
            if (HasExit(s))
            {
                _w.OpenMember($"private void __Exit_{Name(s)}()");
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
            ClassFrame.WritePartialMethod(_w, method, Where(method.Name.Span.StartLine));
        }
        ClassFrame.WriteUserDefinitions(_w, _definitions);
    }

    private bool HasEntry(int state)
        => _graph.State(state).EntryActions.Count > 0 || _graph.TimerSlotsOf(state).Count > 0;

    private bool HasExit(int state)
        => _graph.State(state).ExitActions.Count > 0 || _graph.TimerSlotsOf(state).Count > 0;

    private string Name(int state) => _graph.State(state).Name.Text;

    private string Where(int zeroBasedLine) => $"{_model.SourceName}({zeroBasedLine + 1})";

    private static string TimeSpanLiteral(long milliseconds)
        => $"{TimeSpan}.FromTicks({(milliseconds * System.TimeSpan.TicksPerMillisecond).ToString(CultureInfo.InvariantCulture)}L) /* {Durations.Format(milliseconds)} */";

    /// <summary>The transition as it reads in the .fsm file, for comments.</summary>
    private static string Describe(TransitionModel t)
    {
        var text = t.Kind == TriggerKind.Event ? "on " + t.Trigger.Text : "after " + t.Trigger.Text;
        if (t.Guard is { } guard) text += $" [{guard}]";
        if (t.Target is { } target) text += " -> " + target.Text;
        if (t.Actions.Count > 0) text += " / " + string.Join(", ", t.Actions.Select(a => a.Text));
        return text;
    }
}
