using System;
using System.Threading;
using BenchmarkDotNet.Attributes;
using TcpFsmGen.Runtime;

namespace TcpFsmGen.Benchmarks;

/// <summary>
/// Arming and cancelling 1,000,000 timers: on a <see cref="TimerWheel"/> (slots created once, as a machine
/// does), against creating and disposing an <see cref="ITimer"/> from <see cref="TimeProvider.System"/>, which is
/// what a machine without a wheel would need per timer. Both on the real clock; no timer is due within the run.
/// </summary>
[MemoryDiagnoser]
public class TimerBenchmarks
{
    private const int Timers = 1_000_000;
    private static readonly TimeSpan Due = TimeSpan.FromMinutes(4);
    private TimerWheel _wheel = null!;
    private TimerSlot[] _slots = null!;

    private sealed class Nothing : ITimerTarget
    {
        public void OnTimerElapsed(int slot, int generation)
        {
        }
    }

    [GlobalSetup]
    public void Setup()
    {
        _wheel = new TimerWheel(TimeProvider.System);
        var target = new Nothing();
        _slots = new TimerSlot[Timers];
        for (var i = 0; i < Timers; i++) _slots[i] = _wheel.CreateSlot(target, i & 0xFFFF);
    }

    [GlobalCleanup]
    public void Cleanup() => _wheel.Dispose();

    [Benchmark(Baseline = true, OperationsPerInvoke = Timers)]
    public void ITimer_CreateAndDispose()
    {
        for (var i = 0; i < Timers; i++)
        {
            var timer = TimeProvider.System.CreateTimer(static _ => { }, null, Due, Timeout.InfiniteTimeSpan);
            timer.Dispose();
        }
    }

    // What an arm and a cancel cannot avoid on a thread-safe wheel that never fires early: a read of the
    // clock (to place the deadline) and two uncontended lock acquisitions.
    private readonly object _gate = new();

    [Benchmark(OperationsPerInvoke = Timers)]
    public long Part_ClockRead()
    {
        long sum = 0;
        for (var i = 0; i < Timers; i++) sum += TimeProvider.System.GetTimestamp();
        return sum;
    }

    [Benchmark(OperationsPerInvoke = Timers)]
    public int Part_TwoLocks()
    {
        var n = 0;
        for (var i = 0; i < Timers; i++)
        {
            lock (_gate) n++;
            lock (_gate) n--;
        }
        return n;
    }

    [Benchmark(OperationsPerInvoke = Timers)]
    public void Wheel_ArmAndCancel()
    {
        var slots = _slots;
        for (var i = 0; i < slots.Length; i++)
        {
            slots[i].Start(Due);
            slots[i].Cancel();
        }
    }

    [Benchmark(OperationsPerInvoke = Timers)]
    public void Wheel_ArmAllThenCancelAll()
    {
        var slots = _slots;
        for (var i = 0; i < slots.Length; i++) slots[i].Start(Due);
        for (var i = 0; i < slots.Length; i++) slots[i].Cancel();
    }
}
