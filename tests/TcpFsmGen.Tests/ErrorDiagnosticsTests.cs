using TcpFsmGen.Tests.Infrastructure;
using Xunit;

namespace TcpFsmGen.Tests;

/// <summary>
/// The errors that stop emission (TFSM0002–0011): for each, a minimal machine that triggers it, with
/// the exact span and message, and a near miss that must not.
/// </summary>
public class ErrorDiagnosticsTests
{
    private static bool IsError(Reported d) => d.Id.StartsWith("TFSM00", System.StringComparison.Ordinal);

    private static Reported Single(string fsm) => Assert.Single(Diagnose.Fsm(fsm), IsError);

    private static void Clean(string fsm) => Assert.DoesNotContain(Diagnose.Fsm(fsm), IsError);

    [Fact]
    public void TFSM0002_UnknownTargetSuggestsTheNearestState()
    {
        Assert.Equal(new Reported("TFSM0002", 4, 23, "State 'Closd' is not declared; did you mean 'Closed'?"),
            Single("machine M;\nevents Go;\ninitial Open;\nstate Open { on Go -> Closd; }\nstate Closed { ignore Go; }"));
        Clean("machine M;\nevents Go;\ninitial Open;\nstate Open { on Go -> Closed; }\nstate Closed { ignore Go; }");
    }

    [Fact]
    public void TFSM0002_UnknownInitialWithNothingCloseHasNoSuggestion()
    {
        Assert.Equal(new Reported("TFSM0002", 2, 9, "State 'Zebra' is not declared"),
            Single("machine M;\ninitial Zebra;\nstate Open;"));
    }

    [Fact]
    public void TFSM0003_UnknownEventAndUnknownTimer()
    {
        Assert.Equal(new Reported("TFSM0003", 3, 14, "Event 'Opn' is not declared; did you mean 'Open'?"),
            Single("machine M;\nevents Open;\nstate S { on Opn -> S; ignore Open; }\ninitial S;"));
        Assert.Equal(new Reported("TFSM0003", 3, 24, "Event 'Clos' is not declared; did you mean 'Close'?"),
            Single("machine M;\nevents Open, Close;\nstate S { ignore Open, Clos; on Close -> S; }\ninitial S;"));
        Assert.Equal(new Reported("TFSM0003", 3, 17, "Timer 'Tmeout' is not declared; did you mean 'Timeout'?"),
            Single("machine M;\ntimer Timeout = 1s;\nstate S { after Tmeout -> S; }\ninitial S;"));
        Clean("machine M;\ntimer Timeout = 1s;\nstate S { after Timeout -> S; }\ninitial S;");
    }

    [Fact]
    public void TFSM0004_DuplicatesAreReportedAtTheSecondDeclaration()
    {
        Assert.Equal(new Reported("TFSM0004", 4, 7, "State 'S' is already declared at line 3; rename or remove this one"),
            Single("machine M;\ninitial S;\nstate S;\nstate S;"));
        Assert.Equal(new Reported("TFSM0004", 2, 11, "Event 'A' is already declared at line 2; rename or remove this one"),
            Single("machine M;\nevents A, A;\ninitial S;\nstate S { ignore A; }"));
        Assert.Equal(new Reported("TFSM0004", 3, 7, "Timer 'T' is already declared at line 2; rename or remove this one"),
            Single("machine M;\ntimer T = 1s;\ntimer T = 2s;\ninitial S;\nstate S { after T -> S; }"));
        Assert.Equal(new Reported("TFSM0004", 4, 9, "State 'B' is already declared at line 3; rename or remove this one"),
            Single("machine M;\ninitial A;\nstate A { initial B; state B;\n  state B; }"));
        Clean("machine M;\nevents A, B;\ninitial S;\nstate S { ignore A, B; }");
    }

    [Fact]
    public void TFSM0004_TwoInitialLines()
    {
        Assert.Equal(new Reported("TFSM0004", 3, 9, "The initial state of the machine 'T' is already declared ('S' at line 2); rename or remove this one"),
            Single("machine M;\ninitial S;\ninitial T;\nstate S;\nstate T;"));
    }

    [Fact]
    public void TFSM0005_MachineWithoutInitialIsReportedAtTheHeader()
    {
        Assert.Equal(new Reported("TFSM0005", 1, 9, "Machine 'Door' has no initial state; add 'initial <State>;' naming one of its top-level states (A, B)"),
            Single("machine Demo.Door;\nstate A;\nstate B;"));
    }

    [Fact]
    public void TFSM0005_CompositeWithoutInitialIsReportedAtItsName()
    {
        Assert.Equal(new Reported("TFSM0005", 3, 7, "Composite state 'P' has no initial state; add 'initial <State>;' naming one of its substates (C1, C2)"),
            Single("machine M;\ninitial P;\nstate P { state C1; state C2; }"));
        Clean("machine M;\ninitial P;\nstate P { initial C2; state C1; state C2; }");
    }

    [Fact]
    public void TFSM0005_InitialThatIsNotAChild()
    {
        Assert.Equal(new Reported("TFSM0005", 2, 9, "'C' cannot be the initial state here: the machine's initial state must be a top-level state (P)"),
            Single("machine M;\ninitial C;\nstate P { initial C; state C; }"));
        Assert.Equal(new Reported("TFSM0005", 3, 19, "'Q' cannot be the initial state here: the initial state of 'P' must be one of its own substates (C)"),
            Single("machine M;\ninitial P;\nstate P { initial Q; state C; }\nstate Q;"));
        Assert.Equal(new Reported("TFSM0005", 3, 19, "State 'Q' has no substates, so it cannot have an initial state; remove this line or declare substates"),
            Single("machine M;\ninitial Q;\nstate Q { initial Q; }"));
    }

