using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.RegularExpressions;
using Microsoft.CodeAnalysis;
using TcpFsmGen.Tests.Infrastructure;
using Xunit;

namespace TcpFsmGen.Tests;

/// <summary>
/// The protocol features of the language reference's section 7 declared with attributes: each one on a compiled
/// machine, and each misuse reported at the attribute argument that causes it.
/// </summary>
public class AttributeProtocolTests
{
    // §7.1 Event payloads: [EventPayload], and methods that take the payload receive it.
    private const string Payloads = """
        using TcpFsmGen;
        namespace T;
        public enum S { A, B }
        public enum E { Data, Text, Plain, Echo, Peek }
        [StateMachine(typeof(S), typeof(E), Initial = S.A)]
        [EventPayload(E.Data, typeof(int), "n")]
        [EventPayload(E.Text, typeof(string), "s")]
        [EventPayload(E.Echo, typeof(int))]
        [EventPayload(E.Peek, typeof(System.Collections.Generic.List<string>), "items")]
        [Transition(S.A, E.Data, S.B, Guard = nameof(IsBig), Actions = new[] { nameof(Log) })]
        [InternalTransition(S.A, E.Data, Actions = new[] { nameof(Small) })]
        [InternalTransition(S.A, E.Text, Actions = new[] { nameof(Say) })]
        [Transition(S.A, E.Plain, S.B)]
        [InternalTransition(S.A, E.Echo, Actions = new[] { nameof(Log) })]
        [InternalTransition(S.A, E.Peek, Guard = nameof(IsOpen), Actions = new[] { nameof(Count), nameof(Tick) })]
        [Transition(S.B, E.Plain, S.A)]
        [InternalTransition(S.B, E.Data, Actions = new[] { nameof(Log) })]
        [Ignore(S.B, E.Text, E.Echo, E.Peek)]
        public partial class Pay
        {
            // Declared here without parameters: called without the payload, although the event carries one.
            private bool IsOpen() { TestNote("?IsOpen"); return true; }
            private static int s_ticks;
            private void Tick() => TestNote("Tick" + ++s_ticks);
            private void Count(System.Collections.Generic.List<string> items) => TestNote("Count(" + items.Count + ")");
        }
        """;

    [Fact]
    public void AGuardAndAnActionThatTakeThePayloadReceiveIt()
    {
        var m = LiveMachine.CreateFromAttributes(Payloads, "T.Pay");
        Assert.True(m.Fire("Data", 7));
        Assert.Equal(new[] { "?IsBig(7)", "Log(7)", "A->B" }, m.TakeLog());
        Assert.Equal("B", m.Current);
        Assert.True(m.Fire("Data", 8));
        Assert.Equal(new[] { "Log(8)" }, m.TakeLog());
    }

    [Fact]
    public void AFalsePayloadGuardFallsBackAndEachPayloadTypeHasItsFire()
    {
        var m = LiveMachine.CreateFromAttributes(Payloads, "T.Pay");
        m.Guards["IsBig"] = false;
        Assert.True(m.Fire("Data", 3));
        Assert.Equal(new[] { "?IsBig(3)", "Small(3)" }, m.TakeLog());
        Assert.True(m.Fire("Text", "hello"));
        Assert.Equal(new[] { "Say(hello)" }, m.TakeLog());
        // [EventPayload] without a name: the payload is named 'payload', and is passed all the same.
        Assert.True(m.Fire("Echo", 5));
        Assert.Equal(new[] { "Log(5)" }, m.TakeLog());
    }

    [Fact]
    public void AMethodWithoutParametersOnAPayloadEventIsCalledWithoutIt()
    {
        var m = LiveMachine.CreateFromAttributes(Payloads, "T.Pay");
        Assert.True(m.Fire("Peek", new List<string> { "a", "b" }));
        var log = m.TakeLog();
        Assert.Equal("?IsOpen", log[0]);
        Assert.Equal("Count(2)", log[1]);
        Assert.StartsWith("Tick", log[2], StringComparison.Ordinal);
    }

    [Fact]
    public void FireAndCanFireWithAMismatchedPayloadThrowAndChangeNothing()
    {
        var m = LiveMachine.CreateFromAttributes(Payloads, "T.Pay");
        Assert.Throws<ArgumentException>(() => m.Fire("Data"));
        Assert.Throws<ArgumentException>(() => m.Fire("Data", "seven"));
        Assert.Throws<ArgumentException>(() => m.Fire("Plain", 7));
        Assert.Throws<ArgumentException>(() => m.CanFire("Text", 1));
        Assert.Empty(m.TakeLog());
        Assert.Equal("A", m.Current);
    }

