using System.Linq;
using TcpFsmGen.Generator.Model;
using TcpFsmGen.Generator.Parsing;
using TcpFsmGen.Tests.Infrastructure;
using Xunit;

namespace TcpFsmGen.Tests;

/// <summary>The .fsm grammar: every construct read into the model, every syntax error at its exact span.</summary>
public class ParserTests
{
    [Fact]
    public void TheDoorExampleReadsIntoTheModel()
    {
        var parsed = FsmParser.Parse("door.fsm", GeneratorHarness.ReadMachine("door.fsm"));
        Assert.Empty(parsed.Diagnostics);
        var m = parsed.Machine;
        Assert.Equal("Demo.Doors", m.Namespace);
        Assert.Equal("Door", m.ClassName);
        Assert.False(m.IsInternal);
        Assert.Equal(new[] { "Open", "Close", "Lock", "Unlock", "Knock" }, m.Events.Select(e => e.Text));
        Assert.Equal(new TimerModel(m.Timers[0].Name, 30_000), m.Timers[0]);
        Assert.Equal("Shut", m.Initials.Single().Text);
        Assert.Equal(new[] { "Opened", "Shut", "Closed", "Locked" }, m.States.Select(s => s.Name.Text));
        Assert.Equal(new[] { -1, -1, 1, 1 }, m.States.Select(s => s.Parent));

        var opened = m.States[0];
        Assert.Equal("LightOn", opened.EntryActions.Single().Text);
        Assert.Equal("LightOff", opened.ExitActions.Single().Text);
        Assert.Equal(new[] { "Open", "Knock", "Lock", "Unlock" }, opened.Ignores.Select(i => i.Text));
        var after = opened.Transitions[1];
        Assert.Equal(TriggerKind.Timer, after.Kind);
        Assert.Equal("AutoClose", after.Trigger.Text);
        Assert.Equal("Closed", after.Target?.Text);
        Assert.Equal("Beep", after.Actions.Single().Name.Text);

        var shut = m.States[1];
        Assert.Equal("Closed", shut.Initials.Single().Text);
        var knock = shut.Transitions.Single();
        Assert.Null(knock.Target);
        Assert.Equal("Answer", knock.Actions.Single().Name.Text);

        var closed = m.States[2];
        Assert.Equal(new GuardModel(closed.Transitions[0].Guard!.Name, false), closed.Transitions[0].Guard);
        Assert.Equal("IsNotBlocked", closed.Transitions[0].Guard!.Name.Text);
        Assert.Null(closed.Transitions[1].Guard);
    }

    [Fact]
    public void EveryOtherConstructReads()
    {
        var parsed = FsmParser.Parse("x.fsm", """
            /* a block comment
               over two lines */ internal machine Solo;  // the global namespace
            events A; events B, C;
            timer T; timer U = 250ms;
            initial S;
            final state F;
            state S {
              entry / E1, E2;
              on A [!Ok];
              after 2h -> F;
              after 4m -> S / X, Y;
              final state G { ignore A; }
            }
            """);
        Assert.Empty(parsed.Diagnostics);
        var m = parsed.Machine;
        Assert.True(m.IsInternal);
        Assert.Equal("", m.Namespace);
        Assert.Equal("Solo", m.FullName);
        Assert.Equal(new[] { "A", "B", "C" }, m.Events.Select(e => e.Text));
        Assert.Null(m.Timers[0].DurationMs);
        Assert.Equal(250, m.Timers[1].DurationMs);
        Assert.True(m.States[0].IsFinal);
        var s = m.States[1];
        Assert.Equal(new[] { "E1", "E2" }, s.EntryActions.Select(a => a.Text));
        Assert.True(s.Transitions[0].Guard!.Negated);
        Assert.Null(s.Transitions[0].Target);
        Assert.Empty(s.Transitions[0].Actions);
        Assert.Equal(TriggerKind.Duration, s.Transitions[1].Kind);
        Assert.Equal(7_200_000, s.Transitions[1].DurationMs);
        Assert.Equal(240_000, s.Transitions[2].DurationMs);
        Assert.Equal(new[] { "X", "Y" }, s.Transitions[2].Actions.Select(a => a.Name.Text));
        Assert.True(m.States[2].IsFinal);
        Assert.Equal(1, m.States[2].Parent);
    }

    [Fact]
    public void ParsingTheSameTextTwiceGivesEqualModels()
    {
        var text = GeneratorHarness.ReadMachine("door.fsm");
        Assert.Equal(FsmParser.Parse("door.fsm", text), FsmParser.Parse("door.fsm", text));
    }

    [Fact]
    public void FourteenSyntaxErrorsAreEachReportedAtTheirSpan()
    {
        var reported = Diagnose.Fsm(GeneratorHarness.ReadMachine("broken.fsm"));
        Assert.Equal(new[]
        {
            "TFSM0001 (2,13): Expected ';' or ',' after the event name, but found 'Close'",
            "TFSM0001 (3,11): Expected a duration such as '30s', but found ';'",
            "TFSM0001 (4,9): Expected a state name, but found ';'",
            "TFSM0001 (6,6): Expected an event name, but found '->'",
            "TFSM0001 (7,13): Expected a guard name, but found '->'",
            "TFSM0001 (8,14): Expected ']' after the guard, but found '->'",
            "TFSM0001 (9,9): Expected '/' after 'entry', but found 'LightOn'",
            "TFSM0001 (10,11): Expected ';' after the transition, but found 'B'",
            "TFSM0001 (11,15): Expected a target state name, but found ';'",
            "TFSM0001 (12,10): Expected an event name, but found ';'",
            "TFSM0001 (13,18): Expected an action name, but found ';'",
            "TFSM0001 (14,3): Expected 'on', 'after', 'every', 'ignore', 'defer', 'history', 'entry', 'exit', 'initial', 'state' or '}', but found 'frobnicate'",
            "TFSM0001 (16,24): Expected ';' after the transition, but found '}'",
            "TFSM0001 (17,8): Expected ';' or '{' after state 'C', but found 'state'",
        }, reported.Select(r => r.ToString()));
    }

