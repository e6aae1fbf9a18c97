using System;
using TcpFsmGen.Runtime;
using static TcpFsmGen.Samples.Tcp.SequenceNumbers;

namespace TcpFsmGen.Samples.Tcp.Wire;

/// <summary>What the congestion machine asks of its connection.</summary>
public interface ICongestionOwner
{
    /// <summary>SND.NXT: the recovery point is taken from it.</summary>
    uint SndNxt { get; }

    /// <summary>Bytes sent and not yet acknowledged.</summary>
    uint FlightSize { get; }

    /// <summary>True while the connection lives and has sent data (or a SYN or FIN) not yet acknowledged.</summary>
    bool Outstanding { get; }

    /// <summary>Resends the first unacknowledged segment (fast retransmit, or a NewReno partial acknowledgment).</summary>
    void RetransmitFirst(bool fast);

    /// <summary>
    /// The retransmission timer expired: count the retry (past the limit the connection ends) and back off (RFC 6298 5.5,
    /// through <see cref="CongestionControl.SetTimerDuration"/>).
    /// </summary>
    void TimedOut();

    /// <summary>After a timeout: resend the earliest segment now and everything else outstanding as cwnd allows.</summary>
    void GoBackN();
}

/// <summary>
/// The congestion machine of <c>congestion.fsm</c> over cwnd and ssthresh (RFC 5681, NewReno's partial acknowledgments
/// from RFC 6582), driven by the connection's acknowledgment events, with the retransmission timer of RFC 6298.
/// </summary>
public partial class CongestionControl
{
    private readonly ICongestionOwner _owner;
    private uint _recover;

    /// <summary>A machine for a connection whose segments carry at most <paramref name="mss"/> bytes.</summary>
    /// <param name="owner">The connection.</param>
    /// <param name="mss">SMSS.</param>
    /// <param name="timers">Where the retransmission timer runs (the connection's event loop); <see cref="TimerService.System"/> when null.</param>
    public CongestionControl(ICongestionOwner owner, int mss, TimerService? timers = null)
    {
        if (timers is not null) TimerService = timers;
        _owner = owner;
        Mss = (uint)mss;
        Cwnd = InitialWindow(Mss);
        Ssthresh = 1u << 30;                             // "arbitrarily high" (RFC 5681 section 3.1)
    }

    /// <summary>SMSS, the sender's maximum segment size.</summary>
    public uint Mss { get; private set; }

    /// <summary>cwnd, in bytes.</summary>
    public uint Cwnd { get; private set; }

    /// <summary>ssthresh, in bytes.</summary>
    public uint Ssthresh { get; private set; }

    /// <summary>Bytes the ACK being fired acknowledged (set before <see cref="Event.NewAck"/>).</summary>
    public uint AckedBytes { get; set; }

    /// <summary>SEG.ACK of the ACK being fired.</summary>
    public uint AckNumber { get; set; }

    /// <summary>True when the segment being fired as <see cref="Event.Sent"/> is the only one in flight (set before it).</summary>
    public bool SentFirstInFlight { get; set; }

    /// <summary>Duplicate ACKs in a row (set before <see cref="Event.DupAck"/>).</summary>
    public int DuplicateAcks { get; set; }

    /// <summary>Fast retransmits so far.</summary>
    public int FastRetransmits { get; private set; }

    /// <summary>Called after every change of state, self-transitions included.</summary>
    public event Action<State, State>? StateChanged;

    /// <summary>The segment size is known only once the peer's SYN has been read: sets it, with the initial window of RFC 5681 section 3.1.</summary>
    public void SetMss(int mss)
    {
        Mss = (uint)mss;
        Cwnd = InitialWindow(Mss);
    }

    private static uint InitialWindow(uint mss) => mss > 2190 ? 2 * mss : mss > 1095 ? 3 * mss : 4 * mss;

    partial void OnTransition(State from, State to) => StateChanged?.Invoke(from, to);

    // ---- Guards ----

    private partial bool ReachesThreshold() => Cwnd + Math.Min(AckedBytes, Mss) >= Ssthresh;

    private partial bool ThirdDuplicate() => DuplicateAcks == 3;

    private partial bool CoversRecoveryPoint() => Ge(AckNumber, _recover);

    private partial bool Outstanding() => _owner.Outstanding;

    private partial bool FirstInFlight() => SentFirstInFlight;

    // ---- Actions ----

    /// <summary>RFC 5681 (2): cwnd += min(N, SMSS).</summary>
    partial void GrowExponentially() => Cwnd += Math.Min(AckedBytes, Mss);

    /// <summary>RFC 5681 (3): cwnd += SMSS * SMSS / cwnd, at least one byte.</summary>
    partial void GrowLinearly() => Cwnd += Math.Max(1u, Mss * Mss / Cwnd);

    /// <summary>RFC 5681 section 3.2, steps 2 and 3: ssthresh = max(FlightSize / 2, 2 SMSS), resend, cwnd = ssthresh + 3 SMSS.</summary>
    partial void FastRetransmit()
    {
        Ssthresh = Math.Max(_owner.FlightSize / 2, 2 * Mss);
        _recover = _owner.SndNxt;
        FastRetransmits++;
        _owner.RetransmitFirst(fast: true);
        Cwnd = Ssthresh + 3 * Mss;
    }

    /// <summary>Step 4: each further duplicate means a segment has left the network.</summary>
    partial void Inflate() => Cwnd += Mss;

    /// <summary>Step 6 (RFC 6582's full acknowledgment): cwnd = ssthresh.</summary>
    partial void Deflate() => Cwnd = Ssthresh;

    /// <summary>RFC 6582 section 3.2, step 3: resend the next hole, deflate by what was acknowledged, add back one SMSS.</summary>
    partial void PartialAck()
    {
        _owner.RetransmitFirst(fast: false);
        Cwnd = Cwnd > AckedBytes ? Cwnd - AckedBytes : 0;
        if (AckedBytes >= Mss) Cwnd += Mss;
        Cwnd = Math.Max(Cwnd, Mss);
    }

    /// <summary>RFC 5681 (4) and section 3.1: ssthresh = max(FlightSize / 2, 2 SMSS), cwnd = 1 SMSS (the loss window).</summary>
    partial void Collapse()
    {
        Ssthresh = Math.Max(_owner.FlightSize / 2, 2 * Mss);
        CollapseAgain();
    }

    /// <summary>A timeout again: cwnd = 1 SMSS; the connection counts the retry and backs the timer off.</summary>
    partial void CollapseAgain()
    {
        Cwnd = Mss;
        _recover = _owner.SndNxt;
        Timeouts++;
        _owner.TimedOut();
    }

    /// <summary>RFC 6298 5.4: the earliest unacknowledged segment again; go-back-N for the rest.</summary>
    partial void GoBackN() => _owner.GoBackN();

    /// <summary>Retransmission timer expiries with data outstanding.</summary>
    public int Timeouts { get; private set; }
}
