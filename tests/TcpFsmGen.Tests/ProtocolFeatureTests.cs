using System;
using System.Linq;
using TcpFsmGen.Tests.Infrastructure;
using Xunit;

namespace TcpFsmGen.Tests;

/// <summary>The protocol features of the language reference's section 7, one behaviour per test, on compiled machines.</summary>
public class ProtocolFeatureTests
{
    // §7.1 Event payloads
    internal const string Payloads = """
        machine T.Pay;
        events Data(int n), Text(string s), Plain, Echo(int n);
        initial A;
        state A {
          on Data [IsBig(n)] -> B / Log(n);
          on Data / Small(n);
          on Text / Say(s);
          on Plain -> B;
          on Echo / Log(n);
        }
        state B { on Plain -> A; on Data / Log(n); ignore Text, Echo; }
        """;

    [Fact]
    public void AGuardAndAnActionReceiveThePayload()
    {
        var m = LiveMachine.Create(Payloads);
        Assert.True(m.Fire("Data", 7));
        Assert.Equal(new[] { "?IsBig(7)", "Log(7)", "A->B" }, m.TakeLog());
        Assert.Equal("B", m.Current);
    }

    [Fact]
    public void AFalsePayloadGuardFallsBackToTheUnguardedLine()
    {
        var m = LiveMachine.Create(Payloads);
        m.Guards["IsBig"] = false;
        Assert.True(m.Fire("Data", 3));
        Assert.Equal(new[] { "?IsBig(3)", "Small(3)" }, m.TakeLog());
        Assert.True(m.Fire("Text", "hello"));
        Assert.Equal(new[] { "Say(hello)" }, m.TakeLog());
    }

