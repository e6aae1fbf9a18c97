using System;
using System.Collections.Generic;
using System.IO;
using System.Text.Json;
using System.Threading.Tasks;
using TcpFsmGen.Runtime;
using TcpFsmGen.Samples.Tcp;
using Xunit;

namespace TcpFsmGen.Tests.Tcp;

/// <summary>TCP endpoints saved and brought back: mid-protocol starts, and the sample's <c>save</c> and <c>load</c> commands.</summary>
public class TcpPersistenceTests
{
    [Fact]
    public void AnEndpointStartedInTimeWaitWithTenSecondsLeftClosesTenSecondsLater()
    {
        var clock = new ManualTimeProvider();
        var endpoint = new TcpEndpoint(100, new TimeProviderTimerService(clock));
        var states = new List<string>();
        endpoint.StateChanged += (from, to) => states.Add($"{TcpEndpoint.RfcName(from)} -> {TcpEndpoint.RfcName(to)}");

        // A snapshot written by hand: the state and its one timer.
        endpoint.Restore(new FsmSnapshot
        {
            State = "TimeWait",
            Started = true,
            Timers = { new FsmSnapshotTimer { State = "TimeWait", Timer = "TwoMsl", Due = clock.GetUtcNow().AddSeconds(10) } },
        });
        Assert.Equal("TIME-WAIT", endpoint.RfcState);
        Assert.Equal(TimeSpan.FromSeconds(10), endpoint.TimeRemaining(TcpEndpoint.Timer.TwoMsl));
        Assert.Empty(endpoint.TakeSent());

        clock.Advance(TimeSpan.FromSeconds(10) - TimeSpan.FromTicks(1));
        Assert.Equal("TIME-WAIT", endpoint.RfcState);
        clock.Advance(TimeSpan.FromTicks(1));
        Assert.Equal("CLOSED", endpoint.RfcState);
        Assert.Equal(new[] { "TIME-WAIT -> CLOSED" }, states);
    }

    [Fact]
    public void AnEstablishedConnectionSavedAndLoadedGoesOnAsIfNothingHappened()
    {
        // Two runs of the same connection: in one, peer A is saved after the handshake and a loaded copy takes its place.
        string Run(bool saveAndLoad)
        {
            var clock = new ManualTimeProvider();
            var timers = new TimeProviderTimerService(clock);
            var a = new TcpEndpoint(100, timers);
            var b = new TcpEndpoint(300, timers);
            var log = new List<string>();
            var wire = new Queue<(bool ToB, Segment Segment)>();
            void Wire(TcpEndpoint e, bool toB) => e.Transmit += s => wire.Enqueue((toB, s));
            Wire(a, true);
            Wire(b, false);
            void Deliver()
            {
                while (wire.TryDequeue(out var item))
                {
                    log.Add((item.ToB ? "A>B " : "B>A ") + item.Segment);
                    (item.ToB ? b : a).Receive(item.Segment);
                }
            }

            b.Listen();
            a.Connect();
            Deliver();
            a.Write(10);
            Deliver();
            if (saveAndLoad)
            {
                var json = JsonSerializer.Serialize(a.Save());
                a = TcpEndpoint.Load(JsonSerializer.Deserialize<SavedEndpoint>(json)!, timers);
                Wire(a, true);
            }
            b.Write(5);
            Deliver();
            a.Close();
            Deliver();
            b.Close();
            Deliver();
            log.Add($"A {a.RfcState} SND.NXT={a.SndNxt} RCV.NXT={a.RcvNxt} received={a.BytesReceived}");
            clock.Advance(a.Msl * 2);
            log.Add($"A {a.RfcState}, B {b.RfcState}");
            return string.Join("\n", log);
        }

        var expected = Run(saveAndLoad: false);
        Assert.Contains("A TIME-WAIT SND.NXT=112 RCV.NXT=307 received=5", expected, StringComparison.Ordinal);
        Assert.EndsWith("A CLOSED, B CLOSED", expected, StringComparison.Ordinal);
        Assert.Equal(expected, Run(saveAndLoad: true));
    }

