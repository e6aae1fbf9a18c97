using System;
using System.Text;

namespace TcpFsmGen.Samples.Tcp;

/// <summary>The control bits a segment carries.</summary>
[Flags]
public enum TcpFlags : byte
{
    /// <summary>No control bit.</summary>
    None = 0,
    /// <summary>FIN: no more data from the sender.</summary>
    Fin = 1,
    /// <summary>SYN: synchronize sequence numbers.</summary>
    Syn = 2,
    /// <summary>RST: reset the connection.</summary>
    Rst = 4,
    /// <summary>PSH: push function.</summary>
    Psh = 8,
    /// <summary>ACK: the acknowledgment field is significant.</summary>
    Ack = 16,
}

/// <summary>A TCP segment as the state machine sees it: control bits, sequence and acknowledgment numbers, payload length.</summary>
/// <param name="Flags">The control bits.</param>
/// <param name="Seq">SEG.SEQ.</param>
/// <param name="Ack">SEG.ACK; meaningful when <see cref="TcpFlags.Ack"/> is set.</param>
/// <param name="Length">Payload bytes (SYN and FIN not counted).</param>
public readonly record struct Segment(TcpFlags Flags, uint Seq, uint Ack, int Length)
{
    private const string Letters = "SFRPA";
    private static readonly TcpFlags[] s_order = { TcpFlags.Syn, TcpFlags.Fin, TcpFlags.Rst, TcpFlags.Psh, TcpFlags.Ack };

    /// <summary>SEG.LEN: the sequence space the segment occupies, SYN and FIN included.</summary>
    public uint SequenceLength => (uint)Length + (Has(TcpFlags.Syn) ? 1u : 0u) + (Has(TcpFlags.Fin) ? 1u : 0u);

    /// <summary>True when every bit of <paramref name="flags"/> is set.</summary>
    public bool Has(TcpFlags flags) => (Flags & flags) == flags;

    /// <summary>The control bits as letters in the order S, F, R, P, A (<c>SA</c>, <c>FA</c>, <c>PA</c>, <c>RA</c>).</summary>
    public string FlagLetters
    {
        get
        {
            var text = new StringBuilder();
            for (var i = 0; i < s_order.Length; i++)
            {
                if (Has(s_order[i])) text.Append(Letters[i]);
            }
            return text.Length == 0 ? "-" : text.ToString();
        }
    }

    /// <summary>Reads letters from S, A, F, R, P in any order (<c>FPA</c>); false on any other letter or a repeat.</summary>
    public static bool TryParseFlags(string letters, out TcpFlags flags)
    {
        flags = TcpFlags.None;
        if (letters.Length == 0) return false;
        foreach (var letter in letters)
        {
            var index = Letters.IndexOf(char.ToUpperInvariant(letter));
            if (index < 0 || (flags & s_order[index]) != 0) return false;
            flags |= s_order[index];
        }
        return true;
    }

    /// <summary>As the replay prints it: <c>SA seq=0 ack=1 len=0</c>.</summary>
    public override string ToString() => $"{FlagLetters} seq={Seq} ack={Ack} len={Length}";
}
