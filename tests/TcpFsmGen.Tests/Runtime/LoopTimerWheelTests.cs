using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using TcpFsmGen.Runtime;
using TcpFsmGen.Samples.Smtp;
using Xunit;

namespace TcpFsmGen.Tests.Runtime;

/// <summary>
/// A timer wheel that belongs to an event loop (<see cref="EventLoop{TEvent}.CreateTimerWheel"/>): armed and
/// cancelled on the loop without a lock or a clock read, ticking and delivering on the loop. Time is a manual clock,
/// moved by the test in steps; after each step the test waits for the loop to have run what the step queued.
/// </summary>
public class LoopTimerWheelTests
{
    private static readonly TimeSpan Tick = TimeSpan.FromMilliseconds(10);

    public enum Probe { A }

    /// <summary>Records each expiry with the clock's time and whether it was current; checks it runs on the loop.</summary>
    private sealed class Recorder(ManualTimeProvider clock) : ITimerTarget
    {
        public readonly List<(int Slot, DateTimeOffset At, bool Current)> Fired = new();
        public TimerSlot[] Slots = Array.Empty<TimerSlot>();
        public Action<int>? OnFired;

        public void OnTimerElapsed(int slot, int generation)
        {
            Fired.Add((slot, clock.GetUtcNow(), Slots[slot].IsCurrent(generation)));
            OnFired?.Invoke(slot);
        }
    }

    private static async Task Step(ManualTimeProvider clock, EventLoop<Probe> loop, TimeSpan by)
    {
        clock.Advance(by);
        await loop.InvokeAsync(() => { });   // queued after any tick the step posted, so that tick has run
    }

    [Fact(Timeout = 30_000)]
    public async Task ArmingOrCancellingOffTheLoopThrowsAndOnTheLoopWorks()
    {
        var clock = new ManualTimeProvider();
        await using var loop = new EventLoop<Probe>();
        var wheel = loop.CreateTimerWheel(clock, Tick);
        Assert.True(wheel.IsOwnedByLoop);
        var target = new Recorder(clock);
        var slot = wheel.CreateSlot(target, 0);   // creating a slot is allowed anywhere
        target.Slots = new[] { slot };
        var error = Assert.Throws<InvalidOperationException>(() => slot.Start(TimeSpan.FromSeconds(1)));
        Assert.Contains("event loop", error.Message);
        Assert.Throws<InvalidOperationException>(() => slot.Cancel());
        Assert.Equal(0, wheel.Count);

        await loop.InvokeAsync(() => slot.Start(TimeSpan.FromSeconds(1)));
        Assert.True(slot.IsArmed);
        Assert.Equal(1, wheel.Count);
        // A task started from a delivery runs elsewhere, and is refused too.
        Task? fromTask = null;
        await loop.InvokeAsync(() => fromTask = Task.Run(() => slot.Cancel()));
        await Assert.ThrowsAsync<InvalidOperationException>(() => fromTask!);
        await loop.InvokeAsync(() => slot.Cancel());
        Assert.False(slot.IsArmed);
        Assert.Equal(0, wheel.Count);

        // A wheel of another loop is refused on this one.
        await using var other = new EventLoop<Probe>();
        await Assert.ThrowsAsync<InvalidOperationException>(() => other.InvokeAsync(() => slot.Start(TimeSpan.FromSeconds(1))));
    }

    [Fact(Timeout = 30_000)]
    public async Task NoTimerFiresEarlyOrMoreThanTwoGranularitiesLateAfterItsStep()
    {
        var clock = new ManualTimeProvider();
        await using var loop = new EventLoop<Probe>();
        var wheel = loop.CreateTimerWheel(clock, Tick);
        var target = new Recorder(clock);
        target.Slots = Enumerable.Range(0, 200).Select(i => wheel.CreateSlot(target, i)).ToArray();
        var random = new Random(3);
        var step = TimeSpan.FromMilliseconds(1);
        var due = new DateTimeOffset[target.Slots.Length];
        var armed = 0;
        // Idle first, for long: the wheel has not read the clock since it was made.
        clock.Advance(TimeSpan.FromHours(1));
        for (var t = 0; t < 3_400; t++)
        {
            if (t % 13 == 0 && armed < target.Slots.Length)
            {
                var i = armed++;
                var after = TimeSpan.FromTicks(random.NextInt64(0, TimeSpan.FromMilliseconds(700).Ticks));
                await loop.InvokeAsync(() =>
                {
                    due[i] = clock.GetUtcNow() + after;
                    target.Slots[i].Start(after);
                });
            }
            await Step(clock, loop, step);
        }
        Assert.Equal(target.Slots.Length, armed);
        Assert.Equal(target.Slots.Length, target.Fired.Count);
        foreach (var (slot, at, current) in target.Fired)
        {
            Assert.True(current);
            Assert.True(at >= due[slot], $"slot {slot} fired {due[slot] - at} early");
            Assert.True(at - due[slot] <= 2 * Tick + 2 * step, $"slot {slot} fired {at - due[slot]} late");
        }
        Assert.Equal(0, wheel.Count);
    }

