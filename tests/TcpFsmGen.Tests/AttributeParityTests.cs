using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using TcpFsmGen.Tests.Infrastructure;
using Xunit;
using Xunit.Abstractions;

namespace TcpFsmGen.Tests;

/// <summary>
/// The door of the language reference declared twice, in door.fsm and with attributes (door.attributes.cs), and a
/// machine with the protocol features of section 7 declared both ways: each pair gives the same behaviour and, for
/// the same defect, the same diagnostics.
/// </summary>
public class AttributeParityTests(ITestOutputHelper output)
{
    private static readonly string Fsm = GeneratorHarness.ReadMachine("door.fsm");
    private static readonly string Attributes = GeneratorHarness.ReadMachine("door.attributes.cs");
    private static readonly Lazy<(Type Fsm, Type Attributes)> s_types = new(() =>
        (LiveMachine.CompileType(Fsm, "door.fsm"), LiveMachine.CompileAttributeType(Attributes, "Demo.Doors.Door")));

    private static readonly string[] s_events = { "Open", "Close", "Lock", "Unlock", "Knock" };

    [Fact]
    public void TenThousandRandomSequencesBehaveTheSame()
    {
        var random = new Random(9293);
        for (var sequence = 0; sequence < 10_000; sequence++)
        {
            var fsm = LiveMachine.New(s_types.Value.Fsm);
            var attributes = LiveMachine.New(s_types.Value.Attributes);
            var steps = new List<string>();
            var length = random.Next(1, 25);
            for (var step = 0; step < length; step++)
            {
                switch (random.Next(8))
                {
                    case 0:
                        // Move the clock: AutoClose is 30 s, so some moves fire it and some do not.
                        var seconds = random.Next(1, 45);
                        steps.Add($"+{seconds}s");
                        fsm.Advance(TimeSpan.FromSeconds(seconds));
                        attributes.Advance(TimeSpan.FromSeconds(seconds));
                        break;
                    case 1:
                        var blocked = random.Next(2) == 0;
                        steps.Add(blocked ? "block" : "unblock");
                        fsm.Guards["IsNotBlocked"] = !blocked;
                        attributes.Guards["IsNotBlocked"] = !blocked;
                        break;
                    default:
                        var e = s_events[random.Next(s_events.Length)];
                        steps.Add(e);
                        Assert.Equal(fsm.Fire(e), attributes.Fire(e));
                        break;
                }
                var context = $"sequence {sequence}: {string.Join(" ", steps)}";
                Assert.True(fsm.Current == attributes.Current, $"{context}: {fsm.Current} vs {attributes.Current}");
                Assert.True(fsm.Log.SequenceEqual(attributes.Log), $"{context}: [{string.Join(", ", fsm.Log)}] vs [{string.Join(", ", attributes.Log)}]");
            }
        }
    }

    [Fact]
    public void TheRandomSequencesReachEveryStateAndFireTheTimer()
    {
        // The parity above means something only if the sequences exercise the machine: check that they do.
        var random = new Random(9293);
        var seen = new HashSet<string>();
        var door = LiveMachine.New(s_types.Value.Attributes);
        for (var i = 0; i < 2_000; i++)
        {
            switch (random.Next(8))
            {
                case 0: door.Advance(TimeSpan.FromSeconds(random.Next(1, 45))); break;
                case 1: door.Guards["IsNotBlocked"] = random.Next(2) == 0; break;
                default: door.Fire(s_events[random.Next(s_events.Length)]); break;
            }
            seen.Add(door.Current);
        }
        Assert.Equal(new[] { "Closed", "Locked", "Opened" }, seen.OrderBy(s => s));
        foreach (var action in new[] { "LightOn", "LightOff", "Beep", "Complain", "Answer" }) Assert.Contains(action, door.Log);
        Assert.Contains(door.Log, entry => entry.StartsWith("unhandled", StringComparison.Ordinal) || entry == "Opened->Closed");
    }

