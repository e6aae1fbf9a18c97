using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using TcpFsmGen.Runtime;
using static TcpFsmGen.Samples.Tcp.SequenceNumbers;

namespace TcpFsmGen.Samples.Tcp.Wire;

/// <summary>What an application on a wire connection is told. Every call comes on the stack's event loop.</summary>
public interface IWireApp
{
    /// <summary>The connection reached ESTABLISHED.</summary>
    void Opened(WireConnection connection) { }

    /// <summary>Bytes arrived in order.</summary>
    void Received(WireConnection connection, ReadOnlySpan<byte> data) { }

    /// <summary>The peer's FIN arrived: nothing more will come.</summary>
    void PeerClosed(WireConnection connection) { }

    /// <summary>The send buffer has room again (<see cref="WireConnection.SendBuffered"/> went down).</summary>
    void Writable(WireConnection connection) { }

    /// <summary>The connection ended: CLOSED, with the machine's error (<c>connection reset</c>, ...) or null after a clean close.</summary>
    void Closed(WireConnection connection, string? error) { }
}

/// <summary>
/// One connection on the wire: a generated <see cref="TcpEndpoint"/> (the states, sequence numbers, acknowledgments)
/// and a generated <see cref="CongestionControl"/>, with what only a wire needs around them: the bytes behind the
/// sequence numbers, windows, the out-of-order queue, the RTT estimate, and the persist and delayed-ACK timers (the
/// retransmission timer is the congestion machine's).
/// </summary>
/// <remarks>
/// Each arriving packet becomes the machine's <c>Segment</c> event (<see cref="TcpEndpoint.Receive"/>), and each
/// segment the machine sends becomes a packet carrying the bytes at its sequence numbers. Data is handed to the
/// machine one segment at a time (<see cref="TcpEndpoint.Write"/>), as the windows allow. Retransmissions, window
/// updates, delayed ACKs and zero-window probes repeat or announce what the machine already decided, so they are
/// written here as packets, without the machine.
/// </remarks>
public sealed class WireConnection : ICongestionOwner, ITimerTarget
{
    /// <summary>The MSS we announce: a 1500-byte MTU less 40 bytes of headers.</summary>
    public const int OurMss = 1460;
    private const int DefaultMss = 536;                      // RFC 9293 section 3.7.1: without the option
    private const int ReceiveBuffer = 65535;
    private const int MaxOutOfOrder = 64;
    private static readonly TimeSpan s_maxRto = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan s_delayedAck = TimeSpan.FromMilliseconds(40);
    private const int PersistSlot = 0, DelayedAckSlot = 1, AppSlot = 2;

    private readonly WireStack _stack;
    private readonly TimerSlot[] _timers;
    private readonly List<TcpPacket> _outOfOrder = new();
    private readonly List<ReadOnlyMemory<byte>> _delivered = new();

    // Send buffer: the bytes from sequence number _sendBase on (acknowledged ones are dropped).
    private byte[] _sendBuffer = new byte[16 * 1024];
    private int _sendStart;
    private int _sendCount;
    private uint _sendBase;
    private bool _closeRequested;
    private bool _finSent;
    private uint _finSeq;

    private uint _sndWnd;
    private uint _wl1, _wl2;
    private int _sendMss = DefaultMss;
    private uint _rtxNext;
    private int _dupAcks;
    private ushort _lastWindow;

    // RFC 6298.
    private bool _haveRtt;
    private TimeSpan _srtt, _rttVar;
    private TimeSpan _rto = TimeSpan.FromSeconds(1);
    private bool _timing;
    private uint _timedSeq;
    private long _timedAt;
    private int _retries;
    private TimeSpan _persistBackoff;

    // Delayed ACK.
    private bool _inReceive;
    private bool _delayable;
    private int _segmentsUnacked;

    private bool _peerSack;
    private uint _latestOutOfOrder;
    private bool _draining;
    private bool _ackOwed;
    private bool _peerClosedTold;
    private bool _openedTold;
    private bool _ended;

