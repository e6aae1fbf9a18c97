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
        "Parse", "Analyze", "ClassNames", "Machines", "Emit",
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
        Assert.All(result.TrackedOutputSteps.SelectMany(s => s.Value).SelectMany(s => s.Outputs),
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
        AssertNothingRegenerated(driver.GetRunResult().Results.Single());
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
        AssertNothingRegenerated(driver.GetRunResult().Results.Single(), "Parse", "Analyze", "Machines", "UserMethods", "Outline");
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
        var emit = driver.GetRunResult().Results.Single().TrackedSteps["Emit"].SelectMany(s => s.Outputs).ToList();
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
