using System;
using Stateless;
using TcpFsmGen.Runtime;

namespace Demo.Doors;

/// <summary>
/// The same door as a Stateless <see cref="StateMachine{TState, TTrigger}"/>, configured the way its documentation
/// shows: Closed and Locked are substates of Shut (<c>SubstateOf</c>, with Shut's <c>InitialTransition</c>), the
/// guarded Open is a <c>PermitIf</c> with its fallback a <c>PermitReentryIf</c> on the opposite guard (Stateless
/// refuses two guards that both hold, where the generated door takes the first), Shut's Knock an
/// <c>InternalTransition</c>, the ignores <c>Ignore</c>, LightOn and LightOff entry and exit actions, and the
/// actions of a transition with a target entry actions of that target for that trigger (<c>OnEntryFrom</c>).
/// AutoClose is armed and cancelled on the same <see cref="TimerService"/> as the other two doors; its expiry
/// fires a trigger of its own. Queued firing (run to completion, as the generated door); an unhandled trigger
/// calls <c>OnUnhandledTrigger</c> instead of throwing.
/// </summary>
public sealed class StatelessDoor : ITimerTarget
{
    public enum State { Opened, Shut, Closed, Locked }
    public enum Trigger { Open, Close, Lock, Unlock, Knock, AutoClose }

    private readonly StateMachine<State, Trigger> _machine;
    private readonly TimerService _timers;
    private TimerSlot? _autoClose;
    public int Actions;
    public int Unhandled;
    public bool Blocked;

    public StatelessDoor(TimerService timers)
    {
        _timers = timers;
        _machine = new StateMachine<State, Trigger>(State.Closed, FiringMode.Queued);
        _machine.OnUnhandledTrigger((_, _) => Unhandled++);

        _machine.Configure(State.Opened)
            .OnEntry(() =>
            {
                Actions++;                                                  // LightOn
                (_autoClose ??= _timers.CreateSlot(this, 0)).Start(TimeSpan.FromSeconds(30));
            })
            .OnExit(() =>
            {
                _autoClose!.Cancel();
                Actions++;                                                  // LightOff
            })
            .Permit(Trigger.Close, State.Closed)
            .Permit(Trigger.AutoClose, State.Closed)
            .Ignore(Trigger.Open)
            .Ignore(Trigger.Knock)
            .Ignore(Trigger.Lock)
            .Ignore(Trigger.Unlock);

        _machine.Configure(State.Shut)
            .InitialTransition(State.Closed)
            .InternalTransition(Trigger.Knock, () => Actions++);            // Answer

        _machine.Configure(State.Closed)
            .SubstateOf(State.Shut)
            .PermitIf(Trigger.Open, State.Opened, () => !Blocked)           // IsNotBlocked
            .PermitReentryIf(Trigger.Open, () => Blocked)
            .OnEntryFrom(Trigger.Open, () => Actions++)                     // Complain
            .OnEntryFrom(Trigger.AutoClose, () => Actions++)                // Beep
            .Permit(Trigger.Lock, State.Locked)
            .Ignore(Trigger.Close)
            .Ignore(Trigger.Unlock);

        _machine.Configure(State.Locked)
            .SubstateOf(State.Shut)
            .Permit(Trigger.Unlock, State.Closed)
            .Ignore(Trigger.Open)
            .Ignore(Trigger.Close)
            .Ignore(Trigger.Lock);
    }

    public State Current => _machine.State;

    public void Fire(Trigger trigger) => _machine.Fire(trigger);

    void ITimerTarget.OnTimerElapsed(int slot, int generation)
    {
        if (_autoClose!.IsCurrent(generation)) _machine.Fire(Trigger.AutoClose);
    }
}
