using System;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using TcpFsmGen.Tests.Infrastructure;
using Xunit;

namespace TcpFsmGen.Tests;

/// <summary>
/// Inputs that once crashed the generator or made it emit C# that does not compile: each is a regression test.
/// Whatever the input, the generator throws nothing, and every mistake is a TFSM diagnostic, never a compiler
/// error or warning in generated code.
/// </summary>
public class RobustnessTests
{
    private const string Body = "\nevents Go;\ninitial A;\nstate A { on Go -> B; }\nstate B { on Go -> A; }\n";

    private const string Enums = "public enum S { A, B } public enum E { Go }";

    private const string Transitions = "[Transition(S.A, E.Go, S.B)] [Transition(S.B, E.Go, S.A)]";

    /// <summary>Runs the generator; asserts it threw nothing and that nothing in generated code is an error or a warning.</summary>
    private static GeneratorRun Generate((string Path, string Text)[] fsm, params string[] csharp)
    {
        var run = GeneratorHarness.Run(fsm, csharp);
        Assert.All(run.Result.Results, r => Assert.Null(r.Exception));
        Assert.DoesNotContain(run.GeneratorDiagnostics, d => d.Id == "CS8785");
        var generated = WithDiagnosedDocs(run.Output).GetDiagnostics()
            .Where(d => d.Severity >= DiagnosticSeverity.Warning && IsGenerated(d.Location.SourceTree) && !IsTheUsersUndocumentedClass(d))
            .ToList();
        Assert.True(generated.Count == 0, string.Join("\n", generated));
        return run;
    }

    /// <summary>CS1591 at the class itself: the user's own class has no doc comment (the tests' classes have none), not a generated member.</summary>
    private static bool IsTheUsersUndocumentedClass(Diagnostic d)
        => d.Id == "CS1591" && d.Location.SourceTree!.GetRoot().FindNode(d.Location.SourceSpan) is Microsoft.CodeAnalysis.CSharp.Syntax.ClassDeclarationSyntax;

    private static bool IsGenerated(SyntaxTree? tree) => tree?.FilePath.EndsWith(".g.cs", StringComparison.Ordinal) == true;

    /// <summary>
    /// The output with its generated files parsed again as a project with <c>GenerateDocumentationFile</c> parses them,
    /// so that their XML docs are checked too (CS1570, CS1574, CS1587, CS0419): the harness's default mode does not report those.
    /// </summary>
    private static Compilation WithDiagnosedDocs(Compilation output)
    {
        var generated = output.SyntaxTrees.Where(IsGenerated).ToList();
        var options = GeneratorHarness.ParseOptions.WithDocumentationMode(DocumentationMode.Diagnose);
        return output.RemoveSyntaxTrees(generated)
            .AddSyntaxTrees(generated.Select(t => CSharpSyntaxTree.ParseText(t.GetText(), options, t.FilePath)));
    }

    private static GeneratorRun GenerateCSharp(params string[] csharp) => Generate(Array.Empty<(string, string)>(), csharp);

    private static string Ids(GeneratorRun run) => string.Join(",", run.FsmDiagnostics.Select(d => d.Id).Distinct().Order());

    [Theory]
    [InlineData("machine Demo.Door;", "machine Demo.DOOR;")]
    [InlineData("machine Demo.Door;", "machine Demo.DOOR")]
    [InlineData("machine Demo.door1;", "machine Demo.DOOR1;")]
    public void TwoClassesWhoseNamesDifferOnlyInCaseGetTwoFiles(string first, string second)
    {
        var run = Generate(new[] { ("a.fsm", first + Body), ("b.fsm", second + Body) });
        Assert.Equal(run.HintNames.Count(), run.HintNames.Distinct(StringComparer.OrdinalIgnoreCase).Count());
    }

    [Fact]
    public void AFsmFileAndAnAttributeClassWhoseNamesDifferOnlyInCase()
    {
        var run = Generate(new[] { ("a.fsm", "machine Demo.DOOR;" + Body) },
            $"using TcpFsmGen; namespace Demo; {Enums} [StateMachine(typeof(S), typeof(E), Initial = S.A)] {Transitions} public partial class Door {{ }}");
        Assert.Equal(2, run.HintNames.Count());
        Assert.Empty(run.FsmDiagnostics);
    }

