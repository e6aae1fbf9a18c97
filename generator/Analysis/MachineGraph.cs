using System;
using System.Collections.Generic;
using System.Linq;
using TcpFsmGen.Generator.Model;

namespace TcpFsmGen.Generator.Analysis;

/// <summary>
/// The model with its names resolved to indexes: the hierarchy, the initial chains and the timer
/// slots. Built from any model, broken ones included (unknown names resolve to -1, and the first of
/// two duplicates wins), so every check can use it; the emitter uses it only for valid models.
/// </summary>
internal sealed class MachineGraph
{
    private readonly Dictionary<string, int> _states = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _events = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _timers = new(StringComparer.Ordinal);
    private readonly List<int>[] _children;
    private readonly int[] _lastDescendant;
    private Dictionary<string, List<TransitionModel>>[]? _onByEvent;
    private HashSet<string>[]? _ignored;
    private HashSet<string>[]? _deferred;

    public MachineGraph(MachineModel model)
    {
        Model = model;
        var states = model.States;
        _children = new List<int>[states.Count];
        _lastDescendant = new int[states.Count];
        InitialChild = new int[states.Count];
        for (var i = 0; i < states.Count; i++)
        {
            _children[i] = new List<int>();
            if (!_states.ContainsKey(states[i].Name.Text)) _states.Add(states[i].Name.Text, i);
            if (states[i].Parent >= 0) _children[states[i].Parent].Add(i);
        }
        var topLevel = new List<int>();
        for (var i = 0; i < states.Count; i++)
        {
            if (states[i].Parent < 0) topLevel.Add(i);
        }
        TopLevel = topLevel;
        // States are in pre-order, so a state's descendants follow it contiguously.
        for (var i = states.Count - 1; i >= 0; i--)
        {
            var children = _children[i];
            _lastDescendant[i] = children.Count == 0 ? i : _lastDescendant[children[children.Count - 1]];
        }
        for (var i = 0; i < model.Events.Count; i++)
        {
            if (!_events.ContainsKey(model.Events[i].Text)) _events.Add(model.Events[i].Text, i);
        }
        for (var i = 0; i < model.Timers.Count; i++)
        {
            if (!_timers.ContainsKey(model.Timers[i].Name.Text)) _timers.Add(model.Timers[i].Name.Text, i);
        }
        for (var i = 0; i < states.Count; i++)
        {
            InitialChild[i] = ResolveInitial(states[i].Initials, _children[i]);
        }
        InitialTop = ResolveInitial(model.Initials, TopLevel);

        var slots = new List<TimerSlot>();
        var lines = new List<List<int>>();
        for (var s = 0; s < states.Count; s++)
        {
            // In one state the 'after' lines of one trigger share a timer and are tried in source order;
            // each 'every' line is a timer of its own.
            var byTrigger = new Dictionary<string, int>(StringComparer.Ordinal);
            var transitions = states[s].Transitions;
            for (var t = 0; t < transitions.Count; t++)
            {
                var transition = transitions[t];
                if (!transition.IsTimer) continue;
                if (!transition.Periodic)
                {
                    var key = TriggerKey(transition);
                    if (byTrigger.TryGetValue(key, out var shared))
                    {
                        lines[shared].Add(t);
                        continue;
                    }
                    byTrigger.Add(key, slots.Count);
                }
                slots.Add(new TimerSlot(slots.Count, s, t, transition.Periodic));
                lines.Add(new List<int> { t });
            }
        }
        TimerSlots = slots;
        _slotLines = lines;
        _slotsByState = new List<TimerSlot>[states.Count];
        for (var i = 0; i < states.Count; i++) _slotsByState[i] = new List<TimerSlot>();
        foreach (var slot in slots) _slotsByState[slot.State].Add(slot);

        for (var i = 0; i < model.Payloads.Count; i++)
        {
            var payload = model.Payloads[i];
            if (_payloads.ContainsKey(payload.Event.Text)) continue;
            _payloads.Add(payload.Event.Text, payload);
            if (!_payloadTypes.Contains(payload.Type)) _payloadTypes.Add(payload.Type);
        }
    }

