using System;
using System.Buffers.Binary;
using System.Linq;
using System.Net;

namespace TcpFsmGen.Samples.Tcp.Wire;

/// <summary>
/// One TCP segment in one IPv4 packet, as it crosses the TUN device: addresses, ports, sequence numbers,
/// control bits, window, the MSS option and the payload.
/// </summary>
/// <param name="Source">The IPv4 source address (network order as a number: 10.7.0.1 is 0x0A070001).</param>
/// <param name="Destination">The IPv4 destination address.</param>
/// <param name="SourcePort">The source port.</param>
/// <param name="DestinationPort">The destination port.</param>
/// <param name="Seq">SEG.SEQ.</param>
/// <param name="Ack">SEG.ACK.</param>
/// <param name="Flags">The control bits (SYN, FIN, RST, PSH, ACK; others are dropped on reading).</param>
/// <param name="Window">SEG.WND, unscaled.</param>
/// <param name="Mss">The MSS option, or null when absent.</param>
/// <param name="Payload">The segment text.</param>
public sealed record TcpPacket(uint Source, uint Destination, ushort SourcePort, ushort DestinationPort,
    uint Seq, uint Ack, TcpFlags Flags, ushort Window, ushort? Mss, ReadOnlyMemory<byte> Payload)
{
    /// <summary>The SACK-permitted option (RFC 2018), in a SYN.</summary>
    public bool SackPermitted { get; init; }

    /// <summary>SACK blocks (RFC 2018): data received beyond SEG.ACK, as [left, right) edges; at most four are sent.</summary>
    public (uint Left, uint Right)[]? Sack { get; init; }

    private const int IpHeader = 20;
    private const int TcpHeader = 20;
    private static ushort s_ipId;

    /// <summary>The segment as the connection machine sees it.</summary>
    public Segment Segment => new(Flags, Seq, Ack, Payload.Length);

    /// <summary>True when every bit of <paramref name="flags"/> is set.</summary>
    public bool Has(TcpFlags flags) => (Flags & flags) == flags;

    /// <summary>
    /// Reads an IPv4 packet carrying TCP. Null (the packet is dropped, as a stack drops it) when it is not IPv4,
    /// not TCP, a fragment, truncated, or when either checksum is wrong.
    /// </summary>
    public static TcpPacket? Parse(ReadOnlySpan<byte> packet)
    {
        if (packet.Length < IpHeader || packet[0] >> 4 != 4) return null;
        var ihl = (packet[0] & 0xF) * 4;
        var total = BinaryPrimitives.ReadUInt16BigEndian(packet[2..]);
        if (ihl < IpHeader || total < ihl + TcpHeader || total > packet.Length) return null;
        if (packet[9] != 6) return null;                                      // not TCP
        if ((BinaryPrimitives.ReadUInt16BigEndian(packet[6..]) & 0x3FFF) != 0) return null; // MF or an offset: a fragment
        if (Checksum(packet[..ihl], 0) != 0) return null;
        var source = BinaryPrimitives.ReadUInt32BigEndian(packet[12..]);
        var destination = BinaryPrimitives.ReadUInt32BigEndian(packet[16..]);
        var tcp = packet[ihl..total];
        if (Checksum(tcp, PseudoHeaderSum(source, destination, tcp.Length)) != 0) return null;
        var offset = (tcp[12] >> 4) * 4;
        if (offset < TcpHeader || offset > tcp.Length) return null;
        ushort? mss = null;
        var sackPermitted = false;
        var options = tcp[TcpHeader..offset];
        for (var i = 0; i < options.Length;)
        {
            var kind = options[i];
            if (kind == 0) break;                                             // end of option list
            if (kind == 1) { i++; continue; }                                 // no-operation
            if (i + 1 >= options.Length || options[i + 1] < 2 || i + options[i + 1] > options.Length) break; // malformed: stop reading options
            if (kind == 2 && options[i + 1] == 4) mss = BinaryPrimitives.ReadUInt16BigEndian(options[(i + 2)..]);
            if (kind == 4 && options[i + 1] == 2) sackPermitted = true;
            i += options[i + 1];                                              // window scale, SACK blocks, timestamps...: ignored
        }
        return new TcpPacket(source, destination,
            BinaryPrimitives.ReadUInt16BigEndian(tcp), BinaryPrimitives.ReadUInt16BigEndian(tcp[2..]),
            BinaryPrimitives.ReadUInt32BigEndian(tcp[4..]), BinaryPrimitives.ReadUInt32BigEndian(tcp[8..]),
            (TcpFlags)(tcp[13] & 0x1F), BinaryPrimitives.ReadUInt16BigEndian(tcp[14..]), mss,
            tcp[offset..].ToArray()) { SackPermitted = sackPermitted };
    }

    /// <summary>The packet's bytes, IPv4 header (TTL 64, don't fragment) and TCP header with their checksums.</summary>
    public byte[] Encode()
    {
        var sack = Sack is { Length: > 0 } blocks ? blocks.AsSpan(0, Math.Min(4, blocks.Length)) : default;
        var options = (Mss is null ? 0 : 4) + (SackPermitted ? 4 : 0) + (sack.Length > 0 ? 4 + 8 * sack.Length : 0);
        var tcpLength = TcpHeader + options + Payload.Length;
        var bytes = new byte[IpHeader + tcpLength];
        var ip = bytes.AsSpan(0, IpHeader);
        ip[0] = 0x45;
        BinaryPrimitives.WriteUInt16BigEndian(ip[2..], (ushort)bytes.Length);
        BinaryPrimitives.WriteUInt16BigEndian(ip[4..], ++s_ipId);
        BinaryPrimitives.WriteUInt16BigEndian(ip[6..], 0x4000);
        ip[8] = 64;
        ip[9] = 6;
        BinaryPrimitives.WriteUInt32BigEndian(ip[12..], Source);
        BinaryPrimitives.WriteUInt32BigEndian(ip[16..], Destination);
        BinaryPrimitives.WriteUInt16BigEndian(ip[10..], Checksum(ip, 0));
        var tcp = bytes.AsSpan(IpHeader);
        BinaryPrimitives.WriteUInt16BigEndian(tcp, SourcePort);
        BinaryPrimitives.WriteUInt16BigEndian(tcp[2..], DestinationPort);
        BinaryPrimitives.WriteUInt32BigEndian(tcp[4..], Seq);
        BinaryPrimitives.WriteUInt32BigEndian(tcp[8..], Ack);
        tcp[12] = (byte)((TcpHeader + options) / 4 << 4);
        tcp[13] = (byte)Flags;
        BinaryPrimitives.WriteUInt16BigEndian(tcp[14..], Window);
        var o = TcpHeader;
        if (Mss is { } mss)
        {
            tcp[o] = 2;
            tcp[o + 1] = 4;
            BinaryPrimitives.WriteUInt16BigEndian(tcp[(o + 2)..], mss);
            o += 4;
        }
        if (SackPermitted)
        {
            tcp[o] = tcp[o + 1] = 1;                                          // two NOPs keep the options 4-byte aligned
            tcp[o + 2] = 4;
            tcp[o + 3] = 2;
            o += 4;
        }
        if (sack.Length > 0)
        {
            tcp[o] = tcp[o + 1] = 1;
            tcp[o + 2] = 5;
            tcp[o + 3] = (byte)(2 + 8 * sack.Length);
            o += 4;
            foreach (var (left, right) in sack)
            {
                BinaryPrimitives.WriteUInt32BigEndian(tcp[o..], left);
                BinaryPrimitives.WriteUInt32BigEndian(tcp[(o + 4)..], right);
                o += 8;
            }
        }
        Payload.Span.CopyTo(tcp[(TcpHeader + options)..]);
        BinaryPrimitives.WriteUInt16BigEndian(tcp[16..], Checksum(tcp, PseudoHeaderSum(Source, Destination, tcpLength)));
        return bytes;
    }

    /// <summary>The sum of the pseudo-header (RFC 9293 section 3.1): source, destination, zero, protocol 6, TCP length.</summary>
    private static uint PseudoHeaderSum(uint source, uint destination, int tcpLength)
        => (source >> 16) + (source & 0xFFFF) + (destination >> 16) + (destination & 0xFFFF) + 6u + (uint)tcpLength;

    /// <summary>
    /// The Internet checksum (RFC 1071) of <paramref name="data"/> with <paramref name="initial"/> added: the one's
    /// complement of the one's complement sum of 16-bit words. Over data that holds its own checksum it is 0.
    /// </summary>
    public static ushort Checksum(ReadOnlySpan<byte> data, uint initial)
    {
        ulong sum = initial;
        var i = 0;
        for (; i + 1 < data.Length; i += 2) sum += BinaryPrimitives.ReadUInt16BigEndian(data[i..]);
        if (i < data.Length) sum += (uint)data[i] << 8;
        while (sum >> 16 != 0) sum = (sum & 0xFFFF) + (sum >> 16);
        return (ushort)~sum;
    }

    /// <summary>An address as a number, for the packet fields.</summary>
    public static uint ToNumber(IPAddress address)
    {
        var bytes = address.GetAddressBytes();
        if (bytes.Length != 4) throw new ArgumentException($"{address} is not an IPv4 address", nameof(address));
        return BinaryPrimitives.ReadUInt32BigEndian(bytes);
    }

    /// <summary>A number as dotted quad: <c>10.7.0.2</c>.</summary>
    public static string FormatAddress(uint address) => $"{address >> 24}.{(address >> 16) & 0xFF}.{(address >> 8) & 0xFF}.{address & 0xFF}";

    /// <inheritdoc />
    public override string ToString()
        => $"{FormatAddress(Source)}:{SourcePort} > {FormatAddress(Destination)}:{DestinationPort} {Segment} win={Window}"
           + (Mss is { } mss ? $" mss={mss}" : "") + (SackPermitted ? " sackOK" : "")
           + (Sack is { Length: > 0 } sack ? " sack=" + string.Join(",", sack.Take(4).Select(b => $"{b.Left}-{b.Right}")) : "");
}
