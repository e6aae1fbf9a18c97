// The door of the language reference (door.fsm), declared with attributes.
using TcpFsmGen;

namespace Demo.Doors;

public enum DoorState { Opened, Shut, Closed, Locked }

public enum DoorEvent { Open, Close, Lock, Unlock, Knock }

[StateMachine(typeof(DoorState), typeof(DoorEvent), Initial = DoorState.Shut)]
[Timer("AutoClose", Milliseconds = 30_000)]
[Entry(DoorState.Opened, nameof(LightOn))]
[Exit(DoorState.Opened, nameof(LightOff))]
[Transition(DoorState.Opened, DoorEvent.Close, DoorState.Closed)]
[After(DoorState.Opened, "AutoClose", DoorState.Closed, Actions = new[] { nameof(Beep) })]
[Ignore(DoorState.Opened, DoorEvent.Open, DoorEvent.Knock, DoorEvent.Lock, DoorEvent.Unlock)]
[InternalTransition(DoorState.Shut, DoorEvent.Knock, Actions = new[] { nameof(Answer) })]
[Substate(DoorState.Closed, DoorState.Shut, Initial = true)]
[Transition(DoorState.Closed, DoorEvent.Open, DoorState.Opened, Guard = nameof(IsNotBlocked))]
[Transition(DoorState.Closed, DoorEvent.Open, DoorState.Closed, Actions = new[] { nameof(Complain) })]
[Transition(DoorState.Closed, DoorEvent.Lock, DoorState.Locked)]
[Ignore(DoorState.Closed, DoorEvent.Close, DoorEvent.Unlock)]
[Substate(DoorState.Locked, DoorState.Shut)]
[Transition(DoorState.Locked, DoorEvent.Unlock, DoorState.Closed)]
[Ignore(DoorState.Locked, DoorEvent.Open, DoorEvent.Close, DoorEvent.Lock)]
public partial class Door
{
}