    [Fact]
    public void CanFireWithAPayloadRunsOnlyTheGuardWithIt()
    {
        var m = LiveMachine.CreateFromAttributes(Payloads, "T.Pay");
        Assert.True(m.CanFire("Data", 4));
        Assert.Equal(new[] { "?IsBig(4)" }, m.TakeLog());
        Assert.Equal("A", m.Current);
        Assert.True(m.CanFire("Plain"));
        Assert.Empty(m.TakeLog());
    }

    [Fact]
    public void APayloadQueuedFromAnActionIsDeliveredIntact()
    {
        var m = LiveMachine.CreateFromAttributes(Payloads, "T.Pay");
        m.Guards["IsBig"] = false;
        m.OnLog = entry =>
        {
            if (entry == "Small(1)")
            {
                Assert.True(m.Fire("Data", 2));
                Assert.True(m.Fire("Text", "queued"));
                Assert.True(m.Fire("Echo", 3));
            }
        };
        m.Fire("Data", 1);
        Assert.Equal(new[] { "?IsBig(1)", "Small(1)", "?IsBig(2)", "Small(2)", "Say(queued)", "Log(3)" }, m.TakeLog());
    }

    // §7.2 Guarded, internal and periodic timers: Guard/Unless on [After], [After] without a target, [Every].
    private const string Timers = """
        using TcpFsmGen;
        namespace T;
        public enum S { Idle, Sending, Failed }
        public enum E { Go, Stop }
        [StateMachine(typeof(S), typeof(E), Initial = S.Idle)]
        [Timer("Rto", Milliseconds = 1000)]
        [Timer("Tick", Milliseconds = 100)]
        [Transition(S.Idle, E.Go, S.Sending)]
        [Ignore(S.Idle, E.Stop)]
        [Entry(S.Sending, nameof(Send))]
        [After(S.Sending, "Rto", S.Sending, Guard = nameof(CanRetry), Actions = new[] { nameof(Retry) })]
        [After(S.Sending, "Rto", S.Failed, Actions = new[] { nameof(GiveUp) })]
        [Every(S.Sending, "Tick", Guard = nameof(Probing), Actions = new[] { nameof(Probe) })]
        [After(S.Sending, 250, Actions = new[] { nameof(Linger) })]
        [Transition(S.Sending, E.Stop, S.Idle)]
        [Ignore(S.Sending, E.Go)]
        [Transition(S.Failed, E.Go, S.Sending)]
        [Ignore(S.Failed, E.Stop)]
        public partial class Tim { }
        """;

    [Fact]
    public void AGuardedAfterIsTriedInOrderAndTheFallbackTakesOverWhenItsGuardIsFalse()
    {
        var m = LiveMachine.CreateFromAttributes(Timers, "T.Tim");
        m.Guards["Probing"] = false;
        m.Fire("Go");
        m.TakeLog();
        m.Advance(TimeSpan.FromSeconds(1));
        var log = m.TakeLog();
        Assert.Equal(new[] { "?CanRetry", "Retry", "Sending->Sending" }, log.Where(e => e is not "?Probing" and not "Send" and not "Linger"));
        Assert.Equal("Sending", m.Current);
        m.Guards["CanRetry"] = false;
        m.Advance(TimeSpan.FromSeconds(1));
        Assert.Contains("GiveUp", m.TakeLog());
        Assert.Equal("Failed", m.Current);
    }

    [Fact]
    public void AnInternalAfterRunsItsActionsExitsNothingAndIsSpent()
    {
        var m = LiveMachine.CreateFromAttributes(Timers, "T.Tim");
        m.Guards["Probing"] = false;
        m.Fire("Go");
        m.TakeLog();
        Assert.Equal(TimeSpan.FromMilliseconds(1000), m.TimeRemaining("Rto"));
        m.Advance(TimeSpan.FromMilliseconds(250));
        var log = m.TakeLog();
        Assert.Contains("Linger", log);
        Assert.DoesNotContain(log, e => e.Contains("->", StringComparison.Ordinal));
        Assert.Equal("Sending", m.Current);
        Assert.Equal(TimeSpan.FromMilliseconds(750), m.TimeRemaining("Rto"));
        m.Advance(TimeSpan.FromMilliseconds(500));
        Assert.DoesNotContain("Linger", m.TakeLog());
    }

