using System;
using System.IO;
using System.Linq;
using System.Text;
using TcpFsmGen.Cli;
using TcpFsmGen.Cli.Formatting;
using TcpFsmGen.Lsp.Tests.Infrastructure;
using Xunit;

namespace TcpFsmGen.Lsp.Tests;

/// <summary>The canonical layout: what it is, that it keeps every comment, that it means the same machine, and that a second pass changes nothing.</summary>
public sealed class FormatterTests
{
    private static string Format(string text)
    {
        var result = FsmFormatter.Format("m.fsm", text);
        Assert.True(result.Text is not null, result.Error);
        return result.Text!;
    }

    public static TheoryData<string> Samples => new()
    {
        "samples/Tcp/tcp.fsm",
        "samples/Door/door.fsm",
        "tests/TcpFsmGen.Tests/Machines/door.fsm",
        "tests/TcpFsmGen.Tests/Machines/hierarchy.fsm",
    };

    [Fact]
    public void AnyLayoutBecomesTheCanonicalOne()
    {
        const string messy = "  machine   Demo .Light ;events Switch,Dim ,Fail;\n\n\n\ntimer Cool=5s;initial Off;\n" +
                             "state Off{on Switch[ ! HasPower ]->On/Click,Beep;ignore Dim,Fail;}\n\n\n\n";
        Assert.Equal(
            "machine Demo.Light;\n" +
            "events Switch, Dim, Fail;\n" +
            "\n" +
            "timer Cool = 5s;\n" +
            "initial Off;\n" +
            "state Off {\n" +
            "  on Switch [!HasPower] -> On / Click, Beep;\n" +
            "  ignore Dim, Fail;\n" +
            "}\n",
            Format(messy));
    }

    [Fact]
    public void EveryCommentIsKeptInItsPlace()
    {
        const string input =
            "// header comment\nmachine M; // the machine\n\n/* block\n   comment */\nevents A, // first\n  B; // second\ninitial S;\n" +
            "state S { // open\n  on A -> S; /* inline */ // after\n\n\n  // own line\n  on B\n    /* mid */ -> S;\n  // before close\n}\n// end\n";
        Assert.Equal(
            "// header comment\n" +
            "machine M; // the machine\n" +
            "\n" +
            "/* block\n   comment */\n" +
            "events A, // first\n" +
            "  B;      // second\n" +
            "initial S;\n" +
            "state S {                 // open\n" +
            "  on A -> S; /* inline */ // after\n" +
            "\n" +
            "  // own line\n" +
            "  on B\n" +
            "    /* mid */ -> S;\n" +
            "  // before close\n" +
            "}\n" +
            "// end\n",
            Format(input));
    }

    [Fact]
    public void BlankLinesAreKeptAtMostOneAndNeverAtTheStartOrEndOfABlock()
    {
        Assert.Equal("machine M;\n\nevents A;\nstate S {\n  on A;\n\n  ignore B;\n}\n",
            Format("\n\nmachine M;\n\n\n\nevents A;\nstate S {\n\n\n  on A;\n\n\n  ignore B;\n\n}\n\n\n"));
    }

    [Fact]
    public void ACrlfFileStaysCrlf()
    {
        var crlf = RepoPaths.Door.Replace("\r\n", "\n").Replace("\n", "\r\n");
        var formatted = Format(crlf);
        Assert.Equal(Format(RepoPaths.Door).Replace("\n", "\r\n"), formatted);
        Assert.DoesNotContain("\n", formatted.Replace("\r\n", ""));
    }

    [Theory]
    [MemberData(nameof(Samples))]
    public void ASecondPassChangesNothing(string sample)
    {
        var once = Format(File.ReadAllText(RepoPaths.Combine(sample.Split('/'))));
        Assert.Equal(once, Format(once));
    }

    [Theory]
    [MemberData(nameof(Samples))]
    public void SpacesWithinLinesDoNotMatter(string sample)
    {
        var text = File.ReadAllText(RepoPaths.Combine(sample.Split('/')));
        var random = new Random(12);
        // Outside comments only: the spaces around each token, made one to three spaces or tabs, or none where that cannot join two words.
        var mangled = new StringBuilder();
        var inComment = false;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (!inComment && c == '/' && i + 1 < text.Length && text[i + 1] == '/') inComment = true;
            if (c == '\n') inComment = false;
            if (!inComment && c == ' ') mangled.Append(random.Next(3) switch { 0 => " ", 1 => "\t ", _ => "   " });
            else mangled.Append(c);
        }
        Assert.Equal(Format(text), Format(mangled.ToString()));
    }

    [Theory]
    [MemberData(nameof(Samples))]
    public void TheFormattedMachineIsTheSameMachine(string sample)
    {
        // The same diagram (every state, transition, guard and action) and the same diagnostics, by 'fsm graph' and 'fsm check'.
        var folder = Directory.CreateTempSubdirectory("lsp-format-").FullName;
        try
        {
            var before = Path.Combine(folder, "before.fsm");
            var after = Path.Combine(folder, "after.fsm");
            var text = File.ReadAllText(RepoPaths.Combine(sample.Split('/')));
            File.WriteAllText(before, text);
            File.WriteAllText(after, Format(text));
            var diagram = Run("graph", before);
            Assert.StartsWith("stateDiagram-v2", diagram.TrimStart());
            Assert.Equal(diagram.Replace("before.fsm", "x"), Run("graph", after).Replace("after.fsm", "x"));
            Assert.Equal(Ids(Run("check", before)), Ids(Run("check", after)));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }

        static string Run(string command, string path)
        {
            var output = new StringWriter();
            FsmCommand.Run([command, path], output, new StringWriter());
            return output.ToString();
        }

        static string[] Ids(string check) => check.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.Substring(l.IndexOf("): ", StringComparison.Ordinal))).ToArray();
    }

    [Fact]
    public void AFileWithASyntaxErrorIsRefusedAndNamesTheLine()
    {
        var result = FsmFormatter.Format("m.fsm", "machine M;\nevents A\nstate S;\n");
        Assert.Null(result.Text);
        Assert.Equal("Not formatted: line 2 has a syntax error (TFSM0001: Expected ';' or ',' after the event name, but found 'state'); fix it first, so that no text is lost", result.Error);

        var stray = FsmFormatter.Format("m.fsm", "machine M;\nevents A; #\n");
        Assert.Null(stray.Text);
        Assert.StartsWith("Not formatted: line 2 has a syntax error (TFSM0001: Unexpected character '#')", stray.Error);
    }

    [Fact]
    public void ALineAtATimeMeansTheSameAsOneStatementPerLine()
    {
        var oneLine = string.Join(" ", Machines.Light.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Equal(Format(Machines.Light.Replace("\n\n", "\n")), Format(oneLine));
    }
}
