using System.Linq;
using TcpFsmGen.Tests.Infrastructure;
using Xunit;

namespace TcpFsmGen.Tests;

/// <summary>The warnings TFSM0101–0106: each at its exact span, with its message, and a near miss that stays quiet.</summary>
public class WarningDiagnosticsTests
{
    private static Reported[] Only(string id, string fsm) => Diagnose.Fsm(fsm).Where(d => d.Id == id).ToArray();

    private static string[] StatesWith(string id, string fsm) => Only(id, fsm).Select(d => d.Message.Split('\'')[1]).ToArray();

    [Fact]
    public void TFSM0101_AStateNoPathEnters()
    {
        const string fsm = "machine M;\nevents Go;\ninitial A;\nstate A { on Go -> B; }\nstate B { on Go -> A; }\nstate Lost { on Go -> A; }";
        Assert.Equal(new[] { new Reported("TFSM0101", 6, 7, "State 'Lost' cannot be reached from the initial state; add a transition to it or remove it") },
            Only("TFSM0101", fsm));
        Assert.Empty(Only("TFSM0101", fsm.Replace("state B { on Go -> A; }", "state B { on Go -> Lost; }")));
    }

    [Fact]
    public void TFSM0101_ReachabilityFollowsInitialChainsInheritedGuardedAndTimedTransitions()
    {
        const string fsm = """
            machine M;
            events Go, Back;
            initial P;
            state P {
              initial P1;
              on Back [Maybe] -> Q;
              state P1 { on Go -> P2; }
              state P2 { after 1s -> R; ignore Go; }
            }
            state Q { initial Q1; state Q1 { on Go -> P; ignore Back; } state Q2 { on Go -> P; ignore Back; } }
            state R { on Go -> P; on Back -> P; }
            """;
        // Q1 is entered through Q's initial chain by a guarded, inherited transition; R by a timer. Only Q2 is lost.
        Assert.Equal(new[] { "Q2" }, StatesWith("TFSM0101", fsm));
    }

    [Fact]
    public void TFSM0102_OneDiagnosticPerLeafListingEveryMissingEvent()
    {
        const string fsm = "machine M;\nevents SynAck, RcvFin, RcvAck;\ninitial Listen;\nstate Listen { on SynAck -> Done; }\nstate Done { on RcvFin -> Listen; on RcvAck -> Listen; ignore SynAck; }";
        Assert.Equal(new[] { new Reported("TFSM0102", 4, 7, "State 'Listen' does not handle events 'RcvFin', 'RcvAck'; add transitions or 'ignore RcvFin, RcvAck;'") },
            Only("TFSM0102", fsm));
        Assert.Equal(new[] { new Reported("TFSM0102", 4, 7, "State 'Listen' does not handle event 'RcvAck'; add transitions or 'ignore RcvAck;'") },
            Only("TFSM0102", fsm.Replace("on SynAck -> Done; }", "on SynAck -> Done; ignore RcvFin; }")));
    }

    [Fact]
    public void TFSM0102_AncestorsCountAndFinalStatesAndEventsOnlyIgnoredAreExempt()
    {
        const string fsm = """
            machine M;
            events A, B, OnlyIgnored;
            initial P;
            state P {
              initial Q;
              on A -> End;
              state Q { on B -> R; ignore OnlyIgnored; }
              state R { on B [Ok] -> Q; }
            }
            final state End;
            """;
        Assert.Empty(Only("TFSM0102", fsm));
        Assert.Equal(new[] { "R" }, StatesWith("TFSM0102", fsm.Replace("on A -> End;", "").Replace("state Q { on B -> R;", "state Q { on B -> R; on A -> End;")));
    }

    [Fact]
    public void TFSM0103_ANonFinalLeafWithNoWayOut()
    {
        const string fsm = "machine M;\nevents Go;\ninitial A;\nstate A { on Go -> Stuck; }\nstate Stuck { on Go -> Stuck; }";
        Assert.Equal(new[] { new Reported("TFSM0103", 5, 7, "State 'Stuck' has no way out; add a transition to another state, or declare it 'final state Stuck'") },
            Only("TFSM0103", fsm));
        Assert.Empty(Only("TFSM0103", fsm.Replace("state Stuck { on Go -> Stuck; }", "final state Stuck;")));
        Assert.Empty(Only("TFSM0103", fsm.Replace("state Stuck { on Go -> Stuck; }", "state Stuck { after 5s -> A; ignore Go; }")));
    }

    [Fact]
    public void TFSM0103_AnAncestorsTransitionIsAWayOutUnlessTheLeafShadowsIt()
    {
        const string fsm = "machine M;\nevents Go, Quit;\ninitial P;\nstate P { initial L; on Quit -> Out; state L { on Go -> L; } }\nstate Out { on Go -> P; ignore Quit; }";
        Assert.Empty(Only("TFSM0103", fsm));
        Assert.Equal(new[] { "L" }, StatesWith("TFSM0103", fsm.Replace("state L { on Go -> L; }", "state L { on Go -> L; ignore Quit; }")));
    }