    internal WireConnection(WireStack stack, uint localIp, ushort localPort, uint remoteIp, ushort remotePort, uint iss, IWireApp app)
    {
        _stack = stack;
        if (stack.MinRto > _rto) _rto = stack.MinRto;
        LocalIp = localIp;
        LocalPort = localPort;
        RemoteIp = remoteIp;
        RemotePort = remotePort;
        App = app;
        Endpoint = new TcpEndpoint(iss, stack.Timers) { Msl = stack.Msl };
        Endpoint.Transmit += OnTransmit;
        Endpoint.StateChanged += OnStateChanged;
        Congestion = new CongestionControl(this, DefaultMss, stack.Timers);
        if (_rto != TimeSpan.FromSeconds(1)) Congestion.SetTimerDuration(CongestionControl.Timer.Rto, _rto);
        Congestion.StateChanged += (from, to) => stack.CongestionChanged(this, from, to);
        _sendBase = iss + 1;
        _timers = new TimerSlot[3];
        for (var i = 0; i < _timers.Length; i++) _timers[i] = stack.Timers.CreateSlot(this, i);
    }

    /// <summary>The connection machine (tcp.fsm).</summary>
    public TcpEndpoint Endpoint { get; }

    /// <summary>The congestion machine (congestion.fsm).</summary>
    public CongestionControl Congestion { get; }

    /// <summary>The application served over this connection.</summary>
    public IWireApp App { get; }

    /// <summary>Our address.</summary>
    public uint LocalIp { get; }

    /// <summary>Our port.</summary>
    public ushort LocalPort { get; }

    /// <summary>The peer's address.</summary>
    public uint RemoteIp { get; }

    /// <summary>The peer's port.</summary>
    public ushort RemotePort { get; }

    /// <summary><c>10.7.0.2:80</c>.</summary>
    public string Local => $"{TcpPacket.FormatAddress(LocalIp)}:{LocalPort}";

    /// <summary><c>10.7.0.1:43210</c>.</summary>
    public string Remote => $"{TcpPacket.FormatAddress(RemoteIp)}:{RemotePort}";

    /// <summary>Bytes written and not yet acknowledged (sent or not).</summary>
    public int SendBuffered => _sendCount;

    /// <summary>Segments sent again (timeouts, fast retransmits, partial acknowledgments).</summary>
    public int Retransmissions { get; private set; }

    /// <summary>Retransmission timer expiries.</summary>
    public int Timeouts { get; private set; }

    /// <summary>The current retransmission timeout.</summary>
    public TimeSpan Rto => _rto;

    /// <summary>SND.WND: the peer's window.</summary>
    public uint SendWindow => _sndWnd;

    /// <summary>The segment size in use: the peer's MSS option, at most ours.</summary>
    public int SendMss => _sendMss;

    /// <summary>True once the connection ended (CLOSED, or back to LISTEN after a reset SYN-RECEIVED).</summary>
    public bool Ended => _ended;

    /// <summary>True once the application has taken the connection from the listen backlog (<see cref="MarkServed"/>).</summary>
    public bool Served { get; private set; }

    /// <summary>The application has taken the connection: it no longer counts against the listen backlog.</summary>
    public void MarkServed() => Served = true;

    /// <summary>SND.UNA: the machine's, or in LAST-ACK the highest acknowledgment below our FIN.</summary>
    public uint Una => _hasLastAckUna && Endpoint.Current == TcpEndpoint.State.LastAck && Gt(_lastAckUna, Endpoint.SndUna) ? _lastAckUna : Endpoint.SndUna;

    private uint _lastAckUna;
    private bool _hasLastAckUna;

    /// <summary>Sent and not acknowledged, the congestion machine's FlightSize.</summary>
    public uint FlightSize => Endpoint.SndNxt - Una;

    /// <summary>SND.NXT.</summary>
    public uint SndNxt => Endpoint.SndNxt;

