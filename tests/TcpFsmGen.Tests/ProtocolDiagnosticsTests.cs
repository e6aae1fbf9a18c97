using System.Linq;
using TcpFsmGen.Tests.Infrastructure;
using Xunit;

namespace TcpFsmGen.Tests;

/// <summary>The diagnostics of the protocol features (TFSM0012 onwards): each at its exact span, each with a near miss that is clean.</summary>
public class ProtocolDiagnosticsTests
{
    private static bool IsError(Reported r) => r.Id.StartsWith("TFSM00", System.StringComparison.Ordinal);

    private static Reported Single(string fsm) => Assert.Single(Diagnose.Fsm(fsm), IsError);

    private static void Clean(string fsm) => Assert.DoesNotContain(Diagnose.Fsm(fsm), IsError);

    private const string Head = "machine M;\nevents Seg(Segment seg), Close;\ninitial S;\n";

    [Fact]
    public void TFSM0012_AnArgumentThatIsNotTheEventsParameter()
    {
        Assert.Equal(new Reported("TFSM0012", 4, 24, "'segment' is not the payload of event 'Seg', whose parameter is 'seg'; write 'Log(seg)'"),
            Single(Head + "state S { on Seg / Log(segment); on Close -> S; }"));
        Assert.Equal(new Reported("TFSM0012", 4, 24, "Event 'Close' carries no payload, so guard 'Ok' has nothing to pass; remove '(seg)', or declare the payload as in 'events Close(Type seg);'"),
            Single(Head + "state S { on Close [Ok(seg)] -> S; on Seg -> S; }"));
        Assert.Equal(new Reported("TFSM0012", 4, 26, "An 'after' line has no event, so no payload to pass: call action 'Log' without '(seg)'"),
            Single(Head + "state S { after 1s / Log(seg); on Seg -> S; on Close -> S; }"));
        Clean(Head + "state S { on Seg [Ok(seg)] / Log(seg); on Close [!Ready] -> S / Bye; }");
    }

    [Fact]
    public void AnArgumentOnAnEntryLineIsASyntaxError()
    {
        var reported = Assert.Single(Diagnose.Fsm(Head + "state S { entry / Log(seg); on Seg -> S; on Close -> S; }"), IsError);
        Assert.Equal(new Reported("TFSM0001", 4, 22, "An entry action takes no argument: only the actions of an 'on' line can take the event's payload"), reported);
    }

    [Fact]
    public void TFSM0013_AGuardOrActionWithTwoSignatures()
    {
        Assert.Equal(new Reported("TFSM0013", 4, 41, "Action 'Log' takes no argument here but takes a 'Segment' at line 4; an action has one signature in the whole machine: use another name for one of them"),
            Single(Head + "state S { on Seg / Log(seg); on Close / Log; }"));
        Assert.Equal(new Reported("TFSM0013", 5, 30, "Guard 'Ok' takes an 'int' here but takes a 'Segment' at line 5; a guard has one signature in the whole machine: use another name for one of them"),
            Single("machine M;\nevents Seg(Segment seg), N(int n);\ninitial S;\n" + "state S {\non Seg [Ok(seg)] -> S; on N [Ok(n)] -> S; }"));
        // Two events with one payload type: one signature.
        Clean("machine M;\nevents A(int a), B(int b);\ninitial S;\nstate S { on A / Log(a); on B / Log(b); }");
    }

    [Fact]
    public void TFSM0014_ATargetOnAnEveryLine()
    {
        Assert.Equal(new Reported("TFSM0014", 4, 30, "An 'every' line is a periodic internal timer and cannot leave its state; remove '-> T', or write 'after Tick -> T' for a timer that fires once"),
            Single("machine M;\ntimer Tick = 1s;\ninitial S;\nstate S { every Tick [Ok] -> T / Ping; }\nstate T;"));
        Clean("machine M;\ntimer Tick = 1s;\ninitial S;\nstate S { every Tick [Ok] / Ping; after Tick -> T; }\nstate T;");
    }

    [Fact]
    public void TFSM0015_HistoryInALeafOrTwiceInOneState()
    {
        Assert.Equal(new Reported("TFSM0015", 3, 11, "State 'S' has no substates, so 'history' has nothing to remember; remove it, or declare it in the composite state whose substate should be resumed"),
            Single("machine M;\ninitial S;\nstate S { history; }"));
        Assert.Equal(new Reported("TFSM0015", 3, 31, "State 'P' already has a 'history' line (line 3); a state has one history, shallow or deep: remove this one"),
            Single("machine M;\ninitial P;\nstate P { initial A; history; history deep; state A; }"));
        Clean("machine M;\ninitial P;\nstate P { initial A; history deep; state A; }");
    }

    [Fact]
    public void TFSM0016_APayloadTypeThatIsNoType()
    {
        Assert.Equal(new Reported("TFSM0016", 2, 13, "Event 'Send' cannot carry a 'void': an event cannot carry 'void'; leave the payload out for an event without one"),
            Single("machine M;\nevents Send(void nothing);\ninitial S;\nstate S { on Send -> S; }"));
        Assert.Equal(new Reported("TFSM0016", 2, 13, "Event 'Send' cannot carry a 'List<event>': 'event' is a C# keyword, not a type"),
            Single("machine M;\nevents Send(List<event> x);\ninitial S;\nstate S { on Send -> S; }"));
        Clean("machine M;\nevents Send(global::System.Collections.Generic.Dictionary<string, int[]>? x);\ninitial S;\nstate S { on Send -> S; }");
    }

