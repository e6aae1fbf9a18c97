using System;
using System.Collections.Generic;
using TcpFsmGen.Runtime;

namespace TcpFsmGen.Samples.Mqtt;

/// <summary>
/// The client side of an MQTT 3.1.1 session: the machine of <c>mqtt.fsm</c> over a transport. The
/// application calls <see cref="Connect"/>, <see cref="Publish(string, string)"/> and
/// <see cref="Disconnect"/>; packets from the server become events. Messages go out at QoS 1, one
/// in flight at a time, in the order they were published, each sent again with DUP set when its PUBACK
/// does not come within <see cref="Timer.AckTimeout"/>, up to <see cref="MaxRetries"/> times.
/// </summary>
/// <remarks>
/// The session is kept across connections (CONNECT with CleanSession = 0): what was published while
/// there was no connection goes out after the next CONNACK, and a message still waiting for its PUBACK
/// when the connection ended is sent again, with DUP set, right after the reconnect (4.4).
/// Not covered: subscriptions, QoS 0 and 2, will messages, user names and passwords, and the packets'
/// byte encoding.
/// </remarks>
public partial class MqttSession
{
    private readonly IMqttTransport _transport;
    private readonly List<Message> _delivered = new();
    private readonly List<Message> _abandoned = new();
    private readonly List<(State State, Event Event)> _unhandled = new();
    private Outgoing? _inFlight;
    private ushort _lastPacketId;
    private bool _pingOutstanding;
    private bool _open;
    private int _connection;

    /// <summary>Creates a session that is not connected.</summary>
    /// <param name="transport">Where the session opens its network connections.</param>
    /// <param name="clientId">The client identifier sent in CONNECT.</param>
    /// <param name="timers">Where timers come from; <see cref="TimerService.System"/> when null.</param>
    /// <exception cref="ArgumentNullException"><paramref name="transport"/> or <paramref name="clientId"/> is null.</exception>
    public MqttSession(IMqttTransport transport, string clientId, TimerService? timers = null)
    {
        _transport = transport ?? throw new ArgumentNullException(nameof(transport));
        ClientId = clientId ?? throw new ArgumentNullException(nameof(clientId));
        if (timers is not null) TimerService = timers;
    }

    /// <summary>The client identifier sent in CONNECT.</summary>
    public string ClientId { get; }

    /// <summary>How many times a message is sent again after a PUBACK timeout before it is abandoned. 3 unless set.</summary>
    public int MaxRetries { get; set; } = 3;

    /// <summary>The message waiting for its PUBACK, as last sent; null when none is.</summary>
    public Publish? InFlight => _inFlight?.Packet;

    /// <summary>Messages the server acknowledged, in order.</summary>
    public IReadOnlyList<Message> Delivered => _delivered;

    /// <summary>Messages given up on after <see cref="MaxRetries"/> retransmissions without a PUBACK.</summary>
    public IReadOnlyList<Message> Abandoned => _abandoned;

    /// <summary>Events the session could not handle, with the state they came in (published after a refusal, for one).</summary>
    public IReadOnlyList<(State State, Event Event)> Unhandled => _unhandled;

    /// <summary>The last CONNACK received; null before the first.</summary>
    public ConnAck? LastConnAck { get; private set; }

    /// <summary>Why the last connection ended or was refused; null while connected or before the first attempt.</summary>
    public string? LastError { get; private set; }

    /// <summary>Called after each change of state, with the state before and after.</summary>
    public event Action<State, State>? StateChanged;

    /// <summary>Called with each packet the session sends.</summary>
    public event Action<Packet>? PacketSent;

    /// <summary>Called with each packet the session receives, before it is handled.</summary>
    public event Action<Packet>? PacketReceived;

    /// <summary>Called with a line about anything else worth knowing: a refusal, a timeout, a message given up on.</summary>
    public event Action<string>? Noted;

    /// <summary>Opens a connection and sends CONNECT. Ignored while connecting or connected.</summary>
    /// <returns>False when the server has refused this session for good (<see cref="State.Rejected"/>).</returns>
    public bool Connect() => Fire(Event.Connect);

    /// <summary>Sends DISCONNECT and closes the connection; while connecting, just closes it.</summary>
    /// <returns>False when the server has refused this session for good.</returns>
    public bool Disconnect() => Fire(Event.Disconnect);

    /// <summary>
    /// Publishes a message at QoS 1: sent now when no other message is in flight, otherwise (or without a
    /// connection) when its turn comes.
    /// </summary>
    /// <returns>False when the server has refused this session for good: the message is not kept.</returns>
    /// <exception cref="ArgumentException"><paramref name="topic"/> is not a valid topic name (4.7.3).</exception>
    /// <exception cref="ArgumentNullException"><paramref name="payload"/> is null.</exception>
    public bool Publish(string topic, string payload)
    {
        if (Message.CheckTopic(topic) is { } why) throw new ArgumentException($"'{topic}' is not a topic name: {why}.", nameof(topic));
        if (payload is null) throw new ArgumentNullException(nameof(payload));
        return Fire(Event.Publish, new Message(topic, payload));
    }

