using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using TcpFsmGen.Runtime;
using TcpFsmGen.Samples.Smtp;
using Xunit;

namespace TcpFsmGen.Tests.Runtime;

/// <summary>The event loop: order, back-pressure, exceptions, shutdown, and timers delivered through it.</summary>
public class EventLoopTests
{
    public enum Probe { A }

    /// <summary>Records what it receives; fails the test if two deliveries ever overlap.</summary>
    private sealed class Recorder : IStateMachine<Probe>
    {
        private int _inside;
        public readonly List<int> Seen = new();
        public Func<int, bool>? Behaviour;

        public bool Fire(Probe e)
        {
            if (Interlocked.Exchange(ref _inside, 1) != 0) throw new InvalidOperationException("two deliveries at once");
            try
            {
                Seen.Add((int)e);
                return Behaviour?.Invoke((int)e) ?? true;
            }
            finally
            {
                Volatile.Write(ref _inside, 0);
            }
        }
    }

    /// <summary>A machine whose delivery waits until the test opens the gate: fills the loop on purpose.</summary>
    private sealed class Gate : IStateMachine<Probe>
    {
        public readonly ManualResetEventSlim Open = new();
        public readonly ManualResetEventSlim Entered = new();
        public int Count;

        public bool Fire(Probe e)
        {
            Entered.Set();
            Open.Wait(TimeSpan.FromSeconds(30));
            Count++;
            return true;
        }
    }

    [Fact(Timeout = 120_000)]
    public async Task FourProducersPostAMillionEventsToAThousandMachinesNoneLostNoneDuplicatedEachProducersOrderKept()
    {
        await using var loop = new EventLoop<Probe>();
        var machines = Enumerable.Range(0, 1_000).Select(_ => new Recorder()).ToArray();
        const int PerProducer = 250_000;
        var producers = Enumerable.Range(0, 4).Select(p => Task.Run(() =>
        {
            for (var i = 0; i < PerProducer; i++)
            {
                // The event carries its producer and sequence number (an enum holds any int).
                Assert.True(loop.Post(machines[(i * 7 + p) % machines.Length], (Probe)((p << 24) | i)));
            }
        })).ToArray();
        await Task.WhenAll(producers);
        await loop.StopAsync(drain: true);

        Assert.Equal(1_000_000, loop.Delivered);
        Assert.Equal(1_000_000, machines.Sum(m => m.Seen.Count));
        foreach (var machine in machines)
        {
            var last = new[] { -1, -1, -1, -1 };
            foreach (var code in machine.Seen)
            {
                int producer = code >> 24, sequence = code & 0xFFFFFF;
                Assert.True(sequence > last[producer], $"producer {producer}: {sequence} after {last[producer]}");
                last[producer] = sequence;
            }
        }
        var all = machines.SelectMany(m => m.Seen).ToHashSet();
        Assert.Equal(1_000_000, all.Count);
    }

    [Fact(Timeout = 30_000)]
    public async Task FireAsyncCompletesWithFiresResult()
    {
        await using var loop = new EventLoop<Probe>();
        var machine = new Recorder { Behaviour = code => code % 2 == 0 };
        Assert.True(await loop.FireAsync(machine, (Probe)2));
        Assert.False(await loop.FireAsync(machine, (Probe)3));
    }

    [Fact(Timeout = 30_000)]
    public async Task AnActionsExceptionFaultsItsFireAsyncOrGoesToOnErrorAndNeverStopsTheLoop()
    {
        var errors = new List<(Exception, object)>();
        await using var loop = new EventLoop<Probe>(new EventLoopOptions { OnError = (e, m) => { lock (errors) errors.Add((e, m)); } });
        var machine = new Recorder { Behaviour = code => code == 13 ? throw new InvalidOperationException("unlucky") : true };

        var thrown = await Assert.ThrowsAsync<InvalidOperationException>(() => loop.FireAsync(machine, (Probe)13));
        Assert.Equal("unlucky", thrown.Message);
        Assert.True(loop.Post(machine, (Probe)13));
        Assert.True(await loop.FireAsync(machine, (Probe)14));    // the loop and the machine go on
        Assert.Equal(1, loop.Faults);
        var (error, source) = Assert.Single(errors);
        Assert.Equal("unlucky", error.Message);
        Assert.Same(machine, source);
        Assert.Equal(new[] { 13, 13, 14 }, machine.Seen);
    }

    [Fact(Timeout = 30_000)]
    public async Task AGeneratedMachineKeepsWorkingAfterAnActionThrows()
    {
        // The SMTP client's send throws once: the transition stops where it was, the client takes the next event.
        var fail = true;
        var sent = new List<string>();
        var client = new SmtpClient(line => { if (fail) { fail = false; throw new System.IO.IOException("link down"); } sent.Add(line); },
            "c", "a@c", new[] { "b@m" }, new[] { "x" });
        await using var loop = new EventLoop<SmtpReply>();
        await Assert.ThrowsAsync<System.IO.IOException>(() => loop.FireAsync(client, SmtpReply.Positive));
        // The greeting's transition had reached Hello when its entry action (EHLO) threw.
        Assert.Equal(SmtpState.Hello, client.Current);
        Assert.True(await loop.FireAsync(client, SmtpReply.Positive));
        Assert.Equal(SmtpState.MailFrom, client.Current);
        Assert.Equal(new[] { "MAIL FROM:<a@c>" }, sent);
    }