    // The protocol features of section 7 in both forms: a payload event whose guard reads the payload, guarded and
    // internal 'after', 'every', deep history and 'defer'.
    private const string ProtocolFsm = """
        machine Demo.Protocol.Link;
        events Connect, Data(int n), Ack, Pause, Resume, Drop;
        timer Rto = 5s;
        timer KeepAlive = 2s;
        initial Idle;

        state Idle {
          on Connect -> Online;
          defer Data;
          ignore Ack, Pause, Resume, Drop;
        }
        state Online {
          initial Handshake;
          history deep;
          entry / Hello;
          on Pause -> Paused;
          on Drop -> Idle / Reset;
          ignore Connect, Resume;
          every KeepAlive [CanProbe] / Probe;
          state Handshake {
            on Ack -> Ready;
            defer Data;
            after Rto [CanRetry] -> Handshake / Retry;
            after Rto -> Idle / GiveUp;
          }
          state Ready {
            initial Quiet;
            ignore Ack;
            after 3s / Flush;
            state Quiet {
              on Data [IsBig(n)] -> Busy / Log(n);
              on Data / Count(n);
            }
            state Busy {
              exit / Bye;
              on Data [!IsBig(n)] -> Quiet / Count(n);
              on Data / Log(n);
            }
          }
        }
        state Paused {
          on Resume -> Online;
          on Drop -> Idle / Reset;
          defer Data;
          ignore Connect, Ack, Pause;
        }
        """;

    private const string ProtocolAttributes = """
        using TcpFsmGen;
        namespace Demo.Protocol;
        public enum LinkState { Idle, Online, Handshake, Ready, Quiet, Busy, Paused }
        public enum LinkEvent { Connect, Data, Ack, Pause, Resume, Drop }
        [StateMachine(typeof(LinkState), typeof(LinkEvent), Initial = LinkState.Idle)]
        [EventPayload(LinkEvent.Data, typeof(int), "n")]
        [Timer("Rto", Milliseconds = 5_000)]
        [Timer("KeepAlive", Milliseconds = 2_000)]
        [Transition(LinkState.Idle, LinkEvent.Connect, LinkState.Online)]
        [Defer(LinkState.Idle, LinkEvent.Data)]
        [Ignore(LinkState.Idle, LinkEvent.Ack, LinkEvent.Pause, LinkEvent.Resume, LinkEvent.Drop)]
        [History(LinkState.Online, Deep = true)]
        [Entry(LinkState.Online, nameof(Hello))]
        [Transition(LinkState.Online, LinkEvent.Pause, LinkState.Paused)]
        [Transition(LinkState.Online, LinkEvent.Drop, LinkState.Idle, Actions = new[] { nameof(Reset) })]
        [Ignore(LinkState.Online, LinkEvent.Connect, LinkEvent.Resume)]
        [Every(LinkState.Online, "KeepAlive", Guard = nameof(CanProbe), Actions = new[] { nameof(Probe) })]
        [Substate(LinkState.Handshake, LinkState.Online, Initial = true)]
        [Transition(LinkState.Handshake, LinkEvent.Ack, LinkState.Ready)]
        [Defer(LinkState.Handshake, LinkEvent.Data)]
        [After(LinkState.Handshake, "Rto", LinkState.Handshake, Guard = nameof(CanRetry), Actions = new[] { nameof(Retry) })]
        [After(LinkState.Handshake, "Rto", LinkState.Idle, Actions = new[] { nameof(GiveUp) })]
        [Substate(LinkState.Ready, LinkState.Online)]
        [Ignore(LinkState.Ready, LinkEvent.Ack)]
        [After(LinkState.Ready, 3_000, Actions = new[] { nameof(Flush) })]
        [Substate(LinkState.Quiet, LinkState.Ready, Initial = true)]
        [Transition(LinkState.Quiet, LinkEvent.Data, LinkState.Busy, Guard = nameof(IsBig), Actions = new[] { nameof(Log) })]
        [InternalTransition(LinkState.Quiet, LinkEvent.Data, Actions = new[] { nameof(Count) })]
        [Substate(LinkState.Busy, LinkState.Ready)]
        [Exit(LinkState.Busy, nameof(Bye))]
        [Transition(LinkState.Busy, LinkEvent.Data, LinkState.Quiet, Unless = nameof(IsBig), Actions = new[] { nameof(Count) })]
        [InternalTransition(LinkState.Busy, LinkEvent.Data, Actions = new[] { nameof(Log) })]
        [Transition(LinkState.Paused, LinkEvent.Resume, LinkState.Online)]
        [Transition(LinkState.Paused, LinkEvent.Drop, LinkState.Idle, Actions = new[] { nameof(Reset) })]
        [Defer(LinkState.Paused, LinkEvent.Data)]
        [Ignore(LinkState.Paused, LinkEvent.Connect, LinkEvent.Ack, LinkEvent.Pause)]
        public partial class Link { }
        """;