    [Fact]
    public void StateMachineOnTwoPartialDeclarations()
    {
        var run = GenerateCSharp(
            $"using TcpFsmGen; namespace Demo; {Enums} [StateMachine(typeof(S), typeof(E), Initial = S.A)] {Transitions} public partial class Door {{ }}",
            "using TcpFsmGen; namespace Demo; [StateMachine(typeof(S), typeof(E), Initial = S.A)] public partial class Door { }");
        Assert.Single(run.HintNames);
    }

    [Fact]
    public void AnUnsignedEnumValueTooLargeForAnInt()
    {
        var run = GenerateCSharp($"using TcpFsmGen; namespace Demo; public enum S : ulong {{ A, B }} public enum E {{ Go }} " +
            "[StateMachine(typeof(S), typeof(E), Initial = S.A)] [Transition(S.A, E.Go, (S)ulong.MaxValue)] public partial class Door { }");
        Assert.Contains("TFSM0002", Ids(run), StringComparison.Ordinal);
    }

    [Fact]
    public void AnEnumThatDeclaresOneNameTwice()
    {
        // The compiler reports CS0102 at the enum; the generator must not trip over the second A.
        var run = GenerateCSharp("using TcpFsmGen; namespace Demo; public enum S { A, B, A } public enum E { Go } " +
            $"[StateMachine(typeof(S), typeof(E), Initial = S.A)] {Transitions} public partial class Door {{ }}");
        Assert.DoesNotContain(run.CompilationDiagnostics, d => d.Id.StartsWith("TFSM", StringComparison.Ordinal));
    }

    [Fact]
    public void ANamedArgumentGivenTwice()
    {
        GenerateCSharp($"using TcpFsmGen; namespace Demo; {Enums} [StateMachine(typeof(S), typeof(E), Initial = S.A)] " +
            "[Transition(S.A, E.Go, S.B, Guard = nameof(G), Guard = nameof(G))] [Transition(S.B, E.Go, S.A)] public partial class Door { private bool G() => true; }");
    }

    [Fact]
    public void AnAttributeOfTheSameNameFromAnotherAssemblyIsNotOurs()
    {
        // A user's own TcpFsmGen.TransitionAttribute of another shape is ignored (the compiler binds to it, since it is in source).
        var run = GenerateCSharp(
            "namespace TcpFsmGen { [System.AttributeUsage(System.AttributeTargets.Class, AllowMultiple = true)] public sealed class TransitionAttribute : System.Attribute { public TransitionAttribute(object o) { } } }",
            $"namespace Demo {{ {Enums} [TcpFsmGen.StateMachine(typeof(S), typeof(E), Initial = S.A)] [TcpFsmGen.Transition(1)] public partial class Door {{ }} }}");
        Assert.All(run.Result.Results, r => Assert.Null(r.Exception));
    }

    [Theory]
    [InlineData("machine Demo.file;")]
    [InlineData("machine Demo.scoped;")]
    [InlineData("machine Demo.required;")]
    [InlineData("machine Demo.var;")]
    [InlineData("machine Demo.record;")]
    [InlineData("machine Demo.door;")]
    [InlineData("machine nameof.Door;")]
    [InlineData("machine Demo.__Door;")]
    [InlineData("machine Demo.__Drain;")]
    [InlineData("machine System;")]
    [InlineData("machine TcpFsmGen;")]
    [InlineData("machine TcpFsmGen.Runtime.EventQueue;")]
    public void AClassOrNamespaceNameThatCSharpWouldRejectOrRebindIsTfsm0007(string header)
    {
        var run = Generate(new[] { ("m.fsm", header + Body) });
        Assert.Equal("TFSM0007", Ids(run));
    }

    [Fact]
    public void AnActionNamedNameofIsTfsm0007()
    {
        var run = Generate(new[] { ("m.fsm", "machine Demo.M;\ntimer T = 1s;\ninitial A;\nstate A { after T -> B / nameof; }\nstate B { after T -> A; }\n") });
        Assert.Equal("TFSM0007", Ids(run));
    }

    [Theory]
    [InlineData("machine nameof.Door;")]
    [InlineData("machine Demo.nameof.Door;")]
    public void ANamespaceNamedNameofWithATimerIsTfsm0007(string header)
    {
        // With a timer the generated code calls nameof(...), which a namespace 'nameof' rebinds (CS0118).
        var run = Generate(new[] { ("m.fsm", header + "\ntimer T = 1s;\ninitial A;\nstate A { after T -> B; }\nstate B { after T -> A; }\n") });
        Assert.Equal("TFSM0007", Ids(run));
    }

