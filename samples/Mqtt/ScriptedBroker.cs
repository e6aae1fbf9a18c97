using System;
using System.Collections.Generic;
using System.Threading;

namespace TcpFsmGen.Samples.Mqtt;

/// <summary>
/// An in-memory MQTT server for one client, with a script: it records every packet the client sends and
/// answers after <see cref="Latency"/> on its clock, as a server would (CONNACK accepted, PUBACK for each
/// PUBLISH, PINGRESP for each PINGREQ), except where the script says otherwise.
/// </summary>
/// <remarks>
/// Replies travel on the clock given to the constructor, so on a <see cref="Runtime.ManualTimeProvider"/>
/// they arrive when the test moves time past them. Closing a connection drops the replies still on their way.
/// </remarks>
public sealed class ScriptedBroker : IMqttTransport
{
    private readonly TimeProvider _clock;
    private readonly DateTimeOffset _start;
    private readonly List<(TimeSpan At, Packet Packet)> _received = new();
    private readonly List<ITimer> _replies = new();
    private readonly Queue<ConnAck?> _connectScript = new();
    private readonly HashSet<string> _sessions = new(StringComparer.Ordinal);
    private Action<Packet>? _toClient;
    private Action? _lost;
    private int _connection;
    private int _pubAcksToDrop;
    private int _pingReqsToIgnore;

    /// <summary>Creates a server whose replies take <paramref name="latency"/> on <paramref name="clock"/>.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="clock"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="latency"/> is negative.</exception>
    public ScriptedBroker(TimeProvider clock, TimeSpan latency)
    {
        _clock = clock ?? throw new ArgumentNullException(nameof(clock));
        if (latency < TimeSpan.Zero) throw new ArgumentOutOfRangeException(nameof(latency), latency, "A latency is not negative.");
        Latency = latency;
        _start = clock.GetUtcNow();
    }

    /// <summary>How long each reply takes to reach the client.</summary>
    public TimeSpan Latency { get; }

    /// <summary>True while a client connection is open.</summary>
    public bool IsOpen { get; private set; }

    /// <summary>How many connections the client has opened.</summary>
    public int Connections => _connection;

    /// <summary>Every packet the client sent, in order, over all its connections.</summary>
    public IReadOnlyList<Packet> Received => _received.ConvertAll(r => r.Packet);

    /// <summary>Every packet the client sent, with the time (since the server was created) it arrived.</summary>
    public IReadOnlyList<(TimeSpan At, Packet Packet)> Timeline => _received;

    /// <summary>Called with a line for each thing the server does: a reply sent, a packet dropped, a connection closed.</summary>
    public event Action<string>? Logged;

    /// <summary>Script: the next CONNECT not yet scripted is answered with a CONNACK of <paramref name="code"/>.</summary>
    public ScriptedBroker AnswerConnect(ConnectReturnCode code)
    {
        _connectScript.Enqueue(new ConnAck(code));
        return this;
    }

    /// <summary>Script: the next CONNECT not yet scripted gets no answer at all.</summary>
    public ScriptedBroker IgnoreConnect()
    {
        _connectScript.Enqueue(null);
        return this;
    }

    /// <summary>Script: the PUBACKs of the next <paramref name="count"/> PUBLISH packets are lost on the way.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="count"/> is negative.</exception>
    public ScriptedBroker DropPubAcks(int count)
    {
        if (count < 0) throw new ArgumentOutOfRangeException(nameof(count), count, "A count is not negative.");
        _pubAcksToDrop += count;
        return this;
    }

    /// <summary>Script: the next <paramref name="count"/> PINGREQ packets get no PINGRESP.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="count"/> is negative.</exception>
    public ScriptedBroker IgnorePingReqs(int count)
    {
        if (count < 0) throw new ArgumentOutOfRangeException(nameof(count), count, "A count is not negative.");
        _pingReqsToIgnore += count;
        return this;
    }

    /// <summary>The server (or the network) ends the open connection now: the client is told the connection is lost.</summary>
    public void DropConnection()
    {
        if (!IsOpen) return;
        var lost = _lost;
        EndConnection();
        Log("connection dropped by the server");
        lost?.Invoke();
    }

    /// <inheritdoc />
    /// <exception cref="InvalidOperationException">A connection is already open.</exception>
    public void Open(Action<Packet> receive, Action lost)
    {
        if (IsOpen) throw new InvalidOperationException("The client opened a second connection without closing the first.");
        _toClient = receive ?? throw new ArgumentNullException(nameof(receive));
        _lost = lost ?? throw new ArgumentNullException(nameof(lost));
        IsOpen = true;
        _connection++;
    }

    /// <inheritdoc />
    public void Close()
    {
        if (!IsOpen) return;
        EndConnection();
        Log("connection closed by the client");
    }

    /// <inheritdoc />
    /// <exception cref="InvalidOperationException">No connection is open.</exception>
    public void Send(Packet packet)
    {
        if (!IsOpen) throw new InvalidOperationException($"The client sent {packet} without an open connection.");
        _received.Add((_clock.GetUtcNow() - _start, packet));
        switch (packet)
        {
            case Connect connect:
                var scripted = _connectScript.Count > 0;
                var answer = scripted ? _connectScript.Dequeue() : new ConnAck(ConnectReturnCode.Accepted);
                if (answer is null)
                {
                    Log("CONNECT left unanswered (script)");
                    break;
                }
                if (answer.ReturnCode == ConnectReturnCode.Accepted)
                {
                    // 3.2.2.2: with CleanSession = 0, the session is present when the server held one for this client.
                    var present = !connect.CleanSession && !_sessions.Add(connect.ClientId);
                    if (connect.CleanSession) _sessions.Remove(connect.ClientId);
                    answer = answer with { SessionPresent = present };
                }
                Reply(answer);
                break;
            case Publish publish when _pubAcksToDrop > 0:
                _pubAcksToDrop--;
                Log($"PUBACK id={publish.PacketId} lost (script)");
                break;
            case Publish publish:
                Reply(new PubAck(publish.PacketId));
                break;
            case PingReq when _pingReqsToIgnore > 0:
                _pingReqsToIgnore--;
                Log("PINGREQ left unanswered (script)");
                break;
            case PingReq:
                Reply(new PingResp());
                break;
            case Disconnect:
                break;
            default:
                Log($"{packet} is not a packet a client sends: ignored");
                break;
        }
    }

    private void Reply(Packet packet)
    {
        var connection = _connection;
        if (Latency == TimeSpan.Zero)
        {
            Deliver(connection, packet);
            return;
        }
        ITimer? timer = null;
        timer = _clock.CreateTimer(_ =>
        {
            _replies.Remove(timer!);
            timer!.Dispose();
            Deliver(connection, packet);
        }, null, Latency, Timeout.InfiniteTimeSpan);
        _replies.Add(timer);
    }

    private void Deliver(int connection, Packet packet)
    {
        if (!IsOpen || connection != _connection) return;
        _toClient!(packet);
        // 3.2.2.3: after a CONNACK with a non-zero return code the server closes the connection.
        if (packet is ConnAck { ReturnCode: not ConnectReturnCode.Accepted } && IsOpen && connection == _connection) DropConnection();
    }

    private void EndConnection()
    {
        IsOpen = false;
        _toClient = null;
        _lost = null;
        foreach (var reply in _replies) reply.Dispose();
        _replies.Clear();
    }

    private void Log(string line) => Logged?.Invoke(line);
}