    /// <summary>Queues <paramref name="data"/> to be sent, after what is already queued.</summary>
    /// <exception cref="InvalidOperationException">The connection was closed for sending.</exception>
    public void Write(ReadOnlySpan<byte> data)
    {
        if (_closeRequested || _ended) throw new InvalidOperationException("connection closing");
        if (_sendStart + _sendCount + data.Length > _sendBuffer.Length)
        {
            var size = _sendBuffer.Length;
            while (size < _sendCount + data.Length) size *= 2;
            var buffer = size == _sendBuffer.Length ? _sendBuffer : new byte[size];
            Array.Copy(_sendBuffer, _sendStart, buffer, 0, _sendCount);
            _sendBuffer = buffer;
            _sendStart = 0;
        }
        data.CopyTo(_sendBuffer.AsSpan(_sendStart + _sendCount));
        _sendCount += data.Length;
        if (!_inReceive) Pump();
    }

    /// <summary>CLOSE: a FIN goes after the queued data.</summary>
    public void Close()
    {
        if (_closeRequested || _ended) return;
        _closeRequested = true;
        if (!_inReceive) Pump();
    }

    /// <summary>ABORT once everything written has been acknowledged.</summary>
    public void AbortWhenSent()
    {
        _abortWhenSent = true;
        if (!_inReceive) Pump();
    }

    private bool _abortWhenSent;

    /// <summary>ABORT: the machine sends a RST and goes to CLOSED.</summary>
    public void Abort()
    {
        if (_ended) return;
        Endpoint.Abort();
    }

    /// <summary>Starts (or restarts) the application's timer; <see cref="IWireApp"/> hears of it through <paramref name="elapsed"/>.</summary>
    public void StartAppTimer(TimeSpan due, Action<WireConnection> elapsed)
    {
        _appTimer = elapsed;
        _timers[AppSlot].Start(due);
    }

    private Action<WireConnection>? _appTimer;

    /// <summary>Active OPEN: the machine sends a SYN.</summary>
    internal void Open() => Endpoint.Connect();

    /// <summary>Passive OPEN for the SYN that created this connection.</summary>
    internal void Listen() => Endpoint.Listen();

    /// <summary>A packet for this connection arrived.</summary>
    internal void Incoming(TcpPacket packet)
    {
        if (_ended) return;
        Handle(packet);
        // In-order data may have filled a hole: hand the queued segments that now start at or before RCV.NXT to the machine.
        for (var again = true; again && !_ended;)
        {
            again = false;
            for (var i = 0; i < _outOfOrder.Count; i++)
            {
                var queued = _outOfOrder[i];
                if (Gt(queued.Seq, Endpoint.RcvNxt)) continue;
                _outOfOrder.RemoveAt(i);
                _draining = true;
                try
                {
                    if (Gt(queued.Seq + queued.Segment.SequenceLength, Endpoint.RcvNxt)) Handle(queued);
                }
                finally
                {
                    _draining = false;
                }
                again = true;
                break;
            }
        }
        if (_ackOwed && !_ended)
        {
            _ackOwed = false;
            SendAck();                                        // one ACK for the hole and what was queued behind it
        }
        if (_ended) return;
        Deliver();
        if (_ended) return;
        Pump();
    }

