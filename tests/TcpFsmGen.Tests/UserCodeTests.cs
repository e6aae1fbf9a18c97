using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using TcpFsmGen.Tests.Infrastructure;
using Xunit;
using Xunit.Abstractions;

namespace TcpFsmGen.Tests;

/// <summary>
/// The user's half of a <c>.fsm</c> machine's class, checked against the machine: every mismatch is a TFSM
/// diagnostic at the machine's line (or at the user's method), with the signature expected, and the C# never
/// fails to compile, least of all in a generated file.
/// </summary>
public class UserCodeTests(ITestOutputHelper output)
{
    private static string DoorFsm => File.ReadAllText(RepoPaths.Combine("samples", "Door", "door.fsm"));

    private static string DoorCs => File.ReadAllText(RepoPaths.Combine("samples", "Door", "Door.cs"));

    /// <summary>Every diagnostic of a build: the generator's, and the compiler's on the output.</summary>
    private static (List<Diagnostic> Tfsm, List<Diagnostic> CSharp) Build(GeneratorRun run)
        => (run.FsmDiagnostics.ToList(), run.CompilationDiagnostics.Where(d => !d.Id.StartsWith("TFSM", StringComparison.Ordinal)).ToList());

    private static string Line(Diagnostic d)
    {
        var span = d.Location.GetLineSpan();
        return $"{Path.GetFileName(span.Path)}({span.StartLinePosition.Line + 1},{span.StartLinePosition.Character + 1}): {d.Severity.ToString().ToLowerInvariant()} {d.Id}: {d.GetMessage()}";
    }

    [Fact]
    public void TheDoorWithItsGuardDeletedHasOneErrorAtTheFsmLineNamingTheSignature()
    {
        var userPart = DoorCs.Replace("    private partial bool IsNotBlocked() => !Blocked;\n", "", StringComparison.Ordinal);
        Assert.NotEqual(DoorCs, userPart);
        var (tfsm, csharp) = Build(GeneratorHarness.Run("door.fsm", DoorFsm, userPart));
        Assert.Empty(csharp);
        Assert.Equal(
            "door.fsm(21,14): error TFSM0203: Guard 'IsNotBlocked' has no implementation; add 'private partial bool IsNotBlocked()' with a body to class 'Door'",
            Line(Assert.Single(tfsm)));
    }

    [Theory]
    [InlineData("private partial bool IsNotBlocked() => !Blocked;", "private bool IsNotBlocked() => !Blocked;",
        "Guard 'IsNotBlocked' must be implemented as 'private partial bool IsNotBlocked()', but class 'Door' has 'private bool IsNotBlocked()' (it is not partial); change it to 'private partial bool IsNotBlocked()' with a body")]
    [InlineData("private partial bool IsNotBlocked() => !Blocked;", "private partial bool IsNotBlocked(int force) => !Blocked;",
        "Guard 'IsNotBlocked' must be implemented as 'private partial bool IsNotBlocked()', but class 'Door' has 'private partial bool IsNotBlocked(int force)' (it must take no parameters); change it to 'private partial bool IsNotBlocked()' with a body")]
    [InlineData("private partial bool IsNotBlocked() => !Blocked;", "public partial bool IsNotBlocked() => !Blocked;",
        "Guard 'IsNotBlocked' must be implemented as 'private partial bool IsNotBlocked()', but class 'Door' has 'public partial bool IsNotBlocked()' (it must be private); change it to 'private partial bool IsNotBlocked()' with a body")]
    [InlineData("private partial bool IsNotBlocked() => !Blocked;", "private partial bool? IsNotBlocked() => !Blocked;",
        "Guard 'IsNotBlocked' must be implemented as 'private partial bool IsNotBlocked()', but class 'Door' has 'private partial bool? IsNotBlocked()' (it must return bool); change it to 'private partial bool IsNotBlocked()' with a body")]
    [InlineData("partial void Beep() =>", "partial void Beep(int times) =>",
        "Action 'Beep' must be implemented as 'partial void Beep()', but class 'Door' has 'partial void Beep(int times)' (it must take no parameters); change it to 'partial void Beep()' with a body")]
    [InlineData("partial void Beep() =>", "private void Beep() =>",
        "Action 'Beep' must be implemented as 'partial void Beep()', but class 'Door' has 'private void Beep()' (it is not partial, it must have no accessibility modifier); change it to 'partial void Beep()' with a body")]
    public void AMethodOfTheWrongShapeIsOneErrorAtTheFsmNamingTheSignature(string find, string replace, string message)
    {
        var userPart = DoorCs.Replace(find, replace, StringComparison.Ordinal);
        Assert.NotEqual(DoorCs, userPart);
        var (tfsm, csharp) = Build(GeneratorHarness.Run("door.fsm", DoorFsm, userPart));
        Assert.Empty(csharp);
        var d = Assert.Single(tfsm);
        Assert.Equal("TFSM0203", d.Id);
        Assert.Equal("door.fsm", d.Location.GetLineSpan().Path);
        Assert.Equal(message, d.GetMessage());
    }

