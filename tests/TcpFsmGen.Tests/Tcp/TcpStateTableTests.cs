using System.Threading.Tasks;
using System;
using System.IO;
using System.Linq;
using TcpFsmGen.Runtime;
using TcpFsmGen.Samples.Tcp;
using Xunit;

namespace TcpFsmGen.Tests.Tcp;

/// <summary>RST and ABORT in every state, malformed traces, and two endpoints talking over a link.</summary>
public class TcpStateTableTests
{
    // Traces that end in each state (RCV.NXT and SND.NXT in the comments).
    private const string Established = "connect\nrcv SA seq=0 ack=1 len=0\n";                    // rcv 1, snd 1
    private const string FinWait1 = Established + "close\n";                                       // rcv 1, snd 2
    private const string FinWait2 = FinWait1 + "rcv A seq=1 ack=2 len=0\n";                         // rcv 1, snd 2
    private const string CloseWait = Established + "rcv FA seq=1 ack=1 len=0\n";                    // rcv 2, snd 1
    private const string LastAck = CloseWait + "close\n";                                          // rcv 2, snd 2
    private const string Closing = FinWait1 + "rcv FA seq=1 ack=1 len=0\n";                         // rcv 2, snd 2
    private const string TimeWait = FinWait2 + "rcv FA seq=1 ack=2 len=0\n";                        // rcv 2, snd 2

    private static string Last(string trace, double? userTimeout = null) => TcpTrace.Run(trace, userTimeoutSeconds: userTimeout).Last();

    [Theory]
    [InlineData(Established, "ESTABLISHED", 1, " error: connection reset")]
    [InlineData(FinWait1, "FIN-WAIT-1", 1, " error: connection reset")]
    [InlineData(FinWait2, "FIN-WAIT-2", 1, " error: connection reset")]
    [InlineData(CloseWait, "CLOSE-WAIT", 2, " error: connection reset")]
    [InlineData(Closing, "CLOSING", 2, "")]
    [InlineData(LastAck, "LAST-ACK", 2, "")]
    [InlineData(TimeWait, "TIME-WAIT", 2, "")]
    public void ARstAtRcvNxtClosesEverySynchronizedStateAndAnyOtherRstGetsAChallengeAck(string prefix, string state, int rcvNxt, string error)
    {
        var before = TcpTrace.Run(prefix).Length;
        Assert.EndsWith($": {state}", TcpTrace.Run(prefix).Last().Split(" sent:")[0], StringComparison.Ordinal);
        Assert.Equal($"{before + 1}: {state} sent: A seq={(state is "ESTABLISHED" or "CLOSE-WAIT" ? 1 : 2)} ack={rcvNxt} len=0",
            Last(prefix + $"rcv R seq={rcvNxt + 7} ack=0 len=0"));
        Assert.Equal($"{before + 1}: {state}", Last(prefix + $"rcv R seq={rcvNxt - 1} ack=0 len=0"));
        Assert.Equal($"{before + 1}: CLOSED{error}", Last(prefix + $"rcv R seq={rcvNxt} ack=0 len=0"));
    }

    [Theory]
    [InlineData(Established, "ESTABLISHED")]
    [InlineData(FinWait1, "FIN-WAIT-1")]
    [InlineData(FinWait2, "FIN-WAIT-2")]
    [InlineData(CloseWait, "CLOSE-WAIT")]
    [InlineData(LastAck, "LAST-ACK")]
    [InlineData(Closing, "CLOSING")]
    public void ASynInASynchronizedStateGetsAChallengeAckAndChangesNothing(string prefix, string state)
    {
        var last = Last(prefix + "rcv S seq=1 ack=0 len=0");
        Assert.Matches($@"^\d+: {state} sent: A seq=\d ack=\d len=0$", last);
    }