    /// <summary>The test user part's IsBig, which reads the guard table, made to read the payload instead.</summary>
    private static string WithPayloadGuard(string userPart)
    {
        const string table = "return !TestGuards.TryGetValue(\"IsBig\", out var v) || v;";
        Assert.Contains(table, userPart, StringComparison.Ordinal);
        return userPart.Replace(table, "return n > 10;", StringComparison.Ordinal);
    }

    private static readonly Lazy<(Type Fsm, Type Attributes)> s_protocol = new(() =>
    {
        var fsm = GeneratorHarness.Run("link.fsm", ProtocolFsm, WithPayloadGuard(LiveMachine.UserPart(ProtocolFsm, "link.fsm")));
        var attributes = GeneratorHarness.Run(Array.Empty<(string, string)>(),
            new[] { ProtocolAttributes, WithPayloadGuard(LiveMachine.AttributeUserPart(ProtocolAttributes, "Demo.Protocol.Link")) });
        Assert.Empty(fsm.FsmDiagnostics);
        Assert.Empty(attributes.FsmDiagnostics);
        return (GeneratorHarness.Load(fsm).GetType("Demo.Protocol.Link", throwOnError: true)!,
                GeneratorHarness.Load(attributes).GetType("Demo.Protocol.Link", throwOnError: true)!);
    });

    private static readonly string[] s_protocolEvents = { "Connect", "Data", "Data", "Ack", "Pause", "Resume", "Drop" };

    /// <summary>One random step on both machines (or on one, when <paramref name="attributes"/> is null); returns what it did.</summary>
    private static string ProtocolStep(Random random, LiveMachine fsm, LiveMachine? attributes)
    {
        switch (random.Next(9))
        {
            case 0:
            case 1:
                // KeepAlive is 2 s, Flush 3 s and Rto 5 s: moves of up to 6 s reach each, alone or together.
                var ms = random.Next(1, 6_000);
                fsm.Advance(TimeSpan.FromMilliseconds(ms));
                attributes?.Advance(TimeSpan.FromMilliseconds(ms));
                return $"+{ms}ms";
            case 2:
                var guard = random.Next(2) == 0 ? "CanProbe" : "CanRetry";
                var value = random.Next(3) != 0;
                fsm.Guards[guard] = value;
                if (attributes is not null) attributes.Guards[guard] = value;
                return $"{guard}={value}";
            default:
                var e = s_protocolEvents[random.Next(s_protocolEvents.Length)];
                if (e != "Data")
                {
                    var can = fsm.CanFire(e);
                    if (attributes is not null) Assert.Equal(can, attributes.CanFire(e));
                    var fired = fsm.Fire(e);
                    if (attributes is not null) Assert.Equal(fired, attributes.Fire(e));
                    Assert.Equal(can, fired);
                    return e;
                }
                var n = random.Next(0, 21);
                var canData = fsm.CanFire(e, n);
                if (attributes is not null) Assert.Equal(canData, attributes.CanFire(e, n));
                var firedData = fsm.Fire(e, n);
                if (attributes is not null) Assert.Equal(firedData, attributes.Fire(e, n));
                return $"Data({n})";
        }
    }

    [Fact]
    public void TenThousandRandomSequencesOfTheProtocolMachineBehaveTheSame()
    {
        var random = new Random(7411);
        for (var sequence = 0; sequence < 10_000; sequence++)
        {
            var fsm = LiveMachine.New(s_protocol.Value.Fsm);
            var attributes = LiveMachine.New(s_protocol.Value.Attributes);
            // A retry queues a Data from inside the action, with its payload, in both.
            fsm.OnLog = entry => { if (entry == "Retry") fsm.Fire("Data", 15); };
            attributes.OnLog = entry => { if (entry == "Retry") attributes.Fire("Data", 15); };
            var steps = new List<string>();
            var length = random.Next(1, 30);
            for (var step = 0; step < length; step++)
            {
                steps.Add(ProtocolStep(random, fsm, attributes));
                var context = $"sequence {sequence}: {string.Join(" ", steps)}";
                Assert.True(fsm.Current == attributes.Current, $"{context}: {fsm.Current} vs {attributes.Current}");
                Assert.True(fsm.Log.SequenceEqual(attributes.Log), $"{context}: [{string.Join(", ", fsm.Log)}] vs [{string.Join(", ", attributes.Log)}]");
                foreach (var timer in new[] { "Rto", "KeepAlive" })
                {
                    Assert.True(fsm.TimeRemaining(timer) == attributes.TimeRemaining(timer), $"{context}: {timer} {fsm.TimeRemaining(timer)} vs {attributes.TimeRemaining(timer)}");
                }
            }
        }
    }