    [Fact]
    public void APartialMethodTheMachineDoesNotNameIsAnErrorAtTheMethodWithTheNearestName()
    {
        var userPart = DoorCs.Replace("partial void LightOn()", "partial void LighOn()", StringComparison.Ordinal);
        var (tfsm, csharp) = Build(GeneratorHarness.Run("door.fsm", DoorFsm, ("Door.cs", userPart)));
        Assert.Empty(csharp);
        Assert.Equal(
            "Door.cs(13,18): error TFSM0208: Partial method 'LighOn' has no declaration: the machine of class 'Door' (door.fsm) has no action or guard of that name; correct the name, or remove 'partial'; did you mean 'LightOn'?",
            Line(Assert.Single(tfsm)));
    }

    [Fact]
    public void ADeclarationTheUserWroteThemselvesIsNotRepeated()
    {
        var userPart = DoorCs.Replace("    partial void Beep() =>", "    partial void Beep();\n    partial void Beep() =>", StringComparison.Ordinal);
        var run = GeneratorHarness.Run("door.fsm", DoorFsm, userPart);
        Assert.Empty(run.FsmDiagnostics);
        Assert.Empty(run.CompilationDiagnostics);
        Assert.DoesNotContain("partial void Beep();", run.GeneratedSource("Demo.Doors.Door.g.cs"), StringComparison.Ordinal);
    }

    [Fact]
    public void AnActionNeverImplementedIsSilentUnlessTurnedOn()
    {
        var userPart = DoorCs.Replace("    partial void Beep() => Console.WriteLine(\"    action: beep\");\n", "", StringComparison.Ordinal);
        Assert.NotEqual(DoorCs, userPart);
        var quiet = GeneratorHarness.Run("door.fsm", DoorFsm, userPart);
        Assert.Empty(quiet.FsmDiagnostics);
        Assert.Empty(quiet.CompilationDiagnostics);

        // On for .fsm files with TcpFsmGen's own key (an .editorconfig [*.fsm] section).
        var options = new TestOptionsProvider(designTime: false, new() { ["door.fsm"] = new() { ["fsm_diagnostic.tfsm0207.severity"] = "warning" } });
        var warned = GeneratorHarness.Run(new[] { ("door.fsm", DoorFsm) }, new[] { userPart }, options: options);
        Assert.Equal(
            "door.fsm(13,31): warning TFSM0207: Action 'Beep' is never implemented, so it does nothing; add 'partial void Beep()' with a body to class 'Door'",
            Line(Assert.Single(warned.FsmDiagnostics)));

        // And for the project with the standard key (a .globalconfig, which reaches the compilation's options).
        var compilation = GeneratorHarness.CreateCompilation(new[] { userPart });
        compilation = compilation.WithOptions(compilation.Options.WithSpecificDiagnosticOptions(
            ImmutableDictionary<string, ReportDiagnostic>.Empty.Add("TFSM0207", ReportDiagnostic.Warn)));
        GeneratorHarness.CreateDriver(GeneratorHarness.Files(new[] { ("door.fsm", DoorFsm) }))
            .RunGeneratorsAndUpdateCompilation(compilation, out _, out var diagnostics);
        Assert.Equal(DiagnosticSeverity.Warning, Assert.Single(diagnostics, d => d.Id == "TFSM0207").Severity);
    }

    [Fact]
    public void ASyntaxErrorDoesNotHideTheUnknownNamesAfterIt()
    {
        const string fsm = """
            machine Demo.M;
            events Go, Stop;
            initial A;
            state A {
              on Go -> B
              on Stp -> A;
              on Stop -> Nowhere;
            }
            state B { on Stop -> A; }
            """;
        var run = GeneratorHarness.Run("m.fsm", fsm);
        Assert.Equal(new[]
        {
            "m.fsm(5,13): error TFSM0001: Expected ';' after the transition, but found 'on'",
            "m.fsm(6,6): error TFSM0003: Event 'Stp' is not declared; did you mean 'Stop'?",
            "m.fsm(7,14): error TFSM0002: State 'Nowhere' is not declared",
        }, run.FsmDiagnostics.Select(Line));
        Assert.Empty(run.CompilationDiagnostics);
    }

