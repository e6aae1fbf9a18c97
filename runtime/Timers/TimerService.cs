using System;

namespace TcpFsmGen.Runtime;

/// <summary>
/// Where generated machines get their timers. A machine asks for one <see cref="TimerSlot"/> per
/// <c>after</c> line when it first arms a timer, and then only starts and cancels it, so running a
/// machine does not allocate.
/// </summary>
/// <remarks>
/// <see cref="TimeProviderTimerService"/> is the default implementation: one <see cref="System.Threading.ITimer"/>
/// per slot, on any <see cref="System.TimeProvider"/>. Use <see cref="ManualTimeProvider"/> in tests to move time by hand.
/// </remarks>
public abstract class TimerService
{
    /// <summary>Timers on the real clock (<see cref="TimeProvider.System"/>).</summary>
    public static TimerService System { get; } = new TimeProviderTimerService(TimeProvider.System);

    /// <summary>The clock this service measures time with.</summary>
    public abstract TimeProvider TimeProvider { get; }

    /// <summary>
    /// True when expiries may be reported on a thread other than the one that fires the machine's events (a
    /// thread-pool timer thread, or whichever thread advances a manual clock); false only when every expiry is
    /// reported on the thread that owns the machine, as an event loop's services do. True unless a service overrides it.
    /// </summary>
    /// <remarks>
    /// A generated machine whose service answers true takes a lock of its own around <c>Start</c>, <c>Fire</c> and
    /// each expiry, so an expiry waits for a running transition instead of running beside it. One that answers false
    /// takes no lock: the service promises that nothing else calls in while the machine runs.
    /// </remarks>
    public virtual bool CallsBackOnOtherThreads => true;

    /// <summary>Creates a slot whose expiries are reported to <paramref name="target"/> with the number <paramref name="slot"/>.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="target"/> is null.</exception>
    public abstract TimerSlot CreateSlot(ITimerTarget target, int slot);
}

/// <summary>
/// One re-armable timer of one machine. Each <see cref="Start"/> or <see cref="Cancel"/> begins a new
/// generation, and an expiry reports the generation it belongs to, so an expiry that was already on
/// its way when the timer was cancelled or re-armed can be recognised as stale and dropped.
/// </summary>
public abstract class TimerSlot
{
    /// <summary>The current generation: changes on every <see cref="Start"/> and <see cref="Cancel"/>.</summary>
    public abstract int Generation { get; }

    /// <summary>True between <see cref="Start"/> and the expiry or <see cref="Cancel"/>.</summary>
    public abstract bool IsArmed { get; }

    /// <summary>Arms the timer to elapse once, <paramref name="dueTime"/> from now; replaces any earlier arming.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="dueTime"/> is negative or too long for a timer.</exception>
    public abstract void Start(TimeSpan dueTime);

    /// <summary>Disarms the timer; an expiry of an earlier arming will not be reported as current.</summary>
    public abstract void Cancel();

    /// <summary>True when <paramref name="generation"/> is the latest arming and it has not been cancelled or re-armed since.</summary>
    public bool IsCurrent(int generation) => generation == Generation;

    /// <summary>
    /// The time until the current arming elapses (zero when it is overdue), or null when the timer is not armed or
    /// the service cannot tell. Generated machines answer <c>TimeRemaining</c> with it.
    /// </summary>
    public virtual TimeSpan? Remaining => null;
}