    [Theory]
    [InlineData("machine M; events A initial S;", 1, 21, "Expected ';' or ',' after the event name, but found 'initial'")]
    [InlineData("machine M;\nevents A\ninitial S;", 2, 9, "Expected ';' or ',' after the event name, but found 'initial'")]
    [InlineData("machine M;\ninitial S;\nstate S {\n  on A -> S\n}", 4, 12, "Expected ';' after the transition, but found '}'")]
    [InlineData("machine M;\ninitial S;\nstate S {\n  ignore A;", 4, 12, "Expected '}' to close state 'S' (opened at line 3), but found end of file")]
    [InlineData("machine M;\nstate S { on A [G -> S; }", 2, 19, "Expected ']' after the guard, but found '->'")]
    [InlineData("machine M;\nstate S { on A - > S; }", 2, 16, "Unexpected character '-'; did you mean '->'?")]
    [InlineData("machine M;\nstate S { on A -> S # ; }", 2, 21, "Unexpected character '#'")]
    [InlineData("machine M;\n/* never closed", 2, 1, "Unterminated comment: '/*' has no closing '*/'")]
    [InlineData("machine M;\n}", 2, 1, "Expected 'events', 'timer', 'initial' or 'state', but found '}'")]
    [InlineData("machine M;\nmachine N;", 2, 1, "A .fsm file declares one machine; this second 'machine' header is not allowed")]
    [InlineData("machine M;\nfinal S;", 2, 7, "Expected 'state' after 'final', but found 'S'")]
    [InlineData("machine M;\nstate S { after T B; }", 2, 19, "Expected ';' after the transition, but found 'B'")]
    [InlineData("machine M;\nstate S { after -> S; }", 2, 17, "Expected a timer name or a duration after 'after', but found '->'")]
    public void ASyntaxErrorIsReportedAtItsSpan(string text, int line, int column, string message)
    {
        // The first syntax error (the analysis goes on after it, so names may be reported too).
        var first = Diagnose.Fsm(text).First(d => d.Id == "TFSM0001");
        Assert.Equal(new Reported("TFSM0001", line, column, message), first);
    }

    [Fact]
    public void RecoveryFindsTheErrorAfterAForgottenSemicolon()
    {
        var reported = Diagnose.Fsm("machine M;\nevents A\ntimer T = 5x;\ninitial S;\nstate S { ignore A; }");
        Assert.Equal(new[] { "TFSM0001", "TFSM0009" }, reported.Select(r => r.Id));
        Assert.Equal((3, 11), (reported[1].Line, reported[1].Column));
    }

    [Theory]
    [InlineData("machine;", "The machine header needs a class name, optionally qualified ('machine Demo.Doors.Door;'), but found ';'")]
    [InlineData("machine Demo.;", "The machine header needs a class name, optionally qualified ('machine Demo.Doors.Door;'), but found ';'")]
    [InlineData("events A; machine M;", "A .fsm file must start with 'machine Namespace.ClassName;', but found 'events'")]
    [InlineData("internal events A;", "A .fsm file must start with 'machine Namespace.ClassName;', but found 'internal'")]
    [InlineData("", "A .fsm file must start with 'machine Namespace.ClassName;', but the file is empty")]
    public void AMissingOrMalformedHeaderIsTFSM0008AtTheFirstToken(string text, string message)
    {
        var first = Diagnose.Fsm(text).First();
        Assert.Equal(new Reported("TFSM0008", 1, 1, message), first);
    }

    [Theory]
    [InlineData("30", "the unit is missing; write ms, s, m or h right after the number, as in '30s'")]
    [InlineData("30 s", "the number and its unit must be written together, as in '30s'")]
    [InlineData("0s", "a duration must be greater than zero")]
    [InlineData("1.5s", "fractions are not allowed; use a smaller unit, such as 1500ms for 1.5s")]
    [InlineData("30S", "units are lower-case; write 's'")]
    [InlineData("30sec", "'sec' is not a unit; use ms, s, m or h")]
    [InlineData("1194h", "it is too long; the longest duration is 4294967294ms (about 49.7 days)")]
    [InlineData("4294967295ms", "it is too long; the longest duration is 4294967294ms (about 49.7 days)")]
    [InlineData("99999999999999999999999ms", "it is too long; the longest duration is 4294967294ms (about 49.7 days)")]
    public void AMalformedDurationIsTFSM0009AtTheDuration(string duration, string reason)
    {
        var reported = Diagnose.Fsm($"machine M;\ntimer T = {duration};\ninitial S;\nstate S {{ after T -> S; }}");
        Assert.Equal(new Reported("TFSM0009", 2, 11, $"Duration '{duration}' is malformed: {reason}"), Assert.Single(reported));
    }

    [Theory]
    [InlineData("250ms", 250)]
    [InlineData("2s", 2000)]
    [InlineData("4m", 240_000)]
    [InlineData("1h", 3_600_000)]
    [InlineData("1193h", 4_294_800_000)]
    [InlineData("4294967294ms", 4_294_967_294)]
    public void AWellFormedDurationIsReadInMilliseconds(string duration, long milliseconds)
    {
        var parsed = FsmParser.Parse("x.fsm", $"machine M; timer T = {duration};");
        Assert.Empty(parsed.Diagnostics);
        Assert.Equal(milliseconds, parsed.Machine.Timers.Single().DurationMs);
    }
}
