using System;
using System.Threading;
using System.Threading.Tasks;
using BenchmarkDotNet.Attributes;
using TcpFsmGen.Runtime;

namespace TcpFsmGen.Benchmarks;

/// <summary>
/// Arming and cancelling 1,000,000 timers: on a <see cref="TimerWheel"/> (slots created once, as a machine
/// does), against creating and disposing an <see cref="ITimer"/> from <see cref="TimeProvider.System"/>, which is
/// what a machine without a wheel would need per timer. On the real clock; no timer is due within the run.
/// <c>Wheel_</c>: the thread-safe wheel, on the benchmark's thread. <c>LoopWheel_</c>: a wheel that belongs to an
/// event loop (<see cref="EventLoop{TEvent}.CreateTimerWheel"/>), armed and cancelled on the loop, in one
/// <see cref="EventLoop{TEvent}.InvokeAsync"/> per 1,000,000 timers.
/// </summary>
[MemoryDiagnoser]
public class TimerBenchmarks
{
    private const int Timers = 1_000_000;
    private static readonly TimeSpan Due = TimeSpan.FromMinutes(4);
    private TimerWheel _wheel = null!;
    private TimerSlot[] _slots = null!;
    private EventLoop<Nothing.Event> _loop = null!;
    private TimerSlot[] _loopSlots = null!;
    private Action _loopArmAndCancel = null!;
    private Action _loopArmAll = null!;
    private Action _loopCancelAll = null!;
    private ManualTimeProvider _clock = null!;
    private EventLoop<Nothing.Event> _manualLoop = null!;
    private TimerWheel _manualWheel = null!;
    private TimerSlot[] _manualSlots = null!;
    private Action _manualArmAll = null!;
    private Action _manualCancelAll = null!;

    private sealed class Nothing : ITimerTarget
    {
        public enum Event { None }

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

        _loop = new EventLoop<Nothing.Event>();
        var loopWheel = _loop.CreateTimerWheel(TimeProvider.System);
        _loopSlots = new TimerSlot[Timers];
        for (var i = 0; i < Timers; i++) _loopSlots[i] = loopWheel.CreateSlot(target, i & 0xFFFF);
        _loopArmAndCancel = () => ArmAndCancel(_loopSlots);
        _loopArmAll = () => ArmAll(_loopSlots);
        _loopCancelAll = () => CancelAll(_loopSlots);

        _clock = new ManualTimeProvider();
        _manualLoop = new EventLoop<Nothing.Event>();
        _manualWheel = _manualLoop.CreateTimerWheel(_clock);
        _manualSlots = new TimerSlot[Timers];
        for (var i = 0; i < Timers; i++) _manualSlots[i] = _manualWheel.CreateSlot(target, i & 0xFFFF);
        _manualArmAll = () => ArmAll(_manualSlots);
        _manualCancelAll = () => CancelAll(_manualSlots);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _wheel.Dispose();
        _loop.StopAsync().GetAwaiter().GetResult();
        _manualLoop.StopAsync().GetAwaiter().GetResult();
    }

    private static void ArmAndCancel(TimerSlot[] slots)
    {
        for (var i = 0; i < slots.Length; i++)
        {
            slots[i].Start(Due);
            slots[i].Cancel();
        }
    }

    private static void ArmAll(TimerSlot[] slots)
    {
        for (var i = 0; i < slots.Length; i++) slots[i].Start(Due);
    }

    private static void CancelAll(TimerSlot[] slots)
    {
        for (var i = 0; i < slots.Length; i++) slots[i].Cancel();
    }

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
    public void Wheel_ArmAndCancel() => ArmAndCancel(_slots);

    [Benchmark(OperationsPerInvoke = Timers)]
    public void Wheel_ArmAllThenCancelAll()
    {
        ArmAll(_slots);
        CancelAll(_slots);
    }

    [Benchmark(OperationsPerInvoke = Timers)]
    public Task LoopWheel_ArmAndCancel() => _loop.InvokeAsync(_loopArmAndCancel);

    [Benchmark(OperationsPerInvoke = Timers)]
    public async Task LoopWheel_ArmAllThenCancelAll()
    {
        await _loop.InvokeAsync(_loopArmAll);
        await _loop.InvokeAsync(_loopCancelAll);
    }

    /// <summary>
    /// As <see cref="LoopWheel_ArmAllThenCancelAll"/>, but a tick runs between the two (a manual clock moved by one
    /// granularity), which reads the clock and places every timer in its bucket: the work an arm defers to the tick.
    /// </summary>
    [Benchmark(OperationsPerInvoke = Timers)]
    public async Task LoopWheel_ArmAllTickCancelAll()
    {
        await _manualLoop.InvokeAsync(_manualArmAll);
        _clock.Advance(_manualWheel.Granularity);
        await _manualLoop.InvokeAsync(_manualCancelAll);
    }
}
