using System.Collections.Generic;
using System;
using System.Linq;
using Microsoft.CodeAnalysis;
using TcpFsmGen.Tests.Infrastructure;
using Xunit;

namespace TcpFsmGen.Tests;

/// <summary>The generator as the compiler runs it: what it reports, and that what it adds always compiles.</summary>
public class GeneratorTests
{
    private const string BrokenUserPart = """
        namespace Demo
        {
            public partial class Broken
            {
                partial void LightOn() { }
                partial void OnUnhandled(State state, Event e) { }
                public bool Check() => Fire(Event.Open);
            }
        }
        """;

    [Fact]
    public void ABrokenFileGivesEverySyntaxErrorAndNoCompilerErrorOrCrash()
    {
        var run = GeneratorHarness.Run("broken.fsm", GeneratorHarness.ReadMachine("broken.fsm"), BrokenUserPart);

        Assert.Null(run.Result.Results.Single().Exception);
        var syntaxErrors = run.FsmDiagnostics.Where(d => d.Id == "TFSM0001").ToList();
        Assert.True(syntaxErrors.Count >= 10, $"{syntaxErrors.Count} syntax errors");
        Assert.Equal(
            new[] { (2, 13), (3, 11), (4, 9), (6, 6), (7, 13), (8, 14), (9, 9), (10, 11), (11, 15), (12, 10), (13, 18), (14, 3), (16, 24), (17, 8) },
            syntaxErrors.Select(d => d.Location.GetLineSpan()).Select(s => (s.StartLinePosition.Line + 1, s.StartLinePosition.Character + 1)));
        Assert.All(syntaxErrors, d => Assert.EndsWith("broken.fsm", d.Location.GetLineSpan().Path, StringComparison.Ordinal));

        // The user's half of the class still compiles against the outline: no cascade of CS errors.
        Assert.Empty(run.CompilationDiagnostics);
        Assert.DoesNotContain(run.Output.GetDiagnostics(), d => d.Id == "CS8785");
    }

    [Fact]
    public void TheOutlineOfABrokenMachineThrowsWhenUsed()
    {
        var run = GeneratorHarness.Run("broken.fsm", GeneratorHarness.ReadMachine("broken.fsm"), BrokenUserPart);
        var type = GeneratorHarness.Load(run, allowGeneratorErrors: true).GetType("Demo.Broken")!;
        var machine = Activator.CreateInstance(type)!;
        var error = Assert.Throws<System.Reflection.TargetInvocationException>(() => type.GetMethod("Check")!.Invoke(machine, null));
        Assert.Equal("broken.fsm has errors; fix them to generate Broken.", error.InnerException!.Message);
    }

    [Fact]
    public void TheOutlineDeclaresWhatTheUserImplementsSoTheirCodeStillCompiles()
    {
        // The line naming Ready and Log is being edited: the parser cannot read it, but the user's methods exist.
        var run = GeneratorHarness.Run("m.fsm", "machine Demo.M;\nevents Go;\ninitial S;\nstate S { on Go [Ready -> S / Log; }",
            "namespace Demo { partial class M { private partial bool Ready() => true; partial void Log() { } partial void Own(); partial void Own() { } public int Other() => 1; } }");
        Assert.Equal("TFSM0001", Assert.Single(run.FsmDiagnostics).Id);
        var outline = run.GeneratedSource("Demo.M.g.cs");
        Assert.Contains("private partial bool Ready();", outline, StringComparison.Ordinal);
        Assert.Contains("partial void Log();", outline, StringComparison.Ordinal);
        Assert.DoesNotContain("Own", outline, StringComparison.Ordinal);
        Assert.Empty(run.CompilationDiagnostics);
    }

    [Fact]
    public void AMachineThatParsesButHasErrorsEmitsOnlyItsOutline()
    {
        var run = GeneratorHarness.Run("m.fsm", "machine Demo.M;\nevents Go;\ninitial Nowhere;\nstate S { on Go [Ok] -> S / Act; }",
            "namespace Demo { partial class M { partial void Act() { } private partial bool Ok() => true; } }");
        Assert.Equal("TFSM0002", Assert.Single(run.FsmDiagnostics).Id);
        Assert.Contains("only the outline", run.GeneratedSource("Demo.M.g.cs"), StringComparison.Ordinal);
        Assert.Empty(run.CompilationDiagnostics);
    }

