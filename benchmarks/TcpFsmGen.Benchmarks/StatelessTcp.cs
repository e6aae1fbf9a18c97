using System;
using Stateless;
using TcpFsmGen.Runtime;

namespace TcpFsmGen.Benchmarks;

/// <summary>
/// The whole of tcp.fsm as a Stateless <see cref="StateMachine{TState, TTrigger}"/> (queued firing, as the
/// generated machine runs to completion), over the same <see cref="TcpBlock"/>. How each construct is carried over:
/// <list type="bullet">
/// <item>Composites are <c>SubstateOf</c> with an <c>InitialTransition</c>; an inner state's handlers come first,
/// then its parent's, as in the generated machine.</item>
/// <item>Stateless evaluates every guarded handler of a trigger and refuses two that hold, where the generated
/// machine takes the first that holds in file order; so each guard here is "this one, and none above it".</item>
/// <item>Stateless has no actions on a transition with a target: they run in the destination selector of a
/// <c>PermitDynamicIf</c> (before the exit actions, which only TIME-WAIT's timer has). Internal transitions are
/// <c>InternalTransitionIf</c>, lines without actions <c>IgnoreIf</c>, entry and exit actions <c>OnEntry</c>/<c>OnExit</c>.</item>
/// <item>The TwoMsl timer is armed on entering TIME-WAIT and cancelled on leaving it, on a <see cref="TimerService"/>;
/// its expiry fires a trigger of its own.</item>
/// </list>
/// </summary>
public sealed class StatelessTcp : ITimerTarget
{
    public enum State { Closed, Connection, Listen, SynSent, Open, SynReceived, Synchronized, Established, FinWait1, FinWait2, CloseWait, Closing, LastAck, TimeWait }
    public enum Trigger { PassiveOpen, ActiveOpen, Send, Close, Abort, Segment, Checked, Process, UserTimeout, TwoMsl }

    private readonly StateMachine<State, Trigger> _machine;
    private readonly TimerService _timers;
    private TimerSlot? _twoMsl;
    public readonly TcpBlock Block = new();
    public int Unhandled;