    private void Handle(TcpPacket packet)
    {
        var seg = packet.Segment;
        var before = Endpoint.Current;
        var oldUna = Una;
        var oldRcv = Endpoint.RcvNxt;
        if (packet.Has(TcpFlags.Syn) && before is TcpEndpoint.State.Listen or TcpEndpoint.State.SynSent)
        {
            _sendMss = Math.Min((int)(packet.Mss ?? DefaultMss), OurMss);
            _peerSack = packet.SackPermitted;
            Congestion.SetMss(_sendMss);
        }
        var synchronized = Endpoint.IsIn(TcpEndpoint.State.Synchronized);
        // A segment beyond RCV.NXT, inside the window. tcp.fsm acknowledges such a segment and drops it whole (it has no
        // reassembly queue, and its replay traces rely on that), which would also drop its ACK field and, when both sides
        // have a hole, make each side's ACK answer the other's for ever. So the wire keeps its text and FIN in the
        // out-of-order queue and gives the machine what it can take now: the same acknowledgment at RCV.NXT.
        if (synchronized && Gt(packet.Seq, oldRcv) && packet.Seq - oldRcv < ReceiveBuffer && packet.Has(TcpFlags.Ack)
            && !packet.Has(TcpFlags.Rst) && !packet.Has(TcpFlags.Syn))
        {
            if (packet.Payload.Length > 0 || packet.Has(TcpFlags.Fin))
            {
                if (_outOfOrder.Count < MaxOutOfOrder && !_outOfOrder.Exists(q => q.Seq == packet.Seq && q.Segment.SequenceLength >= packet.Segment.SequenceLength))
                {
                    _outOfOrder.Add(packet);
                    _latestOutOfOrder = packet.Seq;
                }
                _ackOwed = true;                              // a duplicate ACK (with SACK blocks) at the end of this arrival
            }
            seg = new Segment(TcpFlags.Ack, oldRcv, packet.Ack, 0);
        }
        _delayable = synchronized && packet.Payload.Length > 0 && packet.Seq == oldRcv && !packet.Has(TcpFlags.Fin) && _outOfOrder.Count == 0;
        var draining = _draining;
        _draining |= _outOfOrder.Count > 0;                   // with a hole, the ACKs of one arrival go out as one, with SACK blocks
        _inReceive = true;
        try
        {
            Endpoint.Receive(seg);
        }
        finally
        {
            _inReceive = false;
            _draining = draining;
        }
        if (_ended) return;

        var newRcv = Endpoint.RcvNxt;
        if (packet.Payload.Length > 0 && Gt(newRcv, oldRcv))
        {
            var from = (long)(uint)(oldRcv - packet.Seq);
            var to = Math.Min(packet.Payload.Length, (long)(uint)(newRcv - packet.Seq));
            if (from < to) _delivered.Add(packet.Payload.Slice((int)from, (int)(to - from)));
        }
        if (before is TcpEndpoint.State.SynSent or TcpEndpoint.State.SynReceived && Endpoint.IsIn(TcpEndpoint.State.Synchronized))
        {
            _sndWnd = packet.Window;
            _wl1 = packet.Seq;
            _wl2 = packet.Ack;
            _retries = 0;
            SampleRtt(Una);
        }
        else if (synchronized && packet.Has(TcpFlags.Ack))
        {
            TakeAck(packet, oldUna);
        }
    }

    private void TakeAck(TcpPacket packet, uint oldUna)
    {
        // tcp.fsm's LAST-ACK waits for the ACK of our FIN only (RFC 9293 section 3.10.7.4), so ACKs of the data still in
        // flight when the FIN went out do not move its SND.UNA there; the wire keeps that point itself, to stop resending.
        if (Endpoint.Current == TcpEndpoint.State.LastAck && Gt(packet.Ack, Una) && Lt(packet.Ack, Endpoint.SndNxt))
        {
            _lastAckUna = packet.Ack;
            _hasLastAckUna = true;
        }
        var una = Una;
        var windowChanged = false;
        // RFC 9293 section 3.10.7.4, fifth: the window is taken from the newest segment.
        if (Le(oldUna, packet.Ack) && Le(packet.Ack, Endpoint.SndNxt) && (Lt(_wl1, packet.Seq) || (_wl1 == packet.Seq && Le(_wl2, packet.Ack))))
        {
            windowChanged = _sndWnd != packet.Window;
            _sndWnd = packet.Window;
            _wl1 = packet.Seq;
            _wl2 = packet.Ack;
            if (_sndWnd > 0) { _timers[PersistSlot].Cancel(); _persistBackoff = TimeSpan.Zero; }
        }
        if (Gt(una, oldUna))
        {
            var acked = una - oldUna;
            SampleRtt(una);
            _retries = 0;
            var dataAcked = (int)Math.Min((uint)_sendCount, Gt(una, _sendBase) ? una - _sendBase : 0u);
            _sendStart += dataAcked;
            _sendCount -= dataAcked;
            _sendBase += (uint)dataAcked;
            if (_sendCount == 0) _sendStart = 0;
            if (Lt(_rtxNext, una)) _rtxNext = una;
            _dupAcks = 0;
            Congestion.AckedBytes = acked;
            Congestion.AckNumber = packet.Ack;
            Congestion.Fire(CongestionControl.Event.NewAck);
            _stack.CongestionSampled(this);
            if (dataAcked > 0) App.Writable(this);
        }
        else if (packet.Ack == una && packet.Payload.Length == 0 && !packet.Has(TcpFlags.Fin) && !packet.Has(TcpFlags.Syn)
                 && !windowChanged && Endpoint.SndNxt != una)
        {
            _dupAcks++;
            Congestion.DuplicateAcks = _dupAcks;
            Congestion.Fire(CongestionControl.Event.DupAck);
            _stack.CongestionSampled(this);
        }
    }

