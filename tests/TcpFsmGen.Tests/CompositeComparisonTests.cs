using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.Diagnostics;
using TcpFsmGen.CodeFixes;
using TcpFsmGen.Generator.UserCode;
using TcpFsmGen.Tests.Infrastructure;
using Xunit;

namespace TcpFsmGen.Tests;

/// <summary>TFSM0209: <c>Current</c> compared with a composite state, in every form, and the fix to <c>IsIn</c>.</summary>
public class CompositeComparisonTests
{
    /// <summary>Each comparison on a line of its own; <c>Shut</c> is a composite of the door, <c>Closed</c> a leaf.</summary>
    private static string Uses(string state) => $$"""
        namespace Demo.Doors
        {
            public static class Uses
            {
                public static bool Equal(Door d) => d.Current == {{state}}.Shut;
                public static bool NotEqual(Door d) => d.Current != {{state}}.Shut;
                public static bool Is(Door d) => d.Current is {{state}}.Shut;
                public static bool IsNot(Door d) => d.Current is not {{state}}.Shut;
                public static int Statement(Door d) { switch (d.Current) { case {{state}}.Shut: return 1; default: return 0; } }
                public static int Expression(Door d) => d.Current switch { {{state}}.Shut => 1, _ => 0 };
                public static bool Reversed(Door d) => {{state}}.Shut == d.Current;
                public static bool Leaf(Door d) => d.Current == {{state}}.Closed;
                public static bool LeafIs(Door d) => d.Current is {{state}}.Closed or {{state}}.Locked;
            }
        }
        """;

    private static ImmutableArray<Diagnostic> Analyze(Compilation compilation, ImmutableArray<AdditionalText> files)
        => compilation.WithAnalyzers(ImmutableArray.Create<DiagnosticAnalyzer>(new CompositeComparisonAnalyzer()), new AnalyzerOptions(files))
            .GetAnalyzerDiagnosticsAsync().GetAwaiter().GetResult()
            .OrderBy(d => d.Location.SourceSpan.Start)
            .ToImmutableArray();

    private static readonly int[] s_warnedLines = { 5, 6, 7, 8, 9, 10, 11 };

    [Fact]
    public void EveryFormOfComparisonWithACompositeIsWarnedAndALeafIsNot()
    {
        var fsm = GeneratorHarness.ReadMachine("door.fsm");
        var run = GeneratorHarness.Run(new[] { ("door.fsm", fsm) }, new[] { ("Door.cs", LiveMachine.UserPart(fsm)), ("Uses.cs", Uses("Door.State")) });
        Assert.Empty(run.CompilationDiagnostics);
        var found = Analyze(run.Output, run.Files);
        Assert.Equal(s_warnedLines, found.Select(d => d.Location.GetLineSpan().StartLinePosition.Line + 1));
        Assert.All(found, d => Assert.Equal("TFSM0209", d.Id));
        Assert.All(found, d => Assert.Equal(DiagnosticSeverity.Warning, d.Severity));
        Assert.Equal("'Current' is always a leaf state, so it never equals composite state 'Shut'; use IsIn(State.Shut) to ask whether the machine is inside it",
            found[0].GetMessage());
        // At the comparison itself.
        Assert.Equal("d.Current == Door.State.Shut", found[0].Location.SourceTree!.GetText().ToString(found[0].Location.SourceSpan));
    }

    [Fact]
    public void AMachineDeclaredWithAttributesToo()
    {
        var declaration = GeneratorHarness.ReadMachine("door.attributes.cs");
        var run = GeneratorHarness.RunCSharp(("Door.cs", declaration), ("Door.User.cs", LiveMachine.AttributeUserPart(declaration, "Demo.Doors.Door")),
            ("Uses.cs", Uses("DoorState")));
        Assert.Empty(run.CompilationDiagnostics);
        Assert.Equal(s_warnedLines, Analyze(run.Output, run.Files).Select(d => d.Location.GetLineSpan().StartLinePosition.Line + 1));
    }

    [Theory]
    [InlineData("d.Current == Door.State.Shut", "d.IsIn(Door.State.Shut)")]
    [InlineData("d.Current != Door.State.Shut", "!d.IsIn(Door.State.Shut)")]
    [InlineData("d.Current is Door.State.Shut", "d.IsIn(Door.State.Shut)")]
    [InlineData("d.Current is not Door.State.Shut", "!d.IsIn(Door.State.Shut)")]
    [InlineData("Door.State.Shut == d.Current", "d.IsIn(Door.State.Shut)")]
    public async System.Threading.Tasks.Task TheFixRewritesTheComparisonAsIsIn(string comparison, string fixedText)
    {
        var fsm = GeneratorHarness.ReadMachine("door.fsm");
        var run = GeneratorHarness.Run(new[] { ("door.fsm", fsm) }, new[] { ("Door.cs", LiveMachine.UserPart(fsm)), ("Uses.cs", Uses("Door.State")) });
        var diagnostic = Analyze(run.Output, run.Files).Single(d => d.Location.SourceTree!.GetText().ToString(d.Location.SourceSpan) == comparison);

        using var workspace = new AdhocWorkspace();
        var project = workspace.AddProject("Uses", LanguageNames.CSharp);
        var document = project.AddDocument("Uses.cs", diagnostic.Location.SourceTree!.GetText());
        var actions = new List<CodeAction>();
        var context = new CodeFixContext(document, diagnostic, (action, _) => actions.Add(action), CancellationToken.None);
        await new CompositeComparisonCodeFix().RegisterCodeFixesAsync(context);
        var operation = Assert.Single((await Assert.Single(actions).GetOperationsAsync(CancellationToken.None)).OfType<ApplyChangesOperation>());
        var text = (await operation.ChangedSolution.GetDocument(document.Id)!.GetTextAsync()).ToString();
        Assert.Contains(fixedText, text, StringComparison.Ordinal);
        Assert.DoesNotContain(comparison, text, StringComparison.Ordinal);
    }

    [Fact]
    public async System.Threading.Tasks.Task ACaseOfASwitchIsWarnedButHasNoOneLineFix()
    {
        var fsm = GeneratorHarness.ReadMachine("door.fsm");
        var run = GeneratorHarness.Run(new[] { ("door.fsm", fsm) }, new[] { ("Door.cs", LiveMachine.UserPart(fsm)), ("Uses.cs", Uses("Door.State")) });
        var diagnostic = Analyze(run.Output, run.Files).Single(d => d.Location.GetLineSpan().StartLinePosition.Line + 1 == 9);
        using var workspace = new AdhocWorkspace();
        var document = workspace.AddProject("Uses", LanguageNames.CSharp).AddDocument("Uses.cs", diagnostic.Location.SourceTree!.GetText());
        var actions = new List<CodeAction>();
        await new CompositeComparisonCodeFix().RegisterCodeFixesAsync(new CodeFixContext(document, diagnostic, (action, _) => actions.Add(action), CancellationToken.None));
        Assert.Empty(actions);
    }
}
