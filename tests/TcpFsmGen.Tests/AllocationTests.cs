using System.Linq;
using Microsoft.CodeAnalysis;
using TcpFsmGen.Tests.Infrastructure;
using Xunit;

namespace TcpFsmGen.Tests;

/// <summary>
/// Fire allocates nothing: measured with <c>GC.GetAllocatedBytesForCurrentThread</c> around a million
/// calls to a Release build of the generated code, both on a timer service that calls back on other threads
/// (Fire takes the machine's lock) and on an event loop's (it takes none). Speed is BenchmarkDotNet's job, not this test's.
/// </summary>
public class AllocationTests
{
    private const string Probe = """
        namespace Demo.Doors
        {
            public partial class Door
            {
                private bool _blocked;
                private partial bool IsNotBlocked() => !_blocked;
                partial void Complain() => _blocked = false;

                public static long AllocatedBytes(int calls)
                {
                    var door = new Door { TimerService = new global::TcpFsmGen.Runtime.TimeProviderTimerService(new global::TcpFsmGen.Runtime.ManualTimeProvider()) };
                    // Open arms AutoClose and Close cancels it; the rest covers guards, fallbacks, ignores and internal transitions.
                    var cycle = new[] { Event.Open, Event.Knock, Event.Close, Event.Knock, Event.Lock, Event.Open, Event.Unlock, Event.Close };
                    for (var i = 0; i < 10_000; i++) door.Fire(cycle[i % cycle.Length]);   // first timer slot, JIT
                    var before = global::System.GC.GetAllocatedBytesForCurrentThread();
                    for (var i = 0; i < calls; i++)
                    {
                        if (i % 64 == 0) door._blocked = true;
                        door.Fire(cycle[i % cycle.Length]);
                    }
                    return global::System.GC.GetAllocatedBytesForCurrentThread() - before;
                }
            }
        }
        """;

    private const string LoopProbe = """
        namespace Demo.Doors
        {
            public partial class Door
            {
                private partial bool IsNotBlocked() => true;

                public static long AllocatedBytes(int calls)
                {
                    var loop = new global::TcpFsmGen.Runtime.EventLoop<Event>(timers: new global::TcpFsmGen.Runtime.TimeProviderTimerService(new global::TcpFsmGen.Runtime.ManualTimeProvider()));
                    // Expiries come through the loop: Fire takes no lock. Called here, as the loop would call it.
                    var door = new Door { TimerService = loop.TimerService };
                    var cycle = new[] { Event.Open, Event.Knock, Event.Close, Event.Lock, Event.Unlock };
                    for (var i = 0; i < 10_000; i++) door.Fire(cycle[i % cycle.Length]);
                    var before = global::System.GC.GetAllocatedBytesForCurrentThread();
                    for (var i = 0; i < calls; i++) door.Fire(cycle[i % cycle.Length]);
                    var allocated = global::System.GC.GetAllocatedBytesForCurrentThread() - before;
                    loop.StopAsync().GetAwaiter().GetResult();
                    if (door.__gate is not null) throw new global::System.InvalidOperationException("Fire made the machine's lock on loop timers.");
                    return allocated;
                }
            }
        }
        """;

    private const string QueueProbe = """
        namespace T
        {
            public partial class Rtc
            {
                partial void Act() => Fire(Event.Next);

                public static long AllocatedBytes(int calls)
                {
                    var m = new Rtc();
                    for (var i = 0; i < 10_000; i++) m.Fire(i % 2 == 0 ? Event.Go : Event.Back);
                    var before = global::System.GC.GetAllocatedBytesForCurrentThread();
                    for (var i = 0; i < calls; i++) m.Fire(i % 2 == 0 ? Event.Go : Event.Back);
                    return global::System.GC.GetAllocatedBytesForCurrentThread() - before;
                }
            }
        }
        """;

    private const string Rtc = """
        machine T.Rtc;
        events Go, Next, Back;
        initial A;
        state A { on Go -> B / Act; ignore Next, Back; }
        state B { on Next -> C; ignore Go, Back; }
        state C { on Back -> A; ignore Go, Next; }
        """;

    private static long Measure(string fsmPath, string fsm, string probe, string type)
    {
        var run = GeneratorHarness.Run(new[] { (fsmPath, fsm) }, new[] { probe }, OptimizationLevel.Release);
        var assembly = GeneratorHarness.Load(run);
        return (long)assembly.GetType(type)!.GetMethod("AllocatedBytes")!.Invoke(null, new object[] { 1_000_000 })!;
    }

    [Fact]
    public void AMillionFiresOnTheDoorAllocateNothing()
    {
        Assert.Equal(0, Measure("door.fsm", GeneratorHarness.ReadMachine("door.fsm"), Probe, "Demo.Doors.Door"));
    }

    [Fact]
    public void AMillionFiresOnAnEventLoopsTimersAllocateNothingAndTakeNoLock()
    {
        Assert.Equal(0, Measure("door.fsm", GeneratorHarness.ReadMachine("door.fsm"), LoopProbe, "Demo.Doors.Door"));
    }

    [Fact]
    public void AMillionFiresThroughTheRunToCompletionQueueAllocateNothing()
    {
        Assert.Equal(0, Measure("rtc.fsm", Rtc, QueueProbe, "T.Rtc"));
    }

    private const string Payloads = """
        machine T.Pay;
        events Data(Point p), Note(Label l), Flush;
        initial A;
        state A { on Data [IsFar(p)] -> B / Keep(p); on Data / Keep(p); on Note / Read(l); ignore Flush; }
        state B { on Data -> A / Keep(p); on Note -> A / Read(l); on Flush / Relay; }
        """;

    private const string PayloadProbe = """
        namespace T
        {
            public readonly record struct Point(int X, int Y);
            public sealed record Label(string Text);

            public partial class Pay
            {
                private long _sum;
                private Point _relayed;
                private partial bool IsFar(Point p) => p.X > 2;
                partial void Keep(Point p) { _sum += p.X; _relayed = p; }
                partial void Read(Label l) => _sum += l.Text.Length;
                // Queued from an action: the payload travels through the run-to-completion queue.
                partial void Relay() { Fire(Event.Data, _relayed); Fire(Event.Note, Shared); }

                private static readonly Label Shared = new("x");

                public static long AllocatedBytes(int calls)
                {
                    var m = new Pay();
                    var points = new[] { new Point(1, 2), new Point(3, 4), new Point(5, 6) };
                    void Cycle(int i)
                    {
                        m.Fire(Event.Data, points[i % 3]);
                        m.Fire(Event.Note, Shared);
                        if (i % 4 == 0) m.Fire(Event.Flush);
                    }
                    for (var i = 0; i < 10_000; i++) Cycle(i);
                    var before = global::System.GC.GetAllocatedBytesForCurrentThread();
                    for (var i = 0; i < calls; i++) Cycle(i);
                    return global::System.GC.GetAllocatedBytesForCurrentThread() - before;
                }
            }
        }
        """;

    [Fact]
    public void AMillionFiresWithStructAndClassPayloadsDirectAndQueuedAllocateNothing()
    {
        Assert.Equal(0, Measure("pay.fsm", Payloads, PayloadProbe, "T.Pay"));
    }
}
