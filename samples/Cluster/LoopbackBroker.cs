using System;
using TcpFsmGen.Samples.Mqtt;

namespace TcpFsmGen.Samples.Cluster;

/// <summary>
/// An MQTT server inside the session's grain: it answers each packet at once, in the same grain turn (the session queues
/// the answer as an event, run to completion). It accepts every CONNECT, answers PINGREQ, and acknowledges each PUBLISH,
/// except that it leaves the first send of every message of a "lossy" session unacknowledged, so that the session's
/// AckTimeout timer fires and the message goes out again with DUP set.
/// </summary>
public sealed class LoopbackBroker : IMqttTransport
{
    private readonly bool _lossy;
    private Action<Packet>? _receive;

    /// <summary>Creates a broker; <paramref name="lossy"/> drops the PUBACK of each message's first send.</summary>
    public LoopbackBroker(bool lossy)
    {
        _lossy = lossy;
    }

    /// <summary>How many PUBLISH packets arrived, retransmissions included.</summary>
    public int Publishes { get; private set; }

    /// <inheritdoc />
    public void Open(Action<Packet> receive, Action lost) => _receive = receive;

    /// <inheritdoc />
    public void Close() => _receive = null;

    /// <inheritdoc />
    public void Send(Packet packet)
    {
        switch (packet)
        {
            case Connect:
                _receive?.Invoke(new ConnAck(ConnectReturnCode.Accepted));
                break;
            case Publish publish:
                Publishes++;
                if (!_lossy || publish.Dup) _receive?.Invoke(new PubAck(publish.PacketId));
                break;
            case PingReq:
                _receive?.Invoke(new PingResp());
                break;
        }
    }
}
