using System;
using System.Collections.Generic;
using System.Linq;
using System.Reflection;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using TcpFsmGen.Generator;
using TcpFsmGen.Tests.Infrastructure;
using Xunit;

namespace TcpFsmGen.Tests;

/// <summary>The incremental pipeline's promises: edits that do not touch a .fsm regenerate nothing.</summary>
public class IncrementalTests
{
    private static readonly string[] s_steps =
    {
        TrackingNames.Parse, TrackingNames.Analyze, TrackingNames.ClassNames, TrackingNames.UserClasses, TrackingNames.Machines, TrackingNames.Emit,
    };

    private static (GeneratorDriver Driver, CSharpCompilation Compilation) FirstRun()
    {
        var compilation = GeneratorHarness.CreateCompilation(new[] { "class Unrelated { }", LiveMachine.UserPart(GeneratorHarness.ReadMachine("door.fsm")) });
        var driver = GeneratorHarness.CreateDriver(new[] { ("door.fsm", GeneratorHarness.ReadMachine("door.fsm")) })
            .RunGenerators(compilation);
        return (driver, compilation);
    }

    private static void AssertNothingRegenerated(GeneratorRunResult result, params string[] steps)
    {
        foreach (var step in steps.Length > 0 ? steps : s_steps)
        {
            Assert.True(result.TrackedSteps.ContainsKey(step), $"step {step} was not tracked");
            var reasons = result.TrackedSteps[step].SelectMany(s => s.Outputs).Select(o => o.Reason).ToList();
            Assert.NotEmpty(reasons);
            Assert.All(reasons, r => Assert.True(r is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged, $"{step}: {r}"));
        }
        // The generated sources; the diagnostics are an implementation output, which reads the compilation's trees
        // (and so runs after every edit) but never holds up a source.
        Assert.All(result.TrackedOutputSteps[WellKnownGeneratorOutputs.SourceOutput].SelectMany(s => s.Outputs),
            o => Assert.Equal(IncrementalStepRunReason.Cached, o.Reason));
    }

    [Fact]
    public void EditingAnUnrelatedCSharpFileRegeneratesNothing()
    {
        var (driver, compilation) = FirstRun();
        var first = driver.GetRunResult().Results.Single();

        var tree = compilation.SyntaxTrees.First();
        var edited = compilation.ReplaceSyntaxTree(tree, tree.WithChangedText(Microsoft.CodeAnalysis.Text.SourceText.From("class Unrelated { int _x; }")));
        driver = driver.RunGenerators(edited);
        var second = driver.GetRunResult().Results.Single();

        AssertNothingRegenerated(second);
        Assert.Equal(first.GeneratedSources.Single().SourceText.ToString(), second.GeneratedSources.Single().SourceText.ToString());
    }

    [Fact]
    public void EditingAMethodBodyInTheMachinesOwnClassRegeneratesNothing()
    {
        var (driver, compilation) = FirstRun();
        var tree = compilation.SyntaxTrees.Last();
        var text = tree.ToString().Replace("TestNote(\"LightOn\")", "TestNote(\"light on\")", StringComparison.Ordinal);
        Assert.NotEqual(tree.ToString(), text);
        driver = driver.RunGenerators(compilation.ReplaceSyntaxTree(tree, tree.WithChangedText(Microsoft.CodeAnalysis.Text.SourceText.From(text))));
        // The methods after the edit moved, so the class is read again (its methods carry their positions, for
        // TFSM0208); everything from there on is equal to before, so nothing is emitted again.
        var result = driver.GetRunResult().Results.Single();
        Assert.Contains(result.TrackedSteps[TrackingNames.UserClasses].SelectMany(s => s.Outputs), o => o.Reason == IncrementalStepRunReason.Modified);
        AssertNothingRegenerated(result, s_steps.Where(s => s != TrackingNames.UserClasses).ToArray());
    }

