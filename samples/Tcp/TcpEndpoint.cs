using System;
using System.Collections.Generic;
using System.Threading;
using TcpFsmGen.Runtime;
using static TcpFsmGen.Samples.Tcp.SequenceNumbers;

namespace TcpFsmGen.Samples.Tcp;

/// <summary>
/// One end of a TCP connection: the machine of <c>tcp.fsm</c> over a transmission control block.
/// User calls (<see cref="Listen"/>, <see cref="Connect"/>, <see cref="Write"/>, <see cref="Close"/>,
/// <see cref="Abort"/>) and arriving segments (<see cref="Receive"/>) become events, a segment's events
/// carrying it; the guards read the control block and the segment they are given, and the actions update
/// the block and send segments.
/// </summary>
/// <remarks>
/// The window is unbounded and nothing is retransmitted: the sample is about the connection states,
/// not about flow control. Segments that arrive ahead of RCV.NXT are acknowledged and dropped (there
/// is no reassembly queue).
/// </remarks>
public partial class TcpEndpoint
{
    // A receive window wide enough to stand for "unbounded" in modulo-2^32 comparisons.
    private const uint ReceiveWindow = 1u << 30;

    private readonly List<Segment> _sent = new();
    private bool _ackPending;
    private int _writeBytes;
    private Event _call;
    private ITimer? _userTimer;

    // The transmission control block (RFC 9293 section 3.3.1).
    private uint _sndUna;
    private uint _sndNxt;
    private uint _irs;
    private uint _rcvNxt;
    private bool _passive;
    private bool _finSent;
    private bool _finReceived;
    private int _queuedBytes;
    private bool _closeQueued;

    /// <summary>Creates an endpoint whose initial send sequence number is <paramref name="iss"/>.</summary>
    /// <param name="iss">ISS: the sequence number of this endpoint's SYN.</param>
    /// <param name="timers">Where timers come from; <see cref="TimerService.System"/> when null.</param>
    public TcpEndpoint(uint iss = 0, TimerService? timers = null)
    {
        Iss = iss;
        if (timers is not null) TimerService = timers;
    }

    /// <summary>ISS, the initial send sequence number.</summary>
    public uint Iss { get; }

    /// <summary>SND.UNA: the oldest unacknowledged sequence number.</summary>
    public uint SndUna => _sndUna;

    /// <summary>SND.NXT: the next sequence number to send.</summary>
    public uint SndNxt => _sndNxt;

    /// <summary>RCV.NXT: the next sequence number expected.</summary>
    public uint RcvNxt => _rcvNxt;

    /// <summary>IRS: the peer's initial sequence number.</summary>
    public uint Irs => _irs;

    /// <summary>Payload bytes received in order so far.</summary>
    public long BytesReceived { get; private set; }

    /// <summary>
    /// The error the last user call returned (<c>connection does not exist</c>), or why the last segment
    /// ended the connection (<c>connection reset</c>); null if none.
    /// </summary>
    public string? LastError { get; private set; }

    /// <summary>Called with every segment this endpoint sends.</summary>
    public event Action<Segment>? Transmit;

    /// <summary>Called after every change of state, with the state left and the state entered.</summary>
    public event Action<State, State>? StateChanged;

    partial void OnTransition(State from, State to) => StateChanged?.Invoke(from, to);

    /// <summary>The maximum segment lifetime; TIME-WAIT lasts twice as long. Two minutes unless set.</summary>
    public TimeSpan Msl
    {
        get => TimeSpan.FromTicks(GetTimerDuration(Timer.TwoMsl).Ticks / 2);
        set => SetTimerDuration(Timer.TwoMsl, TimeSpan.FromTicks(value.Ticks * 2));
    }

    /// <summary>
    /// The user timeout (section 3.10.8): how long sent data may stay unacknowledged before the
    /// connection is aborted. Null (the default) turns it off.
    /// </summary>
    public TimeSpan? UserTimeout { get; set; }

