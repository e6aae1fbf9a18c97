using TcpFsmGen.Benchmarks;

namespace TcpFsmGen.Samples.Tcp;

/// <summary>
/// The payload type of tcp.fsm's segment events (<c>Segment(Segment seg)</c>) as the benchmarks see it: empty,
/// because the segment being processed is in <see cref="TcpBlock"/>, where the Stateless and hand-written TCP
/// machines read it too.
/// </summary>
public readonly struct Segment;

/// <summary>
/// The user half of the TCP machine generated here from the sample's tcp.fsm: every guard and action calls the
/// benchmarks' <see cref="TcpBlock"/>, as the Stateless and hand-written TCP machines do, and ignores the
/// <see cref="Segment"/> it is given. Check and Proceed fire the next step of a segment with its payload, which the
/// run-to-completion queue delivers after the current one.
/// </summary>
public partial class TcpEndpoint
{
    public readonly TcpBlock Block = new();

    private partial bool IsRst(Segment seg) => Block.IsRst();
    private partial bool HasAck(Segment seg) => Block.HasAck();
    private partial bool IsSyn(Segment seg) => Block.IsSyn();
    private partial bool HasFin(Segment seg) => Block.HasFin();
    private partial bool IsRstWithAck(Segment seg) => Block.IsRstWithAck();
    private partial bool IsSynAck(Segment seg) => Block.IsSynAck();
    private partial bool AckUnacceptable(Segment seg) => Block.AckUnacceptable();
    private partial bool AckTooNew(Segment seg) => Block.AckTooNew();
    private partial bool AcksOurFin(Segment seg) => Block.AcksOurFin();
    private partial bool FinAcksOurFin(Segment seg) => Block.FinAcksOurFin();
    private partial bool OutOfWindow(Segment seg) => Block.OutOfWindow();
    private partial bool IsRstNotExact(Segment seg) => Block.IsRstNotExact();
    private partial bool Ahead(Segment seg) => Block.Ahead();
    private partial bool HasQueuedData() => Block.HasQueuedData();
    private partial bool IsRstAfterPassiveOpen(Segment seg) => Block.IsRstAfterPassiveOpen();
    private partial bool IsSynAfterPassiveOpen(Segment seg) => Block.IsSynAfterPassiveOpen();
    private partial bool IsSimultaneousSynAck(Segment seg) => Block.IsSimultaneousSynAck();
    private partial bool IsRetransmittedSyn(Segment seg) => Block.IsRetransmittedSyn();
    private partial bool IsRetransmittedFin(Segment seg) => Block.IsRetransmittedFin();

    partial void DeleteTcb() => Block.DeleteTcb();
    partial void CreateTcb() => Block.CreateTcb();
    partial void ForgetPeer() => Block.ForgetPeer();
    partial void SendSyn() => Block.SendSyn();
    partial void AcceptSyn(Segment seg) => Block.AcceptSyn();
    partial void SendSynAck() => Block.SendSynAck();
    partial void ResetClosedPort(Segment seg) => Block.ResetClosedPort();
    partial void ResetForAck(Segment seg) => Block.ResetForAck();
    partial void TakeAck(Segment seg) => Block.TakeAck();
    partial void TakeData(Segment seg) => Block.TakeData();
    partial void TakeFin(Segment seg) => Block.TakeFin();
    partial void AcknowledgeNow() => Block.AcknowledgeNow();
    partial void AcknowledgeUnlessRst(Segment seg) => Block.AcknowledgeUnlessRst();
    partial void ChallengeAck() => Block.ChallengeAck();
    partial void Check(Segment seg) => Fire(Event.Checked, seg);
    partial void Proceed(Segment seg) => Fire(Event.Process, seg);
    partial void QueueData() => Block.QueueData();
    partial void QueueClose() => Block.QueueClose();
    partial void FlushQueue() => Block.FlushQueue();
    partial void SendData() => Block.SendData();
    partial void SendFin() => Block.SendFin();
    partial void SendReset() => Block.SendReset();
    partial void ErrorNoConnection() => Block.Error();
    partial void ErrorConnectionExists() => Block.Error();
    partial void ErrorClosing() => Block.Error();
    partial void ErrorReset() => Block.Error();
    partial void ErrorRefused() => Block.Error();
    partial void ErrorUserTimeout() => Block.Error();
}
