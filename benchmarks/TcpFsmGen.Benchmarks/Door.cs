using TcpFsmGen.Runtime;

namespace Demo.Doors;

/// <summary>The user half of the generated door: each action counts, so none is optimised away.</summary>
public partial class Door
{
    public int Actions;
    public bool Blocked;

    private partial bool IsNotBlocked() => !Blocked;

    partial void LightOn() => Actions++;
    partial void LightOff() => Actions++;
    partial void Beep() => Actions++;
    partial void Answer() => Actions++;
    partial void Complain() => Actions++;
}

/// <summary>
/// The same door written by hand, the way one would without a generator: a switch on the state and then
/// the event, the same actions, the AutoClose timer armed on entering Opened and cancelled on leaving it.
/// It has no run-to-completion queue and no hooks; the generated one has both. Like the generated one, it
/// returns false for an event no state handles (a value outside <see cref="Event"/>).
/// </summary>
public sealed class HandWrittenDoor : ITimerTarget
{
    public enum State { Opened, Shut, Closed, Locked }
    public enum Event { Open, Close, Lock, Unlock, Knock }

    private readonly TimerService _timers;
    private TimerSlot? _autoClose;
    private State _current = State.Closed;
    public int Actions;
    public bool Blocked;

    public HandWrittenDoor(TimerService timers) => _timers = timers;

    public State Current => _current;

    public bool Fire(Event e)
    {
        switch (_current)
        {
            case State.Opened:
                switch (e)
                {
                    case Event.Close:
                        _autoClose!.Cancel();
                        Actions++;                      // LightOff
                        _current = State.Closed;
                        return true;
                    case Event.Open:
                    case Event.Knock:
                    case Event.Lock:
                    case Event.Unlock:
                        return true;                    // ignore Open, Knock, Lock, Unlock
                }
                break;
            case State.Closed:
                switch (e)
                {
                    case Event.Open:
                        if (!Blocked)
                        {
                            _current = State.Opened;
                            Actions++;                  // LightOn
                            (_autoClose ??= _timers.CreateSlot(this, 0)).Start(System.TimeSpan.FromSeconds(30));
                            return true;
                        }
                        Actions++;                      // Complain
                        return true;
                    case Event.Lock:
                        _current = State.Locked;
                        return true;
                    case Event.Knock:
                        Actions++;                      // Answer
                        return true;
                    case Event.Close:
                    case Event.Unlock:
                        return true;                    // ignore Close, Unlock
                }
                break;
            case State.Locked:
                switch (e)
                {
                    case Event.Unlock:
                        _current = State.Closed;
                        return true;
                    case Event.Knock:
                        Actions++;                      // Answer
                        return true;
                    case Event.Open:
                    case Event.Close:
                    case Event.Lock:
                        return true;                    // ignore Open, Close, Lock
                }
                break;
        }
        return false;
    }

    void ITimerTarget.OnTimerElapsed(int slot, int generation)
    {
        if (_current != State.Opened || !_autoClose!.IsCurrent(generation)) return;
        Actions++;                                      // LightOff
        Actions++;                                      // Beep
        _current = State.Closed;
    }
}
