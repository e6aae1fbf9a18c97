namespace TcpFsmGen.Runtime;

/// <summary>
/// What a <see cref="TimerWheel"/> that belongs to an event loop needs from it: its ticks run on the loop, and
/// so do the expiries they collect. While the loop delivers on a thread, it marks itself there with
/// <see cref="TimerWheel.EnterOwner"/>; the wheel's arms and cancels check that mark instead of taking a lock.
/// </summary>
internal interface ITimerWheelOwner
{
    /// <summary>Called on any thread when the wheel's underlying timer elapses: run <see cref="TimerWheel.RunOwnedTick"/> on the owner.</summary>
    void ScheduleTick(TimerWheel wheel);

    /// <summary>Called on the owner, from <see cref="TimerWheel.RunOwnedTick"/>, once per expiry.</summary>
    void DeliverExpiry(ITimerTarget target, int slot, int generation);
}