    /// <summary>The current state as RFC 9293 spells it: <c>SYN-SENT</c>, <c>TIME-WAIT</c>, ...</summary>
    public string RfcState => RfcName(Current);

    /// <summary>The RFC's spelling of a state.</summary>
    public static string RfcName(State state) => state switch
    {
        State.Closed => "CLOSED",
        State.Listen => "LISTEN",
        State.SynSent => "SYN-SENT",
        State.SynReceived => "SYN-RECEIVED",
        State.Established => "ESTABLISHED",
        State.FinWait1 => "FIN-WAIT-1",
        State.FinWait2 => "FIN-WAIT-2",
        State.CloseWait => "CLOSE-WAIT",
        State.Closing => "CLOSING",
        State.LastAck => "LAST-ACK",
        State.TimeWait => "TIME-WAIT",
        _ => state.ToString(),
    };

    /// <summary>Passive OPEN: wait for a connection.</summary>
    public void Listen() => Call(Event.PassiveOpen);

    /// <summary>Active OPEN: send a SYN.</summary>
    public void Connect() => Call(Event.ActiveOpen);

    /// <summary>SEND of <paramref name="bytes"/> bytes: sent at once when the state allows, queued before the connection is established.</summary>
    public void Write(int bytes)
    {
        if (bytes <= 0) throw new ArgumentOutOfRangeException(nameof(bytes), bytes, "A SEND carries at least one byte.");
        _writeBytes = bytes;
        Call(Event.Send);
    }

    /// <summary>CLOSE: no more data from this side; a FIN is sent when the state allows.</summary>
    public void Close() => Call(Event.Close);

    /// <summary>ABORT: drop the connection, with a RST when the peer knows of it.</summary>
    public void Abort() => Call(Event.Abort);

    /// <summary>A segment arrives. Any acknowledgment it calls for is sent before this returns.</summary>
    public void Receive(Segment segment)
    {
        LastError = null;
        _ackPending = false;
        Fire(Event.Segment, segment);
        if (_ackPending) Send(TcpFlags.Ack, _sndNxt, _rcvNxt, 0);
        _ackPending = false;
    }

    /// <summary>Returns the segments sent since the last call, and forgets them.</summary>
    public IReadOnlyList<Segment> TakeSent()
    {
        var sent = _sent.ToArray();
        _sent.Clear();
        return sent;
    }

    private void Call(Event call)
    {
        LastError = null;
        _call = call;
        Fire(call);
    }

    private void Send(TcpFlags flags, uint seq, uint ack, int length)
    {
        var segment = new Segment(flags, seq, ack, length);
        _sent.Add(segment);
        Transmit?.Invoke(segment);
    }

    /// <summary>The acceptability test of section 3.10.7.4 with an unbounded window.</summary>
    private bool InWindow(Segment seg)
    {
        bool Inside(uint n) => Le(_rcvNxt, n) && Lt(n, _rcvNxt + ReceiveWindow);
        var length = seg.SequenceLength;
        return length == 0 ? Inside(seg.Seq) : Inside(seg.Seq) || Inside(seg.Seq + length - 1);
    }

    // ---- Guards ----

    private partial bool IsRst(Segment seg) => seg.Has(TcpFlags.Rst);

    private partial bool HasAck(Segment seg) => seg.Has(TcpFlags.Ack);

    private partial bool IsSyn(Segment seg) => seg.Has(TcpFlags.Syn);

    private partial bool HasFin(Segment seg) => seg.Has(TcpFlags.Fin);

    private partial bool IsRstWithAck(Segment seg) => seg.Has(TcpFlags.Rst | TcpFlags.Ack);

    private partial bool IsSynAck(Segment seg) => seg.Has(TcpFlags.Syn | TcpFlags.Ack);

    /// <summary>SND.UNA &lt; SEG.ACK =&lt; SND.NXT fails (in SYN-SENT, SND.UNA is ISS).</summary>
    private partial bool AckUnacceptable(Segment seg) => seg.Has(TcpFlags.Ack) && !(Lt(_sndUna, seg.Ack) && Le(seg.Ack, _sndNxt));

