using System;

namespace TcpFsmGen.Samples.Mqtt;

/// <summary>
/// An MQTT 3.1.1 control packet, by its fields; the sample does not encode packets to bytes, since it is
/// about the session's states, not the wire format.
/// </summary>
public abstract record Packet;

/// <summary>CONNECT (3.1): the first packet on a new network connection.</summary>
/// <param name="ClientId">The client identifier; the server keeps the session under it.</param>
/// <param name="CleanSession">False: the server keeps the session (and its unacknowledged messages) across connections.</param>
/// <param name="KeepAliveSeconds">The longest time, in seconds, between two packets from the client; 0 turns keep-alive off.</param>
public sealed record Connect(string ClientId, bool CleanSession, ushort KeepAliveSeconds) : Packet
{
    /// <inheritdoc />
    public override string ToString() => $"CONNECT client-id={ClientId} clean-session={(CleanSession ? 1 : 0)} keep-alive={KeepAliveSeconds}";
}

/// <summary>The return code of a CONNACK packet (3.2.2.3).</summary>
public enum ConnectReturnCode : byte
{
    /// <summary>0: connection accepted.</summary>
    Accepted = 0,

    /// <summary>1: the server does not support this level of the protocol.</summary>
    UnacceptableProtocolVersion = 1,

    /// <summary>2: the client identifier is correct UTF-8 but not allowed by the server.</summary>
    IdentifierRejected = 2,

    /// <summary>3: the network connection has been made but the MQTT service is unavailable.</summary>
    ServerUnavailable = 3,

    /// <summary>4: the data in the user name or password is malformed.</summary>
    BadUserNameOrPassword = 4,

    /// <summary>5: the client is not authorized to connect.</summary>
    NotAuthorized = 5,
}

/// <summary>CONNACK (3.2): the server's answer to CONNECT.</summary>
/// <param name="SessionPresent">True when the server already held a session for this client identifier.</param>
/// <param name="ReturnCode">Whether the connection is accepted, and if not, why.</param>
public sealed record ConnAck(bool SessionPresent, ConnectReturnCode ReturnCode) : Packet
{
    /// <summary>A CONNACK with <paramref name="returnCode"/> and no session present.</summary>
    public ConnAck(ConnectReturnCode returnCode)
        : this(false, returnCode)
    {
    }

    /// <inheritdoc />
    public override string ToString() => $"CONNACK {ReturnCode} session-present={(SessionPresent ? 1 : 0)}";
}

/// <summary>PUBLISH at QoS 1 (3.3): a message for a topic, to be acknowledged with a PUBACK of the same packet identifier.</summary>
/// <param name="PacketId">The packet identifier, 1 to 65535.</param>
/// <param name="Topic">The topic name.</param>
/// <param name="Payload">The application message, as text.</param>
/// <param name="Dup">True when this is a re-delivery of a PUBLISH sent before (3.3.1.1).</param>
public sealed record Publish(ushort PacketId, string Topic, string Payload, bool Dup = false) : Packet
{
    /// <inheritdoc />
    public override string ToString() => $"PUBLISH id={PacketId} qos=1 dup={(Dup ? 1 : 0)} {Topic} \"{Payload}\"";
}

/// <summary>PUBACK (3.4): the acknowledgement of a QoS 1 PUBLISH.</summary>
/// <param name="PacketId">The packet identifier of the PUBLISH it acknowledges.</param>
public sealed record PubAck(ushort PacketId) : Packet
{
    /// <inheritdoc />
    public override string ToString() => $"PUBACK id={PacketId}";
}

/// <summary>PINGREQ (3.12): the client is alive; the server answers with PINGRESP.</summary>
public sealed record PingReq : Packet
{
    /// <inheritdoc />
    public override string ToString() => "PINGREQ";
}

/// <summary>PINGRESP (3.13): the server's answer to PINGREQ.</summary>
public sealed record PingResp : Packet
{
    /// <inheritdoc />
    public override string ToString() => "PINGRESP";
}

/// <summary>DISCONNECT (3.14): the client's last packet on a connection it closes cleanly.</summary>
public sealed record Disconnect : Packet
{
    /// <inheritdoc />
    public override string ToString() => "DISCONNECT";
}

/// <summary>An application message the session publishes at QoS 1.</summary>
/// <param name="Topic">The topic name: not empty, without the wildcards <c>+</c> and <c>#</c>.</param>
/// <param name="Payload">The message, as text.</param>
public sealed record Message(string Topic, string Payload)
{
    /// <inheritdoc />
    public override string ToString() => $"{Topic} \"{Payload}\"";

    /// <summary>
    /// Checks a topic name against 4.7.3 and 1.5.3: at least one character, no wildcard characters,
    /// no U+0000, and at most 65535 bytes of UTF-8.
    /// </summary>
    /// <returns>Null when the name is valid, or why it is not.</returns>
    public static string? CheckTopic(string topic)
    {
        if (topic is null) return "the topic is null";
        if (topic.Length == 0) return "a topic name has at least one character";
        if (topic.IndexOfAny(new[] { '+', '#' }) >= 0) return "a topic name contains no wildcard ('+' or '#')";
        if (topic.IndexOf('\0') >= 0) return "a topic name contains no U+0000";
        if (System.Text.Encoding.UTF8.GetByteCount(topic) > ushort.MaxValue) return "a topic name is at most 65535 bytes of UTF-8";
        return null;
    }
}

/// <summary>
/// The network connection a session runs over: one at a time, opened for each CONNECT and closed when the
/// session disconnects. <see cref="ScriptedBroker"/> is an in-memory one.
/// </summary>
public interface IMqttTransport
{
    /// <summary>Opens a new connection.</summary>
    /// <param name="receive">Called with each packet the server sends on this connection.</param>
    /// <param name="lost">Called when the server or the network ends this connection.</param>
    void Open(Action<Packet> receive, Action lost);

    /// <summary>Sends a packet on the open connection.</summary>
    void Send(Packet packet);

    /// <summary>Closes the open connection; nothing it carried arrives after this.</summary>
    void Close();
}
