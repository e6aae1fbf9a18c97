namespace TcpFsmGen.Benchmarks;

/// <summary>
/// A segment's arrival in ESTABLISHED written by hand, as one would without a generator: the same three steps
/// (the sequence check of OPEN, the RST/SYN/ACK checks of the synchronized states, then ESTABLISHED's ACK and text),
/// the same checks in the same order over the same <see cref="TcpBlock"/>, each step a direct call instead of an
/// event through a queue. Only what that path goes through is written: a segment in any other state returns false.
/// </summary>
public sealed class HandWrittenTcp
{
    public enum State { Closed, Listen, SynSent, SynReceived, Established, FinWait1, FinWait2, CloseWait, Closing, LastAck, TimeWait }

    public readonly TcpBlock Block = new();
    public State Current = State.Established;

    public bool Segment()
    {
        var b = Block;
        switch (Current)
        {
            case State.Established:
                if (b.OutOfWindow()) b.AcknowledgeUnlessRst();
                else if (b.IsRstNotExact()) b.ChallengeAck();
                else if (b.Ahead()) b.AcknowledgeUnlessRst();
                else Checked();
                return true;
        }
        return false;
    }

    private void Checked()
    {
        var b = Block;
        if (b.IsRst())
        {
            b.Error();
            Current = State.Closed;
            b.DeleteTcb();
        }
        else if (b.IsSyn()) b.ChallengeAck();
        else if (b.HasAck()) Process();
    }

    private void Process()
    {
        var b = Block;
        if (b.AckTooNew()) b.AcknowledgeNow();
        else if (b.HasFin())
        {
            b.TakeAck();
            b.TakeData();
            b.TakeFin();
            Current = State.CloseWait;
        }
        else
        {
            b.TakeAck();
            b.TakeData();
        }
    }
}