    [Fact(Timeout = 30_000)]
    public async Task CancelAndReArmSupersedeEarlierArmingsAndAnExpiryCollectedBeforeACancelIsStale()
    {
        var clock = new ManualTimeProvider();
        await using var loop = new EventLoop<Probe>();
        var wheel = loop.CreateTimerWheel(clock, Tick);
        var target = new Recorder(clock);
        target.Slots = Enumerable.Range(0, 4).Select(i => wheel.CreateSlot(target, i)).ToArray();
        var start = clock.GetUtcNow();
        await loop.InvokeAsync(() =>
        {
            target.Slots[0].Start(TimeSpan.FromMilliseconds(100));
            target.Slots[1].Start(TimeSpan.FromMilliseconds(100));
            target.Slots[1].Cancel();                                   // cancelled while pending: never fires
        });
        for (var i = 0; i < 5; i++) await Step(clock, loop, Tick);
        await loop.InvokeAsync(() => target.Slots[0].Start(TimeSpan.FromMilliseconds(300)));   // re-armed once placed
        // Both due in the same tick; the first one's expiry cancels the other, already collected: it arrives stale.
        await loop.InvokeAsync(() =>
        {
            target.Slots[2].Start(TimeSpan.FromMilliseconds(101));
            target.Slots[3].Start(TimeSpan.FromMilliseconds(102));
        });
        target.OnFired = slot => { if (slot >= 2) target.Slots[5 - slot].Cancel(); };
        for (var i = 0; i < 50; i++) await Step(clock, loop, Tick);

        var first = target.Fired.Where(f => f.Slot == 0).ToList();
        var reArmed = Assert.Single(first);
        Assert.True(reArmed.Current);
        Assert.InRange(reArmed.At - start, TimeSpan.FromMilliseconds(350), TimeSpan.FromMilliseconds(350) + 2 * Tick);
        Assert.DoesNotContain(target.Fired, f => f.Slot == 1);
        var pair = target.Fired.Where(f => f.Slot >= 2).ToList();
        Assert.Equal(2, pair.Count);
        Assert.True(pair[0].Current);
        Assert.False(pair[1].Current);
        Assert.Equal(0, wheel.Count);
    }

    [Fact(Timeout = 30_000)]
    public async Task AnExpiryThatThrowsGoesToOnErrorAndTheOthersOfItsTickStillArrive()
    {
        var clock = new ManualTimeProvider();
        var errors = new List<Exception>();
        await using var loop = new EventLoop<Probe>(new EventLoopOptions { OnError = (e, _) => errors.Add(e) });
        var wheel = loop.CreateTimerWheel(clock, Tick);
        var target = new Recorder(clock);
        target.Slots = Enumerable.Range(0, 3).Select(i => wheel.CreateSlot(target, i)).ToArray();
        target.OnFired = slot => { if (slot == 1) throw new InvalidOperationException("boom"); };
        await loop.InvokeAsync(() => { foreach (var slot in target.Slots) slot.Start(TimeSpan.FromMilliseconds(50)); });
        for (var i = 0; i < 10; i++) await Step(clock, loop, Tick);
        Assert.Equal(new[] { 0, 1, 2 }, target.Fired.Select(f => f.Slot).OrderBy(s => s));
        Assert.Equal("boom", Assert.Single(errors).Message);
        Assert.Equal(1, loop.Faults);
    }

    [Fact(Timeout = 30_000)]
    public async Task AGeneratedMachineRunsItsTimersOnTheLoopsWheel()
    {
        // The SMTP client: a protocol error in the greeting goes to Quitting, whose 10 s timer closes it.
        var clock = new ManualTimeProvider();
        await using var loop = new EventLoop<SmtpReply>();
        var wheel = loop.CreateTimerWheel(clock, Tick);
        var client = new SmtpClient(_ => { }, "c", "a@c", new[] { "b@m" }, new[] { "x" }) { TimerService = wheel };
        await loop.FireAsync(client, SmtpReply.Intermediate);
        Assert.Equal(SmtpState.Quitting, client.Current);
        for (var i = 0; i < 1_000; i++)
        {
            clock.Advance(Tick);
            await loop.InvokeAsync(() => { });
        }
        Assert.Equal(SmtpState.Quitting, client.Current);    // 10 s: not before
        for (var i = 0; i < 2; i++)
        {
            clock.Advance(Tick);
            await loop.InvokeAsync(() => { });
        }
        Assert.Equal(SmtpState.Closed, client.Current);      // by two ticks after
        Assert.Equal(0, wheel.Count);
    }

    [Fact(Timeout = 30_000)]
    public async Task TheLoopsWheelsStopWithIt()
    {
        var clock = new ManualTimeProvider();
        var loop = new EventLoop<Probe>();
        var wheel = loop.CreateTimerWheel(clock, Tick);
        var target = new Recorder(clock);
        target.Slots = new[] { wheel.CreateSlot(target, 0) };
        await loop.InvokeAsync(() => target.Slots[0].Start(TimeSpan.FromMilliseconds(50)));
        await loop.StopAsync();
        Assert.Equal(0, clock.ArmedTimers);                  // the wheel's underlying timer is disposed
        clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Empty(target.Fired);
        var late = loop.CreateTimerWheel(clock, Tick);       // made after the stop: disposed at once
        Assert.Equal(0, clock.ArmedTimers);
        Assert.True(late.IsOwnedByLoop);
    }
}
