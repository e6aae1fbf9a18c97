using System;

namespace TcpFsmGen.Runtime;

/// <summary>
/// What every generated machine is, seen from outside: something that takes events. Generated classes
/// implement it (with their <c>Event</c> enum, or the user's event enum for the attribute form), so an
/// <see cref="EventLoop{TEvent}"/> can deliver to any of them without delegates or boxing.
/// </summary>
/// <typeparam name="TEvent">The machine's event enum.</typeparam>
public interface IStateMachine<TEvent>
    where TEvent : struct, Enum
{
    /// <summary>Delivers <paramref name="e"/>; see the generated <c>Fire</c>.</summary>
    /// <returns>True when the event was handled (or ignored); false when it was unhandled.</returns>
    bool Fire(TEvent e);
}

/// <summary>
/// A machine whose events may carry a payload of type <typeparamref name="TPayload"/>: generated classes implement it
/// once per payload type their events declare, so an <see cref="EventLoop{TEvent}"/> can deliver payloads too.
/// </summary>
/// <typeparam name="TEvent">The machine's event enum.</typeparam>
/// <typeparam name="TPayload">The payload type.</typeparam>
public interface IStateMachine<TEvent, in TPayload> : IStateMachine<TEvent>
    where TEvent : struct, Enum
{
    /// <summary>Delivers <paramref name="e"/> with <paramref name="payload"/>; see the generated <c>Fire(Event, T)</c>.</summary>
    /// <returns>True when the event was handled, ignored or deferred; false when it was unhandled.</returns>
    /// <exception cref="ArgumentException"><paramref name="e"/> does not carry a payload of this type.</exception>
    bool Fire(TEvent e, TPayload payload);
}

/// <summary>
/// A machine that can be saved and brought back, its timers included: every generated class implements it (see the
/// language reference, snapshot and restore, and <c>docs/runtime.md</c>, persistence).
/// </summary>
public interface ISnapshotStateMachine
{
    /// <summary>The machine's whole own state; see the generated <c>TakeSnapshot</c>.</summary>
    /// <exception cref="InvalidOperationException">Called while a transition runs (from an action).</exception>
    FsmSnapshot TakeSnapshot();

    /// <summary>Puts a machine that has not started into <paramref name="snapshot"/>'s state; see the generated <c>Restore</c>.</summary>
    /// <exception cref="InvalidOperationException">The machine has started; nothing changed.</exception>
    /// <exception cref="ArgumentException">The snapshot names something the machine does not declare, or does not fit it; nothing changed.</exception>
    void Restore(FsmSnapshot snapshot);
}

/// <summary>A machine with timers: generated classes whose machine declares an <c>after</c> or <c>every</c> line implement it.</summary>
public interface ITimedStateMachine
{
    /// <summary>Where the machine's timers come from; see the generated <c>TimerService</c>.</summary>
    TimerService TimerService { get; set; }
}
