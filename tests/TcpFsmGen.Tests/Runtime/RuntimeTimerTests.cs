using System;
using System.Collections.Generic;
using System.Threading;
using TcpFsmGen.Runtime;
using Xunit;

namespace TcpFsmGen.Tests.Runtime;

/// <summary>The runtime's timer slot and manual clock, without a generated machine.</summary>
public class RuntimeTimerTests
{
    private sealed class Target : ITimerTarget
    {
        public List<(int Slot, int Generation)> Elapsed { get; } = new();

        public void OnTimerElapsed(int slot, int generation) => Elapsed.Add((slot, generation));
    }

    /// <summary>A clock whose single timer fires only when the test says, early or late, like a misbehaving OS timer.</summary>
    private sealed class ScriptedClock : TimeProvider
    {
        public long Now { get; set; }
        public TimerCallback? Callback { get; private set; }
        public object? State { get; private set; }
        public TimeSpan LastDue { get; private set; }

        public override long TimestampFrequency => TimeSpan.TicksPerSecond;
        public override long GetTimestamp() => Now;

        public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
        {
            Callback = callback;
            State = state;
            LastDue = dueTime;
            return new Handle(this);
        }

        public void FireNow() => Callback!(State);

        private sealed class Handle(ScriptedClock clock) : ITimer
        {
            public bool Change(TimeSpan dueTime, TimeSpan period)
            {
                clock.LastDue = dueTime;
                return true;
            }

            public void Dispose() { }

            public System.Threading.Tasks.ValueTask DisposeAsync() => default;
        }
    }

    [Fact]
    public void AnEarlyCallbackIsReArmedForTheRemainingTimeAndNotReported()
    {
        var clock = new ScriptedClock();
        var target = new Target();
        var slot = new TimeProviderTimerService(clock).CreateSlot(target, 3);
        slot.Start(TimeSpan.FromSeconds(10));
        clock.Now = TimeSpan.FromSeconds(9).Ticks;
        clock.FireNow();
        Assert.Empty(target.Elapsed);
        Assert.Equal(TimeSpan.FromSeconds(1), clock.LastDue);
        Assert.True(slot.IsArmed);

        clock.Now = TimeSpan.FromSeconds(10).Ticks;
        clock.FireNow();
        Assert.Equal(new[] { (3, slot.Generation) }, target.Elapsed);
        Assert.False(slot.IsArmed);
    }

    [Fact]
    public void ACallbackAfterCancelIsDropped()
    {
        var clock = new ScriptedClock();
        var target = new Target();
        var slot = new TimeProviderTimerService(clock).CreateSlot(target, 0);
        slot.Start(TimeSpan.FromSeconds(1));
        slot.Cancel();
        clock.Now = TimeSpan.FromSeconds(5).Ticks;
        clock.FireNow();   // the OS timer was already running its callback when Cancel came
        Assert.Empty(target.Elapsed);
    }

    [Fact]
    public void EachStartAndCancelBeginsANewGeneration()
    {
        var clock = new ManualTimeProvider();
        var target = new Target();
        var slot = new TimeProviderTimerService(clock).CreateSlot(target, 0);
        slot.Start(TimeSpan.FromSeconds(1));
        var first = slot.Generation;
        slot.Start(TimeSpan.FromSeconds(2));
        Assert.False(slot.IsCurrent(first));
        clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Empty(target.Elapsed);    // superseded by the re-arm
        clock.Advance(TimeSpan.FromSeconds(1));
        var (_, generation) = Assert.Single(target.Elapsed);
        Assert.True(slot.IsCurrent(generation));
        slot.Cancel();
        Assert.False(slot.IsCurrent(generation));
    }

    [Fact]
    public void TheManualClockFiresTimersInDueOrderAtTheirOwnTime()
    {
        var clock = new ManualTimeProvider();
        var start = clock.GetUtcNow();
        var fired = new List<(string, TimeSpan)>();
        using var b = clock.CreateTimer(_ => fired.Add(("b", clock.GetUtcNow() - start)), null, TimeSpan.FromSeconds(2), Timeout.InfiniteTimeSpan);
        using var a = clock.CreateTimer(_ => fired.Add(("a", clock.GetUtcNow() - start)), null, TimeSpan.FromSeconds(1), Timeout.InfiniteTimeSpan);
        using var p = clock.CreateTimer(_ => fired.Add(("p", clock.GetUtcNow() - start)), null, TimeSpan.FromMilliseconds(1500), TimeSpan.FromSeconds(1));
        clock.Advance(TimeSpan.FromSeconds(3));
        Assert.Equal(new[] { ("a", TimeSpan.FromSeconds(1)), ("p", TimeSpan.FromMilliseconds(1500)), ("b", TimeSpan.FromSeconds(2)), ("p", TimeSpan.FromMilliseconds(2500)) }, fired);
        Assert.Equal(TimeSpan.FromSeconds(3), clock.GetUtcNow() - start);
    }

    [Fact]
    public void TheManualClockRejectsGoingBackwards()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new ManualTimeProvider().Advance(TimeSpan.FromTicks(-1)));
    }

    [Fact]
    public void StartRejectsADueTimeATimerCannotTake()
    {
        var slot = new TimeProviderTimerService(new ManualTimeProvider()).CreateSlot(new Target(), 0);
        Assert.Throws<ArgumentOutOfRangeException>(() => slot.Start(TimeSpan.FromTicks(-1)));
        Assert.Throws<ArgumentOutOfRangeException>(() => slot.Start(TimeSpan.FromDays(50)));
    }

    [Fact]
    public void TheQueueKeepsOrderAcrossGrowthAndWrapAround()
    {
        var queue = new EventQueue();
        var expected = new Queue<int>();
        var next = 0;
        for (var round = 0; round < 50; round++)
        {
            for (var i = 0; i < round % 13; i++)
            {
                queue.Enqueue(next, -next);
                expected.Enqueue(next++);
            }
            for (var i = 0; i < round % 7 && expected.Count > 0; i++)
            {
                Assert.True(queue.TryDequeue(out var code, out var generation));
                Assert.Equal(expected.Dequeue(), code);
                Assert.Equal(-code, generation);
            }
        }
        Assert.Equal(expected.Count, queue.Count);
        queue.Clear();
        Assert.False(queue.TryDequeue(out _, out _));
    }
}
