using System;
using System.Linq;
using Microsoft.CodeAnalysis;
using TcpFsmGen.Tests.Infrastructure;
using Xunit;

namespace TcpFsmGen.Tests;

/// <summary>
/// Misuse that only C# can have (TFSM0201-0206): each reported once, at the code that causes it, and
/// never followed by generated code that fails to compile.
/// </summary>
public class AttributeDiagnosticsTests
{
    private const string Enums = """
        public enum Light { Off, On }
        public enum Press { Toggle }
        public enum Other { Toggle }
        """;

    private const string Methods = """
            private void Click() { }
            private bool IsPowered() => true;
        """;

    /// <summary>A two-state light in <paramref name="attributes"/> and <paramref name="head"/> (the class's declaration line).</summary>
    private static GeneratorRun Light(string attributes, string head = "public partial class Switch", string methods = Methods)
        => GeneratorHarness.RunCSharp(("Switch.cs", $$"""
            using TcpFsmGen;
            namespace Demo;
            {{Enums}}
            [StateMachine(typeof(Light), typeof(Press), Initial = Light.Off)]
            {{attributes}}
            {{head}}
            {
            {{methods}}
            }
            """));

    private const string Valid = """
        [Transition(Light.Off, Press.Toggle, Light.On, Guard = nameof(IsPowered), Actions = new[] { nameof(Click) })]
        [Transition(Light.On, Press.Toggle, Light.Off, Actions = new[] { nameof(Click) })]
        """;

    private static string Text(Diagnostic d) => d.Location.SourceTree!.GetText().ToString(d.Location.SourceSpan);

    private static Diagnostic Single(GeneratorRun run, string id)
    {
        var tfsm = run.FsmDiagnostics;
        Assert.True(tfsm.Length == 1 && tfsm[0].Id == id, string.Join("\n", tfsm));
        // Nothing the generator emitted fails to compile, whatever the misuse.
        Assert.DoesNotContain(run.CompilationDiagnostics, d => d.Location.SourceTree?.FilePath.EndsWith(".g.cs", StringComparison.Ordinal) == true);
        run.AssertOneReporter();
        return tfsm[0];
    }

    [Fact]
    public void AValidLightHasNoDiagnostics()
    {
        var run = Light(Valid);
        Assert.Empty(run.FsmDiagnostics);
        Assert.Empty(run.CompilationDiagnostics);
    }

    [Fact]
    public void TFSM0201_TheClassIsNotPartial()
    {
        var run = Light(Valid, head: "public class Switch");
        var d = Single(run, "TFSM0201");
        Assert.Equal("Switch", Text(d));
        Assert.Equal("Class 'Switch' must be partial for the generator to add the machine to it; add the 'partial' modifier", d.GetMessage());
        Assert.Empty(run.HintNames);
    }

    [Fact]
    public void TFSM0202_AnEventWhereAStateBelongs()
    {
        var d = Single(Light(Valid.Replace("Light.On, Guard", "Other.Toggle, Guard")), "TFSM0202");
        Assert.Equal("Other.Toggle", Text(d));
        Assert.Equal("The target state must be a member of enum 'Light', but this is a value of type 'Demo.Other'; use a Light value", d.GetMessage());
    }

    [Fact]
    public void TFSM0202_AnEventOfAnotherEnum()
    {
        var d = Single(Light(Valid.Replace("Light.On, Press.Toggle", "Light.On, Other.Toggle")), "TFSM0202");
        Assert.Equal("Other.Toggle", Text(d));
    }

    [Fact]
    public void TFSM0202_AStateTypeThatIsNotAnEnum()
    {
        var run = GeneratorHarness.RunCSharp(("Switch.cs", $$"""
            using TcpFsmGen;
            {{Enums}}
            [StateMachine(typeof(string), typeof(Press))]
            public partial class Switch { }
            """));
        var d = Single(run, "TFSM0202");
        Assert.Equal("typeof(string)", Text(d));
        Assert.Equal("The state type of [StateMachine] must be an enum whose members are the states, but 'string' is not an enum", d.GetMessage());
        Assert.Empty(run.HintNames);
    }

    [Fact]
    public void TFSM0203_AGuardThatDoesNotExist()
    {
        var d = Single(Light(Valid.Replace("nameof(IsPowered)", "\"IsPowerd\"")), "TFSM0203");
        Assert.Equal("\"IsPowerd\"", Text(d));
        Assert.Equal("Guard 'IsPowerd' must be a method 'bool IsPowerd()' of class 'Switch', but there is none; add it or correct the name", d.GetMessage());
    }