    private partial bool AckTooNew(Segment seg) => seg.Has(TcpFlags.Ack) && Gt(seg.Ack, _sndNxt);

    private partial bool AcksOurFin(Segment seg) => _finSent && seg.Has(TcpFlags.Ack) && seg.Ack == _sndNxt;

    private partial bool FinAcksOurFin(Segment seg) => HasFin(seg) && AcksOurFin(seg);

    private partial bool OutOfWindow(Segment seg) => !InWindow(seg);

    private partial bool IsRstNotExact(Segment seg) => seg.Has(TcpFlags.Rst) && seg.Seq != _rcvNxt;

    private partial bool Ahead(Segment seg) => Gt(seg.Seq, _rcvNxt);

    private partial bool HasQueuedData() => _queuedBytes > 0;

    private partial bool IsRstAfterPassiveOpen(Segment seg) => seg.Has(TcpFlags.Rst) && _passive;

    private partial bool IsSynAfterPassiveOpen(Segment seg) => seg.Has(TcpFlags.Syn) && _passive;

    /// <summary>Simultaneous open: the peer's SYN,ACK, which repeats its SYN (seq = IRS) and acknowledges ours.</summary>
    private partial bool IsSimultaneousSynAck(Segment seg) => seg.Has(TcpFlags.Syn | TcpFlags.Ack) && seg.Seq == _irs && seg.Ack == _sndNxt;

    private partial bool IsRetransmittedSyn(Segment seg) => seg.Has(TcpFlags.Syn) && !seg.Has(TcpFlags.Ack) && seg.Seq == _irs;

    /// <summary>The peer's FIN again (its acknowledgment was lost): it ends exactly at RCV.NXT.</summary>
    private partial bool IsRetransmittedFin(Segment seg)
        => _finReceived && seg.Has(TcpFlags.Fin) && !seg.Has(TcpFlags.Rst) && !seg.Has(TcpFlags.Syn)
           && seg.Seq + (uint)seg.Length + 1 == _rcvNxt;

    // ---- Actions ----

    partial void DeleteTcb()
    {
        _sndUna = _sndNxt = _irs = _rcvNxt = 0;
        _passive = _finSent = _finReceived = _closeQueued = false;
        _queuedBytes = 0;
        StopUserTimer();
    }

    partial void CreateTcb()
    {
        _sndUna = _sndNxt = Iss;
        _passive = _call == Event.PassiveOpen;
    }

    partial void ForgetPeer()
    {
        _sndUna = _sndNxt = Iss;
        _irs = _rcvNxt = 0;
        _finReceived = false;
        StopUserTimer();
    }

    partial void SendSyn()
    {
        _passive = false;
        _sndUna = Iss;
        _sndNxt = Iss + 1;
        Send(TcpFlags.Syn, Iss, 0, 0);
        StartUserTimer();
    }

    partial void AcceptSyn(Segment seg)
    {
        _irs = seg.Seq;
        _rcvNxt = seg.Seq + 1;
    }

    partial void SendSynAck()
    {
        _sndUna = Iss;
        _sndNxt = Iss + 1;
        Send(TcpFlags.Syn | TcpFlags.Ack, Iss, _rcvNxt, 0);
        StartUserTimer();
    }

    /// <summary>A segment for a closed port (section 3.10.7.1).</summary>
    partial void ResetClosedPort(Segment seg)
    {
        if (seg.Has(TcpFlags.Rst)) return;
        if (seg.Has(TcpFlags.Ack)) Send(TcpFlags.Rst, seg.Ack, 0, 0);
        else Send(TcpFlags.Rst | TcpFlags.Ack, 0, seg.Seq + seg.SequenceLength, 0);
    }