    [Fact]
    public void TheProtocolSequencesReachEveryStateAndEveryFeature()
    {
        // The parity above means something only if the sequences exercise each feature: check that they do, on
        // sequences made as above (fresh machines: deep history soon keeps a machine away from Handshake).
        var random = new Random(7411);
        var seen = new HashSet<string>();
        var log = new HashSet<string>();
        var recalled = false;
        for (var sequence = 0; sequence < 1_000; sequence++)
        {
            var link = LiveMachine.New(s_protocol.Value.Attributes);
            link.OnLog = entry => { if (entry == "Retry") link.Fire("Data", 15); };
            var length = random.Next(1, 30);
            for (var step = 0; step < length; step++)
            {
                ProtocolStep(random, link, null);
                seen.Add(link.Current);
            }
            log.UnionWith(link.Log);
            // A Data deferred in Handshake is handled as soon as Ack has taken the machine to Ready.
            recalled |= link.Log.Zip(link.Log.Skip(1)).Any(p => p.First == "Handshake->Quiet" && p.Second.StartsWith("?IsBig(", StringComparison.Ordinal));
        }
        Assert.Equal(new[] { "Busy", "Handshake", "Idle", "Paused", "Quiet" }, seen.OrderBy(s => s, StringComparer.Ordinal));
        foreach (var action in new[] { "Hello", "Bye", "Reset", "Probe", "Retry", "GiveUp", "Flush" })
        {
            Assert.True(log.Contains(action), $"{action} never ran: {string.Join(", ", log)}");
        }
        // The payload reaches guard and actions, on both outcomes of the guard.
        Assert.Contains("?IsBig(15)", log);
        Assert.Contains(log, entry => entry.StartsWith("Log(", StringComparison.Ordinal));
        Assert.Contains(log, entry => entry.StartsWith("Count(", StringComparison.Ordinal));
        // Deep history: resuming Online from Paused or Idle lands in Ready's substates, not in Online's initial.
        Assert.Contains(log, entry => entry is "Paused->Busy" or "Paused->Quiet");
        Assert.Contains(log, entry => entry is "Idle->Busy" or "Idle->Quiet");
        Assert.True(recalled);
    }

    public static TheoryData<string, string, string, string, string> Defects() => new()
    {
        {
            "unreachable state",
            "state Locked {", "state Jammed { on Open -> Closed; ignore Close, Lock, Unlock, Knock; }\n  state Locked {",
            "public enum DoorState { Opened, Shut, Closed, Locked }",
            "public enum DoorState { Opened, Shut, Closed, Locked, Jammed }\n"
            + "[global::TcpFsmGen.Transition(DoorState.Jammed, DoorEvent.Open, DoorState.Closed)]\n"
            + "[global::TcpFsmGen.Ignore(DoorState.Jammed, DoorEvent.Close, DoorEvent.Lock, DoorEvent.Unlock, DoorEvent.Knock)]\n"
            + "[global::TcpFsmGen.Substate(DoorState.Jammed, DoorState.Shut)]\npublic partial class Door { }"
        },
        {
            "missing transitions",
            "ignore Close, Unlock;", "",
            "[Ignore(DoorState.Closed, DoorEvent.Close, DoorEvent.Unlock)]", ""
        },
        {
            "nondeterminism",
            "on Lock -> Locked;", "on Lock -> Locked;\n    on Lock -> Closed;",
            "[Transition(DoorState.Closed, DoorEvent.Lock, DoorState.Locked)]",
            "[Transition(DoorState.Closed, DoorEvent.Lock, DoorState.Locked)]\n[Transition(DoorState.Closed, DoorEvent.Lock, DoorState.Closed)]"
        },
        {
            "unknown guard",
            "[IsNotBlocked]", "[IsNotBlockd]",
            "Guard = nameof(IsNotBlocked)", "Guard = \"IsNotBlockd\""
        },
        {
            "unknown target state",
            "on Unlock -> Closed;", "on Unlock -> Clossed;",
            "[Transition(DoorState.Locked, DoorEvent.Unlock, DoorState.Closed)]", "[Transition(DoorState.Locked, DoorEvent.Unlock, (DoorState)42)]"
        },
        {
            "unused event",
            "events Open, Close, Lock, Unlock, Knock;", "events Open, Close, Lock, Unlock, Knock, Ring;",
            "public enum DoorEvent { Open, Close, Lock, Unlock, Knock }", "public enum DoorEvent { Open, Close, Lock, Unlock, Knock, Ring }"
        },
        {
            "timer unknown to the after line",
            "after AutoClose -> Closed / Beep;", "after AutoClos -> Closed / Beep;",
            "[After(DoorState.Opened, \"AutoClose\", DoorState.Closed", "[After(DoorState.Opened, \"AutoClos\", DoorState.Closed"
        },
    };