    private readonly List<List<int>> _slotLines;
    private readonly Dictionary<string, PayloadModel> _payloads = new(StringComparer.Ordinal);
    private readonly List<string> _payloadTypes = new();

    /// <summary>What makes two <c>after</c> lines of one state share a timer: one timer name, or one duration.</summary>
    public static string TriggerKey(TransitionModel transition)
        => transition.Kind == TriggerKind.Timer ? "timer " + transition.Trigger.Text
           : transition.DurationMs is { } ms ? "ms " + ms.ToString(System.Globalization.CultureInfo.InvariantCulture)
           : "text " + transition.Trigger.Text;

    /// <summary>The lines (indexes into the state's transitions) a slot's expiry tries, in source order.</summary>
    public IReadOnlyList<int> SlotLines(TimerSlot slot) => _slotLines[slot.Index];

    /// <summary>The payload <paramref name="eventName"/> declares, or null.</summary>
    public PayloadModel? PayloadOf(string eventName) => _payloads.TryGetValue(eventName, out var p) ? p : null;

    /// <summary>Every payload type, as written, in order of first declaration: one <c>Fire</c> overload each.</summary>
    public IReadOnlyList<string> PayloadTypes => _payloadTypes;

    /// <summary>The index in <see cref="PayloadTypes"/> of the payload <paramref name="eventName"/> carries, or -1.</summary>
    public int PayloadTypeIndex(string eventName) => PayloadOf(eventName) is { } p ? _payloadTypes.IndexOf(p.Type) : -1;

    /// <summary>The composite's history line when it has one (the first, if it has several), or null.</summary>
    public HistoryModel? HistoryOf(int state) => State(state).Histories.Count > 0 && !IsLeaf(state) ? State(state).Histories[0] : null;

    public bool Defers(int state, string eventName)
    {
        _onByEvent ??= BuildIndex();
        return _deferred![state].Contains(eventName);
    }

    private readonly List<TimerSlot>[] _slotsByState;

    /// <summary>The timers <paramref name="state"/> itself arms on entry.</summary>
    public IReadOnlyList<TimerSlot> TimerSlotsOf(int state) => _slotsByState[state];

    public MachineModel Model { get; }

    public int StateCount => Model.States.Count;

    public IReadOnlyList<int> TopLevel { get; }

    /// <summary>Each state's default substate, or -1 (a leaf, or an unresolved name).</summary>
    public int[] InitialChild { get; }

    /// <summary>The machine's initial top-level state, or -1.</summary>
    public int InitialTop { get; }

    /// <summary>The machine's timers in source order: each arms and cancels independently.</summary>
    public IReadOnlyList<TimerSlot> TimerSlots { get; }

    public StateModel State(int index) => Model.States[index];

    public int Parent(int state) => Model.States[state].Parent;

    public IReadOnlyList<int> Children(int state) => _children[state];

    public bool IsLeaf(int state) => _children[state].Count == 0;

    /// <summary>The last state (in source order) inside <paramref name="state"/>; itself for a leaf.</summary>
    public int LastDescendant(int state) => _lastDescendant[state];

    public bool Contains(int ancestor, int state) => state >= ancestor && state <= _lastDescendant[ancestor];

    public int FindState(string name) => _states.TryGetValue(name, out var i) ? i : -1;

    public int FindEvent(string name) => _events.TryGetValue(name, out var i) ? i : -1;

    public int FindTimer(string name) => _timers.TryGetValue(name, out var i) ? i : -1;

    /// <summary>The leaf reached by entering <paramref name="state"/>: its initial chain.</summary>
    public int InitialLeaf(int state)
    {
        var guard = 0;
        while (!IsLeaf(state) && InitialChild[state] >= 0 && guard++ < StateCount) state = InitialChild[state];
        return state;
    }

