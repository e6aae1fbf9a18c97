using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json;
using CsCheck;
using TcpFsmGen.Runtime;
using TcpFsmGen.Tests.Infrastructure;
using Xunit;

namespace TcpFsmGen.Tests;

/// <summary>
/// Snapshot and restore (language reference §7.6) as a property: on every test machine, a snapshot taken at a random
/// point of a random run, written to JSON and read back, restored into a fresh instance whose clock reads the same time,
/// behaves exactly as the original from then on.
/// </summary>
public class SnapshotRoundTripTests
{
    /// <summary>Every machine the tests compile that has a feature a snapshot holds: timers, history, deferral, payloads.</summary>
    public static TheoryData<string> Machines => new(MachineTypes.Keys);

    private static readonly Dictionary<string, Type> MachineTypes = new()
    {
        ["door.fsm"] = LiveMachine.CompileType(GeneratorHarness.ReadMachine("door.fsm"), "door.fsm"),
        ["hierarchy.fsm"] = LiveMachine.CompileType(GeneratorHarness.ReadMachine("hierarchy.fsm"), "hierarchy.fsm"),
        ["door.attributes.cs"] = LiveMachine.CompileAttributeType(GeneratorHarness.ReadMachine("door.attributes.cs"), "Demo.Doors.Door"),
        ["payloads"] = LiveMachine.CompileType(ProtocolFeatureTests.Payloads),
        ["timers"] = LiveMachine.CompileType(ProtocolFeatureTests.Timers),
        ["shallow history"] = LiveMachine.CompileType(ProtocolFeatureTests.History.Replace("HISTORY", "history;")),
        ["deep history"] = LiveMachine.CompileType(ProtocolFeatureTests.History.Replace("HISTORY", "history deep;")),
        ["defer"] = LiveMachine.CompileType(ProtocolFeatureTests.Defer),
        ["details"] = LiveMachine.CompileType(ProtocolFeatureTests.Details),
        ["everything"] = LiveMachine.CompileType(Everything),
    };

    /// <summary>Deep history, a timer on a composite, periodic and guarded timers, deferral with payloads, a final state.</summary>
    internal const string Everything = """
        machine T.All;
        events Connect, Publish(int id), Note(string text), Ack(int id), Drop, Quit;
        timer AckWait = 2s;
        timer KeepAlive = 700ms;
        initial Offline;
        state Offline {
          on Connect -> Online;
          defer Publish, Note;
          ignore Ack, Drop;
          on Quit -> Gone;
        }
        state Online {
          initial Idle;
          history deep;
          every KeepAlive [Alive] / Ping;
          after 5s [Idle] -> Offline / TimedOut;
          on Drop -> Offline;
          ignore Connect, Quit;
          state Idle {
            on Publish [Fits(id)] -> Waiting / Send(id);
            on Publish / Reject(id);
            on Note / Say(text);
            ignore Ack;
          }
          state Waiting {
            defer Publish, Note;
            initial Sent;
            on Ack [Matches(id)] -> Idle / Done(id);
            on Ack;
            after AckWait [CanRetry] -> Waiting / Resend;
            after AckWait -> Idle / GiveUp;
            state Sent { after 500ms / Nudge; every 300ms / Tick; on Drop -> Resent; }
            state Resent { after 1s -> Sent; }
          }
        }
        final state Gone;
        """;

    /// <summary>Two internal timers of one state, due at 1 s and 2 s.</summary>
    private const string TwoTimers = """
        machine T.Two;
        events Go, Stop;
        timer Long = 2s;
        timer Short = 1s;
        initial Idle;
        state Idle { on Go -> Busy; ignore Stop; }
        state Busy { after Long / Second; after Short / First; on Stop -> Idle; ignore Go; }
        """;

    /// <summary>One step of a run: fire an event (with a payload drawn from <c>Value</c>), move the clock, or flip a guard.</summary>
    public readonly record struct Op(int Kind, int Which, int Value)
    {
        public override string ToString() => Kind switch { 0 => $"Fire#{Which}({Value})", 1 => $"Advance({Value}ms)", _ => $"Guard#{Which}={Value % 2 == 0}" };
    }

    private static readonly Gen<Op> GenOp = Gen.Frequency(
        (6, Gen.Select(Gen.Int[0, 50], Gen.Int[0, 20], (w, v) => new Op(0, w, v))),
        (3, Gen.Int[0, 12].Select(Gen.Int[0, 4], (v, scale) => new Op(1, 0, scale switch { 0 => 0, 1 => v * 10, 2 => v * 100, 3 => v * 1000, _ => v * 60_000 }))),
        (1, Gen.Select(Gen.Int[0, 20], Gen.Int[0, 1], (w, v) => new Op(2, w, v))));