    [Fact]
    public void EveryRunsEachPeriodSkipsItsActionsWhileTheGuardIsFalseAndIsCancelledOnExit()
    {
        var m = LiveMachine.CreateFromAttributes(Timers, "T.Tim");
        m.Fire("Go");
        m.TakeLog();
        for (var i = 0; i < 3; i++) m.Advance(TimeSpan.FromMilliseconds(100));
        Assert.Equal(3, m.TakeLog().Count(e => e == "Probe"));
        Assert.Equal(TimeSpan.FromMilliseconds(100), m.TimeRemaining("Tick"));
        m.Guards["Probing"] = false;
        m.Advance(TimeSpan.FromMilliseconds(100));
        Assert.DoesNotContain("Probe", m.TakeLog());
        m.Guards["Probing"] = true;
        m.Fire("Stop");
        Assert.Null(m.TimeRemaining("Tick"));
        Assert.Null(m.TimeRemaining("Rto"));
        m.Advance(TimeSpan.FromSeconds(2));
        Assert.DoesNotContain("Probe", m.TakeLog());
    }

    [Fact]
    public void UnlessOnAnAfterAndOnAnEveryNegatesTheGuard()
    {
        var unless = Timers
            .Replace("Guard = nameof(CanRetry)", "Unless = nameof(CanRetry)")
            .Replace("Guard = nameof(Probing)", "Unless = nameof(Probing)");
        var m = LiveMachine.CreateFromAttributes(unless, "T.Tim");
        m.Fire("Go");
        m.TakeLog();
        m.Advance(TimeSpan.FromMilliseconds(100));
        Assert.DoesNotContain("Probe", m.TakeLog());
        m.Guards["Probing"] = false;
        m.Guards["CanRetry"] = false;
        m.Advance(TimeSpan.FromMilliseconds(900));
        var log = m.TakeLog();
        Assert.Contains("Probe", log);
        Assert.Contains("Retry", log);
        Assert.Equal("Sending", m.Current);
    }

    // §7.3 History: [History(S.X)] and [History(S.X, Deep = true)].
    private const string History = """
        using TcpFsmGen;
        namespace T;
        public enum S { Run, A, B, B1, B2, Paused }
        public enum E { Pause, Resume, Next, Deeper }
        [StateMachine(typeof(S), typeof(E), Initial = S.Run)]
        HISTORY
        [Transition(S.Run, E.Pause, S.Paused)]
        [Ignore(S.Run, E.Resume)]
        [Substate(S.A, S.Run, Initial = true)]
        [Transition(S.A, E.Next, S.B)]
        [Ignore(S.A, E.Deeper)]
        [Substate(S.B, S.Run)]
        [Transition(S.B, E.Next, S.A)]
        [Substate(S.B1, S.B, Initial = true)]
        [Transition(S.B1, E.Deeper, S.B2)]
        [Substate(S.B2, S.B)]
        [Entry(S.B2, nameof(EnterB2))]
        [Ignore(S.B2, E.Deeper)]
        [Transition(S.Paused, E.Resume, S.Run)]
        [Ignore(S.Paused, E.Pause, E.Next, E.Deeper)]
        public partial class Hist { }
        """;

    [Fact]
    public void BeforeTheCompositeWasEverExitedItsInitialIsUsed()
    {
        var m = LiveMachine.CreateFromAttributes(History.Replace("HISTORY", "[History(S.Run)]"), "T.Hist");
        m.Start();
        Assert.Equal("A", m.Current);
    }

    [Fact]
    public void ShallowHistoryResumesTheChildAndThenItsInitial()
    {
        var m = LiveMachine.CreateFromAttributes(History.Replace("HISTORY", "[History(S.Run)]"), "T.Hist");
        m.Fire("Next");
        m.Fire("Deeper");
        Assert.Equal("B2", m.Current);
        m.Fire("Pause");
        m.Fire("Resume");
        Assert.Equal("B1", m.Current);
    }

    [Fact]
    public void DeepHistoryResumesTheLeafEnteringEveryStateOnTheWay()
    {
        var m = LiveMachine.CreateFromAttributes(History.Replace("HISTORY", "[History(S.Run, Deep = true)]"), "T.Hist");
        m.Fire("Next");
        m.Fire("Deeper");
        m.Fire("Pause");
        m.TakeLog();
        m.Fire("Resume");
        Assert.Equal("B2", m.Current);
        Assert.Equal(new[] { "EnterB2", "Paused->B2" }, m.TakeLog());
        m.Fire("Next");
        m.Fire("Pause");
        m.Fire("Resume");
        Assert.Equal("A", m.Current);
    }