    /// <summary>The machine's initial leaf, or -1 when the initial state is missing.</summary>
    public int InitialLeafOfMachine => InitialTop < 0 ? -1 : InitialLeaf(InitialTop);

    /// <summary>
    /// The innermost state that properly contains both <paramref name="source"/> and <paramref name="target"/>,
    /// or -1 for the machine itself: the states below it are exited and entered by the transition.
    /// </summary>
    public int Domain(int source, int target)
    {
        for (var d = Parent(source); d >= 0; d = Parent(d))
        {
            if (Contains(d, target) && d != target) return d;
        }
        return -1;
    }

    /// <summary>The states to exit, innermost first, when leaving <paramref name="leaf"/> up to (not including) <paramref name="domain"/>.</summary>
    public List<int> ExitChain(int leaf, int domain)
    {
        var chain = new List<int>();
        for (var s = leaf; s >= 0 && s != domain; s = Parent(s)) chain.Add(s);
        return chain;
    }

    /// <summary>The states to enter, outermost first, from below <paramref name="domain"/> down to <paramref name="target"/> and its initial chain.</summary>
    public List<int> EntryChain(int domain, int target)
    {
        var chain = new List<int>();
        for (var s = target; s >= 0 && s != domain; s = Parent(s)) chain.Add(s);
        chain.Reverse();
        var leaf = target;
        while (!IsLeaf(leaf) && InitialChild[leaf] >= 0)
        {
            leaf = InitialChild[leaf];
            chain.Add(leaf);
        }
        return chain;
    }

    /// <summary>The <c>on</c> lines of <paramref name="state"/> for <paramref name="eventName"/>, in source order (indexed once, so lookups stay linear).</summary>
    public IReadOnlyList<TransitionModel> OnLines(int state, string eventName)
    {
        _onByEvent ??= BuildIndex();
        return _onByEvent[state].TryGetValue(eventName, out var list) ? list : (IReadOnlyList<TransitionModel>)System.Array.Empty<TransitionModel>();
    }

    public bool Ignores(int state, string eventName)
    {
        _onByEvent ??= BuildIndex();
        return _ignored![state].Contains(eventName);
    }

    private Dictionary<string, List<TransitionModel>>[] BuildIndex()
    {
        var index = new Dictionary<string, List<TransitionModel>>[StateCount];
        _ignored = new HashSet<string>[StateCount];
        _deferred = new HashSet<string>[StateCount];
        for (var s = 0; s < StateCount; s++)
        {
            var byEvent = new Dictionary<string, List<TransitionModel>>(StringComparer.Ordinal);
            foreach (var transition in State(s).Transitions)
            {
                if (transition.Kind != TriggerKind.Event) continue;
                if (!byEvent.TryGetValue(transition.Trigger.Text, out var list)) byEvent.Add(transition.Trigger.Text, list = new List<TransitionModel>());
                list.Add(transition);
            }
            index[s] = byEvent;
            _ignored[s] = new HashSet<string>(State(s).Ignores.Select(i => i.Text), StringComparer.Ordinal);
            _deferred[s] = new HashSet<string>(State(s).Defers.Select(d => d.Text), StringComparer.Ordinal);
        }
        return index;
    }

    private int ResolveInitial(Helpers.EquatableArray<Name> initials, IReadOnlyList<int> candidates)
    {
        if (initials.Count == 0) return -1;
        var index = FindState(initials[0].Text);
        return System.Linq.Enumerable.Contains(candidates, index) ? index : -1;
    }
}

/// <summary>
/// One timer of state <paramref name="State"/>: the <c>after</c> lines of one trigger (the first is transition
/// <paramref name="Transition"/>, the rest are in <see cref="MachineGraph.SlotLines"/>), or one <c>every</c> line.
/// </summary>
internal readonly record struct TimerSlot(int Index, int State, int Transition, bool Periodic);
