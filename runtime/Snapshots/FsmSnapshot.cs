using System;
using System.Collections.Generic;
using System.Text.Json;

namespace TcpFsmGen.Runtime;

/// <summary>
/// The whole own state of a generated machine, as <c>TakeSnapshot()</c> returns it and <c>Restore</c> takes it: the current
/// leaf, whether the machine has started, each composite's history, every armed timer with its absolute due time, and the
/// deferred events with their payloads. States, events and timers are named by name, so a snapshot outlives a recompiled
/// machine as long as every name it holds still exists.
/// </summary>
/// <remarks>
/// A plain value: <see cref="JsonSerializer"/> round-trips it with no options. Build one by hand to start a machine in a
/// given state (for a test that begins mid-protocol). When a state, event or timer was renamed since the snapshot was
/// taken, map the old name with <see cref="RenameState"/>, <see cref="RenameEvent"/> or <see cref="RenameTimer"/> before
/// <c>Restore</c>; the exception <c>Restore</c> throws for a name the machine does not declare is an
/// <see cref="FsmSnapshotNameException"/> that says which name is missing.
/// </remarks>
public sealed class FsmSnapshot
{
    /// <summary>The current leaf's name (before the machine has started, its initial leaf).</summary>
    public string State { get; set; } = "";

    /// <summary>Whether the machine had started. A snapshot of a machine that had not holds nothing else.</summary>
    public bool Started { get; set; }

    /// <summary>What each composite with a <c>history</c> line remembers; a composite never left is absent.</summary>
    public List<FsmSnapshotHistory> History { get; set; } = new();

    /// <summary>Every armed timer, soonest first.</summary>
    public List<FsmSnapshotTimer> Timers { get; set; } = new();

    /// <summary>The deferred events, in the order they were deferred.</summary>
    public List<FsmSnapshotEvent> Deferred { get; set; } = new();

    /// <summary>
    /// The options payloads of deferred events are written and read with, in every snapshot: by default
    /// <see cref="JsonSerializerOptions.Default"/>'s settings (reflection). A trimmed or native AOT application sets
    /// options whose <see cref="JsonSerializerOptions.TypeInfoResolver"/> is its own <c>JsonSerializerContext</c>.
    /// </summary>
    /// <exception cref="ArgumentNullException">Set to null.</exception>
    public static JsonSerializerOptions PayloadSerializerOptions
    {
        get => s_payloadOptions ?? JsonSerializerOptions.Default;
        set => s_payloadOptions = value ?? throw new ArgumentNullException(nameof(value));
    }

    private static JsonSerializerOptions? s_payloadOptions;

    /// <summary>
    /// Replaces the state name <paramref name="oldName"/> by <paramref name="newName"/> wherever this snapshot holds it
    /// (the current leaf, history, the timers' states): for a snapshot taken before the state was renamed.
    /// </summary>
    /// <returns>This snapshot.</returns>
    /// <exception cref="ArgumentNullException">A name is null.</exception>
    public FsmSnapshot RenameState(string oldName, string newName)
    {
        Check(oldName, newName);
        if (State == oldName) State = newName;
        foreach (var h in History)
        {
            if (h.Composite == oldName) h.Composite = newName;
            if (h.State == oldName) h.State = newName;
        }
        foreach (var t in Timers)
        {
            if (t.State == oldName) t.State = newName;
        }
        return this;
    }

    /// <summary>Replaces the event name <paramref name="oldName"/> by <paramref name="newName"/> in the deferred events.</summary>
    /// <returns>This snapshot.</returns>
    /// <exception cref="ArgumentNullException">A name is null.</exception>
    public FsmSnapshot RenameEvent(string oldName, string newName)
    {
        Check(oldName, newName);
        foreach (var e in Deferred)
        {
            if (e.Event == oldName) e.Event = newName;
        }
        return this;
    }

