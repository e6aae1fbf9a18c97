using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using TcpFsmGen.Runtime;
using Xunit;

namespace TcpFsmGen.Tests.Runtime;

/// <summary>The hierarchical timer wheel, driven by a manual clock (and, for the races, by two threads).</summary>
public class TimerWheelTests
{
    private static readonly TimeSpan Tick = TimeSpan.FromMilliseconds(10);

    /// <summary>Records each expiry with the clock's time and whether its generation was still current.</summary>
    private sealed class Recorder(ManualTimeProvider clock) : ITimerTarget
    {
        public readonly List<(int Slot, TimeSpan At, bool Current)> Fired = new();
        public TimerSlot[] Slots = Array.Empty<TimerSlot>();
        public readonly DateTimeOffset Start = clock.GetUtcNow();

        public void OnTimerElapsed(int slot, int generation)
        {
            lock (Fired) Fired.Add((slot, clock.GetUtcNow() - Start, Slots[slot].IsCurrent(generation)));
        }
    }

    private static (ManualTimeProvider Clock, TimerWheel Wheel, Recorder Target) Create(int slots, TimeSpan? granularity = null)
    {
        var clock = new ManualTimeProvider();
        var wheel = new TimerWheel(clock, granularity ?? Tick);
        var target = new Recorder(clock);
        target.Slots = Enumerable.Range(0, slots).Select(i => wheel.CreateSlot(target, i)).ToArray();
        return (clock, wheel, target);
    }

    [Fact]
    public void NoTimerFiresEarlyOrMoreThanOneGranularityLate()
    {
        var (clock, wheel, target) = Create(500);
        var random = new Random(1);
        var due = new TimeSpan[500];
        for (var i = 0; i < due.Length; i++)
        {
            // From sub-tick to beyond the first three levels (64^3 ticks = 43 minutes).
            due[i] = TimeSpan.FromTicks((long)(Math.Pow(random.NextDouble(), 4) * TimeSpan.FromHours(2).Ticks) + 1);
            target.Slots[i].Start(due[i]);
        }
        Assert.Equal(500, wheel.Count);
        clock.Advance(TimeSpan.FromHours(2) + Tick);
        Assert.Equal(500, target.Fired.Count);
        foreach (var (slot, at, current) in target.Fired)
        {
            Assert.True(current);
            Assert.True(at >= due[slot], $"slot {slot} fired at {at}, due {due[slot]}");
            Assert.True(at - due[slot] < Tick, $"slot {slot} fired {at - due[slot]} late");
        }
        Assert.Equal(0, wheel.Count);
    }

    [Fact]
    public void ACancelledTimerNeverFires()
    {
        var (clock, wheel, target) = Create(2);
        target.Slots[0].Start(TimeSpan.FromSeconds(1));
        target.Slots[1].Start(TimeSpan.FromSeconds(1));
        target.Slots[0].Cancel();
        Assert.False(target.Slots[0].IsArmed);
        clock.Advance(TimeSpan.FromSeconds(5));
        Assert.Equal(new[] { 1 }, target.Fired.Select(f => f.Slot));
    }

    [Fact]
    public void ACancelDuringTheTickThatCollectedTheTimerMakesItsExpiryStale()
    {
        // Both timers fall due in one tick; the first one's handler cancels the other, which the wheel has
        // already taken out of its bucket: the second expiry still arrives, but as not current.
        var clock = new ManualTimeProvider();
        var wheel = new TimerWheel(clock, Tick);
        var log = new List<(int Slot, bool Current)>();
        TimerSlot[] slots = null!;
        var target = new Callback((slot, generation) =>
        {
            log.Add((slot, slots[slot].IsCurrent(generation)));
            if (log.Count == 1) slots[1 - slot].Cancel();
        });
        slots = new[] { wheel.CreateSlot(target, 0), wheel.CreateSlot(target, 1) };
        slots[0].Start(TimeSpan.FromMilliseconds(101));
        slots[1].Start(TimeSpan.FromMilliseconds(102));
        clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(2, log.Count);
        Assert.True(log[0].Current);
        Assert.False(log[1].Current);
    }

    [Fact(Timeout = 60_000)]
    public async Task CancelRacingWithExpiryOnAnotherThreadNeverYieldsACurrentExpiryAfterTheCancel()
    {
        var clock = new ManualTimeProvider();
        var wheel = new TimerWheel(clock, TimeSpan.FromMilliseconds(1));
        var cancelled = 0;
        var violations = 0;
        TimerSlot slot = null!;
        var target = new Callback((_, generation) =>
        {
            // Read in this order: once 'cancelled' is seen, Cancel has returned, so the expiry must be stale.
            if (Volatile.Read(ref cancelled) == 1 && slot.IsCurrent(generation)) Interlocked.Increment(ref violations);
        });
        slot = wheel.CreateSlot(target, 0);
        for (var round = 0; round < 2_000; round++)
        {
            Volatile.Write(ref cancelled, 0);
            slot.Start(TimeSpan.FromMilliseconds(1));
            using var go = new Barrier(2);
            var advance = Task.Run(() => { go.SignalAndWait(); clock.Advance(TimeSpan.FromMilliseconds(2)); });
            go.SignalAndWait();
            slot.Cancel();
            Volatile.Write(ref cancelled, 1);
            await advance.WaitAsync(TimeSpan.FromSeconds(10));
        }
        Assert.Equal(0, violations);
    }

