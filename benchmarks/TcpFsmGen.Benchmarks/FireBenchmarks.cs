using System;
using BenchmarkDotNet.Attributes;
using Demo.Doors;
using TcpFsmGen.Runtime;

namespace TcpFsmGen.Benchmarks;

/// <summary>
/// <c>Fire</c> on the generated door against the same door written by hand. Each invocation fires 600 events:
/// <c>Dispatch</c> stays in Shut (lock, knock, unlock, a knock, and two ignored events: no timer), <c>WithTimer</c>
/// cycles through Opened, arming and cancelling AutoClose on a <see cref="TimerWheel"/>.
/// </summary>
[MemoryDiagnoser]
public class FireBenchmarks
{
    private const int Rounds = 100;
    private static readonly Door.Event[] s_dispatch = { Door.Event.Lock, Door.Event.Knock, Door.Event.Open, Door.Event.Unlock, Door.Event.Close, Door.Event.Knock };
    private static readonly HandWrittenDoor.Event[] s_dispatchHand = { HandWrittenDoor.Event.Lock, HandWrittenDoor.Event.Knock, HandWrittenDoor.Event.Open, HandWrittenDoor.Event.Unlock, HandWrittenDoor.Event.Close, HandWrittenDoor.Event.Knock };
    private static readonly Door.Event[] s_timer = { Door.Event.Open, Door.Event.Knock, Door.Event.Close, Door.Event.Lock, Door.Event.Knock, Door.Event.Unlock };
    private static readonly HandWrittenDoor.Event[] s_timerHand = { HandWrittenDoor.Event.Open, HandWrittenDoor.Event.Knock, HandWrittenDoor.Event.Close, HandWrittenDoor.Event.Lock, HandWrittenDoor.Event.Knock, HandWrittenDoor.Event.Unlock };

    private Door _generated = null!;
    private HandWrittenDoor _hand = null!;
    private TimerWheel _wheel = null!;

    [GlobalSetup]
    public void Setup()
    {
        _wheel = new TimerWheel(new ManualTimeProvider());
        _generated = new Door { TimerService = _wheel };
        _hand = new HandWrittenDoor(_wheel);
        _generated.Start();
    }

    [GlobalCleanup]
    public void Cleanup() => _wheel.Dispose();

    [Benchmark(Baseline = true, OperationsPerInvoke = Rounds * 6), BenchmarkCategory("Dispatch")]
    public int HandWritten_Dispatch()
    {
        var door = _hand;
        for (var r = 0; r < Rounds; r++)
        {
            foreach (var e in s_dispatchHand) door.Fire(e);
        }
        return door.Actions;
    }

    [Benchmark(OperationsPerInvoke = Rounds * 6), BenchmarkCategory("Dispatch")]
    public int Generated_Dispatch()
    {
        var door = _generated;
        for (var r = 0; r < Rounds; r++)
        {
            foreach (var e in s_dispatch) door.Fire(e);
        }
        return door.Actions;
    }

    [Benchmark(OperationsPerInvoke = Rounds * 6), BenchmarkCategory("WithTimer")]
    public int HandWritten_WithTimer()
    {
        var door = _hand;
        for (var r = 0; r < Rounds; r++)
        {
            foreach (var e in s_timerHand) door.Fire(e);
        }
        return door.Actions;
    }

    [Benchmark(OperationsPerInvoke = Rounds * 6), BenchmarkCategory("WithTimer")]
    public int Generated_WithTimer()
    {
        var door = _generated;
        for (var r = 0; r < Rounds; r++)
        {
            foreach (var e in s_timer) door.Fire(e);
        }
        return door.Actions;
    }
}
