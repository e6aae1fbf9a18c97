using System;
using System.IO;
using System.Linq;
using System.Reflection;
using TcpFsmGen.Tests.Infrastructure;
using Xunit;

namespace TcpFsmGen.Tests;

/// <summary>The <c>Mermaid</c> and <c>Dot</c> constants every generated machine carries.</summary>
public class DiagramTests
{
    /// <summary>The <c>Mermaid</c> and <c>Dot</c> constants of the class generated from <paramref name="fsm"/>.</summary>
    internal static (string Mermaid, string Dot) Diagrams(string path, string fsm, string className)
    {
        // The TCP sample's segment events carry its Segment type, so that machine is compiled with Segment.cs.
        var run = path == "tcp.fsm"
            ? GeneratorHarness.Run(path, fsm, LiveMachine.UserPart(fsm, path), File.ReadAllText(RepoPaths.Combine("samples", "Tcp", "Segment.cs")))
            : GeneratorHarness.Run(path, fsm, LiveMachine.UserPart(fsm, path));
        var type = GeneratorHarness.Load(run).GetType(className)!;
        string Constant(string name)
        {
            var field = type.GetField(name, BindingFlags.Public | BindingFlags.Static)!;
            Assert.True(field.IsLiteral, $"{name} is a const");
            return (string)field.GetRawConstantValue()!;
        }
        return (Constant("Mermaid"), Constant("Dot"));
    }

    private static string Machine(string name) => name == "tcp.fsm"
        ? File.ReadAllText(RepoPaths.Combine("samples", "Tcp", "tcp.fsm"))
        : GeneratorHarness.ReadMachine(name);

    private static string ClassOf(string name) => name switch
    {
        "door.fsm" => "Demo.Doors.Door",
        "hierarchy.fsm" => "Demo.Jobs.Job",
        _ => "TcpFsmGen.Samples.Tcp.TcpEndpoint",
    };

    [Fact]
    public void TheDoorsMermaidShowsItsHierarchyGuardsTimersAndActions()
    {
        var (mermaid, _) = Diagrams("door.fsm", GeneratorHarness.ReadMachine("door.fsm"), "Demo.Doors.Door");
        Assert.Equal(
            """
            stateDiagram-v2
                [*] --> Shut
                Opened : entry / LightOn
                Opened : exit / LightOff
                state Shut {
                    [*] --> Closed
                    Closed --> Closed : Open / Complain
                    Closed --> Locked : Lock
                    Locked --> Closed : Unlock
                }
                note right of Shut
                    Knock / Answer (internal)
                end note
                Opened --> Closed : Close
                Opened --> Closed : after AutoClose (30s) / Beep
                Closed --> Opened : Open [IsNotBlocked]

            """.Replace("\r\n", "\n"), mermaid);
    }

    [Fact]
    public void FinalStatesAndLiteralTimersAppearInTheMermaid()
    {
        const string fsm = """
            machine M;
            events Go;
            initial A;
            state A { on Go [!Ready] -> A; on Go -> B; }
            state B { after 250ms -> Done / Log; ignore Go; }
            final state Done;
            """;
        var (mermaid, _) = Diagrams("m.fsm", fsm, "M");
        Assert.Contains("    A --> A : Go [!Ready]\n", mermaid);
        Assert.Contains("    B --> Done : after 250ms / Log\n", mermaid);
        Assert.Contains("    Done --> [*]\n", mermaid);
    }

    [Fact]
    public void TheTcpMermaidNamesEveryRfcState()
    {
        var (mermaid, _) = Diagrams("tcp.fsm", Machine("tcp.fsm"), ClassOf("tcp.fsm"));
        foreach (var state in new[] { "Closed", "Listen", "SynSent", "SynReceived", "Established", "FinWait1", "FinWait2", "CloseWait", "Closing", "LastAck", "TimeWait" })
        {
            Assert.Contains(state, mermaid);
        }
        Assert.Contains("after TwoMsl", mermaid);
    }

    [Fact]
    public void TheDoorsDotClustersTheCompositeAndClipsArrowsToIt()
    {
        var (_, dot) = Diagrams("door.fsm", GeneratorHarness.ReadMachine("door.fsm"), "Demo.Doors.Door");
        Assert.StartsWith("digraph \"Demo.Doors.Door\" {\n", dot);
        Assert.Contains("subgraph \"cluster_Shut\" {", dot);
        Assert.Contains("label=\"Shut\\nKnock / Answer (internal)\";", dot);
        Assert.Contains("\"__initial\" -> \"Closed\" [lhead=\"cluster_Shut\"];", dot);
        Assert.Contains("\"Opened\" -> \"Closed\" [label=\"after AutoClose (30s) / Beep\"];", dot);
        Assert.Contains("\"Opened\" [label=\"Opened\\nentry / LightOn\\nexit / LightOff\"];", dot);
    }

    [GraphvizTheory]
    [InlineData("door.fsm")]
    [InlineData("hierarchy.fsm")]
    [InlineData("tcp.fsm")]
    public void GraphvizRendersTheDotWithoutComplaint(string machine)
    {
        var (_, dot) = Diagrams(machine, Machine(machine), ClassOf(machine));
        var result = ProcessRunner.Run("dot", ["-Tsvg"], standardInput: dot, timeout: TimeSpan.FromMinutes(1));
        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.True(result.Error.Length == 0, "dot printed warnings:\n" + result.Error);
        Assert.Contains("<svg", result.Output);
        var nodes = result.Output.Split('\n').Count(line => line.Contains("class=\"node\"", StringComparison.Ordinal));
        Assert.True(nodes > 0, "the SVG has no nodes");
    }
}

/// <summary>The README shows the TCP machine's diagram; it must be the one the generator makes today.</summary>
public class ReadmeDiagramTests
{
    [Fact]
    public void TheReadmesTcpDiagramIsTheGeneratedOne()
    {
        var readme = File.ReadAllText(RepoPaths.Combine("README.md")).Replace("\r\n", "\n");
        var start = readme.IndexOf("<!-- tcp-diagram -->\n```mermaid\n", StringComparison.Ordinal);
        Assert.True(start >= 0, "README.md has no TCP diagram block");
        start = readme.IndexOf("```mermaid\n", start, StringComparison.Ordinal) + "```mermaid\n".Length;
        var end = readme.IndexOf("```", start, StringComparison.Ordinal);
        Assert.Equal(TcpFsmGen.Samples.Tcp.TcpEndpoint.Mermaid, readme[start..end]);
    }
}