    [Fact]
    public void EveryPrefixAndMutationOfTheDoorCompilesOrReportsWithoutCrashing()
    {
        var door = GeneratorHarness.ReadMachine("door.fsm");
        var random = new Random(9293);
        var inputs = Enumerable.Range(0, door.Length / 9).Select(i => door.Substring(0, i * 9))
            .Concat(Enumerable.Range(0, 120).Select(_ => Mutate(door, random)));
        foreach (var text in inputs)
        {
            var run = GeneratorHarness.Run("door.fsm", text);
            Assert.Null(run.Result.Results.Single().Exception);
            // CS8795 is the compiler asking the user to implement a guard: there is no user part here.
            var errors = run.CompilationDiagnostics.Where(d => d.Severity == DiagnosticSeverity.Error && d.Id != "CS8795").ToList();
            Assert.True(errors.Count == 0, $"Input:\n{text}\n\nErrors:\n{string.Join("\n", errors)}");
        }
    }

    private static string Mutate(string text, Random random)
    {
        var chars = text.ToCharArray().ToList();
        for (var edits = random.Next(1, 4); edits > 0; edits--)
        {
            var at = random.Next(chars.Count);
            switch (random.Next(3))
            {
                case 0: chars.RemoveAt(at); break;
                case 1: chars.Insert(at, ";{}[]!/->=.,0s_xZ \n"[random.Next(19)]); break;
                default: chars[at] = (char)random.Next(32, 127); break;
            }
        }
        return new string(chars.ToArray());
    }

    [Fact]
    public void TwoFilesDeclaringOneClassReportTFSM0004AndGenerateItOnce()
    {
        var machine = "machine Demo.Same;\ninitial S;\nfinal state S;";
        var run = GeneratorHarness.Run(new[] { ("a/one.fsm", machine), ("b/two.fsm", machine) });
        var duplicate = Assert.Single(run.FsmDiagnostics);
        Assert.Equal("TFSM0004", duplicate.Id);
        Assert.Equal("Machine 'Demo.Same' is already declared in a/one.fsm; rename or remove this one", duplicate.GetMessage(System.Globalization.CultureInfo.InvariantCulture));
        Assert.EndsWith("two.fsm", duplicate.Location.GetLineSpan().Path, StringComparison.Ordinal);
        Assert.Equal(new[] { "Demo.Same.g.cs" }, run.HintNames);
        Assert.Empty(run.CompilationDiagnostics);
    }

    [Fact]
    public void OnlyFsmFilesAreRead()
    {
        var run = GeneratorHarness.Run(new[] { ("notes.txt", "not a machine"), ("door.FSM", GeneratorHarness.ReadMachine("door.fsm")) },
            new[] { LiveMachine.UserPart(GeneratorHarness.ReadMachine("door.fsm")) });
        Assert.Empty(run.FsmDiagnostics);
        Assert.Equal(new[] { "Demo.Doors.Door.g.cs" }, run.HintNames);
    }

    [Fact]
    public void ContextualKeywordsAsNamesCompile()
    {
        const string fsm = "machine Demo.Words;\nevents value, async, var, nameof;\ninitial await;\nstate await { on value [async] -> yield / dynamic; on nameof / record; on var -> await; on async / dynamic; }\nstate yield { on value -> await; ignore async, var, nameof; }";
        Assert.Empty(Diagnose.Fsm(fsm));
        var type = LiveMachine.CompileType(fsm);
        Assert.NotNull(type.GetNestedType("State")!.GetField("await"));
    }

    [Theory]
    [InlineData("door.fsm")]
    [InlineData("hierarchy.fsm")]
    [InlineData("broken.fsm")]
    public void EveryGeneratedPublicMemberHasXmlDocs(string file)
    {
        var run = GeneratorHarness.Run(new[] { (file, GeneratorHarness.ReadMachine(file)) });
        var generated = run.Output.SyntaxTrees.Where(t => t.FilePath.EndsWith(".g.cs", StringComparison.Ordinal))
            .Select(t => t.WithRootAndOptions(t.GetRoot(), GeneratorHarness.ParseOptions.WithDocumentationMode(DocumentationMode.Diagnose)));
        var compilation = run.Output.RemoveAllSyntaxTrees().AddSyntaxTrees(generated);
        Assert.DoesNotContain(compilation.GetDiagnostics(), d => d.Id == "CS1591");
    }