    private void Receive(int connection, Packet packet)
    {
        if (connection != _connection || !_open) return;
        PacketReceived?.Invoke(packet);
        switch (packet)
        {
            case ConnAck ack:
                Fire(Event.ConnAckReceived, ack);
                break;
            case PubAck ack:
                Fire(Event.PubAckReceived, ack);
                break;
            case PingResp:
                Fire(Event.PingRespReceived);
                break;
            default:
                // 4.8: a protocol violation closes the network connection.
                LastError = $"protocol violation: the server sent {packet}";
                Fire(Event.ConnectionLost);
                break;
        }
    }

    private void Lost(int connection)
    {
        if (connection != _connection || !_open) return;
        _open = false;
        LastError = "the connection was closed by the server or the network";
        Fire(Event.ConnectionLost);
    }

    private void Send(Packet packet)
    {
        PacketSent?.Invoke(packet);
        _transport.Send(packet);
    }

    private ushort NextPacketId()
    {
        _lastPacketId = _lastPacketId == ushort.MaxValue ? (ushort)1 : (ushort)(_lastPacketId + 1);
        return _lastPacketId;
    }

    private ushort KeepAliveSeconds()
    {
        // Rounded up: the client pings at least as often as it promised.
        var seconds = Math.Ceiling(GetTimerDuration(Timer.KeepAlive).TotalSeconds);
        return (ushort)Math.Min(ushort.MaxValue, seconds);
    }

    // ---- Guards ----

    private partial bool IsAccepted(ConnAck ack) => ack.ReturnCode == ConnectReturnCode.Accepted;

    private partial bool IsTransient(ConnAck ack) => ack.ReturnCode == ConnectReturnCode.ServerUnavailable;

    private partial bool PingOutstanding() => _pingOutstanding;

    private partial bool AcksInFlight(PubAck ack) => _inFlight is not null && ack.PacketId == _inFlight.Packet.PacketId;

    private partial bool UnderRetryLimit() => _inFlight is not null && _inFlight.Sends - 1 < MaxRetries;

    // ---- Actions: the connection ----

    partial void OpenConnection()
    {
        var connection = ++_connection;
        _open = true;
        LastError = null;
        _transport.Open(packet => Receive(connection, packet), () => Lost(connection));
        Send(new Connect(ClientId, CleanSession: false, KeepAliveSeconds()));
    }

    partial void CloseConnection()
    {
        if (!_open) return;
        _open = false;
        _transport.Close();
    }

    partial void Accepted(ConnAck ack) => LastConnAck = ack;

    partial void Refused(ConnAck ack)
    {
        LastConnAck = ack;
        LastError = $"connection refused: {ack.ReturnCode}";
        Noted?.Invoke(LastError);
    }

    partial void ConnectTimedOut()
    {
        LastError = $"no CONNACK within {GetTimerDuration(Timer.ConnectTimeout).TotalSeconds:0.###} s";
        Noted?.Invoke(LastError);
    }

    partial void SendDisconnect()
    {
        Send(new Disconnect());
        LastError = null;
    }

    // ---- Actions: keep-alive ----

    partial void ResetKeepAlive() => _pingOutstanding = false;

    // The decision (ping or give up) is the machine's: the timer only raises the event that it makes on.
    partial void RaiseKeepAliveDue() => Fire(Event.KeepAliveDue);

    partial void SendPingReq()
    {
        _pingOutstanding = true;
        Send(new PingReq());
    }

    partial void PingAnswered() => _pingOutstanding = false;

    partial void PingTimedOut()
    {
        LastError = "no PINGRESP within the keep-alive period";
        Noted?.Invoke(LastError);
    }

    // ---- Actions: QoS 1 publishing ----

    partial void TakeInFlight(Message msg) => _inFlight = new Outgoing(new Publish(NextPacketId(), msg.Topic, msg.Payload), msg);

    partial void SendInFlight()
    {
        var inFlight = _inFlight!;       // AwaitingPubAck is entered only with a message in flight
        inFlight.Packet = inFlight.Packet with { Dup = inFlight.Sends > 0 };
        inFlight.Sends++;
        Send(inFlight.Packet);
    }

    partial void Acknowledged()
    {
        _delivered.Add(_inFlight!.Message);
        _inFlight = null;
    }

    partial void GiveUp()
    {
        var inFlight = _inFlight!;
        _abandoned.Add(inFlight.Message);
        _inFlight = null;
        Noted?.Invoke($"gave up on PUBLISH id={inFlight.Packet.PacketId} after {inFlight.Sends} sends without a PUBACK");
    }

    partial void StrayPubAck(PubAck ack) => Noted?.Invoke($"{ack} matches no message in flight: dropped");

    // ---- Observers ----

    partial void OnTransition(State from, State to) => StateChanged?.Invoke(from, to);

    partial void OnUnhandled(State state, Event e)
    {
        _unhandled.Add((state, e));
        Noted?.Invoke($"{e} not handled in {state}");
    }

    /// <summary>The message in flight: its PUBLISH packet as last sent, and how many times it was sent.</summary>
    private sealed class Outgoing
    {
        public Outgoing(Publish packet, Message message)
        {
            Packet = packet;
            Message = message;
        }

        public Publish Packet { get; set; }

        public Message Message { get; }

        public int Sends { get; set; }
    }
}
