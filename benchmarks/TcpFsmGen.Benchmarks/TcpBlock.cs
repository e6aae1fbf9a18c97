namespace TcpFsmGen.Benchmarks;

/// <summary>Segment control bits.</summary>
[System.Flags]
public enum TcpBits : byte
{
    None = 0,
    Fin = 1,
    Syn = 2,
    Rst = 4,
    Ack = 16,
}

/// <summary>
/// A small stand-in for the TCP sample's control block: the segment being processed and the sequence variables,
/// with the guards and actions of tcp.fsm reduced to their arithmetic (no segments are sent, no data is kept).
/// The generated, Stateless and hand-written TCP machines of the benchmarks all call these same methods, so
/// they differ only in how they dispatch.
/// </summary>
public sealed class TcpBlock
{
    public TcpBits Bits;
    public uint Seq;
    public uint Ack;
    public uint Length;
    public uint Iss = 100;
    public uint Irs;
    public uint SndUna;
    public uint SndNxt;
    public uint RcvNxt;
    public uint RcvWnd = 65_535;
    public bool Passive;
    public bool FinSent;
    public uint Queued;
    public int Actions;
    public int Sent;

    /// <summary>Sets up the segment to process.</summary>
    public void Receive(TcpBits bits, uint seq, uint ack, uint length)
    {
        Bits = bits;
        Seq = seq;
        Ack = ack;
        Length = length;
    }

    /// <summary>The next in-order data segment from the peer, acknowledging everything sent.</summary>
    public void ReceiveNextData(uint length) => Receive(TcpBits.Ack, RcvNxt, SndNxt, length);

    private bool Has(TcpBits bits) => (Bits & bits) == bits;
    private static bool Lt(uint a, uint b) => (int)(a - b) < 0;
    private static bool Le(uint a, uint b) => (int)(a - b) <= 0;
    private static bool Gt(uint a, uint b) => (int)(a - b) > 0;

    public bool IsRst() => Has(TcpBits.Rst);
    public bool HasAck() => Has(TcpBits.Ack);
    public bool IsSyn() => Has(TcpBits.Syn);
    public bool HasFin() => Has(TcpBits.Fin);
    public bool IsRstWithAck() => Has(TcpBits.Rst | TcpBits.Ack);
    public bool IsSynAck() => Has(TcpBits.Syn | TcpBits.Ack);
    public bool AckUnacceptable() => HasAck() && !(Lt(SndUna, Ack) && Le(Ack, SndNxt));
    public bool AckTooNew() => HasAck() && Gt(Ack, SndNxt);
    public bool AcksOurFin() => FinSent && HasAck() && Ack == SndNxt;
    public bool FinAcksOurFin() => HasFin() && AcksOurFin();
    public bool OutOfWindow() => !(Le(RcvNxt, Seq + Length) && Lt(Seq, RcvNxt + RcvWnd));
    public bool IsRstNotExact() => IsRst() && Seq != RcvNxt;
    public bool Ahead() => Gt(Seq, RcvNxt);
    public bool HasQueuedData() => Queued > 0;
    public bool IsRstAfterPassiveOpen() => IsRst() && Passive;
    public bool IsSynAfterPassiveOpen() => IsSyn() && Passive;
    public bool IsSimultaneousSynAck() => IsSynAck() && Seq == Irs && Ack == SndNxt;
    public bool IsRetransmittedSyn() => IsSyn() && !HasAck() && Seq == Irs;
    public bool IsRetransmittedFin() => HasFin() && Seq + Length + 1 == RcvNxt;

    public void DeleteTcb() => Actions++;
    public void CreateTcb() { SndUna = Iss; SndNxt = Iss; Actions++; }
    public void ForgetPeer() => Actions++;
    public void SendSyn() { SndNxt = Iss + 1; Sent++; }
    public void AcceptSyn() { Irs = Seq; RcvNxt = Seq + 1; }
    public void SendSynAck() { SndNxt = Iss + 1; Sent++; }
    public void ResetClosedPort() => Sent++;
    public void ResetForAck() => Sent++;
    public void TakeAck() { if (Gt(Ack, SndUna)) SndUna = Ack; }
    public void TakeData() => RcvNxt += Length;
    public void TakeFin() => RcvNxt++;
    public void AcknowledgeNow() => Sent++;
    public void AcknowledgeUnlessRst() { if (!IsRst()) Sent++; }
    public void ChallengeAck() => Sent++;
    public void QueueData() => Queued += 100;
    public void QueueClose() => Actions++;
    public void FlushQueue() { SndNxt += Queued; Queued = 0; }
    public void SendData() { SndNxt += 100; Sent++; }
    public void SendFin() { SndNxt++; FinSent = true; Sent++; }
    public void SendReset() => Sent++;
    public void Error() => Actions++;
}