    /// <summary>&lt;SEQ=SEG.ACK&gt;&lt;CTL=RST&gt;, never in reply to a RST.</summary>
    partial void ResetForAck(Segment seg)
    {
        if (!seg.Has(TcpFlags.Rst)) Send(TcpFlags.Rst, seg.Ack, 0, 0);
    }

    partial void TakeAck(Segment seg)
    {
        if (!seg.Has(TcpFlags.Ack) || !Lt(_sndUna, seg.Ack) || !Le(seg.Ack, _sndNxt)) return;
        _sndUna = seg.Ack;
        if (_sndUna == _sndNxt) StopUserTimer();
        else StartUserTimer();
    }

    partial void TakeData(Segment seg)
    {
        var end = seg.Seq + (uint)seg.Length;
        if (seg.Length == 0 || !Gt(end, _rcvNxt)) return;
        BytesReceived += end - _rcvNxt;
        _rcvNxt = end;
        _ackPending = true;
    }

    partial void TakeFin(Segment seg)
    {
        _rcvNxt = seg.Seq + (uint)seg.Length + 1;
        _finReceived = true;
        _ackPending = true;
    }

    partial void AcknowledgeNow() => _ackPending = true;

    partial void AcknowledgeUnlessRst(Segment seg)
    {
        if (!seg.Has(TcpFlags.Rst)) _ackPending = true;
    }

    /// <summary>RFC 5961: &lt;SEQ=SND.NXT&gt;&lt;ACK=RCV.NXT&gt;&lt;CTL=ACK&gt;, and the segment is dropped.</summary>
    partial void ChallengeAck() => _ackPending = true;

    partial void Check(Segment seg) => Fire(Event.Checked, seg);

    partial void Proceed(Segment seg) => Fire(Event.Process, seg);

    partial void QueueData() => _queuedBytes += _writeBytes;

    partial void QueueClose() => _closeQueued = true;

    /// <summary>Sends what was queued before the connection was established; a queued CLOSE follows.</summary>
    partial void FlushQueue()
    {
        if (_queuedBytes > 0)
        {
            Send(TcpFlags.Psh | TcpFlags.Ack, _sndNxt, _rcvNxt, _queuedBytes);
            _sndNxt += (uint)_queuedBytes;
            _queuedBytes = 0;
            _ackPending = false;
            StartUserTimer();
        }
        if (_closeQueued)
        {
            _closeQueued = false;
            Fire(Event.Close);
        }
    }

    partial void SendData()
    {
        Send(TcpFlags.Psh | TcpFlags.Ack, _sndNxt, _rcvNxt, _writeBytes);
        _sndNxt += (uint)_writeBytes;
        StartUserTimer();
    }

    partial void SendFin()
    {
        Send(TcpFlags.Fin | TcpFlags.Ack, _sndNxt, _rcvNxt, 0);
        _finSent = true;
        _sndNxt += 1;
        _ackPending = false;
        StartUserTimer();
    }

    /// <summary>ABORT: &lt;SEQ=SND.NXT&gt;&lt;CTL=RST&gt;.</summary>
    partial void SendReset() => Send(TcpFlags.Rst, _sndNxt, 0, 0);

    partial void ErrorNoConnection() => LastError = "connection does not exist";

    partial void ErrorConnectionExists() => LastError = "connection already exists";

    partial void ErrorClosing() => LastError = "connection closing";

    partial void ErrorReset() => LastError = "connection reset";

    partial void ErrorRefused() => LastError = "connection refused";

    partial void ErrorUserTimeout() => LastError = "connection aborted due to user timeout";

    // ---- The user timeout: armed while sent data is unacknowledged ----

    private void StartUserTimer()
    {
        if (UserTimeout is not { } timeout) return;
        _userTimer ??= TimerService.TimeProvider.CreateTimer(
            static state => ((TcpEndpoint)state!).Fire(Event.UserTimeout), this, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        _userTimer.Change(timeout, Timeout.InfiniteTimeSpan);
    }

    private void StopUserTimer() => _userTimer?.Change(Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
}