    [Fact]
    public void TFSM0006_TwoUnguardedTransitionsForOneEvent()
    {
        Assert.Equal(new Reported("TFSM0006", 5, 6, "State 'S' already has an unguarded transition for 'Go' (line 4); give one of them a different guard or remove it"),
            Single("machine M;\nevents Go;\ninitial S;\nstate S { on Go -> S;\n  on Go / A; }"));
    }

    [Fact]
    public void TFSM0006_TheSameGuardTwiceButNotAGuardAndItsNegation()
    {
        Assert.Equal(new Reported("TFSM0006", 4, 30, "State 'S' already has a transition with guard [!G] for 'Go' (line 4); give one of them a different guard or remove it"),
            Single("machine M;\nevents Go;\ninitial S;\nstate S { on Go [!G] / A; on Go [!G] / B; }"));
        Clean("machine M;\nevents Go;\ninitial S;\nstate S { on Go [G] / A; on Go [!G] / B; on Go / C; }");
    }

    [Fact]
    public void TFSM0006_TwoAfterLinesOnOneTimer()
    {
        Assert.Equal(new Reported("TFSM0006", 3, 36, "State 'S' already has an unguarded transition for '1000ms' (line 3); give one of them a different guard or remove it"),
            Single("machine M;\ninitial S;\nstate S { after 1s -> S / A; after 1000ms -> S; }"));
        Clean("machine M;\ninitial S;\nstate S { after 1s -> S / A; after 2s -> S; }");
    }

    [Fact]
    public void TFSM0007_KeywordsAreNeverEscaped()
    {
        Assert.Equal(new Reported("TFSM0007", 3, 7, "'class' is a C# keyword and cannot name a state; choose another name"),
            Single("machine M;\ninitial class;\nstate class;"));
        Assert.Equal(new Reported("TFSM0007", 1, 14, "'void' is a C# keyword and cannot name a class; choose another name"),
            Single("machine Demo.void;\ninitial S;\nstate S;"));
        Assert.Equal(new Reported("TFSM0007", 1, 9, "'namespace' is a C# keyword and cannot name a namespace; choose another name"),
            Single("machine namespace.M;\ninitial S;\nstate S;"));
        Assert.Equal(new Reported("TFSM0007", 4, 18, "'int' is a C# keyword and cannot name a guard; choose another name"),
            Single("machine M;\nevents Go;\ninitial S;\nstate S { on Go [int] / A; }"));
    }

    [Fact]
    public void TFSM0007_ContextualKeywordsAreFine()
    {
        Clean("machine M;\nevents value, async, var;\ninitial await;\nstate await { on value [async] / yield; ignore async, var; }");
    }

    [Theory]
    [InlineData("Fire")]
    [InlineData("State")]
    [InlineData("OnTransition")]
    [InlineData("M")]
    [InlineData("ToString")]
    [InlineData("TimerService")]
    public void TFSM0007_AnActionNamedLikeAGeneratedMember(string name)
    {
        var reported = Single($"machine M;\ninitial S;\nstate S {{ entry / {name}; }}");
        Assert.Equal(new Reported("TFSM0007", 3, 19,
            $"An action cannot be named '{name}': the generated class already has a member of that name; rename the action"), reported);
    }

    [Fact]
    public void TFSM0007_OneNameAsActionAndGuard()
    {
        Assert.Equal(new Reported("TFSM0007", 4, 33, "'Ready' is used as a guard here and as an action at line 4; one method cannot be both, so rename one of them"),
            Single("machine M;\nevents Go;\ninitial S;\nstate S { entry / Ready; on Go [Ready] / A; }"));
    }

    [Fact]
    public void TFSM0007_ThePrivatePrefixIsReserved()
    {
        Assert.Equal(new Reported("TFSM0007", 3, 19, "An action name cannot start with '__': such names are kept for the generated class's private members; rename '__Go'"),
            Single("machine M;\ninitial S;\nstate S { entry / __Go; }"));
    }

    [Fact]
    public void TFSM0010_TransitionsOutOfAFinalState()
    {
        Assert.Equal(new Reported("TFSM0010", 4, 20, "Final state 'F' cannot have an 'on' line; remove it, or make the state non-final"),
            Single("machine M;\nevents Go;\ninitial F;\nfinal state F { on Go -> F; }"));
        Assert.Equal(new Reported("TFSM0010", 3, 23, "Final state 'F' cannot have an 'after' line; remove it, or make the state non-final"),
            Single("machine M;\ninitial F;\nfinal state F { after 1s -> F; }"));
        Clean("machine M;\nevents Go;\ninitial F;\nfinal state F { entry / Bye; exit / Gone; ignore Go; }");
    }

    [Fact]
    public void TFSM0011_IgnoredAndHandledInOneState()
    {
        Assert.Equal(new Reported("TFSM0011", 4, 30, "State 'S' both ignores and handles event 'Go'; remove the 'ignore' or the transition"),
            Single("machine M;\nevents Go;\ninitial S;\nstate S { on Go -> S; ignore Go; }"));
        Assert.Equal(new Reported("TFSM0011", 4, 25, "State 'S' both ignores and handles event 'Go'; remove the 'ignore' or the transition"),
            Single("machine M;\nevents Go;\ninitial S;\nstate S { ignore Go; on Go [G] -> S; }"));
        Clean("machine M;\nevents Go;\ninitial P;\nstate P { initial S; on Go -> P; state S { ignore Go; } }");
    }

    [Fact]
    public void TheDoorExampleHasNoDiagnostics()
    {
        Assert.Empty(Diagnose.Fsm(GeneratorHarness.ReadMachine("door.fsm")));
    }
}