    [Fact]
    public void TwoStatesWhoseNamesDifferOnlyInAFormatCharacterAreADuplicate()
    {
        // C# ignores U+00AD in identifiers: A\u00ADB and AB are one enum member (CS0102) unless the analysis sees it first.
        var run = Generate(new[] { ("m.fsm", "machine Demo.M;\nevents Go;\ninitial AB;\nstate A\u00ADB { on Go -> AB; }\nstate AB { on Go -> A\u00ADB; }\n") });
        Assert.Contains("TFSM0004", Ids(run), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Sta\u00ADrt")]
    [InlineData("Fi\u200Bre")]
    [InlineData("Cur\uFEFFrent")]
    public void AnActionNamedLikeAGeneratedMemberBehindAFormatCharacterIsTfsm0007(string action)
    {
        // Sta\u00ADrt is Start to C#: a partial void Start() beside the generated Start() (CS0111).
        var run = Generate(new[] { ("m.fsm", $"machine Demo.M;\nevents Go;\ninitial A;\nstate A {{ on Go -> B / {action}; }}\nstate B {{ on Go -> A; }}\n") });
        Assert.Equal("TFSM0007", Ids(run));
    }

    [Fact]
    public void TwoFilesWhoseClassNamesDifferOnlyInAFormatCharacterAreADuplicate()
    {
        // Do\u00ADor is Door to C#: two files would declare one class twice.
        var run = Generate(new[] { ("a.fsm", "machine Demo.Door;" + Body), ("b.fsm", "machine Demo.Do\u00ADor;" + Body) });
        Assert.Contains("TFSM0004", Ids(run), StringComparison.Ordinal);
        Assert.Single(run.HintNames);
    }

    [Fact]
    public void AClassNamedLikeANamespaceOfAnotherMachine()
    {
        var run = Generate(new[] { ("a.fsm", "machine Demo;" + Body), ("b.fsm", "machine Demo.Door;" + Body) });
        Assert.Contains("TFSM0004", Ids(run), StringComparison.Ordinal);
    }

    [Fact]
    public void AnAttributeMachineOnAClassNamedLikeAGeneratedMember()
    {
        var run = GenerateCSharp($"using TcpFsmGen; namespace Demo; {Enums} [StateMachine(typeof(S), typeof(E))] public partial class Fire {{ }}");
        Assert.Contains("TFSM0007", Ids(run), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("a\"b.fsm")]
    [InlineData("a\\q.fsm")]
    [InlineData("R&D.fsm")]
    [InlineData("a<b>.fsm")]
    [InlineData("line\nbreak.fsm")]
    [InlineData("line\u2028break.fsm")]
    public void AnyFileNameIsSafeInGeneratedCode(string path)
    {
        // A timer without a default duration puts the file name into a string literal too.
        var fsm = "machine Demo.M;\nevents Go;\ntimer T;\ninitial A;\nstate A { on Go [Ok] -> B / Act; }\nstate B { on Go -> A; after T -> A; }\n";
        var run = Generate(new[] { (path, fsm) }, "namespace Demo { partial class M { private partial bool Ok() => true; } }");
        Assert.Single(run.HintNames);
        Assert.Empty(run.FsmDiagnostics);
        // And a broken one still reports, at that file.
        var broken = Generate(new[] { (path, fsm.Replace("-> B", "-> Nowhere", StringComparison.Ordinal)) });
        Assert.Contains(broken.FsmDiagnostics, d => d.Id == "TFSM0002");
        Assert.All(broken.FsmDiagnostics, d => Assert.Equal(path, d.Location.GetLineSpan().Path));
    }

    [Theory]
    [InlineData("Auto Close")]
    [InlineData("1x")]
    [InlineData("a.b")]
    [InlineData("T\n1")]
    public void ATimerNameThatIsNoIdentifierIsTfsm0007(string name)
    {
        var run = GenerateCSharp($"using TcpFsmGen; namespace Demo; {Enums} [StateMachine(typeof(S), typeof(E), Initial = S.A)] {Transitions} " +
            $"[Timer({SymbolDisplay.FormatLiteral(name, quote: true)}, Milliseconds = 1000)] [After(S.A, {SymbolDisplay.FormatLiteral(name, quote: true)}, S.B)] public partial class Door {{ }}");
        Assert.Contains("TFSM0007", Ids(run), StringComparison.Ordinal);
    }
}
