using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using TcpFsmGen.Tests.Infrastructure;
using Xunit;
using Xunit.Abstractions;

namespace TcpFsmGen.Tests;

/// <summary>
/// The door of the language reference declared twice, in door.fsm and with attributes (door.attributes.cs):
/// the two give the same behaviour and, for the same defect, the same diagnostics.
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