    /// <summary>RFC 6298 section 2: SRTT and RTTVAR from one measurement, never from a retransmitted segment (Karn).</summary>
    private void SampleRtt(uint una)
    {
        if (!_timing || Lt(una, _timedSeq)) return;
        _timing = false;
        var r = _stack.Clock.GetElapsedTime(_timedAt);
        if (!_haveRtt)
        {
            _srtt = r;
            _rttVar = r / 2;
            _haveRtt = true;
        }
        else
        {
            _rttVar = 0.75 * _rttVar + 0.25 * (_srtt - r).Duration();
            _srtt = 0.875 * _srtt + 0.125 * r;
        }
        var rto = _srtt + TimeSpan.FromTicks(Math.Max(_stack.Timers.Granularity.Ticks, 4 * _rttVar.Ticks));
        _rto = rto < _stack.MinRto ? _stack.MinRto : rto > s_maxRto ? s_maxRto : rto;
        Congestion.SetTimerDuration(CongestionControl.Timer.Rto, _rto);
    }

    /// <summary>Hands received bytes and the peer's FIN to the application, after the machine is done with the packet.</summary>
    private void Deliver()
    {
        // Not re-entered: an application that writes from Received pumps, and the pump delivers; the peer's FIN must
        // not reach the application before the bytes in front of it.
        if (_delivering) return;
        _delivering = true;
        try
        {
            DeliverOnce();
        }
        finally
        {
            _delivering = false;
        }
    }

    private bool _delivering;

    private void DeliverOnce()
    {
        while (_delivered.Count > 0)
        {
            var chunks = _delivered.ToArray();
            _delivered.Clear();
            foreach (var chunk in chunks)
            {
                if (_ended) return;
                _stack.BytesReceived += chunk.Length;
                App.Received(this, chunk.Span);
            }
        }
        if (!_openedTold && Endpoint.IsIn(TcpEndpoint.State.Synchronized))
        {
            _openedTold = true;
            App.Opened(this);
        }
        if (!_peerClosedTold && Endpoint.Current is TcpEndpoint.State.CloseWait or TcpEndpoint.State.LastAck or TcpEndpoint.State.Closing or TcpEndpoint.State.TimeWait)
        {
            _peerClosedTold = true;
            App.PeerClosed(this);
        }
    }

    /// <summary>Sends what the windows allow: after a timeout the outstanding data again, then new data, then the FIN.</summary>
    private void Pump()
    {
        if (_ended) return;
        Deliver();
        if (_ended || !Endpoint.IsIn(TcpEndpoint.State.Synchronized)) return;
        var una = Una;
        if (Congestion.Current == CongestionControl.State.Loss)
        {
            while (Lt(_rtxNext, Endpoint.SndNxt) && _rtxNext - una < Congestion.Cwnd)
            {
                var sent = SendAt(_rtxNext);
                if (sent == 0) break;
                Retransmissions++;
                _rtxNext += sent;
            }
        }
        if (Endpoint.Current is TcpEndpoint.State.Established or TcpEndpoint.State.CloseWait && !_finSent)
        {
            while (true)
            {
                var unsent = _sendCount - (int)(Endpoint.SndNxt - _sendBase);
                if (unsent <= 0) break;
                var flight = Endpoint.SndNxt - Una;
                // RFC 3042, limited transmit: the first two duplicate ACKs each let one new segment out beyond cwnd.
                var limited = Congestion.Current is CongestionControl.State.SlowStart or CongestionControl.State.CongestionAvoidance
                    ? (uint)(Math.Min(_dupAcks, 2) * _sendMss) : 0u;
                var window = Math.Min(Congestion.Cwnd + limited, _sndWnd);
                if (flight >= window) break;
                var n = (int)Math.Min(Math.Min((uint)unsent, (uint)_sendMss), window - flight);
                if (n < _sendMss && n < unsent && flight > 0) break;  // sender-side silly window avoidance (RFC 9293 section 3.8.6.2.1)
                Endpoint.Write(n);
            }
            if (_closeRequested && _sendCount == (int)(Endpoint.SndNxt - _sendBase)) Endpoint.Close();
            if (_abortWhenSent && _sendCount == 0)
            {
                Endpoint.Abort();
                return;
            }
            if (_sndWnd == 0 && _sendCount > (int)(Endpoint.SndNxt - _sendBase) && Endpoint.SndNxt == Una && !_timers[PersistSlot].IsArmed)
            {
                if (_persistBackoff == TimeSpan.Zero) _persistBackoff = _rto;
                _timers[PersistSlot].Start(_persistBackoff);
            }
        }
        if (_ended) return;
        var advertised = AdvertisedWindow;
        if (advertised >= _lastWindow + 2 * OurMss && _lastWindow < ReceiveBuffer / 2) SendAck();   // a window update
    }

