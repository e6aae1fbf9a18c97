using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Linq;
using System.Threading.Tasks;
using TcpFsmGen.Runtime;
using TcpFsmGen.Samples.Smtp;
using Xunit;

namespace TcpFsmGen.Tests.Runtime;

/// <summary><see cref="FsmTelemetry.Enabled"/> is process-wide, so these tests run alone.</summary>
[CollectionDefinition(nameof(TelemetryCollection), DisableParallelization = true)]
public sealed class TelemetryCollection
{
}

[Collection(nameof(TelemetryCollection))]
public class TelemetryTests
{
    private sealed class Observer : IFsmObserver
    {
        public readonly ConcurrentQueue<string> Seen = new();
        public void OnTransition(object machine, string from, string to) => Seen.Enqueue($"{machine.GetType().Name} {from}->{to}");
        public void OnUnhandled(object machine, string state, string e) => Seen.Enqueue($"{machine.GetType().Name} unhandled {e} in {state}");
        public void OnTimerElapsed(object machine, string state, int slot) => Seen.Enqueue($"{machine.GetType().Name} timer {slot} in {state}");
    }

    private static SmtpClient NewClient(TimerService timers)
        => new(_ => { }, "c", "a@c", new[] { "b@m" }, new[] { "x" }) { TimerService = timers };

    [Fact(Timeout = 30_000)]
    public async Task TransitionsUnhandledEventsAndTimerExpiriesReachTheMeterTheActivitySourceAndTheObserver()
    {
        var measurements = new ConcurrentQueue<(string Instrument, long Value, Dictionary<string, object?> Tags)>();
        using var meterListener = new MeterListener
        {
            InstrumentPublished = (instrument, listener) => { if (instrument.Meter.Name == FsmTelemetry.Name) listener.EnableMeasurementEvents(instrument); },
        };
        meterListener.SetMeasurementEventCallback<long>((instrument, value, tags, _) =>
            measurements.Enqueue((instrument.Name, value, tags.ToArray().ToDictionary(t => t.Key, t => t.Value))));
        meterListener.Start();
        var activities = new ConcurrentQueue<Activity>();
        using var activityListener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == FsmTelemetry.Name,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = activities.Enqueue,
        };
        ActivitySource.AddActivityListener(activityListener);
        var observer = new Observer();

        FsmTelemetry.Enabled = true;
        FsmTelemetry.Observer = observer;
        try
        {
            var clock = new ManualTimeProvider();
            using var wheel = new TimerWheel(clock);
            await using var loop = new EventLoop<SmtpReply>(timers: wheel);
            var client = NewClient(loop.TimerService);
            await loop.FireAsync(client, SmtpReply.Positive);          // Greeting -> Hello
            clock.Advance(TimeSpan.FromMinutes(5));                     // Hello's reply timer -> Aborted
            await loop.FireAsync(client, SmtpReply.Positive);          // ignored in Aborted
            // An event nothing handles, in a generated machine of its own (the SMTP client handles everything).
            var lamp = Infrastructure.LiveMachine.Create("machine Demo.Lamp;\nevents On, Off;\ninitial Dark;\nstate Dark { on On -> Lit; }\nstate Lit { on Off -> Dark; }");
            Assert.False(lamp.Fire("Off"));
        }
        finally
        {
            FsmTelemetry.Enabled = false;
            FsmTelemetry.Observer = null;
        }

        Assert.Equal(new[] { "SmtpClient Greeting->Hello", "SmtpClient timer 1 in Hello", "SmtpClient Hello->Aborted" },
            observer.Seen.Where(s => s.StartsWith("SmtpClient", StringComparison.Ordinal)));
        var transitions = measurements.Where(m => m.Instrument == "tcpfsmgen.transitions" && (string?)m.Tags["machine"] == "SmtpClient").ToList();
        Assert.Equal(new[] { "Hello", "Aborted" }, transitions.Select(m => (string?)m.Tags["to"]));
        Assert.Single(measurements, m => m.Instrument == "tcpfsmgen.timer_expiries" && (string?)m.Tags["state"] == "Hello");

        Assert.Contains("Lamp unhandled Off in Dark", observer.Seen);
        Assert.Single(measurements, m => m.Instrument == "tcpfsmgen.unhandled" && (string?)m.Tags["machine"] == "Lamp" && (string?)m.Tags["event"] == "Off");

        var deliveries = activities.Where(a => a.OperationName == "TcpFsmGen.Deliver" && (string?)a.GetTagItem("machine") == "SmtpClient").ToList();
        Assert.Equal(3, deliveries.Count);   // two events and the timer expiry
        Assert.Contains(deliveries, a => a.Events.Any(e => e.Name == "timer"));
        Assert.Contains(deliveries, a => a.Events.Any(e => e.Name == "transition" && (string?)e.Tags.First(t => t.Key == "to").Value == "Hello"));
    }

    [Fact]
    public void WhenOffNothingIsMeasured()
    {
        var count = 0;
        using var meterListener = new MeterListener
        {
            InstrumentPublished = (instrument, listener) => { if (instrument.Meter.Name == FsmTelemetry.Name) listener.EnableMeasurementEvents(instrument); },
        };
        meterListener.SetMeasurementEventCallback<long>((_, _, _, _) => count++);
        meterListener.Start();
        var client = NewClient(new TimeProviderTimerService(new ManualTimeProvider()));
        client.Fire(SmtpReply.Positive);
        Assert.Equal(SmtpState.Hello, client.Current);
        Assert.Equal(0, count);
    }

}
