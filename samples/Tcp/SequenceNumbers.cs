namespace TcpFsmGen.Samples.Tcp;

/// <summary>Comparisons of sequence numbers modulo 2^32 (RFC 9293 section 3.4): a is before b when b - a is less than 2^31.</summary>
internal static class SequenceNumbers
{
    public static bool Lt(uint a, uint b) => (int)(a - b) < 0;

    public static bool Le(uint a, uint b) => (int)(a - b) <= 0;

    public static bool Gt(uint a, uint b) => (int)(a - b) > 0;

    public static bool Ge(uint a, uint b) => (int)(a - b) >= 0;
}