    [Fact]
    public void DeepFalseIsShallowHistory()
    {
        var m = LiveMachine.CreateFromAttributes(History.Replace("HISTORY", "[History(S.Run, Deep = false)]"), "T.Hist");
        m.Fire("Next");
        m.Fire("Deeper");
        m.Fire("Pause");
        m.Fire("Resume");
        Assert.Equal("B1", m.Current);
    }

    // §7.4 Deferred events: [Defer(S.X, E.A, ...)], payloads kept.
    private const string Defer = """
        using TcpFsmGen;
        namespace T;
        public enum S { Idle, Connecting, Online }
        public enum E { Connect, Connected, Publish, Other }
        [StateMachine(typeof(S), typeof(E), Initial = S.Idle)]
        [EventPayload(E.Publish, typeof(int), "id")]
        [Transition(S.Idle, E.Connect, S.Connecting)]
        [Defer(S.Idle, E.Publish)]
        [Ignore(S.Idle, E.Connected, E.Other)]
        [Defer(S.Connecting, E.Publish)]
        [Transition(S.Connecting, E.Connected, S.Online, Actions = new[] { nameof(Queue) })]
        [Ignore(S.Connecting, E.Other, E.Connect)]
        [InternalTransition(S.Online, E.Publish, Actions = new[] { nameof(Send) })]
        [InternalTransition(S.Online, E.Other, Actions = new[] { nameof(Log) })]
        [Transition(S.Online, E.Connect, S.Connecting)]
        [Ignore(S.Online, E.Connected)]
        public partial class Def { }
        """;

    [Fact]
    public void ADeferredEventKeepsItsPayloadAndIsRecalledBeforeTheEventsTheTransitionQueued()
    {
        var m = LiveMachine.CreateFromAttributes(Defer, "T.Def");
        m.OnLog = entry =>
        {
            if (entry == "Queue") m.Fire("Other");
        };
        m.Fire("Connect");
        Assert.True(m.Fire("Publish", 1));
        Assert.True(m.Fire("Publish", 2));
        Assert.True(m.CanFire("Publish", 3));
        Assert.Equal("Connecting", m.Current);
        m.TakeLog();
        m.Fire("Connected");
        Assert.Equal(new[] { "Queue", "Connecting->Online", "Send(1)", "Send(2)", "Log" }, m.TakeLog());
    }

    [Fact]
    public void ADeferredEventDeferredAgainGoesBackToTheList()
    {
        var m = LiveMachine.CreateFromAttributes(Defer, "T.Def");
        m.Fire("Publish", 9);
        m.Fire("Connect");
        Assert.Equal(new[] { "Idle->Connecting" }, m.TakeLog());
        m.Fire("Connected");
        Assert.Equal(new[] { "Queue", "Connecting->Online", "Send(9)" }, m.TakeLog());
    }

    [Fact]
    public void TheDiagramsOfAnAttributeMachineShowPayloadsHistoryEveryAndDefer()
    {
        foreach (var (declaration, name, expected) in new[]
        {
            (History.Replace("HISTORY", "[History(S.Run, Deep = true)]"), "T.Hist", "[H*] history deep"),
            (Timers, "T.Tim", "every Tick (100ms) [Probing] / Probe"),
            (Defer, "T.Def", "defer Publish"),
            (Payloads, "T.Pay", "Data [IsBig(n)] / Log(n)"),
        })
        {
            var type = LiveMachine.CompileAttributeType(declaration, name);
            var mermaid = (string)type.GetField("Mermaid")!.GetValue(null)!;
            Assert.Contains(expected, mermaid, StringComparison.Ordinal);
        }
    }

    // Misuse: each is reported once, at the argument that causes it, and nothing generated fails to compile.

    private const string LinkHead = """
        using TcpFsmGen;
        namespace Demo;
        public enum Link { Off, On, Busy }
        public enum Cmd { Go, Data, Stop }
        [StateMachine(typeof(Link), typeof(Cmd), Initial = Link.Off)]
        [Transition(Link.Off, Cmd.Go, Link.On)]
        [Ignore(Link.Off, Cmd.Data, Cmd.Stop)]
        [InternalTransition(Link.On, Cmd.Data, Actions = new[] { nameof(Log) })]
        [Transition(Link.On, Cmd.Stop, Link.Off)]
        [Ignore(Link.On, Cmd.Go)]
        [Substate(Link.Busy, Link.On)]
        """;

    private static string Text(Diagnostic d) => d.Location.SourceTree!.GetText().ToString(d.Location.SourceSpan);

