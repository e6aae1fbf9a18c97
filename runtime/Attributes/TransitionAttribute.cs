using System;
using System.Diagnostics;

namespace TcpFsmGen;

/// <summary>
/// An external transition: in <see cref="From"/> (or any of its substates), <see cref="Event"/> leads to
/// <see cref="To"/> (<c>on Event [Guard] -&gt; To / Actions;</c> in a <c>.fsm</c> file). Transitions for one
/// event in one state are tried in the order the attributes are written.
/// </summary>
/// <example><c>[Transition(DoorState.Closed, DoorEvent.Open, DoorState.Opened, Guard = nameof(IsNotBlocked), Actions = new[] { nameof(LightOn) })]</c></example>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = true, Inherited = false)]
[Conditional("TCPFSMGEN_KEEP_ATTRIBUTES")]
public sealed class TransitionAttribute : Attribute
{
    /// <summary>Declares the transition from <paramref name="from"/> on <paramref name="event"/> to <paramref name="to"/>.</summary>
    /// <param name="from">The state that handles the event: a member of the machine's state enum.</param>
    /// <param name="event">The event: a member of the machine's event enum.</param>
    /// <param name="to">The target state.</param>
    public TransitionAttribute(object from, object @event, object to)
    {
        From = from;
        Event = @event;
        To = to;
    }

    /// <summary>The state that handles the event.</summary>
    public object From { get; }

    /// <summary>The event.</summary>
    public object Event { get; }

    /// <summary>The target state.</summary>
    public object To { get; }

    /// <summary>
    /// A method <c>bool M()</c> of the class: the transition is taken only when it returns true. For an event with an
    /// <see cref="EventPayloadAttribute"/>, a method <c>bool M(T p)</c> of the payload's type receives the payload.
    /// </summary>
    public string? Guard { get; set; }

    /// <summary>A method <c>bool M()</c> (or <c>bool M(T p)</c>, as for <see cref="Guard"/>): the transition is taken only when it returns false (<c>[!M]</c>).</summary>
    public string? Unless { get; set; }

    /// <summary>
    /// Methods <c>void M()</c> of the class, run in order between the exits and the entries. For an event with an
    /// <see cref="EventPayloadAttribute"/>, a method <c>void M(T p)</c> of the payload's type receives the payload.
    /// </summary>
    public string[]? Actions { get; set; }
}

/// <summary>
/// An internal transition: in <see cref="State"/>, <see cref="Event"/> runs <see cref="Actions"/> and
/// nothing is exited or entered (<c>on Event [Guard] / Actions;</c> in a <c>.fsm</c> file).
/// </summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = true, Inherited = false)]
[Conditional("TCPFSMGEN_KEEP_ATTRIBUTES")]
public sealed class InternalTransitionAttribute : Attribute
{
    /// <summary>Declares an internal transition in <paramref name="state"/> on <paramref name="event"/>.</summary>
    /// <param name="state">The state that handles the event: a member of the machine's state enum.</param>
    /// <param name="event">The event: a member of the machine's event enum.</param>
    public InternalTransitionAttribute(object state, object @event)
    {
        State = state;
        Event = @event;
    }

    /// <summary>The state that handles the event.</summary>
    public object State { get; }

    /// <summary>The event.</summary>
    public object Event { get; }

    /// <summary>
    /// A method <c>bool M()</c> of the class: the transition is taken only when it returns true. For an event with an
    /// <see cref="EventPayloadAttribute"/>, a method <c>bool M(T p)</c> of the payload's type receives the payload.
    /// </summary>
    public string? Guard { get; set; }

    /// <summary>A method <c>bool M()</c> (or <c>bool M(T p)</c>, as for <see cref="Guard"/>): the transition is taken only when it returns false (<c>[!M]</c>).</summary>
    public string? Unless { get; set; }

    /// <summary>
    /// Methods <c>void M()</c> of the class, run in order; none means the event is consumed and nothing happens. For an
    /// event with an <see cref="EventPayloadAttribute"/>, a method <c>void M(T p)</c> of the payload's type receives the payload.
    /// </summary>
    public string[]? Actions { get; set; }
}
