using System;
using System.Diagnostics;

namespace TcpFsmGen;

/// <summary>
/// Declares the <c>partial class</c> it is on as a state machine whose states and events are the members
/// of two enums of yours. The generator adds <c>Current</c>, <c>IsIn</c>, <c>Start</c>, <c>Fire</c> and the
/// <c>OnUnhandled</c> / <c>OnTransition</c> hooks, exactly as for a <c>.fsm</c> file, but typed with your enums.
/// </summary>
/// <remarks>
/// Every member of <see cref="StateType"/> is a state and every member of <see cref="EventType"/> an event.
/// States are top-level unless a <see cref="SubstateAttribute"/> places them in a composite. The other
/// attributes on the class (<see cref="TransitionAttribute"/>, <see cref="IgnoreAttribute"/>, ...) are read
/// in declaration order, which is the order guards are tried in. The attributes exist only for the
/// generator: they are not compiled into your assembly.
/// </remarks>
/// <example>
/// <code>
/// [StateMachine(typeof(DoorState), typeof(DoorEvent), Initial = DoorState.Closed)]
/// [Transition(DoorState.Closed, DoorEvent.Open, DoorState.Opened, Guard = nameof(IsNotBlocked))]
/// [Transition(DoorState.Opened, DoorEvent.Close, DoorState.Closed)]
/// public partial class Door
/// {
///     private bool IsNotBlocked() => true;
/// }
/// </code>
/// </example>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = false, Inherited = false)]
[Conditional("TCPFSMGEN_KEEP_ATTRIBUTES")]
public sealed class StateMachineAttribute : Attribute
{
    /// <summary>Declares a machine over the states of <paramref name="stateType"/> and the events of <paramref name="eventType"/>.</summary>
    /// <param name="stateType">An enum: each member is a state.</param>
    /// <param name="eventType">An enum: each member is an event.</param>
    public StateMachineAttribute(Type stateType, Type eventType)
    {
        StateType = stateType;
        EventType = eventType;
    }

    /// <summary>The enum of states.</summary>
    public Type StateType { get; }

    /// <summary>The enum of events.</summary>
    public Type EventType { get; }

    /// <summary>The top-level state the machine starts in (a member of <see cref="StateType"/>); required.</summary>
    public object? Initial { get; set; }
}