    [Theory]
    [InlineData(Established, "CLOSED sent: R seq=1 ack=0 len=0")]
    [InlineData(FinWait1, "CLOSED sent: R seq=2 ack=0 len=0")]
    [InlineData(FinWait2, "CLOSED sent: R seq=2 ack=0 len=0")]
    [InlineData(CloseWait, "CLOSED sent: R seq=1 ack=0 len=0")]
    [InlineData(Closing, "CLOSED")]
    [InlineData(LastAck, "CLOSED")]
    [InlineData(TimeWait, "CLOSED")]
    [InlineData("", "CLOSED error: connection does not exist")]
    public void AbortFromEachState(string prefix, string expected)
    {
        Assert.EndsWith(": " + expected, Last(prefix + "abort"), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(FinWait1, "send 5", "FIN-WAIT-1 error: connection closing")]
    [InlineData(FinWait2, "close", "FIN-WAIT-2 error: connection closing")]
    [InlineData(TimeWait, "send 1", "TIME-WAIT error: connection closing")]
    [InlineData(Established, "connect", "ESTABLISHED error: connection already exists")]
    [InlineData(CloseWait, "send 4", "CLOSE-WAIT sent: PA seq=1 ack=2 len=4")]
    public void UserCallsTheStateDoesNotAllowReturnTheRfcError(string prefix, string call, string expected)
    {
        Assert.EndsWith(": " + expected, Last(prefix + call), StringComparison.Ordinal);
    }

    [Fact]
    public void TimeWaitLastsTwiceTheConfiguredMsl()
    {
        var lines = TcpTrace.Run(TimeWait + "tick 59999\ntick 1", mslSeconds: 30);
        Assert.Equal(new[] { "6: TIME-WAIT", "7: CLOSED" }, lines[^2..]);
    }

    [Fact]
    public void DataInOrderIsAcknowledgedAndDataAheadIsNot()
    {
        var lines = TcpTrace.Run(Established + "rcv PA seq=1 ack=1 len=10\nrcv PA seq=50 ack=1 len=10\nrcv PA seq=1 ack=1 len=10");
        Assert.Equal(new[]
        {
            "3: ESTABLISHED sent: A seq=1 ack=11 len=0",   // accepted: RCV.NXT 1 -> 11
            "4: ESTABLISHED sent: A seq=1 ack=11 len=0",   // ahead of RCV.NXT: duplicate ACK, dropped
            "5: ESTABLISHED sent: A seq=1 ack=11 len=0",   // old: unacceptable, ACK
        }, lines[2..]);
    }

    [Fact]
    public void ARetransmittedSynInSynReceivedGetsTheSynAckAgain()
    {
        Assert.Equal("3: SYN-RECEIVED sent: SA seq=0 ack=1 len=0", Last("listen\nrcv S seq=0 ack=0 len=0\nrcv S seq=0 ack=0 len=0"));
    }

    [Fact]
    public void ASynInSynReceivedAfterAPassiveOpenReturnsToListen()
    {
        Assert.Equal("3: LISTEN", Last("listen\nrcv S seq=0 ack=0 len=0\nrcv S seq=1 ack=0 len=0"));
    }

    [Fact]
    public void CloseInSynReceivedWithQueuedDataWaitsForTheHandshake()
    {
        var lines = TcpTrace.Run("listen\nrcv S seq=0 ack=0 len=0\nsend 5\nclose\nrcv A seq=1 ack=1 len=0");
        Assert.Equal(new[] { "3: SYN-RECEIVED", "4: SYN-RECEIVED", "5: FIN-WAIT-1 sent: PA seq=1 ack=1 len=5, FA seq=6 ack=1 len=0" }, lines[2..]);
    }

    [Theory]
    [InlineData("listen\nsend 5", "2: SYN-SENT sent: S seq=0 ack=0 len=0")]                                 // LISTEN -> SYN-SENT on SEND
    [InlineData("listen\nconnect", "2: SYN-SENT sent: S seq=0 ack=0 len=0")]                                // LISTEN -> SYN-SENT on active OPEN
    [InlineData("listen\nclose", "2: CLOSED")]                                                              // LISTEN -> CLOSED on CLOSE
    [InlineData("connect\nclose", "2: CLOSED")]                                                             // SYN-SENT -> CLOSED on CLOSE
    [InlineData("listen\nrcv S seq=0 ack=0 len=0\nclose", "3: FIN-WAIT-1 sent: FA seq=1 ack=1 len=0")]      // SYN-RECEIVED -> FIN-WAIT-1 on CLOSE
    [InlineData("listen\nrcv S seq=0 ack=0 len=0\nrcv FA seq=1 ack=1 len=0", "3: CLOSE-WAIT sent: A seq=1 ack=2 len=0")] // SYN-RECEIVED -> CLOSE-WAIT on ACK+FIN
    [InlineData("listen\nsend 5\nrcv SA seq=0 ack=1 len=0", "3: ESTABLISHED sent: PA seq=1 ack=1 len=5")]   // the data queued in LISTEN goes once established
    public void FigureFiveArrowsFromTheOpeningStates(string trace, string expected)
    {
        Assert.Equal(expected, Last(trace));
    }

    [Theory]
    [InlineData("lisen", "line 1: unknown item 'lisen'; expected listen, connect, send, close, abort, rcv or tick")]
    [InlineData("listen now", "line 1: 'listen' takes no arguments")]
    [InlineData("send", "line 1: 'send' takes 1 argument, found 0")]
    [InlineData("send -3", "line 1: send needs a whole number from 1 to 2147483647, found '-3'")]
    [InlineData("tick soon", "line 1: tick needs a whole number from 0 to 922337203685477, found 'soon'")]
    [InlineData("rcv S seq=0 ack=0", "line 1: 'rcv' takes FLAGS seq=N ack=N len=N, found 3 argument(s)")]
    [InlineData("rcv SX seq=0 ack=0 len=0", "line 1: 'SX' is not a set of flags: use the letters S, A, F, R and P, each at most once")]
    [InlineData("rcv SS seq=0 ack=0 len=0", "line 1: 'SS' is not a set of flags: use the letters S, A, F, R and P, each at most once")]
    [InlineData("rcv S ack=0 seq=0 len=0", "line 1: expected seq=N, found 'ack=0' (rcv takes FLAGS seq=N ack=N len=N, in that order)")]
    [InlineData("rcv S seq=4294967296 ack=0 len=0", "line 1: seq needs a whole number from 0 to 4294967295, found '4294967296'")]
    [InlineData("rcv S seq=0 ack=5 len=0", "line 1: ack= must be 0 when the A flag is absent")]
    [InlineData("# comment\n\nlisten\nbogus", "line 4: unknown item 'bogus'; expected listen, connect, send, close, abort, rcv or tick")]
    public void AMalformedLineIsRejectedWithItsLineNumber(string trace, string message)
    {
        var error = Assert.Throws<TraceFormatException>(() => TcpTrace.Run(trace));
        Assert.Equal(message, error.Message);
    }

    [Fact]
    public void LineNumbersCountCommentsAndBlankLines()
    {
        Assert.Equal(new[] { "3: LISTEN", "5: SYN-RECEIVED sent: SA seq=0 ack=1 len=0" },
            TcpTrace.Run("# a comment\n\nlisten   # passive open\n\nrcv S seq=0 ack=0 len=0"));
    }

    /// <summary>Two endpoints whose sequence numbers wrap past 2^32 during the connection.</summary>
    [Fact]
    public void SequenceNumbersWrapAroundModulo2To32()
    {
        var clock = new ManualTimeProvider();
        var a = new TcpEndpoint(uint.MaxValue - 5, new TimeProviderTimerService(clock));
        var b = new TcpEndpoint(uint.MaxValue - 100, new TimeProviderTimerService(clock));
        var link = new Link(a, b);
        b.Listen();
        a.Connect();
        link.Deliver();
        Assert.Equal(("ESTABLISHED", "ESTABLISHED"), (a.RfcState, b.RfcState));

        a.Write(1000);    // SND.NXT passes 2^32
        b.Write(200);     // and so does B's
        link.Deliver();
        Assert.Equal(unchecked(uint.MaxValue - 5 + 1 + 1000), a.SndNxt);
        Assert.Equal(a.SndNxt, a.SndUna);
        Assert.Equal(a.SndNxt, b.RcvNxt);
        Assert.Equal(1000, b.BytesReceived);
        Assert.Equal(200, a.BytesReceived);
        Assert.True(a.SndNxt < 1000, "A's sequence numbers wrapped");

        b.Close();
        link.Deliver();
        a.Close();
        link.Deliver();
        Assert.Equal(("CLOSED", "TIME-WAIT"), (a.RfcState, b.RfcState));
        clock.Advance(TimeSpan.FromMinutes(4));
        Assert.Equal("CLOSED", b.RfcState);
    }

    [Fact(Timeout = 60_000)]
    public async Task TheDemoRunsEachScenarioToTheEndOnTheEventLoopUnderTheManualClock()
    {
        foreach (var scenario in new Func<Demo, Task>[] { d => d.Lifecycle(), d => d.SimultaneousOpen(), d => d.SimultaneousClose(), d => d.Reset() })
        {
            var output = new StringWriter();
            await using var demo = new Demo(output, TimeSpan.FromMinutes(2));
            await scenario(demo);
            Assert.Equal(("CLOSED", "CLOSED"), (demo.A.RfcState, demo.B.RfcState));
        }
        var lifecycle = new StringWriter();
        await using (var demo = new Demo(lifecycle, TimeSpan.FromMinutes(2))) await demo.Lifecycle();
        var text = lifecycle.ToString();
        foreach (var state in new[] { "SYN-SENT", "SYN-RECEIVED", "ESTABLISHED", "FIN-WAIT-1", "FIN-WAIT-2", "CLOSE-WAIT", "LAST-ACK", "TIME-WAIT" })
        {
            Assert.Contains(state, text, StringComparison.Ordinal);
        }
        // The 2MSL timer ran on the wheel and its expiry came through the loop, exactly at 4:00 of simulated time.
        Assert.Contains("4:00.000   CLOSED", text, StringComparison.Ordinal);
    }

    [Fact(Timeout = 60_000)]
    public async Task AThousandConnectionsLiveAndDieOnOneLoop()
    {
        var result = await ScaleRun.RunAsync(1_000, TimeSpan.FromMinutes(2));
        Assert.True(result.AllClosed);
        // Per connection: 2 opens, 3 handshake segments, 2 sends and their 2 acks, 2 closes and 4 closing
        // segments, 1 TIME-WAIT expiry; plus the barriers that waited for quiet.
        Assert.InRange(result.Deliveries - 18_000, 0, 20);
    }

    private sealed class Link
    {
        private readonly System.Collections.Generic.Queue<(TcpEndpoint To, Segment Segment)> _wire = new();

        public Link(TcpEndpoint a, TcpEndpoint b)
        {
            a.Transmit += s => _wire.Enqueue((b, s));
            b.Transmit += s => _wire.Enqueue((a, s));
        }

        public void Deliver()
        {
            while (_wire.TryDequeue(out var item)) item.To.Receive(item.Segment);
        }
    }
}