    [Fact]
    public void APayloadParameterThatIsAKeywordIsTFSM0007()
    {
        var reported = Assert.Single(Diagnose.Fsm("machine M;\nevents Send(int event);\ninitial S;\nstate S { on Send -> S; }"), IsError);
        Assert.Equal("TFSM0007", reported.Id);
        Assert.Equal((2, 17), (reported.Line, reported.Column));
    }

    [Fact]
    public void DeferIsTaughtToTheExistingChecks()
    {
        // TFSM0011: deferred and handled, deferred and ignored.
        Assert.Equal(new Reported("TFSM0011", 4, 29, "State 'S' both defers and handles event 'Go'; remove the 'defer' or the transition"),
            Single("machine M;\nevents Go;\ninitial S;\nstate S { on Go -> S; defer Go; }"));
        Assert.Equal(new Reported("TFSM0011", 4, 28, "State 'S' both defers and ignores event 'Go'; remove the 'defer' or the 'ignore'"),
            Single("machine M;\nevents Go;\ninitial S;\nstate S { ignore Go; defer Go; }"));
        // TFSM0010: defer in a final state.
        Assert.Equal("TFSM0010", Single("machine M;\nevents Go;\ninitial F;\nfinal state F { defer Go; }").Id);
        // TFSM0003: an unknown deferred event.
        Assert.Equal("TFSM0003", Single("machine M;\nevents Go;\ninitial S;\nstate S { defer Goo; on Go -> S; }").Id);
        // TFSM0102 counts defer as handling; TFSM0104 counts an event only deferred as unused.
        var warnings = Diagnose.Fsm("machine M;\nevents Go, Later;\ninitial A;\nstate A { on Go -> B; defer Later; }\nstate B { on Go -> A; defer Later; }");
        Assert.DoesNotContain(warnings, r => r.Id == "TFSM0102");
        Assert.Contains(warnings, r => r.Id == "TFSM0104" && r.Message.StartsWith("Event 'Later'", System.StringComparison.Ordinal));
    }

    [Fact]
    public void GuardedAndSharedAfterLinesAreTaughtToTheExistingChecks()
    {
        // Two unguarded 'after' lines of one timer: TFSM0006; a guarded one behind the fallback: TFSM0106.
        Assert.Equal("TFSM0006", Single("machine M;\ntimer T = 1s;\ninitial S;\nstate S { after T -> S; after T -> S / X; }").Id);
        var warnings = Diagnose.Fsm("machine M;\ntimer T = 1s;\ninitial S;\nstate S { after T -> S; after T [G] -> S; }");
        Assert.Contains(warnings, r => r.Id == "TFSM0106" && r.Line == 4 && r.Column == 31);
        // 'every' lines are timers of their own.
        Clean("machine M;\ntimer T = 1s;\ninitial S;\nstate S { every T / A; every T / B; after T -> S; }");
    }

    [Fact]
    public void TFSM0016_APayloadTypeTheCompilationDoesNotKnowOrKnowsUnderTwoNames()
    {
        const string fsm = "machine Demo.M;\nevents A(Segmnt s), B(int b), C(System.Int32 c);\ninitial S;\nstate S { on A -> S; on B -> S; on C -> S; }";
        foreach (var designTime in new[] { false, true })
        {
        var run = GeneratorHarness.Run(new[] { ("m.fsm", fsm) }, new[] { "namespace Demo { public sealed class Segment { } }" }, designTime: designTime);
        var reported = run.FsmDiagnostics.Where(d => d.Id == "TFSM0016")
            .Select(d => (d.Location.GetLineSpan().StartLinePosition.Line + 1, d.Location.GetLineSpan().StartLinePosition.Character + 1, d.GetMessage(System.Globalization.CultureInfo.InvariantCulture)))
            .ToList();
        Assert.Equal(new[]
        {
            (2, 10, "Event 'A' cannot carry a 'Segmnt': no such type is visible in namespace 'Demo', where the generated class is declared; add a global using, or qualify the type"),
            (2, 33, "Event 'C' carries 'System.Int32', which is the type event 'B' writes as 'int'; write one type one way, so the machine has one Fire for it"),
        }, reported);
        // Nothing reaches the C# compiler: the machine is only outlined.
        Assert.Empty(run.CompilationDiagnostics);
        }
        var clean = GeneratorHarness.Run("m.fsm", fsm.Replace("Segmnt", "Segment").Replace("System.Int32 c", "long c"), "namespace Demo { public sealed class Segment { } }");
        Assert.DoesNotContain(clean.FsmDiagnostics, d => d.Severity == Microsoft.CodeAnalysis.DiagnosticSeverity.Error);
        Assert.Empty(clean.CompilationDiagnostics.Where(d => d.Severity == Microsoft.CodeAnalysis.DiagnosticSeverity.Error));
    }
}
