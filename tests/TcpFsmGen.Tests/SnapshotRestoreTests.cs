using System;
using System.Linq;
using System.Text.Json;
using TcpFsmGen.Runtime;
using TcpFsmGen.Tests.Infrastructure;
using Xunit;

namespace TcpFsmGen.Tests;

/// <summary>
/// Snapshot and restore (language reference §7.6), rule by rule: what a snapshot holds, its JSON form, and every way a
/// restore can fail, each leaving the machine as it was.
/// </summary>
public class SnapshotRestoreTests
{
    private static readonly Type Door = LiveMachine.CompileType(GeneratorHarness.ReadMachine("door.fsm"), "door.fsm");
    private static readonly Type All = LiveMachine.CompileType(SnapshotRoundTripTests.Everything);

    /// <summary>The door opened, with AutoClose running: the JSON the snapshot of a running machine writes, fixed in a file.</summary>
    [Fact]
    public void TheJsonOfTheDoorsSnapshot()
    {
        var door = LiveMachine.New(Door);
        door.Fire("Open");
        door.Advance(TimeSpan.FromSeconds(10));
        var json = JsonSerializer.Serialize(door.TakeSnapshot());
        Snapshot.Match(json + "\n", "door.json");
    }

    /// <summary>
    /// On a real clock, time passes between <c>TakeSnapshot</c>'s reading of the clock and each timer's reading of its
    /// remaining time, which would put a due time that much before the deadline and make a restored timer elapse early.
    /// The clock here moves 1 ms after every reading of the time, the worst such gap made exact.
    /// </summary>
    [Fact]
    public void ADueTimeIsNeverBeforeItsDeadline_OnAClockThatMovesBetweenReadings()
    {
        var door = LiveMachine.New(Door, clock => new MovingClock(clock, TimeSpan.FromMilliseconds(1)));
        door.Fire("Open");
        var deadline = door.Clock.GetUtcNow() + door.TimeRemaining("AutoClose")!.Value;
        var timer = Assert.Single(door.TakeSnapshot().Timers);
        Assert.True(timer.Due >= deadline, $"due {timer.Due:HH:mm:ss.fffffff}, deadline {deadline:HH:mm:ss.fffffff}");
        Assert.True(timer.Due - deadline <= TimeSpan.FromMilliseconds(1), $"due {timer.Due:HH:mm:ss.fffffff}, deadline {deadline:HH:mm:ss.fffffff}");
    }

    /// <summary>A clock whose time moves by <c>step</c> after every <see cref="GetUtcNow"/>, as a running clock does between two readings.</summary>
    private sealed class MovingClock(ManualTimeProvider clock, TimeSpan step) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow()
        {
            var now = clock.GetUtcNow();
            clock.Advance(step);
            return now;
        }

        public override long TimestampFrequency => clock.TimestampFrequency;

        public override long GetTimestamp() => clock.GetTimestamp();

        public override System.Threading.ITimer CreateTimer(System.Threading.TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
            => clock.CreateTimer(callback, state, dueTime, period);
    }

    [Fact]
    public void TheJsonOfADoorThatHasNotStarted()
    {
        var json = JsonSerializer.Serialize(LiveMachine.New(Door).TakeSnapshot());
        Assert.Equal("""{"State":"Closed","Started":false,"History":[],"Timers":[],"Deferred":[]}""", json);
    }

    [Fact]
    public void ASnapshotHoldsHistoryPeriodicTimersAndDeferredPayloads()
    {
        var m = LiveMachine.New(All);
        m.Fire("Connect");                     // Offline -> Online.Idle
        m.Fire("Publish", 3);                  // Idle -> Waiting.Sent (Fits is true)
        m.Fire("Publish", 4);                  // deferred in Waiting
        m.Fire("Note", "hello");               // deferred in Waiting
        m.Advance(TimeSpan.FromMilliseconds(100));
        var s = m.TakeSnapshot();
        var now = m.Clock.GetUtcNow();

        Assert.Equal("Sent", s.State);
        Assert.True(s.Started);
        Assert.Empty(s.History); // Online was never left
        Assert.Equal(
            new[]
            {
                ("Sent", "300ms", 0, now.AddMilliseconds(200), (TimeSpan?)TimeSpan.FromMilliseconds(300)),
                ("Sent", "500ms", 0, now.AddMilliseconds(400), null),
                ("Online", "KeepAlive", 0, now.AddMilliseconds(600), TimeSpan.FromMilliseconds(700)),
                ("Waiting", "AckWait", 0, now.AddMilliseconds(1900), null),
                ("Online", "5s", 0, now.AddMilliseconds(4900), null),
            },
            s.Timers.Select(t => (t.State, t.Timer, t.Index, t.Due, t.Period)));
        Assert.Equal(new[] { ("Publish", "4"), ("Note", "\"hello\"") }, s.Deferred.Select(d => (d.Event, d.Payload!.Value.GetRawText())));

        m.Fire("Drop");    // Sent -> Resent (its own handler)
        m.Fire("Ack", 9);  // Matches: Waiting -> Idle; the recalled Publish 4 goes to Waiting.Sent, Note is deferred again
        m.Fire("Drop");    // Sent -> Resent
        m.Fire("Drop");    // Resent has none: Online's, to Offline
        Assert.Equal("Offline", m.Current);
        var later = m.TakeSnapshot();
        Assert.Equal(new[] { ("Online", "Resent") }, later.History.Select(h => (h.Composite, h.State)));
        Assert.Equal(new[] { "Note" }, later.Deferred.Select(d => d.Event));
        Assert.Empty(later.Timers);
    }

