using TcpFsmGen.Benchmarks;

namespace TcpFsmGen.Samples.Tcp;

/// <summary>
/// The user half of the TCP machine generated here from the sample's tcp.fsm: every guard and action calls the
/// benchmarks' <see cref="TcpBlock"/>, as the Stateless and hand-written TCP machines do. Check and Proceed fire
/// the next step of a segment, which the run-to-completion queue delivers after the current one.
/// </summary>
public partial class TcpEndpoint
{
    public readonly TcpBlock Block = new();

    private partial bool IsRst() => Block.IsRst();
    private partial bool HasAck() => Block.HasAck();
    private partial bool IsSyn() => Block.IsSyn();
    private partial bool HasFin() => Block.HasFin();
    private partial bool IsRstWithAck() => Block.IsRstWithAck();
    private partial bool IsSynAck() => Block.IsSynAck();
    private partial bool AckUnacceptable() => Block.AckUnacceptable();
    private partial bool AckTooNew() => Block.AckTooNew();
    private partial bool AcksOurFin() => Block.AcksOurFin();
    private partial bool FinAcksOurFin() => Block.FinAcksOurFin();
    private partial bool OutOfWindow() => Block.OutOfWindow();
    private partial bool IsRstNotExact() => Block.IsRstNotExact();
    private partial bool Ahead() => Block.Ahead();
    private partial bool HasQueuedData() => Block.HasQueuedData();
    private partial bool IsRstAfterPassiveOpen() => Block.IsRstAfterPassiveOpen();
    private partial bool IsSynAfterPassiveOpen() => Block.IsSynAfterPassiveOpen();
    private partial bool IsSimultaneousSynAck() => Block.IsSimultaneousSynAck();
    private partial bool IsRetransmittedSyn() => Block.IsRetransmittedSyn();
    private partial bool IsRetransmittedFin() => Block.IsRetransmittedFin();

    partial void DeleteTcb() => Block.DeleteTcb();
    partial void CreateTcb() => Block.CreateTcb();
    partial void ForgetPeer() => Block.ForgetPeer();
    partial void SendSyn() => Block.SendSyn();
    partial void AcceptSyn() => Block.AcceptSyn();
    partial void SendSynAck() => Block.SendSynAck();
    partial void ResetClosedPort() => Block.ResetClosedPort();
    partial void ResetForAck() => Block.ResetForAck();
    partial void TakeAck() => Block.TakeAck();
    partial void TakeData() => Block.TakeData();
    partial void TakeFin() => Block.TakeFin();
    partial void AcknowledgeNow() => Block.AcknowledgeNow();
    partial void AcknowledgeUnlessRst() => Block.AcknowledgeUnlessRst();
    partial void ChallengeAck() => Block.ChallengeAck();
    partial void Check() => Fire(Event.Checked);
    partial void Proceed() => Fire(Event.Process);
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
