namespace TcpFsmGen.Runtime;

/// <summary>
/// Receives timer expiries. Generated machines implement it explicitly; user code does not call it.
/// </summary>
public interface ITimerTarget
{
    /// <summary>
    /// Called when the timer in <paramref name="slot"/> elapses. <paramref name="generation"/> identifies
    /// the arming that elapsed; <see cref="TimerSlot.IsCurrent(int)"/> tells whether it is still the live one.
    /// </summary>
    void OnTimerElapsed(int slot, int generation);
}