    /// <summary>
    /// RCV.WND. The applications consume what arrives at once, so the window is the whole buffer, except for an application
    /// that turns what it receives into output (<see cref="WindowFollowsOutput"/>, echo): its window shrinks as its unsent
    /// output passes one buffer, down to zero at two, so a peer that sends without reading is stopped.
    /// </summary>
    private ushort AdvertisedWindow => WindowFollowsOutput
        ? (ushort)Math.Clamp(ReceiveBuffer - Math.Max(0, _sendCount - ReceiveBuffer), 0, ReceiveBuffer)
        : (ushort)ReceiveBuffer;

    /// <summary>True when what this connection receives becomes its output (echo): the receive window then shrinks while the output waits.</summary>
    public bool WindowFollowsOutput { get; set; }

    /// <summary>Sends the segment at <paramref name="seq"/> again (data, or the FIN); returns the sequence space it covers.</summary>
    private uint SendAt(uint seq)
    {
        var dataEnd = _finSent ? _finSeq : Endpoint.SndNxt;
        if (_finSent && seq == _finSeq)
        {
            Emit(TcpFlags.Fin | TcpFlags.Ack, _finSeq, ReadOnlyMemory<byte>.Empty, null);
            return 1;
        }
        if (!Lt(seq, dataEnd) || Lt(seq, _sendBase)) return 0;
        var n = (int)Math.Min((uint)_sendMss, dataEnd - seq);
        var offset = _sendStart + (int)(seq - _sendBase);
        Emit(TcpFlags.Psh | TcpFlags.Ack, seq, new ReadOnlyMemory<byte>(_sendBuffer, offset, n).ToArray(), null);
        return (uint)n;
    }

    /// <summary>Resends the segment at SND.UNA.</summary>
    public void RetransmitFirst(bool fast)
    {
        _timing = false;
        if (SendAt(Una) > 0) Retransmissions++;
    }

    /// <summary>
    /// After a timeout: the SYN or SYN,ACK again in the handshake; else the segment at SND.UNA, the rest in
    /// <see cref="Pump"/> as ACKs open cwnd again.
    /// </summary>
    public void GoBackN()
    {
        if (_ended) return;
        _dupAcks = 0;
        switch (Endpoint.Current)
        {
            case TcpEndpoint.State.SynSent:
                Emit(TcpFlags.Syn, Endpoint.Iss, ReadOnlyMemory<byte>.Empty, OurMss);
                Retransmissions++;
                break;
            case TcpEndpoint.State.SynReceived:
                Emit(TcpFlags.Syn | TcpFlags.Ack, Endpoint.Iss, ReadOnlyMemory<byte>.Empty, OurMss);
                Retransmissions++;
                break;
            default:
                _rtxNext = Una;
                var sent = SendAt(Una);
                if (sent > 0)
                {
                    Retransmissions++;
                    _rtxNext += sent;
                }
                break;
        }
        _stack.CongestionSampled(this);
    }

    /// <summary>True while the connection lives and has something in flight.</summary>
    public bool Outstanding => !_ended && Una != Endpoint.SndNxt;

