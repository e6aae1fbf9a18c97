using System;
using TcpFsmGen.Samples.Tcp;
using TcpFsmGen.Samples.Tcp.Wire;
using Xunit;

namespace TcpFsmGen.Wire.Tests;

/// <summary>The IPv4 and TCP headers, their checksums and options.</summary>
public sealed class CodecTests
{
    private static readonly uint s_a = 0x0A070001, s_b = 0x0A070002;

    [Fact]
    public void Checksum_OfTheWellKnownIpv4Header_IsB861()
    {
        byte[] header = [0x45, 0x00, 0x00, 0x73, 0x00, 0x00, 0x40, 0x00, 0x40, 0x11, 0x00, 0x00, 0xc0, 0xa8, 0x00, 0x01, 0xc0, 0xa8, 0x00, 0xc7];
        Assert.Equal(0xB861, TcpPacket.Checksum(header, 0));
        header[10] = 0xB8;
        header[11] = 0x61;
        Assert.Equal(0, TcpPacket.Checksum(header, 0));
    }

    [Fact]
    public void Encode_ThenParse_GivesThePacketBack_WithMssAndSackPermitted()
    {
        var packet = new TcpPacket(s_a, s_b, 43210, 80, 0xFFFFFFF0, 7, TcpFlags.Syn, 65535, 1460, ReadOnlyMemory<byte>.Empty) { SackPermitted = true };
        var bytes = packet.Encode();
        Assert.Equal(20 + 28, bytes.Length);                                  // 20 + 20 + MSS 4 + NOP NOP SACK-permitted 4
        var back = TcpPacket.Parse(bytes)!;
        Assert.Equal((s_a, s_b, (ushort)43210, (ushort)80, 0xFFFFFFF0u, TcpFlags.Syn, (ushort)65535, (ushort?)1460, true),
            (back.Source, back.Destination, back.SourcePort, back.DestinationPort, back.Seq, back.Flags, back.Window, back.Mss, back.SackPermitted));
    }

    [Fact]
    public void Payload_AndSackBlocks_AreCarried_AndAnOddLengthPayloadChecksums()
    {
        var payload = new byte[] { 1, 2, 3, 4, 5 };
        var packet = new TcpPacket(s_b, s_a, 80, 43210, 1000, 2000, TcpFlags.Ack | TcpFlags.Psh, 100, null, payload) { Sack = [(3000, 4000), (5000, 6000)] };
        var bytes = packet.Encode();
        Assert.Equal(20 + 20 + 4 + 16 + 5, bytes.Length);
        var back = TcpPacket.Parse(bytes)!;
        Assert.Equal(payload, back.Payload.ToArray());
        Assert.Equal(new Segment(TcpFlags.Ack | TcpFlags.Psh, 1000, 2000, 5), back.Segment);
        Assert.Null(back.Mss);                                               // SACK blocks are read past and ignored
    }

    [Fact]
    public void Parse_DropsACorruptedSegment_AFragment_AndWhatIsNotTcp()
    {
        var bytes = new TcpPacket(s_a, s_b, 1, 2, 3, 4, TcpFlags.Ack, 5, null, new byte[] { 9, 9, 9 }).Encode();
        Assert.NotNull(TcpPacket.Parse(bytes));
        var corrupted = (byte[])bytes.Clone();
        corrupted[^1] ^= 0xFF;                                               // the TCP checksum no longer holds
        Assert.Null(TcpPacket.Parse(corrupted));
        var pseudo = (byte[])bytes.Clone();
        pseudo[15] ^= 1;                                                     // another source address: the pseudo-header's sum differs
        pseudo[10] = pseudo[11] = 0;
        var sum = TcpPacket.Checksum(pseudo.AsSpan(0, 20), 0);
        pseudo[10] = (byte)(sum >> 8);
        pseudo[11] = (byte)sum;
        Assert.Null(TcpPacket.Parse(pseudo));
        var fragment = (byte[])bytes.Clone();
        fragment[6] |= 0x20;                                                 // more fragments
        Assert.Null(TcpPacket.Parse(fragment));
        var udp = (byte[])bytes.Clone();
        udp[9] = 17;
        Assert.Null(TcpPacket.Parse(udp));
        Assert.Null(TcpPacket.Parse(bytes.AsSpan(0, 30)));
    }

    [Fact]
    public void UnknownOptions_AreSkipped_AndTheMssStillRead()
    {
        var bytes = new TcpPacket(s_a, s_b, 1, 2, 3, 0, TcpFlags.Syn, 5, 1400, ReadOnlyMemory<byte>.Empty).Encode();
        // Rebuild with a window scale option (3, 3, 7) and a NOP before the MSS: data offset 8 words.
        var tcp = new byte[32];
        Array.Copy(bytes, 20, tcp, 0, 20);
        tcp[12] = 8 << 4;
        tcp[16] = tcp[17] = 0;
        byte[] options = [3, 3, 7, 1, 2, 4, 0x05, 0x78, 0, 0, 0, 0];
        options.CopyTo(tcp, 20);
        var ip = new byte[20 + 32];
        Array.Copy(bytes, ip, 20);
        ip[3] = (byte)ip.Length;
        ip[10] = ip[11] = 0;
        var ipSum = TcpPacket.Checksum(ip.AsSpan(0, 20), 0);
        ip[10] = (byte)(ipSum >> 8);
        ip[11] = (byte)ipSum;
        tcp.CopyTo(ip, 20);
        var pseudo = (s_a >> 16) + (s_a & 0xFFFF) + (s_b >> 16) + (s_b & 0xFFFF) + 6u + 32u;
        var sum = TcpPacket.Checksum(ip.AsSpan(20), pseudo);
        ip[36] = (byte)(sum >> 8);
        ip[37] = (byte)sum;
        Assert.Equal((ushort)1400, TcpPacket.Parse(ip)!.Mss);
    }

    [Fact]
    public void Pattern_IsIStimes31Plus7()
    {
        var bytes = Pattern.Bytes(300);
        Assert.Equal(7, bytes[0]);
        Assert.Equal(38, bytes[1]);
        Assert.Equal((byte)((299 * 31 + 7) % 256), bytes[299]);
    }
}