    [Fact]
    public void ANameOnALineTheParserGaveUpOnIsNeverCalledUnknown()
    {
        // 'state Closing {' is broken, so Closing is never declared; the reference to it is the recovery's doing.
        const string fsm = "machine Demo.M;\nevents Go;\ninitial A;\nstate A { on Go -> Closing; }\nstate Closing Go { on Go -> A; }\n";
        var run = GeneratorHarness.Run("m.fsm", fsm);
        Assert.All(run.FsmDiagnostics, d => Assert.Equal("TFSM0001", d.Id));
    }

    /// <summary>One mutation of one method of the user's half.</summary>
    public sealed record Mutation(string Machine, string Method, string Kind, bool IsGuard, string File, string Text);

    /// <summary>
    /// Delete, rename, add a parameter to, un-<c>partial</c>, change the accessibility of and (where nothing else calls it)
    /// change the return type of each guard and action of the door and of the TCP sample.
    /// </summary>
    private static IEnumerable<Mutation> Mutations(string machine, string file, string text, ISet<string> guards, ISet<string> actions)
    {
        var root = CSharpSyntaxTree.ParseText(text, GeneratorHarness.ParseOptions).GetRoot();
        var methods = root.DescendantNodes().OfType<MethodDeclarationSyntax>()
            .Where(m => guards.Contains(m.Identifier.ValueText) || actions.Contains(m.Identifier.ValueText)).ToList();
        foreach (var method in methods)
        {
            var name = method.Identifier.ValueText;
            var isGuard = guards.Contains(name);
            Mutation Make(string kind, SyntaxNode? replacement)
                => new(machine, name, kind, isGuard, file,
                    (replacement is null ? root.RemoveNode(method, SyntaxRemoveOptions.KeepNoTrivia)! : root.ReplaceNode(method, replacement)).ToFullString());
            yield return Make("delete", null);
            yield return Make("rename", method.WithIdentifier(SyntaxFactory.Identifier(name + "X")));
            yield return Make("parameter", method.AddParameterListParameters(
                SyntaxFactory.Parameter(SyntaxFactory.Identifier("extra")).WithType(SyntaxFactory.ParseTypeName("int ")).WithLeadingTrivia()));
            yield return Make("not partial", method.WithModifiers(SyntaxFactory.TokenList(method.Modifiers.Where(m => !m.IsKind(SyntaxKind.PartialKeyword)))));
            yield return Make("accessibility", isGuard
                ? method.WithModifiers(SyntaxFactory.TokenList(method.Modifiers.Select(m => m.IsKind(SyntaxKind.PrivateKeyword) ? SyntaxFactory.Token(m.LeadingTrivia, SyntaxKind.InternalKeyword, m.TrailingTrivia) : m)))
                : method.WithModifiers(method.Modifiers.Insert(0, SyntaxFactory.Token(method.Modifiers[0].LeadingTrivia, SyntaxKind.PrivateKeyword, SyntaxFactory.TriviaList(SyntaxFactory.Space))))
                    .WithLeadingTrivia(SyntaxFactory.TriviaList()));
            // A new return type keeps the user's own code valid only for an expression body that nothing else calls.
            var called = root.DescendantNodes().OfType<InvocationExpressionSyntax>().Any(i => i.Expression is IdentifierNameSyntax id && id.Identifier.ValueText == name);
            if (method.ExpressionBody is not null && !called)
            {
                // (A partial method that returns a value must have an accessibility modifier, so an action gets 'private' too.)
                var retyped = method.WithReturnType(SyntaxFactory.ParseTypeName("object ").WithLeadingTrivia(method.ReturnType.GetLeadingTrivia()));
                // An action's body has no value to return, so it becomes 'null!'.
                if (!isGuard)
                {
                    retyped = retyped.WithModifiers(method.Modifiers.Insert(0, SyntaxFactory.Token(method.Modifiers[0].LeadingTrivia, SyntaxKind.PrivateKeyword, SyntaxFactory.TriviaList(SyntaxFactory.Space))))
                        .WithLeadingTrivia(SyntaxFactory.TriviaList())
                        .WithExpressionBody(SyntaxFactory.ArrowExpressionClause(SyntaxFactory.ParseExpression(" null!")));
                }
                yield return Make("return type", retyped);
            }
        }
    }