    private void SendAck()
    {
        _timers[DelayedAckSlot].Cancel();
        _segmentsUnacked = 0;
        Emit(TcpFlags.Ack, Endpoint.SndNxt, ReadOnlyMemory<byte>.Empty, null);
    }

    /// <summary>A segment from the machine becomes a packet.</summary>
    private void OnTransmit(Segment s)
    {
        if (s.Has(TcpFlags.Rst))
        {
            _stack.Send(new TcpPacket(LocalIp, RemoteIp, LocalPort, RemotePort, s.Seq, s.Ack, s.Flags, 0, null, ReadOnlyMemory<byte>.Empty));
            return;
        }
        if (s.Flags == TcpFlags.Ack && s.Length == 0 && _draining)
        {
            _ackOwed = true;
            return;
        }
        if (s.Flags == TcpFlags.Ack && s.Length == 0 && _inReceive && _delayable)
        {
            // RFC 9293 section 3.8.6.3 and RFC 1122: acknowledge every second full segment, else within the delayed-ACK time.
            if (++_segmentsUnacked >= 2) SendAck();
            else if (!_timers[DelayedAckSlot].IsArmed) _timers[DelayedAckSlot].Start(s_delayedAck);
            return;
        }
        ReadOnlyMemory<byte> payload = ReadOnlyMemory<byte>.Empty;
        if (s.Length > 0)
        {
            var offset = _sendStart + (int)(s.Seq - _sendBase);
            payload = new ReadOnlyMemory<byte>(_sendBuffer, offset, s.Length).ToArray();
        }
        if (s.Has(TcpFlags.Fin))
        {
            _finSent = true;
            _finSeq = s.Seq + (uint)s.Length;
        }
        if (s.SequenceLength > 0)
        {
            if (!_timing)
            {
                _timing = true;
                _timedSeq = s.Seq + s.SequenceLength;
                _timedAt = _stack.Clock.GetTimestamp();
            }
            Congestion.SentFirstInFlight = s.Seq == Una;     // RFC 6298 5.1: nothing else in flight, so the timer starts
            Congestion.Fire(CongestionControl.Event.Sent);
        }
        Emit(s.Flags, s.Seq, payload, s.Has(TcpFlags.Syn) ? (ushort)OurMss : null, s.Ack);
    }

    private void Emit(TcpFlags flags, uint seq, ReadOnlyMemory<byte> payload, ushort? mss, uint? ack = null)
    {
        if (flags.HasFlag(TcpFlags.Ack))
        {
            _timers[DelayedAckSlot].Cancel();
            _segmentsUnacked = 0;
        }
        _lastWindow = AdvertisedWindow;
        _stack.Send(new TcpPacket(LocalIp, RemoteIp, LocalPort, RemotePort, seq, flags.HasFlag(TcpFlags.Ack) ? ack ?? Endpoint.RcvNxt : 0,
            flags, _lastWindow, mss, payload)
        {
            SackPermitted = flags.HasFlag(TcpFlags.Syn) && (!flags.HasFlag(TcpFlags.Ack) || _peerSack),
            Sack = flags.HasFlag(TcpFlags.Ack) && _peerSack && _outOfOrder.Count > 0 ? SackBlocks() : null,
        });
    }

    /// <summary>
    /// The out-of-order queue as SACK blocks (RFC 2018 section 4): the block holding the latest segment first, then the
    /// others; segments that touch are merged.
    /// </summary>
    private (uint, uint)[] SackBlocks()
    {
        var rcvNxt = Endpoint.RcvNxt;
        var ranges = new List<(uint Left, uint Right)>();
        foreach (var q in _outOfOrder)
        {
            if (Gt(q.Seq, rcvNxt) && q.Payload.Length > 0) ranges.Add((q.Seq, q.Seq + (uint)q.Payload.Length));
        }
        ranges.Sort((a, b) => (int)(a.Left - rcvNxt) - (int)(b.Left - rcvNxt));
        var merged = new List<(uint Left, uint Right)>();
        foreach (var r in ranges)
        {
            if (merged.Count > 0 && Ge(merged[^1].Right, r.Left))
            {
                if (Gt(r.Right, merged[^1].Right)) merged[^1] = (merged[^1].Left, r.Right);
            }
            else merged.Add(r);
        }
        var latest = merged.FindIndex(r => Le(r.Left, _latestOutOfOrder) && Lt(_latestOutOfOrder, r.Right));
        if (latest > 0)
        {
            var first = merged[latest];
            merged.RemoveAt(latest);
            merged.Insert(0, first);
        }
        return merged.Take(4).Select(r => (r.Left, r.Right)).ToArray();
    }