    public StatelessTcp(TimerService timers)
    {
        _timers = timers;
        var b = Block;
        var m = _machine = new StateMachine<State, Trigger>(State.Closed, FiringMode.Queued);
        m.OnUnhandledTrigger((_, _) => Unhandled++);
        static Func<State> To(State target, Action action) => () => { action(); return target; };

        m.Configure(State.Closed)
            .OnEntry(b.DeleteTcb)
            .PermitDynamic(Trigger.PassiveOpen, To(State.Listen, b.CreateTcb))
            .PermitDynamic(Trigger.ActiveOpen, To(State.SynSent, () => { b.CreateTcb(); b.SendSyn(); }))
            .InternalTransition(Trigger.Segment, b.ResetClosedPort)
            .InternalTransition(Trigger.Send, b.Error)
            .InternalTransition(Trigger.Close, b.Error)
            .InternalTransition(Trigger.Abort, b.Error)
            .Ignore(Trigger.Checked)
            .Ignore(Trigger.Process)
            .Ignore(Trigger.UserTimeout);

        m.Configure(State.Connection)
            .InitialTransition(State.Listen)
            .InternalTransition(Trigger.PassiveOpen, b.Error)
            .InternalTransition(Trigger.ActiveOpen, b.Error)
            .PermitDynamic(Trigger.UserTimeout, To(State.Closed, b.Error));

        m.Configure(State.Listen)
            .SubstateOf(State.Connection)
            .IgnoreIf(Trigger.Segment, b.IsRst)
            .InternalTransitionIf(Trigger.Segment, _ => !b.IsRst() && b.HasAck(), b.ResetForAck)
            .PermitDynamicIf(Trigger.Segment, To(State.SynReceived, () => { b.AcceptSyn(); b.SendSynAck(); }), () => !b.IsRst() && !b.HasAck() && b.IsSyn())
            .IgnoreIf(Trigger.Segment, () => !b.IsRst() && !b.HasAck() && !b.IsSyn())
            .PermitDynamic(Trigger.ActiveOpen, To(State.SynSent, b.SendSyn))
            .PermitDynamic(Trigger.Send, To(State.SynSent, () => { b.QueueData(); b.SendSyn(); }))
            .Permit(Trigger.Close, State.Closed)
            .Permit(Trigger.Abort, State.Closed)
            .Ignore(Trigger.Checked)
            .Ignore(Trigger.Process);

        m.Configure(State.SynSent)
            .SubstateOf(State.Connection)
            .InternalTransitionIf(Trigger.Segment, _ => b.AckUnacceptable(), b.ResetForAck)
            .PermitDynamicIf(Trigger.Segment, To(State.Closed, b.Error), () => !b.AckUnacceptable() && b.IsRstWithAck())
            .IgnoreIf(Trigger.Segment, () => !b.AckUnacceptable() && !b.IsRstWithAck() && b.IsRst())
            .PermitDynamicIf(Trigger.Segment, To(State.Established, () => { b.AcceptSyn(); b.TakeAck(); b.AcknowledgeNow(); b.FlushQueue(); }),
                () => !b.AckUnacceptable() && !b.IsRst() && b.IsSynAck())
            .PermitDynamicIf(Trigger.Segment, To(State.SynReceived, () => { b.AcceptSyn(); b.SendSynAck(); }),
                () => !b.AckUnacceptable() && !b.IsRst() && !b.IsSynAck() && b.IsSyn())
            .IgnoreIf(Trigger.Segment, () => !b.AckUnacceptable() && !b.IsRst() && !b.IsSyn())
            .InternalTransition(Trigger.Send, b.QueueData)
            .Permit(Trigger.Close, State.Closed)
            .Permit(Trigger.Abort, State.Closed)
            .Ignore(Trigger.Checked)
            .Ignore(Trigger.Process);

        m.Configure(State.Open)
            .SubstateOf(State.Connection)
            .InitialTransition(State.SynReceived)
            .InternalTransitionIf(Trigger.Segment, _ => b.OutOfWindow(), b.AcknowledgeUnlessRst)
            .InternalTransitionIf(Trigger.Segment, _ => !b.OutOfWindow() && b.IsRstNotExact(), b.ChallengeAck)
            .InternalTransitionIf(Trigger.Segment, _ => !b.OutOfWindow() && !b.IsRstNotExact() && b.Ahead(), b.AcknowledgeUnlessRst)
            .InternalTransitionIf(Trigger.Segment, _ => !b.OutOfWindow() && !b.IsRstNotExact() && !b.Ahead(), () => m.Fire(Trigger.Checked));   // Check

        m.Configure(State.SynReceived)
            .SubstateOf(State.Open)
            .PermitDynamicIf(Trigger.Segment, To(State.Established, () => { b.TakeAck(); b.AcknowledgeNow(); b.FlushQueue(); }), b.IsSimultaneousSynAck)
            .InternalTransitionIf(Trigger.Segment, _ => !b.IsSimultaneousSynAck() && b.IsRetransmittedSyn(), b.SendSynAck)
            .PermitDynamicIf(Trigger.Checked, To(State.Listen, b.ForgetPeer), b.IsRstAfterPassiveOpen)
            .PermitDynamicIf(Trigger.Checked, To(State.Closed, b.Error), () => b.IsRst() && !b.IsRstAfterPassiveOpen())
            .PermitDynamicIf(Trigger.Checked, To(State.Listen, b.ForgetPeer), () => !b.IsRst() && b.IsSynAfterPassiveOpen())
            .InternalTransitionIf(Trigger.Checked, _ => !b.IsRst() && !b.IsSynAfterPassiveOpen() && b.IsSyn(), b.ChallengeAck)
            .IgnoreIf(Trigger.Checked, () => !b.IsRst() && !b.IsSyn() && !b.HasAck())
            .InternalTransitionIf(Trigger.Checked, _ => !b.IsRst() && !b.IsSyn() && b.HasAck(), () => m.Fire(Trigger.Process));   // Proceed
        m.Configure(State.SynReceived)
            .InternalTransitionIf(Trigger.Process, _ => b.AckUnacceptable(), b.ResetForAck)
            .PermitDynamicIf(Trigger.Process, To(State.CloseWait, () => { b.TakeAck(); b.FlushQueue(); b.TakeData(); b.TakeFin(); }), () => !b.AckUnacceptable() && b.HasFin())
            .PermitDynamicIf(Trigger.Process, To(State.Established, () => { b.TakeAck(); b.FlushQueue(); b.TakeData(); }), () => !b.AckUnacceptable() && !b.HasFin())
            .InternalTransition(Trigger.Send, b.QueueData)
            .InternalTransitionIf(Trigger.Close, _ => b.HasQueuedData(), b.QueueClose)
            .PermitDynamicIf(Trigger.Close, To(State.FinWait1, b.SendFin), () => !b.HasQueuedData())
            .PermitDynamic(Trigger.Abort, To(State.Closed, b.SendReset));

        m.Configure(State.Synchronized)
            .SubstateOf(State.Open)
            .InitialTransition(State.Established)
            .PermitDynamicIf(Trigger.Checked, To(State.Closed, b.Error), b.IsRst)
            .InternalTransitionIf(Trigger.Checked, _ => !b.IsRst() && b.IsSyn(), b.ChallengeAck)
            .IgnoreIf(Trigger.Checked, () => !b.IsRst() && !b.IsSyn() && !b.HasAck())
            .InternalTransitionIf(Trigger.Checked, _ => !b.IsRst() && !b.IsSyn() && b.HasAck(), () => m.Fire(Trigger.Process));   // Proceed
        m.Configure(State.Synchronized)
            .InternalTransition(Trigger.Send, b.Error)
            .InternalTransition(Trigger.Close, b.Error)
            .PermitDynamic(Trigger.Abort, To(State.Closed, b.SendReset));

        m.Configure(State.Established)
            .SubstateOf(State.Synchronized)
            .InternalTransitionIf(Trigger.Process, _ => b.AckTooNew(), b.AcknowledgeNow)
            .PermitDynamicIf(Trigger.Process, To(State.CloseWait, () => { b.TakeAck(); b.TakeData(); b.TakeFin(); }), () => !b.AckTooNew() && b.HasFin())
            .InternalTransitionIf(Trigger.Process, _ => !b.AckTooNew() && !b.HasFin(), () => { b.TakeAck(); b.TakeData(); })
            .InternalTransition(Trigger.Send, b.SendData)
            .PermitDynamic(Trigger.Close, To(State.FinWait1, b.SendFin));

        m.Configure(State.FinWait1)
            .SubstateOf(State.Synchronized)
            .InternalTransitionIf(Trigger.Process, _ => b.AckTooNew(), b.AcknowledgeNow)
            .PermitDynamicIf(Trigger.Process, To(State.TimeWait, () => { b.TakeAck(); b.TakeData(); b.TakeFin(); }), () => !b.AckTooNew() && b.FinAcksOurFin())
            .PermitDynamicIf(Trigger.Process, To(State.Closing, () => { b.TakeAck(); b.TakeData(); b.TakeFin(); }), () => !b.AckTooNew() && !b.FinAcksOurFin() && b.HasFin())
            .PermitDynamicIf(Trigger.Process, To(State.FinWait2, () => { b.TakeAck(); b.TakeData(); }), () => !b.AckTooNew() && !b.HasFin() && b.AcksOurFin())
            .InternalTransitionIf(Trigger.Process, _ => !b.AckTooNew() && !b.HasFin() && !b.AcksOurFin(), () => { b.TakeAck(); b.TakeData(); });

        m.Configure(State.FinWait2)
            .SubstateOf(State.Synchronized)
            .InternalTransitionIf(Trigger.Process, _ => b.AckTooNew(), b.AcknowledgeNow)
            .PermitDynamicIf(Trigger.Process, To(State.TimeWait, () => { b.TakeAck(); b.TakeData(); b.TakeFin(); }), () => !b.AckTooNew() && b.HasFin())
            .InternalTransitionIf(Trigger.Process, _ => !b.AckTooNew() && !b.HasFin(), () => { b.TakeAck(); b.TakeData(); });

        m.Configure(State.CloseWait)
            .SubstateOf(State.Synchronized)
            .InternalTransitionIf(Trigger.Process, _ => b.AckTooNew(), b.AcknowledgeNow)
            .InternalTransitionIf(Trigger.Process, _ => !b.AckTooNew(), b.TakeAck)
            .InternalTransition(Trigger.Send, b.SendData)
            .PermitDynamic(Trigger.Close, To(State.LastAck, b.SendFin));

        m.Configure(State.Closing)
            .SubstateOf(State.Synchronized)
            .PermitIf(Trigger.Checked, State.Closed, b.IsRst)
            .PermitDynamicIf(Trigger.Process, To(State.TimeWait, b.TakeAck), b.AcksOurFin)
            .InternalTransitionIf(Trigger.Process, _ => !b.AcksOurFin(), b.TakeAck)
            .Permit(Trigger.Abort, State.Closed);

        m.Configure(State.LastAck)
            .SubstateOf(State.Synchronized)
            .PermitIf(Trigger.Checked, State.Closed, b.IsRst)
            .PermitIf(Trigger.Process, State.Closed, b.AcksOurFin)
            .IgnoreIf(Trigger.Process, () => !b.AcksOurFin())
            .Permit(Trigger.Abort, State.Closed);

        m.Configure(State.TimeWait)
            .SubstateOf(State.Synchronized)
            .OnEntry(() => (_twoMsl ??= _timers.CreateSlot(this, 0)).Start(TimeSpan.FromMinutes(4)))
            .OnExit(() => _twoMsl!.Cancel())
            .Permit(Trigger.TwoMsl, State.Closed)
            .PermitDynamicIf(Trigger.Segment, To(State.TimeWait, b.AcknowledgeNow), b.IsRetransmittedFin)
            .PermitIf(Trigger.Checked, State.Closed, b.IsRst)
            .PermitDynamicIf(Trigger.Process, To(State.TimeWait, b.AcknowledgeNow), b.HasFin)
            .IgnoreIf(Trigger.Process, () => !b.HasFin())
            .Permit(Trigger.Abort, State.Closed);
    }

    public State Current => _machine.State;

    public void Fire(Trigger trigger) => _machine.Fire(trigger);

    void ITimerTarget.OnTimerElapsed(int slot, int generation)
    {
        if (_twoMsl!.IsCurrent(generation)) _machine.Fire(Trigger.TwoMsl);
    }
}