    private static Diagnostic Single(GeneratorRun run, string id)
    {
        var tfsm = run.FsmDiagnostics;
        Assert.True(tfsm.Length == 1 && tfsm[0].Id == id, string.Join("\n", tfsm));
        Assert.DoesNotContain(run.CompilationDiagnostics, d => d.Location.SourceTree?.FilePath.EndsWith(".g.cs", StringComparison.Ordinal) == true);
        run.AssertOneReporter();
        return tfsm[0];
    }

    private const string Initial = "[Substate(Link.Busy, Link.On, Initial = true)]";

    /// <summary>The link made valid (Busy is On's initial) with <paramref name="attributes"/> added.</summary>
    private static GeneratorRun ValidLink(string attributes, string members = "private void Log(int n) { }", string extra = "")
        => GeneratorHarness.RunCSharp(("Link.cs", $$"""
            {{LinkHead.Replace("[Substate(Link.Busy, Link.On)]", Initial)}}
            {{attributes}}
            public partial class Switch
            {
                {{members}}
            }
            {{extra}}
            """));

    [Fact]
    public void AValidLinkWithAPayloadHasNoDiagnostics()
    {
        var run = ValidLink("[EventPayload(Cmd.Data, typeof(int), \"n\")]");
        Assert.Empty(run.FsmDiagnostics);
        Assert.Empty(run.CompilationDiagnostics);
    }

    public static TheoryData<string, string, string, string> PayloadTypeMisuse() => new()
    {
        { "typeof(void)", "", "typeof(void)", "Event 'Data' cannot carry a 'void': an event cannot carry 'void'; leave [EventPayload] out for an event without one" },
        { "typeof(System.Collections.Generic.List<>)", "", "typeof(System.Collections.Generic.List<>)", "open generic type" },
        { "typeof(System.Span<int>)", "", "typeof(System.Span<int>)", "a ref struct cannot be kept in the machine's queue" },
        { "typeof(System.Math)", "", "typeof(System.Math)", "a static class has no values" },
        { "typeof(int*)", "", "typeof(int*)", "a pointer cannot be kept in the machine's queue" },
        { "typeof(Secret)", "internal sealed class Secret { }", "typeof(Secret)", "it is less accessible than class 'Switch'" },
        { "typeof(System.Collections.Generic.List<Secret>)", "internal sealed class Secret { }", "typeof(System.Collections.Generic.List<Secret>)", "less accessible" },
    };

    [Theory]
    [MemberData(nameof(PayloadTypeMisuse))]
    public void TFSM0016_APayloadTypeTheGeneratedFireCannotTakeIsReportedAtItsTypeof(string type, string extra, string at, string message)
    {
        var d = Single(ValidLink($"[EventPayload(Cmd.Data, {type}, \"n\")]", members: "private void Log() { }", extra: extra), "TFSM0016");
        Assert.Equal(at, Text(d));
        Assert.Contains(message, d.GetMessage(), StringComparison.Ordinal);
    }

    [Fact]
    public void APayloadTypeTheCompilerCannotFindLeavesAnOutlineThatCompiles()
    {
        // The action takes the type as written: it is matched, so the one diagnostic is at the typeof.
        var run = ValidLink("[EventPayload(Cmd.Data, typeof(Missing), \"n\")]", members: "private void Log(Missing n) { }");
        Assert.Contains(run.CompilationDiagnostics, d => d.Id == "CS0246");
        var d = Single(run, "TFSM0016");
        Assert.Equal("typeof(Missing)", Text(d));
        Assert.Equal("Event 'Data' cannot carry a 'Missing': the type is not found; correct its name or add its 'using'", d.GetMessage());
    }

    [Fact]
    public void AnActionThatTakesAnUnusablePayloadTypeIsStillMatched()
    {
        // Only the type is wrong: the action that takes it is not reported as well.
        var d = Single(ValidLink("[EventPayload(Cmd.Data, typeof(System.Span<int>), \"n\")]", members: "private void Log(System.Span<int> n) { }"), "TFSM0016");
        Assert.Equal("typeof(System.Span<int>)", Text(d));
    }

    [Fact]
    public void TFSM0202_APayloadTypeThatIsNull()
    {
        var d = Single(ValidLink("[EventPayload(Cmd.Data, null, \"n\")]", members: "private void Log() { }"), "TFSM0202");
        Assert.Equal("null", Text(d));
        Assert.Contains("must be a type", d.GetMessage(), StringComparison.Ordinal);
    }

