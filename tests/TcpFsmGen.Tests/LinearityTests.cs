using System.Diagnostics;
using System.Linq;
using System.Text;
using Microsoft.CodeAnalysis.Text;
using TcpFsmGen.Generator.Analysis;
using TcpFsmGen.Generator.Diagnostics;
using TcpFsmGen.Generator.Emit;
using TcpFsmGen.Generator.Parsing;
using Xunit;

namespace TcpFsmGen.Tests;

/// <summary>
/// The generator stays linear in the size of the machine, whatever its shape: many unknown names, one very long
/// name, deep nesting, handlers inherited by many leaves. Sizes are compared at n and 2n; time bounds are
/// generous and used only where no size shows the cost.
/// </summary>
public class LinearityTests
{
    private static string Emit(string text)
    {
        var parsed = FsmParser.Parse("m.fsm", text);
        var analyzed = MachineAnalysis.Run(parsed.Machine, parsed.Diagnostics);
        Assert.DoesNotContain(analyzed.Diagnostics, d => d.IsError);
        return MachineEmitter.Emit(parsed.Machine).Text;
    }

    /// <summary>A chain of <paramref name="depth"/> nested composites, each with a leaf, an entry and an exit action.</summary>
    private static string Nested(int depth)
    {
        var text = new StringBuilder("machine Deep.M;\nevents Go, Back;\ninitial S0;\n");
        for (var i = 0; i < depth; i++)
        {
            text.Append("state S").Append(i).Append(" {\ninitial ").Append(i + 1 < depth ? "S" + (i + 1) : "L" + i).Append(";\n");
            text.Append("exit / X;\nstate L").Append(i).Append(" { on Go -> S0; ignore Back; }\n");
        }
        text.Append("state L").Append(depth).Append(" { on Back -> L0; ignore Go; }\n");
        text.Append('}', depth).Append('\n');
        return text.ToString();
    }

    [Fact]
    public void GeneratedCodeOfNestedStatesIsLinearInTheDepth()
    {
        var small = Emit(Nested(100)).Length;
        var large = Emit(Nested(200)).Length;
        Assert.True(large < 2.5 * small, $"depth 100: {small} chars; depth 200: {large} chars");
    }

    /// <summary>One composite with <paramref name="n"/> leaves, <paramref name="n"/> events and <paramref name="n"/> timers, all handled on the composite.</summary>
    private static string Inherited(int n)
    {
        var text = new StringBuilder("machine Wide.M;\nevents ");
        text.Append(string.Join(", ", Enumerable.Range(0, n).Select(e => "E" + e))).Append(";\n");
        for (var t = 0; t < n; t++) text.Append("timer T").Append(t).Append(" = ").Append(t + 1).Append("s;\n");
        text.Append("initial C;\nstate C {\ninitial L0;\nexit / Leave;\n");
        for (var e = 0; e < n; e++) text.Append("on E").Append(e).Append(" -> L").Append((e * 7) % n).Append(" / A;\n");
        for (var t = 0; t < n; t++) text.Append("after T").Append(t).Append(" -> L").Append((t * 3) % n).Append(";\n");
        for (var l = 0; l < n; l++) text.Append("state L").Append(l).Append(" { exit / Out; }\n");
        text.Append("}\n");
        return text.ToString();
    }

    [Fact]
    public void HandlersOfACompositeAreWrittenOnceNotOncePerLeaf()
    {
        var small = Emit(Inherited(60)).Length;
        var large = Emit(Inherited(120)).Length;
        Assert.True(large < 2.5 * small, $"n = 60: {small} chars; n = 120: {large} chars");
    }

    [Fact]
    public void StatesNestedThousandsDeepParseWithoutRecursion()
    {
        var text = "machine M;\n" + string.Concat(Enumerable.Repeat("state A {\n", 20_000));
        var parsed = FsmParser.Parse("m.fsm", text);
        Assert.Equal(20_000, parsed.Machine.States.Count);
        Assert.Equal(19_998, parsed.Machine.States[19_999].Parent);
        Assert.Equal(20_000, parsed.Diagnostics.Count(d => d.Message.StartsWith("Expected '}' to close state 'A'", System.StringComparison.Ordinal)));

        // A valid machine that deep: analysis, emitter and diagrams walk it without recursion too.
        var deep = Emit(Nested(5_000));
        Assert.Contains("__Dispatch", deep);
    }

