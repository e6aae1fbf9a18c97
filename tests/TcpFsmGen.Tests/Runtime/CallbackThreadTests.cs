using System;
using System.Collections.Generic;
using System.Reflection;
using System.Threading;
using System.Threading.Tasks;
using TcpFsmGen.Runtime;
using TcpFsmGen.Tests.Infrastructure;
using Xunit;

namespace TcpFsmGen.Tests.Runtime;

/// <summary>
/// Which timer services call back on other threads (<see cref="TimerService.CallsBackOnOtherThreads"/>), and what a
/// generated machine does about it: on such a service, its actions run inside the machine's own lock, which every exit
/// (an exception included) releases; on an event loop's services, and without timers, it has no lock at all.
/// <see cref="TimerRaceTests"/> races the two threads.
/// </summary>
public class CallbackThreadTests
{
    public enum Probe { A }

    private const string Fsm = """
        machine T.Gated;
        events Go, Echo, Back;
        timer Wait = 1s;
        initial A;
        state A { entry / EnterA; on Go -> B / Went; ignore Echo, Back; }
        state B { on Echo / Echoed; on Back -> A; after Wait -> A / Expired; ignore Go; }
        """;

    private static readonly Lazy<Type> s_type = new(() => LiveMachine.CompileType(Fsm, "gated.fsm"));

    private sealed class AnyService : TimerService
    {
        public override TimeProvider TimeProvider => TimeProvider.System;

        public override TimerSlot CreateSlot(ITimerTarget target, int slot) => throw new NotSupportedException();
    }

    /// <summary>The machine's lock, or null while it has none.</summary>
    private static object? Gate(LiveMachine m)
        => m.Instance.GetType().GetField("__gate", BindingFlags.Instance | BindingFlags.NonPublic)!.GetValue(m.Instance);

    [Fact]
    public async Task EachServiceSaysWhetherItCallsBackOnOtherThreads()
    {
        var clock = new ManualTimeProvider();
        Assert.True(TimerService.System.CallsBackOnOtherThreads);
        Assert.True(new TimeProviderTimerService(clock).CallsBackOnOtherThreads);
        using var wheel = new TimerWheel(clock);
        Assert.True(wheel.CallsBackOnOtherThreads);
        Assert.True(new AnyService().CallsBackOnOtherThreads);     // a service of the user's own: the safe answer
        await using var loop = new EventLoop<Probe>(timers: new TimeProviderTimerService(clock));
        Assert.False(loop.TimerService.CallsBackOnOtherThreads);
        Assert.False(loop.CreateTimerWheel(clock).CallsBackOnOtherThreads);
    }

    [Fact]
    public void OnAServiceThatCallsBackElsewhereEveryActionRunsInsideTheMachinesLock()
    {
        var m = LiveMachine.New(s_type.Value);     // a TimeProviderTimerService on a manual clock
        var seen = new List<string>();
        m.OnLog = name =>
        {
            seen.Add(name + (Gate(m) is { } gate && Monitor.IsEntered(gate) ? " locked" : " unlocked"));
            if (name == "Went") m.Fire("Echo");    // queued: the lock is re-entrant, and run to completion still holds
        };
        m.Start();
        Assert.False(Monitor.IsEntered(Gate(m)!));
        m.Fire("Go");
        Assert.False(Monitor.IsEntered(Gate(m)!));
        m.Advance(TimeSpan.FromSeconds(1));    // the expiry, on the thread that moves the clock
        Assert.False(Monitor.IsEntered(Gate(m)!));
        Assert.Equal(new[] { "EnterA locked", "Went locked", "A->B locked", "Echoed locked", "Expired locked", "EnterA locked", "B->A locked" }, seen);
    }

    [Fact]
    public async Task AnExceptionInAnActionReleasesTheLock()
    {
        var m = LiveMachine.New(s_type.Value);
        m.OnLog = name =>
        {
            if (name == "Went") throw new InvalidOperationException("from Went");
        };
        Assert.Equal("from Went", Assert.Throws<InvalidOperationException>(() => m.Fire("Go")).Message);
        var gate = Gate(m)!;
        Assert.False(Monitor.IsEntered(gate));
        // Another thread can take it at once: nothing still holds it.
        Assert.True(await Task.Run(() =>
        {
            if (!Monitor.TryEnter(gate)) return false;
            Monitor.Exit(gate);
            return true;
        }));
        m.OnLog = null;
        Assert.True(m.Fire("Back"));
        Assert.Equal("A", m.Current);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task OnAnEventLoopsTimersTheMachineTakesNoLock(bool loopsOwnWheel)
    {
        var clock = new ManualTimeProvider();
        await using var loop = new EventLoop<Probe>(timers: new TimeProviderTimerService(clock));
        var m = LiveMachine.New(s_type.Value);
        var timers = loopsOwnWheel ? loop.CreateTimerWheel(clock, TimeSpan.FromMilliseconds(10)) : loop.TimerService;
        m.Instance.GetType().GetProperty("TimerService")!.SetValue(m.Instance, timers);
        var seen = new List<string>();
        m.OnLog = name => seen.Add(name + (Gate(m) is null ? "" : " with a lock"));
        await loop.InvokeAsync(() => m.Fire("Go"));
        // A wheel of the loop's own places the timer at its next tick, and fires it at the tick at or after its due time.
        for (var step = 0; step < 3 && m.Current != "A"; step++)
        {
            clock.Advance(TimeSpan.FromSeconds(1));
            await loop.InvokeAsync(() => { });
        }
        Assert.Equal(new[] { "EnterA", "Went", "A->B", "Expired", "EnterA", "B->A" }, seen);
        Assert.Null(Gate(m));
    }

    [Fact]
    public void AMachineWithoutTimersHasNoLock()
    {
        var type = LiveMachine.CompileType("""
            machine T.Plain;
            events Go;
            initial A;
            state A { on Go -> B; }
            state B { on Go -> A; }
            """, "plain.fsm");
        const BindingFlags Private = BindingFlags.Instance | BindingFlags.NonPublic;
        Assert.Null(type.GetField("__gate", Private));
        Assert.Null(type.GetField("__lockFree", Private));
        Assert.Null(type.GetMethod("__FireLocked", Private));
    }
}