    [Fact]
    public void TakingASnapshotFromAnActionThrows()
    {
        var m = LiveMachine.New(Door);
        InvalidOperationException? seen = null;
        m.OnLog = entry =>
        {
            if (entry == "LightOn") seen = Assert.Throws<InvalidOperationException>(() => m.TakeSnapshot());
        };
        m.Fire("Open");
        Assert.NotNull(seen);
        Assert.Contains("while a transition runs", seen!.Message, StringComparison.Ordinal);
        Assert.Equal("Opened", m.Current);
    }

    [Fact]
    public void RestoreOnAStartedMachineThrowsAndChangesNothing()
    {
        var m = LiveMachine.New(Door);
        m.Fire("Open");
        var before = JsonSerializer.Serialize(m.TakeSnapshot());
        var other = LiveMachine.New(Door);
        other.Fire("Lock");
        var e = Assert.Throws<InvalidOperationException>(() => m.Restore(other.TakeSnapshot()));
        Assert.Contains("has not started", e.Message, StringComparison.Ordinal);
        Assert.Equal(before, JsonSerializer.Serialize(m.TakeSnapshot()));
        Assert.Equal(TimeSpan.FromSeconds(30), m.TimeRemaining("AutoClose"));
    }

    public static TheoryData<string, string, string> BadSnapshots => new()
    {
        // name of the case, the snapshot's JSON, what the message says
        { "unknown state", """{"State":"Ajar","Started":true}""", "the state 'Ajar', which Door does not declare" },
        { "composite as current", """{"State":"Shut","Started":true}""", "'Shut' is a composite" },
        { "unknown timer", """{"State":"Opened","Started":true,"Timers":[{"State":"Opened","Timer":"Linger","Due":"2000-01-01T00:00:30+00:00"}]}""", "the timer 'Linger', which Door does not declare" },
        { "timer of a state that is not active", """{"State":"Closed","Started":true,"Timers":[{"State":"Opened","Timer":"AutoClose","Due":"2000-01-01T00:00:30+00:00"}]}""", "is not inside it" },
        { "timer of a state without it", """{"State":"Closed","Started":true,"Timers":[{"State":"Closed","Timer":"AutoClose","Due":"2000-01-01T00:00:30+00:00"}]}""", "State 'Closed' has no 'after AutoClose' line" },
        { "a timer twice", """{"State":"Opened","Started":true,"Timers":[{"State":"Opened","Timer":"AutoClose","Due":"2000-01-01T00:00:30+00:00"},{"State":"Opened","Timer":"AutoClose","Due":"2000-01-01T00:00:31+00:00"}]}""", "twice" },
        { "history of a composite without it", """{"State":"Closed","Started":true,"History":[{"Composite":"Shut","State":"Locked"}]}""", "has no history line" },
        { "deferred event in a machine without deferral", """{"State":"Closed","Started":true,"Deferred":[{"Event":"Open"}]}""", "defers none" },
        { "not started but elsewhere", """{"State":"Locked","Started":false}""", "holds its initial leaf 'Closed'" },
        { "timer too far", """{"State":"Opened","Started":true,"Timers":[{"State":"Opened","Timer":"AutoClose","Due":"2100-01-01T00:00:00+00:00"}]}""", "later than a timer allows" },
    };

    [Theory]
    [MemberData(nameof(BadSnapshots))]
    public void ASnapshotThatDoesNotFitIsAnArgumentExceptionAndChangesNothing(string what, string json, string message)
    {
        var m = LiveMachine.New(Door);
        var snapshot = JsonSerializer.Deserialize<FsmSnapshot>(json)!;
        var e = Assert.ThrowsAny<ArgumentException>(() => m.Restore(snapshot));
        Assert.True(e.Message.Contains(message, StringComparison.Ordinal), $"{what}: {e.Message}");
        Assert.Equal("snapshot", e.ParamName);
        AssertUntouched(m);
    }