    [Theory]
    [MemberData(nameof(Machines))]
    public void ARestoredMachineBehavesAsTheOriginalFromTheSnapshotOn(string machine)
    {
        var type = MachineTypes[machine];
        var probe = LiveMachine.New(type);
        var events = probe.Events;
        var payloads = events.Select(probe.PayloadTypeOf).ToArray();
        var guards = GuardNames(probe);

        var seen = new Coverage();
        Gen.Select(GenOp.Array[0, 40], GenOp.Array[0, 40])
           .Sample((before, after) => RoundTrip(type, events, payloads, guards, before, after, seen), iter: Iterations, seed: null);

        // The runs reached what the machine can hold: a property over empty snapshots would prove nothing.
        Assert.True(seen.Started > 0, "no snapshot of a started machine");
        var source = machine.EndsWith(".cs", StringComparison.Ordinal) || machine.EndsWith(".fsm", StringComparison.Ordinal) ? GeneratorHarness.ReadMachine(machine) : "";
        if (probe.Timers.Length > 0 || source.Contains("after ", StringComparison.Ordinal)) Assert.True(seen.Timers > 0, "no snapshot with an armed timer");
        if (machine.Contains("history", StringComparison.Ordinal) || machine == "everything") Assert.True(seen.History > 0, "no snapshot with history");
        if (machine is "defer" or "everything") Assert.True(seen.DeferredWithPayload > 0, "no snapshot with a deferred payload");
    }

    /// <summary>Runs per machine: 150, or what <c>CsCheck_Iter</c> says (a longer run by hand).</summary>
    private static int Iterations => int.TryParse(Environment.GetEnvironmentVariable("CsCheck_Iter"), out var n) && n > 0 ? n : 150;

    private sealed class Coverage
    {
        public int Started;
        public int Timers;
        public int History;
        public int DeferredWithPayload;
    }

    private static string[] GuardNames(LiveMachine machine)
        => machine.Instance.GetType().GetMethods(System.Reflection.BindingFlags.Instance | System.Reflection.BindingFlags.NonPublic)
            .Where(m => m.ReturnType == typeof(bool) && !m.Name.StartsWith("__", StringComparison.Ordinal) && m.DeclaringType == machine.Instance.GetType()
                        && m.Name is not "IsIn" and not "Fire" and not "CanFire")
            .Select(m => m.Name).Distinct().OrderBy(n => n, StringComparer.Ordinal).ToArray();

    private static void RoundTrip(Type type, string[] events, Type?[] payloads, string[] guards, Op[] before, Op[] after, Coverage seen)
    {
        var original = LiveMachine.New(type);
        foreach (var op in before) Apply(original, op, events, payloads, guards);

        var taken = original.TakeSnapshot();
        if (taken.Started) seen.Started++;
        if (taken.Timers.Count > 0) seen.Timers++;
        if (taken.History.Count > 0) seen.History++;
        if (taken.Deferred.Any(d => d.Payload is not null)) seen.DeferredWithPayload++;
        var json = JsonSerializer.Serialize(taken);
        var snapshot = JsonSerializer.Deserialize<FsmSnapshot>(json)!;
        var restored = LiveMachine.New(type, original.Clock.GetUtcNow());
        foreach (var (guard, value) in original.Guards) restored.Guards[guard] = value;
        restored.Restore(snapshot);
        Assert.Empty(restored.Log);
        Assert.Equal(json, JsonSerializer.Serialize(restored.TakeSnapshot()));
        original.Log.Clear();

        AssertSame(original, restored, events, payloads, "right after the restore");
        foreach (var op in after)
        {
            var a = Outcome(() => Apply(original, op, events, payloads, guards));
            var b = Outcome(() => Apply(restored, op, events, payloads, guards));
            Assert.Equal(a, b);
            AssertSame(original, restored, events, payloads, "after " + op);
        }
    }

    private static string Outcome(Func<string> step)
    {
        try
        {
            return step();
        }
        catch (Exception e)
        {
            return e.GetType().Name + ": " + e.Message;
        }
    }