    [Theory]
    [MemberData(nameof(Defects))]
    public void TheSameDefectGivesTheSameDiagnostics(string defect, string fsmFind, string fsmReplace, string attributesFind, string attributesReplace)
    {
        Assert.Contains(fsmFind, Fsm, StringComparison.Ordinal);
        Assert.Contains(attributesFind, Attributes, StringComparison.Ordinal);
        var brokenFsm = Fsm.Replace(fsmFind, fsmReplace, StringComparison.Ordinal);
        var brokenAttributes = Attributes.Replace(attributesFind, attributesReplace, StringComparison.Ordinal);

        // The user's half of each class is the one written for the intact door.
        var fsmRun = GeneratorHarness.Run("door.fsm", brokenFsm, LiveMachine.UserPart(Fsm, "door.fsm"));
        var attributeRun = GeneratorHarness.RunCSharp(("Door.cs", brokenAttributes), ("Door.User.cs", LiveMachine.AttributeUserPart(Attributes, "Demo.Doors.Door")));

        // TFSM0208 is the .fsm form's own: the intact door's partial implementation of a renamed guard or action is
        // left over there, while with attributes a method the machine no longer names is simply an unused method.
        var fsmIds = fsmRun.FsmDiagnostics.Select(d => d.Id).Where(id => id != "TFSM0208").Distinct().OrderBy(id => id).ToList();
        var attributeIds = attributeRun.FsmDiagnostics.Select(d => d.Id).Distinct().OrderBy(id => id).ToList();
        output.WriteLine($"{defect}: [{string.Join(", ", fsmIds)}]");
        Assert.NotEmpty(fsmIds);
        Assert.True(fsmIds.SequenceEqual(attributeIds), $"{defect}: .fsm [{string.Join(", ", fsmIds)}] vs attributes [{string.Join(", ", attributeIds)}]");
        // Whatever the defect, what the generator emits for the attribute form compiles.
        Assert.DoesNotContain(attributeRun.CompilationDiagnostics, d => d.Location.SourceTree?.FilePath.EndsWith(".g.cs", StringComparison.Ordinal) == true);
    }

    public static TheoryData<string, string, string, string, string> ProtocolDefects() => new()
    {
        {
            "history in a leaf",
            "state Paused {", "state Paused {\n  history;",
            "[Defer(LinkState.Paused, LinkEvent.Data)]", "[Defer(LinkState.Paused, LinkEvent.Data)]\n[History(LinkState.Paused)]"
        },
        {
            "two histories",
            "history deep;", "history deep;\n  history;",
            "[History(LinkState.Online, Deep = true)]", "[History(LinkState.Online, Deep = true)]\n[History(LinkState.Online)]"
        },
        {
            "deferred and handled",
            "defer Data;\n  ignore Ack, Pause, Resume, Drop;", "defer Data, Connect;\n  ignore Ack, Pause, Resume, Drop;",
            "[Defer(LinkState.Idle, LinkEvent.Data)]", "[Defer(LinkState.Idle, LinkEvent.Data, LinkEvent.Connect)]"
        },
        {
            "payload action also used without the payload",
            "entry / Hello;", "entry / Hello, Log;",
            "[Entry(LinkState.Online, nameof(Hello))]", "[Entry(LinkState.Online, nameof(Hello), nameof(Log))]"
        },
        {
            "unknown timer on every",
            "every KeepAlive", "every KeepAlve",
            "\"KeepAlive\", Guard", "\"KeepAlve\", Guard"
        },
        {
            "bad duration on an internal after",
            "after 3s / Flush;", "after 0ms / Flush;",
            "[After(LinkState.Ready, 3_000,", "[After(LinkState.Ready, 0,"
        },
        {
            "unused event that is only deferred",
            "events Connect, Data(int n), Ack, Pause, Resume, Drop;", "events Connect, Data(int n), Ack, Pause, Resume, Drop, Late;",
            "public enum LinkEvent { Connect, Data, Ack, Pause, Resume, Drop }", "public enum LinkEvent { Connect, Data, Ack, Pause, Resume, Drop, Late }"
        },
    };