    [Fact]
    public void ReArmingSupersedesTheEarlierArming()
    {
        var (clock, _, target) = Create(1);
        target.Slots[0].Start(TimeSpan.FromMilliseconds(100));
        clock.Advance(TimeSpan.FromMilliseconds(50));
        target.Slots[0].Start(TimeSpan.FromMilliseconds(300));
        clock.Advance(TimeSpan.FromSeconds(2));
        var fired = Assert.Single(target.Fired);
        Assert.Equal(TimeSpan.FromMilliseconds(350), fired.At);
    }

    [Fact]
    public void AMillionTimersEachFireExactlyOnceWhenTheClockPassesThem()
    {
        var (clock, wheel, target) = Create(0);
        var counts = new int[1_000_000];
        var counter = new Callback((slot, _) => counts[slot & 0xFFFFF]++);
        var random = new Random(2);
        for (var i = 0; i < counts.Length; i++)
        {
            // Slot numbers are 16 bits on a wheel; the test's own index rides in a table.
            var slot = new IndexedTarget(counter, i).Slot(wheel);
            slot.Start(TimeSpan.FromMilliseconds(random.Next(1, 240_000)));
        }
        Assert.Equal(1_000_000, wheel.Count);
        clock.Advance(TimeSpan.FromMinutes(2));
        Assert.InRange(wheel.Count, 1, 999_999);
        clock.Advance(TimeSpan.FromMinutes(2) + Tick);
        Assert.Equal(0, wheel.Count);
        Assert.All(counts, c => Assert.Equal(1, c));
        _ = target;
    }

    [Fact]
    public void OneUnderlyingTimerServesTheWholeWheelAndAnIdleWheelDoesNotWake()
    {
        var clock = new CountingTimeProvider();
        var wheel = new TimerWheel(clock, Tick);
        var fired = 0;
        var target = new Callback((_, _) => fired++);
        var slots = Enumerable.Range(0, 1_000).Select(i => wheel.CreateSlot(target, i)).ToList();
        foreach (var slot in slots) slot.Start(TimeSpan.FromSeconds(1));
        Assert.Equal(1, clock.TimersCreated);
        clock.Manual.Advance(TimeSpan.FromSeconds(2));
        Assert.Equal(1_000, fired);
        var wakes = clock.Callbacks;
        clock.Manual.Advance(TimeSpan.FromHours(1));
        Assert.Equal(wakes, clock.Callbacks);
        // A timer an hour away wakes the wheel at each cascade, not at each tick.
        slots[0].Start(TimeSpan.FromHours(1));
        clock.Manual.Advance(TimeSpan.FromHours(1) + Tick);
        Assert.Equal(1_001, fired);
        Assert.InRange(clock.Callbacks - wakes, 1, 200);
    }

    [Fact(Timeout = 30_000)]
    public async Task AfterALongIdleOrWithAFarTimerTheWheelDoesNotWalkEveryTick()
    {
        // With 1 ms ticks, 40 days are 3.5 billion ticks: walking them one by one would not finish.
        var (clock, wheel, target) = Create(2, TimeSpan.FromMilliseconds(1));
        clock.Advance(TimeSpan.FromDays(40));
        target.Slots[0].Start(TimeSpan.FromDays(45));
        target.Slots[1].Start(TimeSpan.FromSeconds(1));
        await Task.Run(() => clock.Advance(TimeSpan.FromDays(46)));
        Assert.Equal(new[] { (1, TimeSpan.FromDays(40) + TimeSpan.FromSeconds(1), true), (0, TimeSpan.FromDays(85), true) }, target.Fired);
        Assert.Equal(0, wheel.Count);
    }

    [Fact]
    public void TheGranularityIsChecked()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new TimerWheel(new ManualTimeProvider(), TimeSpan.FromTicks(100)));
        Assert.Throws<ArgumentOutOfRangeException>(() => new TimerWheel(new ManualTimeProvider(), TimeSpan.FromMinutes(2)));
        var wheel = new TimerWheel(new ManualTimeProvider());
        Assert.Equal(TimeSpan.FromMilliseconds(10), wheel.Granularity);
        Assert.Throws<ArgumentOutOfRangeException>(() => wheel.CreateSlot(new Callback((_, _) => { }), 65_536));
        Assert.Throws<ArgumentOutOfRangeException>(() => wheel.CreateSlot(new Callback((_, _) => { }), 0).Start(TimeSpan.FromDays(50)));
    }

    private sealed class Callback(Action<int, int> action) : ITimerTarget
    {
        public void OnTimerElapsed(int slot, int generation) => action(slot, generation);
    }

    /// <summary>A target per timer, so a million timers can be told apart despite 16-bit slot numbers.</summary>
    private sealed class IndexedTarget(Callback inner, int index) : ITimerTarget
    {
        public TimerSlot Slot(TimerWheel wheel) => wheel.CreateSlot(this, 0);

        public void OnTimerElapsed(int slot, int generation) => inner.OnTimerElapsed(index, generation);
    }

    /// <summary>A manual clock that counts the timers created on it and their callbacks.</summary>
    private sealed class CountingTimeProvider : TimeProvider
    {
        public ManualTimeProvider Manual { get; } = new();
        public int TimersCreated;
        public int Callbacks;

        public override DateTimeOffset GetUtcNow() => Manual.GetUtcNow();
        public override long GetTimestamp() => Manual.GetTimestamp();
        public override long TimestampFrequency => Manual.TimestampFrequency;

        public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
        {
            TimersCreated++;
            return Manual.CreateTimer(s => { Callbacks++; callback(s); }, state, dueTime, period);
        }
    }
}