    [Fact]
    public void TenThousandUnknownNamesCostLinearTime()
    {
        var text = new StringBuilder("machine M;\nevents E;\ninitial S0;\n");
        for (var i = 0; i < 10_000; i++) text.Append("state S").Append(i).Append(" { on E -> T").Append(i).Append("; }\n");
        var parsed = FsmParser.Parse("m.fsm", text.ToString());
        var watch = Stopwatch.StartNew();
        var diagnostics = MachineAnalysis.Run(parsed.Machine, parsed.Diagnostics).Diagnostics;
        watch.Stop();
        var unknown = diagnostics.Where(d => d.Id == DiagnosticDescriptors.UnknownState.Id).ToList();
        Assert.Equal(10_000, unknown.Count);
        // The first unknown names still get their suggestion.
        Assert.Contains("did you mean 'S0'", unknown[0].Message);
        Assert.True(watch.Elapsed.TotalSeconds < 5, $"{watch.Elapsed.TotalSeconds:F1} s");
    }

    [Fact]
    public void AVeryLongNameCostsLinearTime()
    {
        var name = "N" + new string('x', 50_000);
        var near = "N" + new string('x', 49_999) + "y";
        var text = $"machine M;\nevents E;\ninitial {name};\nstate {name} {{ on E -> {near}; }}\n";
        var watch = Stopwatch.StartNew();
        var parsed = FsmParser.Parse("m.fsm", text);
        var diagnostics = MachineAnalysis.Run(parsed.Machine, parsed.Diagnostics).Diagnostics;
        watch.Stop();
        Assert.Contains(diagnostics, d => d.Id == DiagnosticDescriptors.UnknownState.Id);
        Assert.True(watch.Elapsed.TotalSeconds < 2, $"{watch.Elapsed.TotalSeconds:F1} s");
    }

    [Fact]
    public void NameSuggestionsAreBoundedAndStillFindTheNearestName()
    {
        var declared = new[] { "Opened", "Closed", "Locked" }.ToList();
        Assert.Equal("; did you mean 'Closed'?", NameSuggestions.DidYouMean("Closd", declared));
        Assert.Equal("; did you mean 'Opened'?", NameSuggestions.DidYouMean("opend", declared));
        Assert.Equal("", NameSuggestions.DidYouMean("Zzzzzzzz", declared));
        Assert.Equal(3, NameSuggestions.Distance("kitten", "sitting"));
        Assert.True(NameSuggestions.Distance("kitten", "sitting", 1) > 1);
    }

    [Fact]
    public void FormatCharactersInNamesAreIgnoredAsInCSharp()
    {
        var text = "machine M;\nevents E;\ninitial A\u00ADB;\nstate AB { on E -> A\u200BB; }\nstate C\u2060D\uFEFF;\n";
        var parsed = FsmParser.Parse("m.fsm", text);
        Assert.Empty(parsed.Diagnostics);
        Assert.Equal("AB", parsed.Machine.Initials.Single().Text);
        Assert.Equal("AB", parsed.Machine.States[0].Transitions.Single().Target?.Text);
        Assert.Equal("CD", parsed.Machine.States[1].Name.Text);
        Assert.DoesNotContain(MachineAnalysis.Run(parsed.Machine, parsed.Diagnostics).Diagnostics, d => d.Id == DiagnosticDescriptors.UnknownState.Id);
    }

    [Fact]
    public void LinesAndColumnsAreRoslynsForEveryLineBreak()
    {
        var text = "machine M;\revents E;\r\ninitial A;\u0085state A {\u2028on E -> B; // note\u2029}\nstate B /* a\u2028b */ { ignore E; }\n";
        var tokens = Lexer.Tokenize("m.fsm", text, new(), default);
        var lines = SourceText.From(text).Lines;
        foreach (var token in tokens)
        {
            var position = lines.GetLinePosition(token.Span.Start);
            Assert.Equal((position.Line, position.Character), (token.Span.StartLine, token.Span.StartColumn));
        }
        Assert.Equal(7, tokens.Single(t => t.Text == "ignore").Span.StartLine);
    }
}