    [Fact]
    public async Task SaveThenLoadInAnotherRunClosesAtTheOriginalDeadline()
    {
        var file = Path.Combine(Path.GetTempPath(), $"tcp-save-{Guid.NewGuid():N}.json");
        try
        {
            // save: MSL 1 s, so 2MSL is due 2 s after the save.
            var saveClock = new ManualTimeProvider(new DateTimeOffset(2026, 11, 30, 12, 0, 0, TimeSpan.Zero));
            var output = new StringWriter();
            var error = new StringWriter();
            Assert.Equal(0, await TcpCommand.RunAsync(new[] { "save", file, "--msl", "1" }, TextReader.Null, output, error, saveClock));
            Assert.Equal("", error.ToString());
            Assert.Contains("Saved peer A to " + file + ": its 2MSL timer is due at 2026-11-30 12:00:02.000 UTC, 2.000 s from now.", output.ToString(), StringComparison.Ordinal);
            Assert.Contains("\"State\": \"TimeWait\"", File.ReadAllText(file), StringComparison.Ordinal);

            // load, as a new process would, half a second later on its own clock.
            var loadClock = new ManualTimeProvider(new DateTimeOffset(2026, 11, 30, 12, 0, 0, 500, TimeSpan.Zero));
            output = new StringWriter();
            var load = TcpCommand.RunAsync(new[] { "load", file }, TextReader.Null, output, error, loadClock);
            Assert.False(load.IsCompleted);
            Assert.Contains("Its 2MSL timer is due at 2026-11-30 12:00:02.000 UTC, 1.500 s from now.", output.ToString(), StringComparison.Ordinal);
            loadClock.Advance(TimeSpan.FromMilliseconds(1500) - TimeSpan.FromTicks(1));
            Assert.False(load.IsCompleted);
            loadClock.Advance(TimeSpan.FromTicks(1));
            Assert.Equal(0, await load.WaitAsync(TimeSpan.FromSeconds(30)));
            Assert.Contains("TIME-WAIT -> CLOSED at 2026-11-30 12:00:02.000 UTC: 0.000 s after the deadline.", output.ToString(), StringComparison.Ordinal);
            Assert.Equal("", error.ToString());
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public async Task LoadingPastTheDeadlineClosesAtOnce()
    {
        var file = Path.Combine(Path.GetTempPath(), $"tcp-save-{Guid.NewGuid():N}.json");
        try
        {
            var start = new DateTimeOffset(2026, 11, 30, 12, 0, 0, TimeSpan.Zero);
            Assert.Equal(0, await TcpCommand.RunAsync(new[] { "save", file, "--msl", "1" }, TextReader.Null, new StringWriter(), new StringWriter(), new ManualTimeProvider(start)));
            var loadClock = new ManualTimeProvider(start.AddSeconds(5));
            var output = new StringWriter();
            var load = TcpCommand.RunAsync(new[] { "load", file }, TextReader.Null, output, new StringWriter(), loadClock);
            Assert.Contains("was due at 2026-11-30 12:00:02.000 UTC, 3.000 s ago: it elapses at once.", output.ToString(), StringComparison.Ordinal);
            loadClock.Advance(TimeSpan.Zero);
            Assert.Equal(0, await load.WaitAsync(TimeSpan.FromSeconds(30)));
            Assert.Contains("TIME-WAIT -> CLOSED at 2026-11-30 12:00:05.000 UTC: 3.000 s after the deadline.", output.ToString(), StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public async Task LoadReportsAFileThatDoesNotHoldAnEndpoint()
    {
        var file = Path.Combine(Path.GetTempPath(), $"tcp-save-{Guid.NewGuid():N}.json");
        try
        {
            File.WriteAllText(file, """{"Machine":{"State":"Waiting","Started":true}}""");
            var error = new StringWriter();
            Assert.Equal(1, await TcpCommand.RunAsync(new[] { "load", file }, TextReader.Null, new StringWriter(), error, new ManualTimeProvider()));
            Assert.Contains("the state 'Waiting', which TcpEndpoint does not declare", error.ToString(), StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(file);
        }
    }
}