    [Theory]
    [MemberData(nameof(ProtocolDefects))]
    public void TheSameProtocolDefectGivesTheSameDiagnostics(string defect, string fsmFind, string fsmReplace, string attributesFind, string attributesReplace)
    {
        Assert.Contains(fsmFind, ProtocolFsm, StringComparison.Ordinal);
        Assert.Contains(attributesFind, ProtocolAttributes, StringComparison.Ordinal);
        var brokenFsm = ProtocolFsm.Replace(fsmFind, fsmReplace, StringComparison.Ordinal);
        var brokenAttributes = ProtocolAttributes.Replace(attributesFind, attributesReplace, StringComparison.Ordinal);

        var fsmRun = GeneratorHarness.Run("link.fsm", brokenFsm, LiveMachine.UserPart(ProtocolFsm, "link.fsm"));
        var attributeRun = GeneratorHarness.RunCSharp(("Link.cs", brokenAttributes),
            ("Link.User.cs", LiveMachine.AttributeUserPart(ProtocolAttributes, "Demo.Protocol.Link")));

        var fsmIds = fsmRun.FsmDiagnostics.Select(d => d.Id).Where(id => id != "TFSM0208").Distinct().OrderBy(id => id).ToList();
        var attributeIds = attributeRun.FsmDiagnostics.Select(d => d.Id).Distinct().OrderBy(id => id).ToList();
        output.WriteLine($"{defect}: [{string.Join(", ", fsmIds)}]");
        Assert.NotEmpty(fsmIds);
        Assert.True(fsmIds.SequenceEqual(attributeIds), $"{defect}: .fsm [{string.Join(", ", fsmIds)}] vs attributes [{string.Join(", ", attributeIds)}]");
        Assert.DoesNotContain(attributeRun.CompilationDiagnostics, d => d.Location.SourceTree?.FilePath.EndsWith(".g.cs", StringComparison.Ordinal) == true);
        attributeRun.AssertOneReporter();
    }

    [Fact]
    public void EachDiagnosticPointsAtTheArgumentThatCausesIt()
    {
        var broken = Attributes
            .Replace("public enum DoorState { Opened, Shut, Closed, Locked }", "public enum DoorState { Opened, Shut, Closed, Locked, Jammed }")
            .Replace("[Transition(DoorState.Closed, DoorEvent.Lock, DoorState.Locked)]",
                "[Transition(DoorState.Closed, DoorEvent.Lock, DoorState.Locked)]\n[Transition(DoorState.Closed, DoorEvent.Lock, DoorState.Opened)]")
            .Replace("[Transition(DoorState.Locked, DoorEvent.Unlock, DoorState.Closed)]", "[Transition(DoorState.Locked, DoorEvent.Unlock, (DoorState)42)]");
        var run = GeneratorHarness.RunCSharp(("Door.cs", broken), ("Door.User.cs", LiveMachine.AttributeUserPart(Attributes, "Demo.Doors.Door")));
        var found = run.FsmDiagnostics.Select(d => $"{d.Id} {Text(d)}").ToList();
        Assert.Equal(new[] { "TFSM0006 DoorEvent.Lock", "TFSM0002 (DoorState)42" }, found);

        // The warnings, once the errors are gone: the unreachable state is its enum member.
        var unreachable = Attributes.Replace("public enum DoorState { Opened, Shut, Closed, Locked }", "public enum DoorState { Opened, Shut, Closed, Locked, Jammed }");
        run = GeneratorHarness.RunCSharp(("Door.cs", unreachable), ("Door.User.cs", LiveMachine.AttributeUserPart(Attributes, "Demo.Doors.Door")));
        Assert.Contains("TFSM0101 Jammed", run.FsmDiagnostics.Select(d => $"{d.Id} {Text(d)}"));
        var missing = run.FsmDiagnostics.Single(d => d.Id == "TFSM0102");
        Assert.Equal("Jammed", Text(missing));
        Assert.Contains("'Open', 'Close', 'Lock', 'Unlock', 'Knock'", missing.GetMessage(), StringComparison.Ordinal);
    }

    private static string Text(Diagnostic d) => d.Location.SourceTree!.GetText().ToString(d.Location.SourceSpan);
}