    [Fact]
    public void TFSM0206_TwoPayloadsForOneEvent()
    {
        var d = Single(ValidLink("[EventPayload(Cmd.Data, typeof(int), \"n\")]\n[EventPayload(Cmd.Data, typeof(string), \"s\")]"), "TFSM0206");
        Assert.Equal("Cmd.Data", Text(d));
        var line = d.Location.SourceTree!.GetText().Lines[d.Location.GetLineSpan().StartLinePosition.Line].ToString();
        Assert.Contains("typeof(string)", line, StringComparison.Ordinal);
        Assert.Contains("Event 'Data' already carries a payload, of type 'int'", d.GetMessage(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("\"\"", "TFSM0206")]
    [InlineData("\"two words\"", "TFSM0007")]
    [InlineData("\"class\"", "TFSM0007")]
    public void APayloadNameThatIsNoIdentifierIsReportedAtTheName(string name, string id)
    {
        var d = Single(ValidLink($"[EventPayload(Cmd.Data, typeof(int), {name})]"), id);
        Assert.Equal(name, Text(d));
    }

    [Fact]
    public void TFSM0003_APayloadForAValueThatIsNoEvent()
    {
        var d = Single(ValidLink("[EventPayload((Cmd)42, typeof(int), \"n\")]", members: "private void Log() { }"), "TFSM0003");
        Assert.Equal("(Cmd)42", Text(d));
    }

    [Fact]
    public void TFSM0203_AnActionOnAPayloadEventWhoseParameterIsOfAnotherTypeSaysBothSignatures()
    {
        var d = Single(ValidLink("[EventPayload(Cmd.Data, typeof(int), \"n\")]", members: "private void Log(long n) { }"), "TFSM0203");
        Assert.Equal("nameof(Log)", Text(d));
        Assert.Equal(
            "Action 'Log' must be a method 'void Log()' (or 'void Log(int n)' to receive the payload of event 'Data') of class 'Switch', but 'private void Log(long n)' is not (it must take no parameters); change its signature",
            d.GetMessage());
    }

    [Theory]
    [InlineData("private void Log(int n) { }", new[] { "TFSM0013", "TFSM0203" })]
    [InlineData("private void Log(int n) { } private void Log() { }", new[] { "TFSM0013" })]
    public void OneActionCalledWithThePayloadAndWithoutIt(string members, string[] ids)
    {
        // Data's line passes the payload to Log(int); the entry of Busy has none to give. One name has one signature
        // (TFSM0013), and without Log() the entry has no method either (TFSM0203).
        var run = ValidLink("[EventPayload(Cmd.Data, typeof(int), \"n\")]\n[Entry(Link.Busy, nameof(Log))]", members: members);
        Assert.Equal(ids, run.FsmDiagnostics.Select(d => d.Id).OrderBy(id => id, StringComparer.Ordinal));
        Assert.All(run.FsmDiagnostics, d => Assert.Equal("nameof(Log)", Text(d)));
        Assert.DoesNotContain(run.CompilationDiagnostics, d => d.Location.SourceTree?.FilePath.EndsWith(".g.cs", StringComparison.Ordinal) == true);
        run.AssertOneReporter();
    }

    [Fact]
    public void TFSM0015_HistoryInALeafIsReportedAtItsState()
    {
        var d = Single(ValidLink("[History(Link.Off)]", members: "private void Log() { }"), "TFSM0015");
        Assert.Equal("Link.Off", Text(d));
        Assert.Contains("State 'Off' has no substates", d.GetMessage(), StringComparison.Ordinal);
    }

    [Fact]
    public void TFSM0015_TwoHistoriesForOneState()
    {
        var d = Single(ValidLink("[History(Link.On)]\n[History(Link.On, Deep = true)]", members: "private void Log() { }"), "TFSM0015");
        Assert.Equal("Link.On", Text(d));
        Assert.Contains("already has a 'history'", d.GetMessage(), StringComparison.Ordinal);
    }

    [Fact]
    public void TFSM0011_AnEventBothDeferredAndHandled()
    {
        var d = Single(ValidLink("[Defer(Link.Off, Cmd.Go)]", members: "private void Log() { }"), "TFSM0011");
        Assert.Contains("Go", Text(d), StringComparison.Ordinal);
    }

    [Fact]
    public void TFSM0206_ADeferThatNamesNoEvent()
    {
        var d = Single(ValidLink("[Defer(Link.Off)]", members: "private void Log() { }"), "TFSM0206");
        Assert.Equal("Defer", Text(d));
    }

    [Fact]
    public void TFSM0202_ADeferredValueOfTheWrongEnum()
    {
        var d = Single(ValidLink("[Defer(Link.Busy, Link.Off)]", members: "private void Log() { }"), "TFSM0202");
        Assert.Equal("Link.Off", Text(d));
        Assert.Contains("A deferred event must be a member of enum 'Cmd'", d.GetMessage(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("[Every(Link.On, 0, Actions = new[] { nameof(Log) })]", "TFSM0009", "0")]
    [InlineData("[Every(Link.On, \"\", Actions = new[] { nameof(Log) })]", "TFSM0206", "\"\"")]
    [InlineData("[Every(Link.On, \"Beat\", Actions = new[] { nameof(Log) })]", "TFSM0003", "\"Beat\"")]
    [InlineData("[Every(Link.On, 100, Guard = nameof(Log), Unless = nameof(Log))]", "TFSM0206", "nameof(Log)")]
    [InlineData("[After(Link.On, 100, Guard = \"Missing\")]", "TFSM0203", "\"Missing\"")]
    [InlineData("[After(Link.On, 100, Guard = nameof(Log), Actions = new[] { nameof(Log) })]", "TFSM0007", "nameof(Log)")]
    [InlineData("[After(Link.On, 100, (Link)9)]", "TFSM0002", "(Link)9")]
    public void TimerAttributeMisuseIsReportedAtItsArgument(string attribute, string id, string at)
    {
        var d = Single(ValidLink(attribute, members: "private void Log() { }"), id);
        Assert.Equal(at, Text(d));
    }

    [Fact]
    public void ThePayloadModelMatchesTheFsmFrontEnd()
    {
        var attributes = ReadModel(LinkHead.Replace("[Substate(Link.Busy, Link.On)]", Initial)
            + "\n[EventPayload(Cmd.Data, typeof(System.Collections.Generic.Dictionary<string, int[]>), \"n\")]\npublic partial class Switch { private void Log(System.Collections.Generic.Dictionary<string, int[]> n) { } }",
            "Demo.Switch");
        var payload = Assert.Single(attributes.Payloads);
        Assert.Equal("Data", payload.Event.Text);
        Assert.Equal("global::System.Collections.Generic.Dictionary<string, int[]>", payload.Type);
        Assert.Equal("n", payload.Parameter.Text);
        var data = attributes.States.Single(s => s.Name.Text == "On").Transitions.Single(t => t.Trigger.Text == "Data");
        Assert.Equal("Log(n)", data.Actions.Single().ToString());
    }

    [Fact]
    public void TupleElementNamesDoNotMakeAnotherFireOverload()
    {
        var declaration = LinkHead.Replace("[Substate(Link.Busy, Link.On)]", Initial)
            + "\n[EventPayload(Cmd.Data, typeof((int a, string b)), \"n\")]\n[EventPayload(Cmd.Go, typeof((int, string)), \"g\")]\npublic partial class Switch { private void Log((int, string) n) { } }";
        var model = ReadModel(declaration, "Demo.Switch");
        Assert.Single(model.Payloads.Select(p => p.Type).Distinct());
        var run = GeneratorHarness.RunCSharp(("Link.cs", declaration));
        Assert.Empty(run.FsmDiagnostics);
        Assert.Empty(run.CompilationDiagnostics);
    }

    // Mutations of a machine that uses every protocol attribute: nothing crashes, one reporter, and nothing
    // generated fails to compile, whatever the arguments.
    private const string Everything = """
        using TcpFsmGen;
        namespace Demo;
        public enum Link { Off, On, Busy, Idle }
        public enum Cmd { Go, Data, Stop, Note }
        [StateMachine(typeof(Link), typeof(Cmd), Initial = Link.Off)]
        [EventPayload(Cmd.Data, typeof(int), "n")]
        [EventPayload(Cmd.Note, typeof(string))]
        [Timer("Rto", Milliseconds = 1000)]
        [Transition(Link.Off, Cmd.Go, Link.On)]
        [Defer(Link.Off, Cmd.Data, Cmd.Note)]
        [Ignore(Link.Off, Cmd.Stop)]
        [History(Link.On, Deep = true)]
        [Transition(Link.On, Cmd.Stop, Link.Off)]
        [Ignore(Link.On, Cmd.Go)]
        [Every(Link.On, "Rto", Guard = nameof(CanProbe), Actions = new[] { nameof(Probe) })]
        [Substate(Link.Idle, Link.On, Initial = true)]
        [Transition(Link.Idle, Cmd.Data, Link.Busy, Guard = nameof(IsBig), Actions = new[] { nameof(Log) })]
        [InternalTransition(Link.Idle, Cmd.Data, Actions = new[] { nameof(Log) })]
        [InternalTransition(Link.Idle, Cmd.Note, Actions = new[] { nameof(Say) })]
        [Substate(Link.Busy, Link.On)]
        [After(Link.Busy, "Rto", Link.Idle, Unless = nameof(CanProbe), Actions = new[] { nameof(Probe) })]
        [After(Link.Busy, 250, Actions = new[] { nameof(Probe) })]
        [Defer(Link.Busy, Cmd.Data, Cmd.Note)]
        public partial class Switch { }
        """;

    private static readonly string[] s_mutants =
    {
        "Link.Off", "Link.On", "Link.Busy", "Link.Idle", "(Link)9", "Cmd.Go", "Cmd.Data", "Cmd.Note", "(Cmd)7", "null",
        "typeof(int)", "typeof(string)", "typeof(void)", "typeof(Link)", "typeof(System.Collections.Generic.List<>)", "typeof(Missing)",
        "typeof(System.Span<int>)", "typeof((int a, int b))", "\"n\"", "\"\"", "\"class\"", "\"a b\"", "\"Rto\"", "\"Fire\"",
        "nameof(Log)", "nameof(IsBig)", "nameof(Probe)", "\"Missing\"", "0", "-5", "250", "Deep = false",
    };

    [Fact]
    public void TwoHundredMutationsOfEveryProtocolAttributeCrashNothingAndEmitNothingThatFailsToCompile()
    {
        var userPart = LiveMachine.AttributeUserPart(Everything, "Demo.Switch");
        Assert.Empty(GeneratorHarness.RunCSharp(("Switch.cs", Everything), ("Switch.User.cs", userPart)).FsmDiagnostics);
        var random = new Random(4217);
        var ids = new HashSet<string>();
        for (var i = 0; i < 200; i++)
        {
            var lines = Everything.Split('\n').ToList();
            var attributeLines = Enumerable.Range(0, lines.Count).Where(l => lines[l].StartsWith("[", StringComparison.Ordinal) && !lines[l].StartsWith("[StateMachine", StringComparison.Ordinal)).ToList();
            for (var edits = random.Next(1, 4); edits > 0; edits--)
            {
                var at = attributeLines[random.Next(attributeLines.Count)];
                lines[at] = random.Next(5) switch
                {
                    0 => "",
                    1 => lines[at] + "\n" + lines[at],
                    _ => Regex.Replace(lines[at], @"\(Link\)9|\(Cmd\)7|(Link|Cmd)\.\w+|typeof\([^)]*\)|nameof\(\w+\)|""[^""]*""|\b\d+\b|Deep = \w+",
                        m => random.Next(3) == 0 ? s_mutants[random.Next(s_mutants.Length)] : m.Value),
                };
            }
            var text = string.Join('\n', lines);
            var run = GeneratorHarness.RunCSharp(("Switch.cs", text), ("Switch.User.cs", userPart));
            Assert.Null(run.Result.Results.Single().Exception);
            run.AssertOneReporter();
            Assert.True(!run.FsmDiagnostics.Any(d => d.Id.StartsWith("AD", StringComparison.Ordinal)), $"{text}\n{string.Join("\n", run.FsmDiagnostics)}");
            var generatedErrors = run.CompilationDiagnostics
                .Where(d => d.Severity == DiagnosticSeverity.Error && d.Location.SourceTree?.FilePath.EndsWith(".g.cs", StringComparison.Ordinal) == true)
                .ToList();
            Assert.True(generatedErrors.Count == 0, $"Input:\n{text}\n\nErrors:\n{string.Join("\n", generatedErrors)}");
            ids.UnionWith(run.FsmDiagnostics.Select(d => d.Id));
        }
        // The mutations reach the reader's checks and the analysis of the protocol features.
        foreach (var id in new[] { "TFSM0003", "TFSM0009", "TFSM0011", "TFSM0015", "TFSM0202", "TFSM0203", "TFSM0206" })
        {
            Assert.True(ids.Contains(id), $"{id} never reported: {string.Join(", ", ids.OrderBy(x => x))}");
        }
    }

    private static Generator.Model.MachineModel ReadModel(string declaration, string fullName)
    {
        var compilation = GeneratorHarness.CreateCompilation(new[] { declaration });
        var type = compilation.GetTypeByMetadataName(fullName)!;
        return Generator.Attributes.AttributeMachineReader.Read(type).Machine;
    }
}