    private static string Apply(LiveMachine m, Op op, string[] events, Type?[] payloads, string[] guards)
    {
        switch (op.Kind)
        {
            case 0:
            {
                var i = op.Which % events.Length;
                var payload = payloads[i];
                if (payload is null) return m.Fire(events[i]).ToString();
                object? value = payload == typeof(int) ? op.Value : payload == typeof(string) ? "s" + op.Value : null;
                return m.Fire(events[i], value, payload).ToString();
            }
            case 1:
                m.Advance(TimeSpan.FromMilliseconds(op.Value));
                return "advanced";
            default:
                if (guards.Length == 0) return "no guard";
                m.Guards[guards[op.Which % guards.Length]] = op.Value % 2 == 0;
                return "guard set";
        }
    }

    /// <summary>Every observable: the log since the snapshot, the current leaf, IsIn, TimeRemaining, and the next snapshot.</summary>
    private static void AssertSame(LiveMachine a, LiveMachine b, string[] events, Type?[] payloads, string when)
    {
        Assert.True(a.Log.SequenceEqual(b.Log), $"Logs differ {when}:\n  original: {string.Join(", ", a.Log)}\n  restored: {string.Join(", ", b.Log)}");
        Assert.Equal(a.Current, b.Current);
        foreach (var state in a.States) Assert.True(a.IsIn(state) == b.IsIn(state), $"IsIn({state}) differs {when}");
        foreach (var timer in a.Timers) Assert.True(a.TimeRemaining(timer) == b.TimeRemaining(timer), $"TimeRemaining({timer}) differs {when}: {a.TimeRemaining(timer)} vs {b.TimeRemaining(timer)}");
        Assert.Equal(JsonSerializer.Serialize(a.TakeSnapshot()), JsonSerializer.Serialize(b.TakeSnapshot()));
    }

    [Fact]
    public void OverdueTimersElapseInDueOrderAsSoonAsTheServiceDeliversThem()
    {
        var type = LiveMachine.CompileType(TwoTimers);
        var original = LiveMachine.New(type);
        original.Fire("Go");
        original.Advance(TimeSpan.FromMilliseconds(100));
        var snapshot = original.TakeSnapshot();
        Assert.Equal(new[] { ("Busy", "Short", original.Clock.GetUtcNow().AddMilliseconds(900)), ("Busy", "Long", original.Clock.GetUtcNow().AddMilliseconds(1900)) },
            snapshot.Timers.Select(t => (t.State, t.Timer, t.Due)));

        // Restored five seconds later: both are overdue, and the later-due one was armed first in the machine's order.
        var restored = LiveMachine.New(type, original.Clock.GetUtcNow().AddSeconds(5));
        restored.Restore(snapshot);
        Assert.Empty(restored.Log);
        // Both are running and due: Short is armed for its turn, Long waits for Short's; nothing is left of either.
        Assert.Equal(TimeSpan.Zero, restored.TimeRemaining("Short"));
        Assert.Equal(TimeSpan.Zero, restored.TimeRemaining("Long"));
        restored.Advance(TimeSpan.Zero);
        Assert.Equal(new[] { "First", "Second" }, restored.TakeLog());
        Assert.Null(restored.TimeRemaining("Short"));
        Assert.Null(restored.TimeRemaining("Long"));
        Assert.Equal("Busy", restored.Current);
    }

    [Fact]
    public void AnOverdueTimerTheMachineCancelsBeforeItsTurnNeverElapses()
    {
        var type = LiveMachine.CompileType(TwoTimers);
        var original = LiveMachine.New(type);
        original.Fire("Go");
        var snapshot = original.TakeSnapshot();
        var restored = LiveMachine.New(type, original.Clock.GetUtcNow().AddSeconds(5));
        restored.Restore(snapshot);
        // Leaving Busy before the service delivers anything cancels both.
        restored.Fire("Stop");
        restored.Advance(TimeSpan.FromSeconds(10));
        Assert.Equal(new[] { "Busy->Idle" }, restored.TakeLog());
    }

    [Fact]
    public void ATimerDueLaterIsReArmedForItsOriginalDueTime()
    {
        var type = LiveMachine.CompileType(TwoTimers);
        var original = LiveMachine.New(type);
        original.Fire("Go");
        var snapshot = original.TakeSnapshot();
        // Restored 1.5 s later: Short (1 s) is overdue, Long (2 s) has 0.5 s left.
        var restored = LiveMachine.New(type, original.Clock.GetUtcNow().AddMilliseconds(1500));
        restored.Restore(snapshot);
        Assert.Equal(TimeSpan.FromMilliseconds(500), restored.TimeRemaining("Long"));
        restored.Advance(TimeSpan.FromMilliseconds(499));
        Assert.Equal(new[] { "First" }, restored.TakeLog());
        restored.Advance(TimeSpan.FromMilliseconds(1));
        Assert.Equal(new[] { "Second" }, restored.TakeLog());
    }
}