    [Fact]
    public void TFSM0203_AGuardThatDoesNotReturnBool()
    {
        var d = Single(Light(Valid, methods: "private void Click() { } private int IsPowered() => 1;"), "TFSM0203");
        Assert.Equal("nameof(IsPowered)", Text(d));
        Assert.Equal("Guard 'IsPowered' must be a method 'bool IsPowered()' of class 'Switch', but 'private int IsPowered()' is not (it must return bool); change its signature", d.GetMessage());
    }

    [Fact]
    public void TFSM0203_AnActionThatTakesAParameter()
    {
        var run = Light(Valid, methods: "private void Click(int times) { } private bool IsPowered() => true;");
        var tfsm = run.FsmDiagnostics;
        // Reported at each use of the name, like any unknown name.
        Assert.Equal(new[] { "TFSM0203", "TFSM0203" }, tfsm.Select(d => d.Id));
        Assert.All(tfsm, d => Assert.Equal("nameof(Click)", Text(d)));
        Assert.DoesNotContain(run.CompilationDiagnostics, d => d.Location.SourceTree?.FilePath.EndsWith(".g.cs", StringComparison.Ordinal) == true);
    }

    [Fact]
    public void TFSM0203_AGuardOfADotFsmMachineThatIsNotImplemented()
    {
        var fsm = GeneratorHarness.ReadMachine("door.fsm");
        var userPart = LiveMachine.UserPart(fsm).Replace("private partial bool IsNotBlocked()", "private bool IsNotBlockedSomewhereElse()");
        var run = GeneratorHarness.Run("door.fsm", fsm, userPart);
        var d = Assert.Single(run.FsmDiagnostics);
        Assert.Equal("TFSM0203", d.Id);
        Assert.Equal("door.fsm", d.Location.GetLineSpan().Path);
        Assert.Equal(21, d.Location.GetLineSpan().StartLinePosition.Line + 1);
        Assert.Equal("Guard 'IsNotBlocked' has no implementation; add 'private partial bool IsNotBlocked()' with a body to class 'Door'", d.GetMessage());
    }

    [Theory]
    [InlineData("public partial class Outer {", "public partial class Switch", "}", "nested in another type")]
    [InlineData("", "public partial class Switch<T>", "", "generic")]
    [InlineData("", "public static partial class Switch", "", "static")]
    public void TFSM0204_AClassTheGeneratorCannotExtend(string open, string head, string close, string problem)
    {
        var methods = head.Contains("static", StringComparison.Ordinal) ? Methods.Replace("private", "private static") : Methods;
        var run = GeneratorHarness.RunCSharp(("Switch.cs",
            $"using TcpFsmGen;\n{Enums}\n{open}\n[StateMachine(typeof(Light), typeof(Press), Initial = Light.Off)]\n{Valid}\n{head} {{ {methods} }}\n{close}"));
        var d = Single(run, "TFSM0204");
        Assert.Equal("Switch", Text(d));
        Assert.Equal($"'Switch' is {problem}; declare the state machine on a top-level, non-generic, non-static partial class", d.GetMessage());
        Assert.Empty(run.HintNames);
    }

    [Theory]
    [InlineData("public enum Light { Off = 1, On = 1 }", "members 'Off' and 'On' have the same value 1; give each member its own value")]
    [InlineData("public enum Light { Off = -1, On }", "member 'Off' has the value -1; give every member a value from 0 to int.MaxValue")]
    [InlineData("public enum Light : long { Off, On = 5_000_000_000 }", "member 'On' has the value 5000000000; give every member a value from 0 to int.MaxValue")]
    [InlineData("internal enum Light { Off, On }", "it is less accessible than the class, whose public members use it; make it at least as accessible as 'Switch'")]
    public void TFSM0205_AnEnumTheGeneratedCodeCannotUse(string lightEnum, string reason)
    {
        var run = GeneratorHarness.RunCSharp(("Switch.cs", $$"""
            using TcpFsmGen;
            {{lightEnum}}
            public enum Press { Toggle }
            [StateMachine(typeof(Light), typeof(Press))]
            public partial class Switch { }
            """));
        var d = Single(run, "TFSM0205");
        Assert.Equal("typeof(Light)", Text(d));
        Assert.Equal($"Enum 'Light' cannot be used by state machine 'Switch': {reason}", d.GetMessage());
        Assert.Empty(run.HintNames);
    }

    [Fact]
    public void TFSM0206_GuardAndUnlessTogether()
    {
        var d = Single(Light(Valid.Replace("Guard = nameof(IsPowered)", "Guard = nameof(IsPowered), Unless = nameof(IsPowered)")), "TFSM0206");
        Assert.Equal("nameof(IsPowered)", Text(d));
        Assert.StartsWith("Set 'Guard' or 'Unless', not both", d.GetMessage(), StringComparison.Ordinal);
    }