    [Fact]
    public void TheDocsOfAMachineWithEveryProtocolFeatureAreCompleteAndWellFormed()
    {
        // Fire, CanFire and their overloads: a bare cref="Fire" would be ambiguous (CS0419).
        var fsm = GeneratorHarness.ReadMachine("protocol.fsm");
        var run = GeneratorHarness.Run("protocol.fsm", fsm, LiveMachine.UserPart(fsm, "protocol.fsm"),
            "namespace Demo.Protocol { public sealed record Message(string Topic); }");
        var generated = run.Output.SyntaxTrees.Where(t => t.FilePath.EndsWith(".g.cs", StringComparison.Ordinal)).ToList();
        var compilation = run.Output.RemoveSyntaxTrees(generated)
            .AddSyntaxTrees(generated.Select(t => t.WithRootAndOptions(t.GetRoot(), GeneratorHarness.ParseOptions.WithDocumentationMode(DocumentationMode.Diagnose))));
        Assert.Empty(compilation.GetDiagnostics().Where(d => d.Severity >= DiagnosticSeverity.Warning
                                                              && d.Location.GetLineSpan().Path.EndsWith(".g.cs", StringComparison.Ordinal)));
    }

    [Fact]
    public void WithTheGeneratorAndTheAnalyzerAttachedEachDiagnosticIsReportedOnce()
    {
        var files = new[]
        {
            ("broken.fsm", GeneratorHarness.ReadMachine("broken.fsm")),
            ("warn.fsm", "machine Demo.Warn;\nevents Go, Unused;\ninitial A;\nstate A { on Go -> B; }\nstate B { on Go -> B; }\nstate Lost;"),
            ("dup.fsm", "machine Demo.Warn;\ninitial S;\nfinal state S;"),
        };
        static List<string> Keys(IEnumerable<Diagnostic> diagnostics) => diagnostics
            .Select(d => $"{System.IO.Path.GetFileName(d.Location.GetLineSpan().Path)}{d.Location.GetLineSpan().StartLinePosition} {d.Id} {d.GetMessage()}")
            .Order(StringComparer.Ordinal)
            .ToList();

        // A build: the generator reports, the analyzer does not.
        var build = GeneratorHarness.Run(files);
        build.AssertOneReporter();
        var all = Keys(build.FsmDiagnostics);
        Assert.Equal(all.Distinct().Count(), all.Count);
        Assert.Equal(14, build.FsmDiagnostics.Count(d => d.Id == "TFSM0001"));
        // dup.fsm sorts first and keeps the class; warn.fsm gets the duplicate error next to its own warnings.
        Assert.Empty(build.FsmDiagnostics.Where(d => d.Location.GetLineSpan().Path == "dup.fsm"));
        Assert.Equal(new[] { "TFSM0004", "TFSM0101", "TFSM0102", "TFSM0103", "TFSM0103", "TFSM0104", "TFSM0105" },
            build.FsmDiagnostics.Where(d => d.Location.GetLineSpan().Path == "warn.fsm").Select(d => d.Id).Order());

        // An IDE: the analyzer reports exactly the same, the generator nothing.
        var ide = GeneratorHarness.Run(files, designTime: true);
        ide.AssertOneReporter();
        Assert.Equal(all, Keys(ide.FsmDiagnostics));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void HelpLinksFollowTheTcpFsmGenHelpBaseProperty(bool designTime)
    {
        var files = new[] { ("m.fsm", "machine Demo.M;\nevents Go;\ninitial A;\nstate A { on Go -> Nowhere; }\n") };
        var byDefault = GeneratorHarness.Run(files, designTime: designTime);
        Assert.Equal("https://github.com/tcpfsmgen/tcpfsmgen/blob/main/docs/diagnostics/TFSM0002.md", Assert.Single(byDefault.FsmDiagnostics).Descriptor.HelpLinkUri);

        var options = new TestOptionsProvider(designTime, global: new() { ["build_property.TcpFsmGenHelpBase"] = "https://docs.example.test/fsm" });
        var moved = GeneratorHarness.Run(files, options: options);
        var d = Assert.Single(moved.FsmDiagnostics);
        Assert.Equal("https://docs.example.test/fsm/TFSM0002.md", d.Descriptor.HelpLinkUri);
        Assert.Equal(DiagnosticSeverity.Error, d.Severity);
        Assert.Equal("State 'Nowhere' is not declared", d.GetMessage());
    }
}