    [Fact]
    public void WhileAMachineIsBrokenEditingAMethodBodyRegeneratesNothing()
    {
        var compilation = GeneratorHarness.CreateCompilation(new[] { "namespace Demo { partial class M { partial void Log() { var a = 1; } } }" });
        var driver = GeneratorHarness.CreateDriver(new[] { ("m.fsm", "machine Demo.M;\nevents Go;\ninitial S;\nstate S { on Go -> Nowhere / Log; }") })
            .RunGenerators(compilation);
        var tree = compilation.SyntaxTrees.Single();
        driver = driver.RunGenerators(compilation.ReplaceSyntaxTree(tree,
            tree.WithChangedText(Microsoft.CodeAnalysis.Text.SourceText.From("namespace Demo { partial class M { partial void Log() { var b = 2; } } }"))));
        AssertNothingRegenerated(driver.GetRunResult().Results.Single(), TrackingNames.Parse, TrackingNames.Analyze, TrackingNames.Machines, TrackingNames.Emit);
        Assert.Contains("only the outline", driver.GetRunResult().Results.Single().GeneratedSources.Single().SourceText.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void AddingAnUnrelatedFileRegeneratesNothing()
    {
        var (driver, compilation) = FirstRun();
        driver = driver.RunGenerators(compilation.AddSyntaxTrees(CSharpSyntaxTree.ParseText("class Another { }", GeneratorHarness.ParseOptions)));
        AssertNothingRegenerated(driver.GetRunResult().Results.Single());
    }

    [Fact]
    public void EditingAnotherFsmFileLeavesThisMachinesOutputCached()
    {
        var driver = GeneratorHarness.CreateDriver(new[] { ("door.fsm", GeneratorHarness.ReadMachine("door.fsm")) });
        var compilation = GeneratorHarness.CreateCompilation(Array.Empty<string>());
        var other = new InMemoryAdditionalText("other.fsm", "machine Demo.Other;\ninitial S;\nstate S;");
        driver = driver.AddAdditionalTexts(System.Collections.Immutable.ImmutableArray.Create<AdditionalText>(other)).RunGenerators(compilation);
        driver = driver.ReplaceAdditionalText(other, new InMemoryAdditionalText("other.fsm", "machine Demo.Other;\ninitial T;\nstate T;"))
            .RunGenerators(compilation);
        var emit = driver.GetRunResult().Results.Single().TrackedSteps[TrackingNames.Emit].SelectMany(s => s.Outputs).ToList();
        Assert.Contains(emit, o => o.Reason is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged);
        Assert.Contains(emit, o => o.Reason is IncrementalStepRunReason.Modified or IncrementalStepRunReason.New);
    }

    [Fact]
    public void NoStepOutputHoldsACompilationSymbolOrSyntaxNode()
    {
        var (driver, _) = FirstRun();
        var result = driver.GetRunResult().Results.Single();
        foreach (var (name, steps) in result.TrackedSteps.Where(s => s_steps.Contains(s.Key)))
        {
            foreach (var output in steps.SelectMany(s => s.Outputs))
            {
                AssertPlainValue(output.Value, name, new HashSet<object>(ReferenceEqualityComparer.Instance));
            }
        }
    }

    private static readonly string[] s_attributeSteps = { TrackingNames.ReadAttributes, TrackingNames.Analyze, TrackingNames.Machines, TrackingNames.Emit };

    /// <summary>The attribute door with its methods in the same file, beside an unrelated file.</summary>
    private static (GeneratorDriver Driver, CSharpCompilation Compilation) FirstAttributeRun()
    {
        var declaration = GeneratorHarness.ReadMachine("door.attributes.cs");
        var methods = LiveMachine.AttributeUserPart(declaration, "Demo.Doors.Door");
        // One file: the attributes, then the class's own methods (a namespace block, after the file-scoped one is removed).
        var door = declaration.Replace("namespace Demo.Doors;", "namespace Demo.Doors {", StringComparison.Ordinal) + "\n}\n" + methods;
        var compilation = GeneratorHarness.CreateCompilation(new[] { ("Unrelated.cs", "class Unrelated { }"), ("Door.cs", door) });
        var driver = GeneratorHarness.CreateDriver(System.Collections.Immutable.ImmutableArray<AdditionalText>.Empty).RunGenerators(compilation);
        Assert.Equal(new[] { "Demo.Doors.Door.g.cs" }, driver.GetRunResult().Results.Single().GeneratedSources.Select(s => s.HintName));
        Assert.Empty(compilation.AddSyntaxTrees(driver.GetRunResult().GeneratedTrees).GetDiagnostics().Where(d => d.Severity >= DiagnosticSeverity.Warning));
        return (driver, compilation);
    }

    private static CSharpCompilation Edit(CSharpCompilation compilation, string path, string find, string replace)
    {
        var tree = compilation.SyntaxTrees.Single(t => t.FilePath == path);
        var text = tree.ToString().Replace(find, replace, StringComparison.Ordinal);
        Assert.NotEqual(tree.ToString(), text);
        return compilation.ReplaceSyntaxTree(tree, tree.WithChangedText(Microsoft.CodeAnalysis.Text.SourceText.From(text)));
    }

    [Fact]
    public void AttributeMachine_EditingAnUnrelatedFileRegeneratesNothing()
    {
        var (driver, compilation) = FirstAttributeRun();
        driver = driver.RunGenerators(Edit(compilation, "Unrelated.cs", "{ }", "{ int _x; }"));
        AssertNothingRegenerated(driver.GetRunResult().Results.Single(), s_attributeSteps);
    }

    [Fact]
    public void AttributeMachine_EditingAMethodBodyInTheMachinesOwnClassRegeneratesNothing()
    {
        var (driver, compilation) = FirstAttributeRun();
        driver = driver.RunGenerators(Edit(compilation, "Door.cs", "TestNote(\"LightOn\")", "TestNote(\"light on\")"));
        var result = driver.GetRunResult().Results.Single();
        // The class's file changed, so the attributes are read again; what they give is equal, so nothing is emitted.
        Assert.Contains(result.TrackedSteps[TrackingNames.ReadAttributes].SelectMany(s => s.Outputs), o => o.Reason == IncrementalStepRunReason.Unchanged);
        AssertNothingRegenerated(result, s_attributeSteps);
    }

    [Fact]
    public void AttributeMachine_EditingAnAttributeRegenerates()
    {
        // The control for the two tests above: a real change to the machine is seen.
        var (driver, compilation) = FirstAttributeRun();
        driver = driver.RunGenerators(Edit(compilation, "Door.cs", "Milliseconds = 30_000", "Milliseconds = 20_000"));
        var emit = driver.GetRunResult().Results.Single().TrackedSteps[TrackingNames.Emit].SelectMany(s => s.Outputs);
        Assert.Contains(emit, o => o.Reason == IncrementalStepRunReason.Modified);
        Assert.Contains("FromTicks(200000000L) /* 20s */", driver.GetRunResult().Results.Single().GeneratedSources.Single().SourceText.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void AttributeMachine_NoStepOutputHoldsACompilationSymbolOrSyntaxNode()
    {
        var (driver, _) = FirstAttributeRun();
        var result = driver.GetRunResult().Results.Single();
        foreach (var name in s_attributeSteps)
        {
            foreach (var output in result.TrackedSteps[name].SelectMany(s => s.Outputs))
            {
                AssertPlainValue(output.Value, name, new HashSet<object>(ReferenceEqualityComparer.Instance));
            }
        }
    }

    /// <summary>Walks the object graph of a step's output and fails on anything that would pin a compilation in memory.</summary>
    private static void AssertPlainValue(object? value, string step, HashSet<object> seen)
    {
        if (value is null || value is string || value.GetType().IsPrimitive || value.GetType().IsEnum) return;
        if (!value.GetType().IsValueType && !seen.Add(value)) return;
        Assert.False(value is Compilation or ISymbol or SyntaxNode or SyntaxTree or Location or AdditionalText,
            $"step {step} holds a {value.GetType().Name}");
        if (value is System.Collections.IEnumerable items)
        {
            foreach (var item in items) AssertPlainValue(item, step, seen);
        }
        foreach (var field in value.GetType().GetFields(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic))
        {
            if (field.FieldType.IsPointer) continue;
            AssertPlainValue(field.GetValue(value), step, seen);
        }
    }
}