    [Fact]
    public void TFSM0206_AStateInsideItself()
    {
        var run = Light(Valid + "[Substate(Light.On, Light.Off, Initial = true)]\n[Substate(Light.Off, Light.On, Initial = true)]");
        var tfsm = run.FsmDiagnostics;
        Assert.Equal(new[] { "TFSM0206" }, tfsm.Select(d => d.Id).Distinct());
        Assert.Contains("is inside itself through [Substate]", tfsm[0].GetMessage(), StringComparison.Ordinal);
        Assert.DoesNotContain(run.CompilationDiagnostics, d => d.Location.SourceTree?.FilePath.EndsWith(".g.cs", StringComparison.Ordinal) == true);
    }

    [Fact]
    public void TFSM0206_AnIgnoreWithoutEvents()
    {
        var d = Single(Light(Valid + "[Ignore(Light.On)]"), "TFSM0206");
        Assert.Equal("Ignore", Text(d));
    }

    [Fact]
    public void TFSM0206_ACompanionAttributeWithoutStateMachine()
    {
        var run = GeneratorHarness.RunCSharp(("Switch.cs", $"using TcpFsmGen;\n{Enums}\n{Valid}\npublic partial class Switch {{ {Methods} }}"));
        var d = Single(run, "TFSM0206");
        Assert.Equal("Transition", Text(d));
        Assert.Equal("[Transition] has no effect without [StateMachine] on class 'Switch'; add [StateMachine(typeof(States), typeof(Events))]", d.GetMessage());
        Assert.Empty(run.HintNames);
    }

    [Fact]
    public void TFSM0004_AClassDeclaredByADotFsmFileAndByAttributes()
    {
        var run = GeneratorHarness.Run(new[] { ("switch.fsm", "machine Demo.Switch;\nevents Toggle;\ninitial Off;\nstate Off { on Toggle -> On; }\nstate On { on Toggle -> Off; }\n") },
            new[] { $"using TcpFsmGen;\nnamespace Demo;\n{Enums}\n[StateMachine(typeof(Light), typeof(Press), Initial = Light.Off)]\n{Valid}\npublic partial class Switch {{ {Methods} }}" });
        var d = Assert.Single(run.FsmDiagnostics);
        Assert.Equal("TFSM0004", d.Id);
        Assert.Equal("StateMachine", Text(d));
        Assert.Equal("Machine 'Demo.Switch' is already declared in switch.fsm; rename or remove this one", d.GetMessage());
        // Only the .fsm's class is generated.
        Assert.Equal(new[] { "Demo.Switch.g.cs" }, run.HintNames);
    }

    [Fact]
    public void TheAnalysisWarningsPointAtTheEnumMember()
    {
        // Light.On cannot be left: TFSM0103 (dead end) at the enum member, as the .fsm form reports it at the state.
        var run = Light("[Transition(Light.Off, Press.Toggle, Light.On)]");
        var ids = run.FsmDiagnostics.Select(d => $"{d.Id} {Text(d)}").ToList();
        Assert.Contains("TFSM0103 On", ids);
        Assert.Empty(run.CompilationDiagnostics);
    }

    [Fact]
    public void AdviceIsPhrasedInAttributeSyntax()
    {
        // No initial state: the fix is an attribute argument, not a .fsm line.
        var run = GeneratorHarness.RunCSharp(("Switch.cs", $$"""
            using TcpFsmGen;
            namespace Demo;
            {{Enums}}
            [StateMachine(typeof(Light), typeof(Press))]
            {{Valid}}
            public partial class Switch
            {
            {{Methods}}
            }
            """));
        var d = Single(run, "TFSM0005");
        Assert.Equal("Machine 'Switch' has no initial state; set 'Initial = ' on [StateMachine] to one of its top-level states (Off, On)", d.GetMessage());

        // A state that ignores nothing and handles nothing: the suggested ignore is an [Ignore] attribute.
        var warned = Light("""
            [Transition(Light.Off, Press.Toggle, Light.On, Guard = nameof(IsPowered), Actions = new[] { nameof(Click) })]
            [Transition(Light.On, Press.Toggle, Light.Off, Actions = new[] { nameof(Click) })]
            [Transition(Light.On, Press.Toggle, Light.On)]
            """);
        Assert.DoesNotContain(warned.FsmDiagnostics, x => x.GetMessage().Contains("'ignore", StringComparison.Ordinal));
        var dead = Light("[Transition(Light.Off, Press.Toggle, Light.On, Guard = nameof(IsPowered), Actions = new[] { nameof(Click) })]");
        Assert.Contains(dead.FsmDiagnostics, x => x.Id == "TFSM0103" && x.GetMessage().EndsWith("or mark it [Final(Light.On)]", StringComparison.Ordinal));
        Assert.Contains(dead.FsmDiagnostics, x => x.Id == "TFSM0102" && x.GetMessage().EndsWith("add transitions or [Ignore(Light.On, Press.Toggle)]", StringComparison.Ordinal));
    }
}
