using System;
using System.Collections.Generic;
using TcpFsmGen.Runtime;
using TcpFsmGen.Samples.Tcp.Wire;
using Xunit;
using State = TcpFsmGen.Samples.Tcp.Wire.CongestionControl.State;
using Event = TcpFsmGen.Samples.Tcp.Wire.CongestionControl.Event;

namespace TcpFsmGen.Wire.Tests;

/// <summary>The congestion machine of congestion.fsm (RFC 5681, RFC 6582) against a connection that records what it is asked.</summary>
public sealed class CongestionTests
{
    private const int Mss = 1000;

    private sealed class Owner : ICongestionOwner
    {
        public uint SndNxt { get; set; } = 100_000;
        public uint FlightSize { get; set; } = 20_000;
        public bool Outstanding { get; set; } = true;
        public List<string> Calls { get; } = new();
        public void RetransmitFirst(bool fast) => Calls.Add(fast ? "fast retransmit" : "partial ack retransmit");
        public Action? BackOff { get; set; }
        public void TimedOut()
        {
            Calls.Add("timed out");
            BackOff?.Invoke();
        }
        public void GoBackN() => Calls.Add("go back N");
    }

    private static void Sent(CongestionControl cc, bool first)
    {
        cc.SentFirstInFlight = first;
        cc.Fire(Event.Sent);
    }

    private static void Ack(CongestionControl cc, uint ack, uint acked)
    {
        cc.AckNumber = ack;
        cc.AckedBytes = acked;
        cc.Fire(Event.NewAck);
    }

    private static void Dup(CongestionControl cc, int n)
    {
        cc.DuplicateAcks = n;
        cc.Fire(Event.DupAck);
    }

    [Fact]
    public void SlowStart_GrowsByOneMssPerAck_ThenAvoidsCongestionPastSsthresh()
    {
        var owner = new Owner();
        var cc = new CongestionControl(owner, Mss);
        Assert.Equal(4u * Mss, cc.Cwnd);                                    // RFC 5681 (1): SMSS <= 1095 bytes: 4 segments
        Ack(cc, 1000, 1000);
        Assert.Equal((State.SlowStart, 5u * Mss), (cc.Current, cc.Cwnd));
        Ack(cc, 4000, 3000);                                                 // at most one SMSS per ACK
        Assert.Equal(6u * Mss, cc.Cwnd);

        // Three duplicates: ssthresh = FlightSize / 2, resend, cwnd = ssthresh + 3 SMSS.
        Dup(cc, 1);
        Dup(cc, 2);
        Assert.Equal(State.SlowStart, cc.Current);
        Dup(cc, 3);
        Assert.Equal((State.FastRecovery, 10_000u, 13_000u, 1), (cc.Current, cc.Ssthresh, cc.Cwnd, cc.FastRetransmits));
        Assert.Equal(["fast retransmit"], owner.Calls);
        Dup(cc, 4);
        Assert.Equal(14_000u, cc.Cwnd);                                      // inflated by one SMSS per further duplicate

        // A partial ACK (below the recovery point, SND.NXT then): the next hole is resent, cwnd deflated.
        Ack(cc, 50_000, 2000);
        Assert.Equal((State.FastRecovery, 13_000u), (cc.Current, cc.Cwnd));
        Assert.Equal("partial ack retransmit", owner.Calls[^1]);
        // The full ACK: cwnd = ssthresh, congestion avoidance.
        Ack(cc, 100_000, 50_000);
        Assert.Equal((State.CongestionAvoidance, 10_000u), (cc.Current, cc.Cwnd));
        Ack(cc, 101_000, 1000);
        Assert.Equal(10_100u, cc.Cwnd);                                      // SMSS * SMSS / cwnd
    }

    [Fact]
    public void TheRetransmissionTimer_StartsWithTheFirstSegmentInFlight_RestartsOnEachNewAck_AndIsSpentWithNothingOutstanding()
    {
        var clock = new ManualTimeProvider();
        var owner = new Owner();
        var cc = new CongestionControl(owner, Mss, new TimeProviderTimerService(clock));
        cc.SetTimerDuration(CongestionControl.Timer.Rto, TimeSpan.FromMilliseconds(300));
        Sent(cc, first: true);                                               // RFC 6298 5.1
        clock.Advance(TimeSpan.FromMilliseconds(200));
        Sent(cc, first: false);                                              // already running: not restarted
        Ack(cc, 1000, 1000);                                                 // 5.3: restarted
        clock.Advance(TimeSpan.FromMilliseconds(299));
        Assert.Equal((State.SlowStart, 0), (cc.Current, cc.Timeouts));
        clock.Advance(TimeSpan.FromMilliseconds(1));
        Assert.Equal((State.Loss, 1, 1u * Mss), (cc.Current, cc.Timeouts, cc.Cwnd));
        Assert.Equal(["timed out", "go back N"], owner.Calls);

        // Everything acknowledged: the timer runs out with nothing outstanding, and nothing happens.
        owner.Outstanding = false;
        Ack(cc, 200_000, 1000);
        clock.Advance(TimeSpan.FromSeconds(5));
        Assert.Equal((State.SlowStart, 1), (cc.Current, cc.Timeouts));
    }

    [Fact]
    public void Timeout_CollapsesToOneSegment_AndSlowStartResumesOnceTheRecoveryPointIsAcked()
    {
        var clock = new ManualTimeProvider();
        var owner = new Owner { FlightSize = 30_000, SndNxt = 200_000 };
        var cc = new CongestionControl(owner, Mss, new TimeProviderTimerService(clock));
        var rto = TimeSpan.FromSeconds(1);                                   // RFC 6298 2.1: 1 s before any measurement
        owner.BackOff = () => cc.SetTimerDuration(CongestionControl.Timer.Rto, rto *= 2);   // as the connection does (5.5)
        Sent(cc, first: true);
        clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal((State.Loss, 1u * Mss, 15_000u), (cc.Current, cc.Cwnd, cc.Ssthresh));
        Assert.Equal(["timed out", "go back N"], owner.Calls);
        owner.FlightSize = 1000;
        clock.Advance(TimeSpan.FromSeconds(1.5));
        Assert.Equal(1, cc.Timeouts);                                        // backed off to 2 s
        clock.Advance(TimeSpan.FromSeconds(0.5));
        Assert.Equal(2, cc.Timeouts);                                        // again: ssthresh is not halved twice
        Assert.Equal((State.Loss, 1u * Mss, 15_000u), (cc.Current, cc.Cwnd, cc.Ssthresh));
        Dup(cc, 3);
        Assert.Equal(State.Loss, cc.Current);                                // duplicates do not start a fast retransmit in Loss
        Ack(cc, 150_000, 1000);
        Assert.Equal((State.Loss, 2u * Mss), (cc.Current, cc.Cwnd));
        Ack(cc, 200_000, 1000);
        Assert.Equal((State.SlowStart, 3u * Mss), (cc.Current, cc.Cwnd));
    }
}