    private static (HashSet<string> Guards, HashSet<string> Actions) Names(string fsm)
    {
        var model = Generator.Parsing.FsmParser.Parse("m.fsm", fsm).Machine;
        var uses = Generator.Model.MethodNames.Of(model).ToList();
        return (uses.Where(u => u.IsGuard).Select(u => u.Name.Text).ToHashSet(), uses.Where(u => !u.IsGuard).Select(u => u.Name.Text).ToHashSet());
    }

    [Fact]
    public void EveryMutationOfTheUserHalfOfTheDoorAndTheTcpSampleShowsOnlyTfsmDiagnostics()
    {
        var tcpFsm = File.ReadAllText(RepoPaths.Combine("samples", "Tcp", "tcp.fsm"));
        var tcpFiles = new[] { "TcpEndpoint.cs", "Segment.cs", "SequenceNumbers.cs" }
            .Select(f => (Path: f, Text: File.ReadAllText(RepoPaths.Combine("samples", "Tcp", f)))).ToList();
        var (doorGuards, doorActions) = Names(DoorFsm);
        var (tcpGuards, tcpActions) = Names(tcpFsm);
        var machines = new[]
        {
            (Name: "door", Fsm: ("door.fsm", DoorFsm), Files: new List<(string Path, string Text)> { ("Door.cs", DoorCs) }),
            (Name: "tcp", Fsm: ("tcp.fsm", tcpFsm), Files: tcpFiles),
        };
        var mutations = Mutations("door", "Door.cs", DoorCs, doorGuards, doorActions)
            .Concat(Mutations("tcp", "TcpEndpoint.cs", tcpFiles[0].Text, tcpGuards, tcpActions))
            .ToList();
        Assert.True(mutations.Count >= 200, $"only {mutations.Count} mutations");

        // Each intact machine compiles without a diagnostic of any kind: the control.
        foreach (var machine in machines)
        {
            var (tfsm, csharp) = Build(GeneratorHarness.Run(new[] { machine.Fsm }, machine.Files));
            Assert.True(tfsm.Count == 0 && csharp.Count == 0, string.Join("\n", tfsm.Concat(csharp)));
        }

        var failures = new ConcurrentBag<string>();
        var found = new ConcurrentDictionary<string, int>();
        Parallel.ForEach(mutations, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount }, mutation =>
        {
            var machine = machines.Single(m => m.Name == mutation.Machine);
            var files = machine.Files.Select(f => f.Path == mutation.File ? (f.Path, mutation.Text) : f);
            var run = GeneratorHarness.Run(new[] { machine.Fsm }, files);
            var (tfsm, csharp) = Build(run);
            var what = $"{mutation.Machine} {mutation.Method} ({mutation.Kind})";
            if (run.Result.Results.Single().Exception is { } exception) failures.Add($"{what}: the generator threw {exception}");
            // No C# error anywhere, and no C# warning in generated code. (A warning in the user's own code can be the
            // mutation's doing: deleting the one method that reads a field leaves CS0414 on the field.)
            var wrong = csharp.Where(d => d.Severity == DiagnosticSeverity.Error || d.Location.GetLineSpan().Path.EndsWith(".g.cs", StringComparison.Ordinal)).ToList();
            if (wrong.Count > 0) failures.Add($"{what}: {string.Join("; ", wrong.Select(Line))}");
            if (tfsm.Any(d => d.Location.GetLineSpan().Path.EndsWith(".g.cs", StringComparison.Ordinal))) failures.Add($"{what}: a diagnostic in generated code");
            // Only deleting an action is no mistake (an action may be left out); every other mutation is reported.
            var harmless = mutation.Kind == "delete" && !mutation.IsGuard;
            if (!harmless && !tfsm.Any(d => d.Severity == DiagnosticSeverity.Error)) failures.Add($"{what}: no TFSM error");
            if (harmless && tfsm.Count > 0) failures.Add($"{what}: {string.Join("; ", tfsm.Select(Line))}");
            foreach (var d in tfsm) found.AddOrUpdate(d.Id, 1, (_, n) => n + 1);
        });
        output.WriteLine($"{mutations.Count} mutations; diagnostics: {string.Join(", ", found.OrderBy(f => f.Key).Select(f => $"{f.Key} x{f.Value}"))}");
        Assert.True(failures.IsEmpty, string.Join("\n", failures.Take(20)));
        Assert.Contains("TFSM0203", found.Keys);
        Assert.Contains("TFSM0208", found.Keys);
    }
}