    /// <summary>Replaces the timer name <paramref name="oldName"/> by <paramref name="newName"/> in the armed timers.</summary>
    /// <returns>This snapshot.</returns>
    /// <exception cref="ArgumentNullException">A name is null.</exception>
    public FsmSnapshot RenameTimer(string oldName, string newName)
    {
        Check(oldName, newName);
        foreach (var t in Timers)
        {
            if (t.Timer == oldName) t.Timer = newName;
        }
        return this;
    }

    private static void Check(string oldName, string newName)
    {
        if (oldName is null) throw new ArgumentNullException(nameof(oldName));
        if (newName is null) throw new ArgumentNullException(nameof(newName));
    }
}

/// <summary>What one composite with a <c>history</c> line remembers.</summary>
public sealed class FsmSnapshotHistory
{
    /// <summary>The composite's name.</summary>
    public string Composite { get; set; } = "";

    /// <summary>The state it resumes: a child (shallow history) or a leaf inside it (deep history).</summary>
    public string State { get; set; } = "";
}

/// <summary>One armed timer: the <c>after</c> lines of one trigger in one state, or one <c>every</c> line.</summary>
public sealed class FsmSnapshotTimer
{
    /// <summary>The state whose timer it is.</summary>
    public string State { get; set; } = "";

    /// <summary>Its trigger as written after <c>after</c> or <c>every</c>: a timer's name, or a literal duration such as <c>500ms</c>.</summary>
    public string Timer { get; set; } = "";

    /// <summary>
    /// Which of the state's <c>every</c> lines with this trigger, counting from 0 in source order; 0 for <c>after</c>
    /// lines, which share one timer per trigger.
    /// </summary>
    public int Index { get; set; }

    /// <summary>When it elapses, on the clock of the machine's <c>TimerService</c>.</summary>
    public DateTimeOffset Due { get; set; }

    /// <summary>
    /// For an <c>every</c> line, the period it was armed with; null for <c>after</c> lines. After the restored first
    /// expiry, a periodic timer is re-armed with the duration the restored machine has for it.
    /// </summary>
    public TimeSpan? Period { get; set; }

    /// <summary>When the machine armed it, counted in armings: orders timers due at one instant. Not written to JSON (the list's order keeps it).</summary>
    internal long ArmedAt { get; set; }

    /// <summary>True when <see cref="Due"/> was computed from the timer's remaining time (not one overdue since a restore).</summary>
    internal bool ReadFromSlot { get; set; }
}

/// <summary>One deferred event.</summary>
public sealed class FsmSnapshotEvent
{
    /// <summary>The event's name.</summary>
    public string Event { get; set; } = "";

    /// <summary>Its payload as JSON (written with <see cref="FsmSnapshot.PayloadSerializerOptions"/>); null for an event without one.</summary>
    public JsonElement? Payload { get; set; }
}

/// <summary>
/// Thrown by a generated <c>Restore</c> when the snapshot names a state, event or timer the machine does not declare (or
/// not where the snapshot puts it). Nothing changed. For a renamed state, map the name with
/// <see cref="FsmSnapshot.RenameState"/> and restore again.
/// </summary>
public sealed class FsmSnapshotNameException : ArgumentException
{
    /// <summary>Creates the exception for <paramref name="name"/>, a name of the given <paramref name="kind"/>.</summary>
    public FsmSnapshotNameException(FsmSnapshotNameKind kind, string name, string message)
        : base(message, "snapshot")
    {
        Kind = kind;
        Name = name;
    }

    /// <summary>What the missing name names.</summary>
    public FsmSnapshotNameKind Kind { get; }

    /// <summary>The name the snapshot holds and the machine does not declare.</summary>
    public string Name { get; }
}

/// <summary>What a name in a snapshot names.</summary>
public enum FsmSnapshotNameKind
{
    /// <summary>A state (the current leaf, a history entry, or a timer's state).</summary>
    State,

    /// <summary>An event (a deferred one).</summary>
    Event,

    /// <summary>A timer (an armed one), by its trigger.</summary>
    Timer,
}