    [Fact]
    public void TFSM0104_UnusedEventsAndTimers()
    {
        const string fsm = "machine M;\nevents Go, Never, Ignored;\ntimer Used = 1s;\ntimer Idle = 2s;\ninitial A;\nstate A { on Go -> B; ignore Ignored; }\nstate B { after Used -> A; ignore Go, Ignored; }";
        Assert.Equal(new[]
        {
            new Reported("TFSM0104", 2, 12, "Event 'Never' is never used in an 'on' line; use it or remove it"),
            new Reported("TFSM0104", 2, 19, "Event 'Ignored' is never used in an 'on' line; use it or remove it"),
            new Reported("TFSM0104", 4, 7, "Timer 'Idle' is never used in an 'after' or 'every' line; use it or remove it"),
        }, Only("TFSM0104", fsm));
    }

    [Fact]
    public void TFSM0105_NoFinalStateCanBeReached()
    {
        const string fsm = """
            machine M;
            events Go, Fail;
            initial Work;
            state Work { on Go -> Done; on Fail -> Limbo1; }
            state Limbo1 { on Go -> Limbo2; ignore Fail; }
            state Limbo2 { on Go -> Limbo1; ignore Fail; }
            final state Done;
            """;
        // The two are trapped together: one diagnostic, at the first, naming the other.
        Assert.Equal(new[]
        {
            new Reported("TFSM0105", 5, 7, "No path leads from state 'Limbo1' to the final state 'Done' (nor from 'Limbo2', trapped with it); add a transition out of this part of the machine"),
        }, Only("TFSM0105", fsm));
        Assert.Empty(Only("TFSM0105", fsm.Replace("state Limbo2 { on Go -> Limbo1; ignore Fail; }", "state Limbo2 { on Go -> Limbo1; on Fail -> Work; }")));
    }

    [Fact]
    public void TFSM0105_WithoutFinalStatesTheGoalIsTheInitialLeaf()
    {
        const string fsm = "machine M;\nevents Go;\ninitial Home;\nstate Home { on Go -> Away; }\nstate Away { on Go -> Further; }\nstate Further { on Go -> Away; }";
        Assert.Equal(new[] { "Away" }, StatesWith("TFSM0105", fsm));
        Assert.Empty(Only("TFSM0105", fsm.Replace("state Further { on Go -> Away; }", "state Further { on Go -> Home; }")));
    }

    [Fact]
    public void TFSM0105_TwoSeparateTrapsAreTwoDiagnostics()
    {
        const string fsm = "machine M;\nevents Go, Fail;\ninitial Home;\nstate Home { on Go -> A1; on Fail -> B1; }\n"
                           + "state A1 { on Go -> A2; ignore Fail; }\nstate A2 { on Go -> A1; ignore Fail; }\n"
                           + "state B1 { on Go -> B2; ignore Fail; }\nstate B2 { on Go -> B3; ignore Fail; }\nstate B3 { on Go -> B1; ignore Fail; }";
        Assert.Equal(new[]
        {
            new Reported("TFSM0105", 5, 7, "No path leads from state 'A1' to the initial state 'Home' (nor from 'A2', trapped with it); add a transition out of this part of the machine"),
            new Reported("TFSM0105", 7, 7, "No path leads from state 'B1' to the initial state 'Home' (nor from 'B2', 'B3', trapped with it); add a transition out of this part of the machine"),
        }, Only("TFSM0105", fsm));
    }

    [Fact]
    public void TFSM0105_UnreachableLeavesAreLeftToTFSM0101()
    {
        const string fsm = "machine M;\nevents Go;\ninitial Home;\nstate Home { on Go -> Home; }\nstate Island { on Go -> Island2; }\nstate Island2 { on Go -> Island; }";
        Assert.Empty(Only("TFSM0105", fsm));
        Assert.Equal(new[] { "Island", "Island2" }, StatesWith("TFSM0101", fsm));
    }

    [Fact]
    public void TFSM0106_ATransitionBehindAnUnguardedOne()
    {
        const string fsm = "machine M;\nevents Go;\ninitial A;\nstate A {\n  on Go -> B;\n  on Go [Ready] -> A;\n}\nstate B { on Go -> A; }";
        Assert.Equal(new[] { new Reported("TFSM0106", 6, 6, "This transition for 'Go' is never taken: the unguarded one at line 5 always comes first; move it before that one or remove it") },
            Only("TFSM0106", fsm));
        Assert.Empty(Only("TFSM0106", "machine M;\nevents Go;\ninitial A;\nstate A {\n  on Go [Ready] -> A;\n  on Go -> B;\n}\nstate B { on Go -> A; }"));
    }

    [Fact]
    public void AMachineWithErrorsGetsNoWarnings()
    {
        var reported = Diagnose.Fsm("machine M;\nevents Go, Unused;\ninitial A;\nstate A { on Go -> Nowhere; }");
        Assert.Equal(new[] { "TFSM0002" }, reported.Select(d => d.Id));
    }
}