    [Fact(Timeout = 30_000)]
    public async Task AFullLoopDropsOrFailsOrWaitsAsConfigured()
    {
        foreach (var mode in new[] { EventLoopFullMode.Drop, EventLoopFullMode.Fail, EventLoopFullMode.Wait })
        {
            var loop = new EventLoop<Probe>(new EventLoopOptions { Capacity = 3, FullMode = mode });
            var gate = new Gate();
            Assert.True(loop.Post(gate, Probe.A));
            gate.Entered.Wait(TimeSpan.FromSeconds(10));       // the loop is now inside the first delivery
            Assert.True(loop.Post(gate, Probe.A));
            Assert.True(loop.Post(gate, Probe.A));
            switch (mode)
            {
                case EventLoopFullMode.Drop:
                    Assert.False(loop.Post(gate, Probe.A));
                    Assert.Equal(1, loop.Dropped);
                    break;
                case EventLoopFullMode.Fail:
                    Assert.Throws<EventLoopFullException>(() => loop.Post(gate, Probe.A));
                    break;
                default:
                    var waiting = loop.PostAsync(gate, Probe.A).AsTask();
                    // The loop is held inside the gate, so nothing can make room yet.
                    Assert.False(waiting.IsCompleted);
                    gate.Open.Set();
                    Assert.True(await waiting);
                    break;
            }
            gate.Open.Set();
            await loop.StopAsync(drain: true);
            Assert.Equal(mode == EventLoopFullMode.Wait ? 4 : 3, gate.Count);
        }
    }

    [Fact(Timeout = 30_000)]
    public async Task StoppingWithDrainDeliversWhatIsQueuedAndRefusesTheRest()
    {
        var loop = new EventLoop<Probe>();
        var gate = new Gate();
        loop.Post(gate, Probe.A);
        gate.Entered.Wait(TimeSpan.FromSeconds(10));
        var queued = Enumerable.Range(0, 10).Select(_ => loop.FireAsync(gate, Probe.A)).ToList();
        var stopping = loop.StopAsync(drain: true);
        Assert.False(loop.Post(gate, Probe.A));
        await Assert.ThrowsAsync<InvalidOperationException>(() => loop.FireAsync(gate, Probe.A));
        gate.Open.Set();
        await stopping;
        // Each FireAsync completes with Fire's result (its continuation runs asynchronously, so await them).
        Assert.All(await Task.WhenAll(queued), Assert.True);
        Assert.Equal(11, gate.Count);
        Assert.True(loop.Completion.IsCompletedSuccessfully);
    }

    [Fact(Timeout = 30_000)]
    public async Task StoppingWithoutDrainCancelsWhatIsQueued()
    {
        var loop = new EventLoop<Probe>();
        var gate = new Gate();
        loop.Post(gate, Probe.A);
        gate.Entered.Wait(TimeSpan.FromSeconds(10));
        var queued = Enumerable.Range(0, 10).Select(_ => loop.FireAsync(gate, Probe.A)).ToList();
        var stopping = loop.StopAsync(drain: false);
        gate.Open.Set();
        await stopping;
        Assert.Equal(1, gate.Count);
        foreach (var task in queued) await Assert.ThrowsAnyAsync<OperationCanceledException>(() => task);
    }

    [Fact(Timeout = 30_000)]
    public async Task TimerExpiriesArriveThroughTheLoop()
    {
        // The SMTP client on a loop whose timers run on a wheel over a manual clock: the greeting's
        // five-minute timer fires on the clock's thread, and the loop delivers it.
        var clock = new ManualTimeProvider();
        using var wheel = new TimerWheel(clock, TimeSpan.FromMilliseconds(10));
        await using var loop = new EventLoop<SmtpReply>(timers: wheel);
        var client = new SmtpClient(_ => { }, "c", "a@c", new[] { "b@m" }, new[] { "x" }) { TimerService = loop.TimerService };
        await loop.FireAsync(client, SmtpReply.Intermediate);   // starts it (Greeting: a protocol error → Quitting)
        Assert.Equal(SmtpState.Quitting, client.Current);
        clock.Advance(TimeSpan.FromSeconds(9));
        await loop.FireAsync(client, SmtpReply.Intermediate);   // ignored in Quitting; flushes the loop
        Assert.Equal(SmtpState.Quitting, client.Current);
        clock.Advance(TimeSpan.FromSeconds(1));
        await loop.FireAsync(client, SmtpReply.Intermediate);   // the 10 s QUIT timer's expiry was queued before this
        Assert.Equal(SmtpState.Closed, client.Current);
        Assert.Equal(0, wheel.Count);
    }
}