    [Fact]
    public void AMissingNameSaysWhichAndHowToMapIt()
    {
        var m = LiveMachine.New(Door);
        var snapshot = JsonSerializer.Deserialize<FsmSnapshot>("""{"State":"Ajar","Started":true}""")!;
        var e = Assert.Throws<FsmSnapshotNameException>(() => m.Restore(snapshot));
        Assert.Equal(FsmSnapshotNameKind.State, e.Kind);
        Assert.Equal("Ajar", e.Name);
        Assert.Contains("snapshot.RenameState(\"Ajar\", \"NewName\")", e.Message, StringComparison.Ordinal);

        // The hook: map the old name, and the same snapshot restores.
        m.Restore(snapshot.RenameState("Ajar", "Opened"));
        Assert.Equal("Opened", m.Current);
    }

    [Fact]
    public void ARenamedTimerAndEventAreMappedToo()
    {
        var all = LiveMachine.New(All);
        all.Fire("Connect");
        all.Fire("Publish", 1);
        all.Fire("Publish", 2);
        var json = JsonSerializer.Serialize(all.TakeSnapshot()).Replace("\"AckWait\"", "\"AckTimeout\"").Replace("\"Publish\"", "\"Post\"");
        var restored = LiveMachine.New(All, all.Clock.GetUtcNow());
        var old = JsonSerializer.Deserialize<FsmSnapshot>(json)!;
        var e = Assert.Throws<FsmSnapshotNameException>(() => restored.Restore(old));
        Assert.Equal(FsmSnapshotNameKind.Timer, e.Kind);
        old.RenameTimer("AckTimeout", "AckWait");
        e = Assert.Throws<FsmSnapshotNameException>(() => restored.Restore(old));
        Assert.Equal((FsmSnapshotNameKind.Event, "Post"), (e.Kind, e.Name));
        AssertUntouched(restored, "Offline", thenStart: false);
        restored.Restore(old.RenameEvent("Post", "Publish"));
        Assert.Equal(JsonSerializer.Serialize(all.TakeSnapshot()), JsonSerializer.Serialize(restored.TakeSnapshot()));
    }

    [Fact]
    public void APayloadThatDoesNotReadIsAnArgumentExceptionAndChangesNothing()
    {
        var m = LiveMachine.New(All);
        var snapshot = JsonSerializer.Deserialize<FsmSnapshot>("""{"State":"Sent","Started":true,"Deferred":[{"Event":"Publish","Payload":"not a number"}]}""")!;
        var e = Assert.Throws<ArgumentException>(() => m.Restore(snapshot));
        Assert.Contains("does not read as a 'System.Int32'", e.Message, StringComparison.Ordinal);
        AssertUntouched(m, "Offline", thenStart: false);

        snapshot = JsonSerializer.Deserialize<FsmSnapshot>("""{"State":"Sent","Started":true,"Deferred":[{"Event":"Publish"}]}""")!;
        e = Assert.Throws<ArgumentException>(() => m.Restore(snapshot));
        Assert.Contains("has no payload", e.Message, StringComparison.Ordinal);
        AssertUntouched(m, "Offline");
    }

    [Fact]
    public void APayloadThatCannotBeWrittenFailsTheSnapshotWithTheEventAndTheType()
    {
        var type = LiveMachine.CompileType("""
            machine T.Ptr;
            events Go, Data(System.Action callback);
            initial A;
            state A { on Go -> B; defer Data; }
            state B { on Data / Run(callback); }
            """);
        var m = LiveMachine.New(type);
        m.Fire("Data", new Action(() => { }), typeof(Action));
        var e = Assert.Throws<NotSupportedException>(() => m.TakeSnapshot());
        Assert.Contains("The deferred event 'Data' carries a 'System.Action'", e.Message, StringComparison.Ordinal);
        Assert.Equal("A", m.Current);
    }

    [Fact]
    public void AHandBuiltSnapshotStartsAMachineMidWay()
    {
        // Opened, with 10 s of AutoClose left: no entry action runs, and the timer elapses at the given time.
        var m = LiveMachine.New(Door);
        var now = m.Clock.GetUtcNow();
        m.Restore(new FsmSnapshot
        {
            State = "Opened",
            Started = true,
            Timers = { new FsmSnapshotTimer { State = "Opened", Timer = "AutoClose", Due = now.AddSeconds(10) } },
        });
        Assert.Empty(m.Log);
        Assert.Equal(TimeSpan.FromSeconds(10), m.TimeRemaining("AutoClose"));
        m.Advance(TimeSpan.FromSeconds(10) - TimeSpan.FromTicks(1));
        Assert.Equal("Opened", m.Current);
        m.Advance(TimeSpan.FromTicks(1));
        Assert.Equal(new[] { "LightOff", "Beep", "Opened->Closed" }, m.TakeLog());
    }

    /// <summary>A machine a failed restore left as new: not started, in its initial leaf, and it starts as usual.</summary>
    private static void AssertUntouched(LiveMachine m, string initial = "Closed", bool thenStart = true)
    {
        var snapshot = m.TakeSnapshot();
        Assert.False(snapshot.Started);
        Assert.Equal(initial, m.Current);
        Assert.Empty(m.Log);
        if (!thenStart) return;
        m.Start();
        Assert.True(m.TakeSnapshot().Started);
    }
}