    [Fact]
    public void APayloadQueuedFromAnActionIsDeliveredIntact()
    {
        var m = LiveMachine.Create(Payloads);
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

    [Fact]
    public void FireWithAMismatchedPayloadThrowsAndChangesNothing()
    {
        var m = LiveMachine.Create(Payloads);
        Assert.Throws<ArgumentException>(() => m.Fire("Data"));
        Assert.Throws<ArgumentException>(() => m.Fire("Data", "seven"));
        Assert.Throws<ArgumentException>(() => m.Fire("Plain", 7));
        Assert.Throws<ArgumentException>(() => m.CanFire("Text", 1));
        Assert.Empty(m.TakeLog());
        Assert.Equal("A", m.Current);
        // Not even started: Start still works once.
        m.Start();
        Assert.Throws<InvalidOperationException>(() => m.Start());
    }

    [Fact]
    public void ANullReferencePayloadIsPassedAsIs()
    {
        var m = LiveMachine.Create(Payloads);
        Assert.True(m.Fire("Text", null, typeof(string)));
        Assert.Equal(new[] { "Say()" }, m.TakeLog());
    }

    // §7.2 Guarded, internal and periodic timers
    internal const string Timers = """
        machine T.Tim;
        events Go, Stop;
        timer Rto = 1s;
        timer Tick = 100ms;
        initial Idle;
        state Idle { on Go -> Sending; }
        state Sending {
          entry / Send;
          after Rto [CanRetry] -> Sending / Retry;
          after Rto -> Failed / GiveUp;
          every Tick [Probing] / Probe;
          after 250ms / Linger;
          on Stop -> Idle;
        }
        state Failed { on Go -> Sending; }
        """;

    [Fact]
    public void AGuardedAfterIsTriedInOrderAndTheFallbackTakesOverWhenItsGuardIsFalse()
    {
        var m = LiveMachine.Create(Timers);
        m.Guards["Probing"] = false;
        m.Fire("Go");
        m.TakeLog();
        m.Advance(TimeSpan.FromSeconds(1));
        Assert.Contains("Retry", m.TakeLog());
        Assert.Equal("Sending", m.Current);
        m.Guards["CanRetry"] = false;
        m.Advance(TimeSpan.FromSeconds(1));
        var log = m.TakeLog();
        Assert.Contains("GiveUp", log);
        Assert.Equal("Failed", m.Current);
    }

    private const string AllGuardsFalse = """
        machine T.Spent;
        events Go;
        timer Rto = 1s;
        initial S;
        state S {
          after Rto [A] -> T;
          after Rto [B] / Note;
          on Go -> T;
        }
        state T { on Go -> S; }
        """;

    [Fact]
    public void AGuardedAfterWhoseGuardsAreAllFalseDoesNothingAndIsSpent()
    {
        var m = LiveMachine.Create(AllGuardsFalse);
        m.Guards["A"] = false;
        m.Guards["B"] = false;
        m.Start();
        Assert.Equal(TimeSpan.FromSeconds(1), m.TimeRemaining("Rto"));
        m.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(new[] { "?A", "?B" }, m.TakeLog());
        Assert.Equal("S", m.Current);
        Assert.Null(m.TimeRemaining("Rto"));
        m.Advance(TimeSpan.FromSeconds(5));
        Assert.Empty(m.TakeLog());
    }

    [Fact]
    public void AnInternalAfterRunsItsActionsAndLeavesNothing()
    {
        var m = LiveMachine.Create(Timers);
        m.Guards["Probing"] = false;
        m.Fire("Go");
        m.TakeLog();
        m.Advance(TimeSpan.FromMilliseconds(250));
        var log = m.TakeLog();
        Assert.Contains("Linger", log);
        Assert.DoesNotContain(log, e => e.Contains("->", StringComparison.Ordinal));
        Assert.Equal("Sending", m.Current);
    }

    [Fact]
    public void EveryIsReArmedEachPeriodSkipsItsActionsWhileTheGuardIsFalseAndIsCancelledOnExit()
    {
        var m = LiveMachine.Create(Timers);
        m.Fire("Go");
        m.TakeLog();
        for (var i = 0; i < 3; i++) m.Advance(TimeSpan.FromMilliseconds(100));
        Assert.Equal(3, m.TakeLog().Count(e => e == "Probe"));
        Assert.Equal(TimeSpan.FromMilliseconds(100), m.TimeRemaining("Tick"));
        m.Guards["Probing"] = false;
        m.Advance(TimeSpan.FromMilliseconds(100));
        Assert.DoesNotContain("Probe", m.TakeLog());
        Assert.Equal(TimeSpan.FromMilliseconds(100), m.TimeRemaining("Tick"));
        m.Guards["Probing"] = true;
        m.Fire("Stop");
        Assert.Null(m.TimeRemaining("Tick"));
        Assert.Null(m.TimeRemaining("Rto"));
        m.Advance(TimeSpan.FromSeconds(2));
        Assert.DoesNotContain("Probe", m.TakeLog());
    }

    [Fact]
    public void TimeRemainingCountsDownOnTheMachinesClock()
    {
        var m = LiveMachine.Create(Timers);
        m.Guards["Probing"] = false;
        Assert.Null(m.TimeRemaining("Rto"));
        m.Fire("Go");
        m.Advance(TimeSpan.FromMilliseconds(300));
        Assert.Equal(TimeSpan.FromMilliseconds(700), m.TimeRemaining("Rto"));
    }

    // §7.3 History
    internal const string History = """
        machine T.Hist;
        events Pause, Resume, Next, Deeper;
        initial Run;
        state Run {
          initial A;
          HISTORY
          on Pause -> Paused;
          state A { on Next -> B; }
          state B {
            initial B1;
            on Next -> A;
            state B1 { on Deeper -> B2; }
            state B2 { entry / EnterB2; }
          }
        }
        state Paused { on Resume -> Run; }
        """;

    [Fact]
    public void BeforeTheCompositeWasEverExitedItsInitialIsUsed()
    {
        var m = LiveMachine.Create(History.Replace("HISTORY", "history;"));
        m.Start();
        Assert.Equal("A", m.Current);
    }

    [Fact]
    public void ShallowHistoryResumesTheChildAndThenItsInitial()
    {
        var m = LiveMachine.Create(History.Replace("HISTORY", "history;"));
        m.Fire("Next");
        m.Fire("Deeper");
        Assert.Equal("B2", m.Current);
        m.Fire("Pause");
        m.Fire("Resume");
        Assert.Equal("B1", m.Current);
        m.Fire("Pause");
        m.Fire("Resume");
        Assert.Equal("B1", m.Current);
    }

    [Fact]
    public void DeepHistoryResumesTheLeafEnteringEveryStateOnTheWay()
    {
        var m = LiveMachine.Create(History.Replace("HISTORY", "history deep;"));
        m.Fire("Next");
        m.Fire("Deeper");
        m.Fire("Pause");
        m.TakeLog();
        m.Fire("Resume");
        Assert.Equal("B2", m.Current);
        Assert.Equal(new[] { "EnterB2", "Paused->B2" }, m.TakeLog());
        // After several exits it still holds the latest.
        m.Fire("Next");
        m.Fire("Pause");
        m.Fire("Resume");
        Assert.Equal("A", m.Current);
        Assert.True(m.IsIn("Run"));
    }

    // §7.4 Deferred events
    internal const string Defer = """
        machine T.Def;
        events Connect, Connected, Publish(int id), Other;
        initial Idle;
        state Idle { on Connect -> Connecting; defer Publish; }
        state Connecting {
          defer Publish;
          on Connected -> Online / Queue;
          ignore Other;
        }
        state Online { on Publish / Send(id); on Other / Log; on Connect -> Connecting; }
        """;

    [Fact]
    public void ADeferredEventKeepsItsPayloadAndIsRecalledBeforeTheEventsTheTransitionQueued()
    {
        var m = LiveMachine.Create(Defer);
        m.OnLog = entry =>
        {
            if (entry == "Queue") m.Fire("Other");
        };
        m.Fire("Connect");
        Assert.True(m.Fire("Publish", 1));
        Assert.True(m.Fire("Publish", 2));
        Assert.True(m.CanFire("Publish", 3));
        Assert.Equal(new[] { "Connecting" }, new[] { m.Current });
        m.TakeLog();
        m.Fire("Connected");
        Assert.Equal(new[] { "Queue", "Connecting->Online", "Send(1)", "Send(2)", "Log" }, m.TakeLog());
    }

    [Fact]
    public void ADeferredEventDeferredAgainGoesBackToTheList()
    {
        var m = LiveMachine.Create(Defer);
        m.Fire("Publish", 9);          // deferred in Idle
        m.Fire("Connect");             // recalled: deferred again in Connecting
        Assert.Equal(new[] { "Idle->Connecting" }, m.TakeLog());
        m.Fire("Connected");
        Assert.Equal(new[] { "Queue", "Connecting->Online", "Send(9)" }, m.TakeLog());
    }

    // §7.5 CanFire
    private const string Ask = """
        machine T.Ask;
        events Go, Stop, Never;
        initial A;
        state A { entry / EnterA; on Go [Ready] -> B; ignore Stop; }
        state B { on Stop -> A; }
        final state C;
        """;

    [Fact]
    public void CanFireEvaluatesGuardsAndRunsNothingElseAndAnswersForTheInitialLeafBeforeStart()
    {
        var m = LiveMachine.Create(Ask);
        Assert.True(m.CanFire("Go"));
        Assert.Equal(new[] { "?Ready" }, m.TakeLog());
        Assert.True(m.CanFire("Stop"));
        Assert.False(m.CanFire("Never"));
        m.Guards["Ready"] = false;
        Assert.False(m.CanFire("Go"));
        Assert.Equal("A", m.Current);
        Assert.DoesNotContain("EnterA", m.TakeLog());
    }

    [Fact]
    public void TheDiagramsShowHistoryEveryAndDeferInsideTheirStates()
    {
        foreach (var (fsm, expected) in new[]
        {
            (History.Replace("HISTORY", "history deep;"), "[H*] history deep"),
            (History.Replace("HISTORY", "history;"), "[H] history"),
            (Timers, "every Tick (100ms) [Probing] / Probe"),
            (Defer, "defer Publish"),
        })
        {
            var type = LiveMachine.CompileType(fsm);
            var mermaid = (string)type.GetField("Mermaid")!.GetValue(null)!;
            var dot = (string)type.GetField("Dot")!.GetValue(null)!;
            Assert.Contains(expected, mermaid, StringComparison.Ordinal);
            Assert.Contains(expected, dot, StringComparison.Ordinal);
        }
    }

    // §7.7 Timer details
    internal const string Details = """
        machine T.Det;
        events Go, Back;
        timer Rto = 1s;
        timer Tick = 100ms;
        initial Idle;
        state Idle { on Go -> Busy; }
        state Busy {
          entry / Enter;
          after Rto -> Idle;
          every Tick / First;
          every Tick / Second;
          on Back -> Idle;
        }
        """;

    [Fact]
    public void EntryActionsRunBeforeTheStatesTimersStart()
    {
        var m = LiveMachine.Create(Details);
        TimeSpan? seenInEntry = TimeSpan.MaxValue;
        m.OnLog = entry =>
        {
            if (entry == "Enter") seenInEntry = m.TimeRemaining("Rto");
        };
        m.Fire("Go");
        Assert.Null(seenInEntry);
        Assert.Equal(TimeSpan.FromSeconds(1), m.TimeRemaining("Rto"));
    }

    [Fact]
    public void EachEveryLineIsATimerOfItsOwn()
    {
        var m = LiveMachine.Create(Details);
        m.Fire("Go");
        m.TakeLog();
        m.Advance(TimeSpan.FromMilliseconds(100));
        var log = m.TakeLog();
        Assert.Contains("First", log);
        Assert.Contains("Second", log);
    }

    [Fact]
    public void SetTimerDurationAppliesToTimersStartedAfterTheCall()
    {
        var m = LiveMachine.Create(Details);
        m.Fire("Go");
        m.SetTimerDuration("Rto", TimeSpan.FromSeconds(5));
        Assert.Equal(TimeSpan.FromSeconds(1), m.TimeRemaining("Rto"));
        m.Fire("Back");
        m.Fire("Go");
        Assert.Equal(TimeSpan.FromSeconds(5), m.TimeRemaining("Rto"));
    }

    [Fact]
    public void CanFireWithAPayloadRunsThePayloadGuardAndNothingElse()
    {
        var m = LiveMachine.Create(Payloads);
        Assert.True(m.CanFire("Data", 4));
        Assert.Equal(new[] { "?IsBig(4)" }, m.TakeLog());
        Assert.True(m.CanFire("Text", "t"));
        Assert.Empty(m.TakeLog());
        Assert.Equal("A", m.Current);
    }

    private const string LoopProbe = """
        namespace T
        {
            public partial class Pay
            {
                private readonly global::System.Collections.Generic.List<string> _log = new();
                private partial bool IsBig(int n) => n > 5;
                partial void Log(int n) => _log.Add("Log " + n);
                partial void Small(int n) => _log.Add("Small " + n);
                partial void Say(string s) => _log.Add("Say " + s);

                public static string Run()
                {
                    var m = new Pay();
                    var loop = new global::TcpFsmGen.Runtime.EventLoop<Event>();
                    var big = loop.FireAsync(m, Event.Data, 9).GetAwaiter().GetResult();
                    loop.Post(m, Event.Plain);
                    var small = loop.FireAsync(m, Event.Data, 1).GetAwaiter().GetResult();
                    var said = loop.FireAsync<string>(m, Event.Text, "hi").GetAwaiter().GetResult();
                    string wrong;
                    try { loop.FireAsync(m, Event.Text, 3).GetAwaiter().GetResult(); wrong = "no exception"; }
                    catch (global::System.ArgumentException) { wrong = "ArgumentException"; }
                    loop.StopAsync().GetAwaiter().GetResult();
                    return string.Join("|", m._log) + "|" + big + small + said + "|" + wrong + "|" + m.Current;
                }
            }
        }
        """;

    [Fact]
    public void TheEventLoopDeliversPayloads()
    {
        var run = GeneratorHarness.Run(new[] { ("pay.fsm", Payloads) }, new[] { LoopProbe });
        var result = (string)GeneratorHarness.Load(run).GetType("T.Pay")!.GetMethod("Run")!.Invoke(null, null)!;
        Assert.Equal("Log 9|Small 1|Say hi|TrueTrueTrue|ArgumentException|A", result);
    }
}