    /// <inheritdoc />
    void ITimerTarget.OnTimerElapsed(int slot, int generation)
    {
        if (_ended || !_timers[slot].IsCurrent(generation)) return;
        switch (slot)
        {
            case PersistSlot: Probe(); break;
            case DelayedAckSlot: SendAck(); break;
            case AppSlot: _appTimer?.Invoke(this); break;
        }
        if (!_ended) Pump();
    }

    /// <summary>
    /// The congestion machine's retransmission timer expired with data outstanding (RFC 6298 5.5): past the retry limit
    /// the machine's user timeout ends the connection; otherwise the timer backs off.
    /// </summary>
    public void TimedOut()
    {
        if (_ended) return;
        if (++_retries > _stack.RetryLimit)
        {
            _stack.Report(this, $"error: no acknowledgment after {_stack.RetryLimit} retransmissions");
            Endpoint.Fire(TcpEndpoint.Event.UserTimeout);
            return;
        }
        Timeouts++;
        _timing = false;                                      // Karn: no sample from what is resent
        _rto = _rto * 2 > s_maxRto ? s_maxRto : _rto * 2;
        Congestion.SetTimerDuration(CongestionControl.Timer.Rto, _rto);
    }

    /// <summary>The persist timer: one byte beyond a zero window (RFC 9293 section 3.8.6.1), with backoff.</summary>
    private void Probe()
    {
        var unsent = _sendCount - (int)(Endpoint.SndNxt - _sendBase);
        if (_sndWnd != 0 || unsent <= 0 || Endpoint.Current is not (TcpEndpoint.State.Established or TcpEndpoint.State.CloseWait)) return;
        _stack.ZeroWindowProbes++;
        Endpoint.Write(1);
        _persistBackoff = _persistBackoff * 2 > s_maxRto ? s_maxRto : _persistBackoff * 2;
    }

    private void OnStateChanged(TcpEndpoint.State from, TcpEndpoint.State to)
    {
        if (from == to) return;
        _stack.StateChanged(this, from, to);
        if (to == TcpEndpoint.State.Closed || (to == TcpEndpoint.State.Listen && from != TcpEndpoint.State.Closed)) End();
    }

    private void End()
    {
        if (_ended) return;
        _ended = true;
        foreach (var timer in _timers) timer.Cancel();
        var error = Endpoint.LastError;
        _stack.Remove(this);
        if (error is not null) _stack.Report(this, $"error: {error}");
        App.Closed(this, error);
    }

    /// <summary>One line in the style of <c>ss -tan</c>, with the congestion machine's state and window.</summary>
    public string Describe()
    {
        var unsent = Math.Max(0, _sendCount);
        return string.Format(CultureInfo.InvariantCulture, "{0,-11}{1,6} {2,6}   {3,-21} {4,-21} cc:{5} cwnd:{6} ssthresh:{7} wnd:{8} rto:{9}ms retrans:{10}",
            SsName(Endpoint.Current), 0, unsent, Local, Remote, Congestion.Current, Congestion.Cwnd,
            Congestion.Ssthresh >= 1u << 30 ? "-" : Congestion.Ssthresh.ToString(CultureInfo.InvariantCulture), _sndWnd, (int)_rto.TotalMilliseconds, Retransmissions);
    }

    /// <summary>The state as <c>ss</c> spells it.</summary>
    public static string SsName(TcpEndpoint.State state) => state switch
    {
        TcpEndpoint.State.Established => "ESTAB",
        TcpEndpoint.State.SynReceived => "SYN-RECV",
        TcpEndpoint.State.Closed => "UNCONN",
        _ => TcpEndpoint.RfcName(state),
    };
}
