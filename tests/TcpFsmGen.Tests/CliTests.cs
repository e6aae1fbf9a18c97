using System;
using System.IO;
using System.Linq;
using TcpFsmGen.Cli;
using TcpFsmGen.Tests.Infrastructure;
using Xunit;

namespace TcpFsmGen.Tests;

/// <summary>The <c>fsm</c> command, run in-process: check, graph and new.</summary>
public sealed class CliTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("tcpfsmgen-cli-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private static (int Exit, string Output, string Error) Fsm(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var exit = FsmCommand.Run(args, output, error);
        return (exit, output.ToString(), error.ToString());
    }

    private string Write(string name, string text)
    {
        var path = Path.Combine(_folder, name);
        File.WriteAllText(path, text);
        return path;
    }

    private static string[] Lines(string text) => text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    [Fact]
    public void CheckFindsNothingInTheTcpSample()
    {
        var (exit, output, error) = Fsm("check", RepoPaths.Combine("samples", "Tcp", "tcp.fsm"));
        Assert.Equal(0, exit);
        Assert.Equal("", output);
        Assert.Equal("1 file(s): 0 error(s), 0 warning(s)", error.Trim());
    }

    [Fact]
    public void CheckReportsErrorsInTheCompilersFormatAndExitsWithOne()
    {
        var path = Write("door.fsm", GeneratorHarness.ReadMachine("door.fsm").Replace("on Lock -> Locked;", "on Lok -> Lockd;"));
        var (exit, output, error) = Fsm("check", path);
        Assert.Equal(1, exit);
        Assert.Equal(new[]
        {
            $"{path}(23,8): error TFSM0003: Event 'Lok' is not declared; did you mean 'Lock'?",
            $"{path}(23,15): error TFSM0002: State 'Lockd' is not declared; did you mean 'Locked'?",
        }, Lines(output));
        Assert.Equal("1 file(s): 2 error(s), 0 warning(s)", error.Trim());
    }

    [Fact]
    public void WarningsExitWithZeroUnlessWarnaserror()
    {
        var path = Write("m.fsm", "machine M;\nevents Go, Stop;\ninitial A;\nstate A { on Go -> B; }\nstate B { on Stop -> A; }\n");
        var (exit, output, _) = Fsm("check", path);
        Assert.Equal(0, exit);
        Assert.Equal(new[]
        {
            $"{path}(4,7): warning TFSM0102: State 'A' does not handle event 'Stop'; add transitions or 'ignore Stop;'",
            $"{path}(5,7): warning TFSM0102: State 'B' does not handle event 'Go'; add transitions or 'ignore Go;'",
        }, Lines(output));

        (exit, output, _) = Fsm("check", "--warnaserror", path);
        Assert.Equal(1, exit);
        Assert.All(Lines(output), line => Assert.Contains(": error TFSM0102: ", line));
    }

    [Fact]
    public void CheckSeesTwoMachinesWithOneClassAcrossFiles()
    {
        var a = Write("a.fsm", "machine Same;\nevents Go;\ninitial A;\nstate A { on Go -> A; }\n");
        var b = Write("b.fsm", "machine Same;\nevents Go;\ninitial A;\nstate A { on Go -> A; }\n");
        var (exit, output, _) = Fsm("check", a, b);
        Assert.Equal(1, exit);
        // As in the build: the second declaration is the duplicate.
        var duplicate = Assert.Single(Lines(output), line => line.Contains(": error ", StringComparison.Ordinal));
        Assert.StartsWith($"{b}(1,9): error TFSM0004: ", duplicate);
    }

    [Fact]
    public void AMissingFileOrMissingArgumentIsAUsageError()
    {
        var (exit, _, error) = Fsm("check", Path.Combine(_folder, "nope.fsm"));
        Assert.Equal(2, exit);
        Assert.Contains("cannot read", error);
        Assert.Contains("no such file", error);

        (exit, _, error) = Fsm("check");
        Assert.Equal(2, exit);
        Assert.Contains("Required argument missing", error);

        (exit, _, error) = Fsm("graph", Path.Combine(_folder, "x.fsm"), "--format", "png");
        Assert.Equal(2, exit);
        Assert.Contains("'png'", error);
    }

    [Theory]
    [InlineData("mermaid", "Mermaid")]
    [InlineData("dot", "Dot")]
    public void GraphPrintsTheSameDiagramTheGeneratedClassCarries(string format, string constant)
    {
        var fsm = GeneratorHarness.ReadMachine("door.fsm");
        var (exit, output, _) = Fsm("graph", Write("door.fsm", fsm), "--format", format);
        Assert.Equal(0, exit);
        var (mermaid, dot) = DiagramTests.Diagrams("door.fsm", fsm, "Demo.Doors.Door");
        Assert.Equal(constant == "Mermaid" ? mermaid : dot, output);
    }

    [Fact]
    public void GraphOfABrokenMachineListsItsErrors()
    {
        var path = Write("m.fsm", "machine M;\nevents Go;\ninitial A;\nstate A { on Go -> B; }\n");
        var (exit, output, error) = Fsm("graph", path);
        Assert.Equal(1, exit);
        Assert.Equal("", output);
        Assert.Contains($"{path}(4,20): error TFSM0002: State 'B' is not declared", error);
    }

    [GraphvizTheory]
    [InlineData("door.fsm")]
    public void GraphWritesSvgThroughGraphviz(string machine)
    {
        var svg = Path.Combine(_folder, "door.svg");
        var (exit, output, error) = Fsm("graph", Write(machine, GeneratorHarness.ReadMachine(machine)), "--format", "svg", "--output", svg);
        Assert.True(exit == 0, error);
        Assert.Equal("", output);
        var text = File.ReadAllText(svg);
        Assert.Contains("<svg", text);
        Assert.Contains(">Opened</text>", text);
    }

    [Fact]
    public void NewWritesAMachineThatChecksCleanAndCompiles()
    {
        var (exit, output, _) = Fsm("new", "Demo.Lights.Light", "--output", _folder);
        Assert.Equal(0, exit);
        var path = Path.Combine(_folder, "light.fsm");
        Assert.Contains($"Wrote {path}", output);
        var text = File.ReadAllText(path);
        Assert.Contains("machine Demo.Lights.Light;", text);
        Assert.Empty(Diagnose.Fsm(text, "light.fsm"));
        // It compiles with no user code at all (every action is an optional partial method)...
        Assert.NotNull(GeneratorHarness.Load(GeneratorHarness.Run("light.fsm", text)).GetType("Demo.Lights.Light"));
        // ...and behaves as its comments say.
        var light = LiveMachine.Create(text, "light.fsm");
        light.Fire("TurnOn");
        Assert.Equal("On", light.Current);
        light.Advance(TimeSpan.FromMinutes(10));
        Assert.Equal("Off", light.Current);
    }

    [Fact]
    public void NewRefusesToOverwriteOrToTakeABadName()
    {
        Assert.Equal(0, Fsm("new", "Light", "-o", _folder).Exit);
        var (exit, _, error) = Fsm("new", "Light", "-o", _folder);
        Assert.Equal(2, exit);
        Assert.Contains("already exists; pass --force", error);
        Assert.Equal(0, Fsm("new", "Light", "-o", _folder, "--force").Exit);

        (exit, _, error) = Fsm("new", "2Fast", "-o", _folder);
        Assert.Equal(2, exit);
        Assert.Contains("is not a class name", error);

        (exit, _, error) = Fsm("new", "Demo.class", "-o", _folder);
        Assert.Equal(2, exit);
        Assert.Contains("'class' is a C# keyword", error);
    }

    [Fact]
    public void GraphOfACSharpFileSaysWhereAnAttributeMachinesDiagramIsInOneLine()
    {
        var path = Write("PhoneCall.cs", """
            using TcpFsmGen;

            namespace Demo.Phones;

            public enum CallState { Idle, Ringing }
            public enum CallEvent { Dial, HangUp }

            [StateMachine(typeof(CallState), typeof(CallEvent), Initial = CallState.Idle)]
            [Transition(CallState.Idle, CallEvent.Dial, CallState.Ringing)]
            [Transition(CallState.Ringing, CallEvent.HangUp, CallState.Idle)]
            public partial class PhoneCall
            {
            }
            """);
        var (exit, output, error) = Fsm("graph", path);
        Assert.Equal(2, exit);
        Assert.Equal("", output);
        var line = Assert.Single(Lines(error));
        Assert.Contains("PhoneCall.Mermaid and PhoneCall.Dot", line);
        Assert.DoesNotContain("TFSM", line);

        // The SMTP sample, a real attribute machine, and a C# file without one.
        (exit, _, error) = Fsm("graph", RepoPaths.Combine("samples", "Smtp", "SmtpClient.cs"), "--format", "dot");
        Assert.Equal(2, exit);
        Assert.Contains("SmtpClient.Mermaid and SmtpClient.Dot", Assert.Single(Lines(error)));

        (exit, _, error) = Fsm("graph", Write("Plain.cs", "class Plain { }"));
        Assert.Equal(2, exit);
        Assert.Contains("declares no [StateMachine] class", Assert.Single(Lines(error)));
    }

    [Fact]
    public void NewTakesTheNamespaceOfTheNearestProjectAndLinksThePublishedDocs()
    {
        var project = Path.Combine(_folder, "Traffic");
        Directory.CreateDirectory(project);
        File.WriteAllText(Path.Combine(project, "Traffic.App.csproj"), "<Project Sdk=\"Microsoft.NET.Sdk\">\n  <PropertyGroup>\n    <OutputType>Exe</OutputType>\n  </PropertyGroup>\n</Project>\n");

        // In a folder below the project, not there yet: the project's name is the namespace.
        var machines = Path.Combine(project, "Machines");
        var (exit, output, error) = Fsm("new", "Signal", "-o", machines);
        Assert.True(exit == 0, error);
        Assert.Contains("machine Traffic.App.Signal, in the namespace of Traffic.App.csproj", output);
        var text = File.ReadAllText(Path.Combine(machines, "signal.fsm"));
        Assert.Contains("\nmachine Traffic.App.Signal;\n", text);
        Assert.Contains("https://github.com/tcpfsmgen/tcpfsmgen/blob/main/docs/language.md", text);
        Assert.DoesNotContain(" docs/language.md", text);
        Assert.Empty(Diagnose.Fsm(text, "signal.fsm"));

        // The project's RootNamespace wins over its name; --namespace over both.
        File.WriteAllText(Path.Combine(project, "Traffic.App.csproj"), "<Project Sdk=\"Microsoft.NET.Sdk\">\n  <PropertyGroup>\n    <RootNamespace>Acme.Signals</RootNamespace>\n  </PropertyGroup>\n</Project>\n");
        Assert.Equal(0, Fsm("new", "Signal", "-o", machines, "--force").Exit);
        Assert.Contains("\nmachine Acme.Signals.Signal;\n", File.ReadAllText(Path.Combine(machines, "signal.fsm")));
        Assert.Equal(0, Fsm("new", "Signal", "-o", machines, "--force", "--namespace", "Demo.Lights").Exit);
        Assert.Contains("\nmachine Demo.Lights.Signal;\n", File.ReadAllText(Path.Combine(machines, "signal.fsm")));

        // A qualified NAME is taken as it is, and may not have a second namespace.
        Assert.Equal(0, Fsm("new", "Other.Signal", "-o", machines, "--force").Exit);
        Assert.Contains("\nmachine Other.Signal;\n", File.ReadAllText(Path.Combine(machines, "signal.fsm")));
        (exit, _, error) = Fsm("new", "Other.Signal", "-o", machines, "--force", "--namespace", "Demo");
        Assert.Equal(2, exit);
        Assert.Contains("give it once", error);
        (exit, _, error) = Fsm("new", "Signal", "-o", machines, "--force", "--namespace", "Demo-Lights");
        Assert.Equal(2, exit);
        Assert.Contains("'Demo-Lights' is not a namespace", error);
    }

    [Theory]
    [InlineData("my-app", "my_app")]
    [InlineData("2D.Tools", "_2D.Tools")]
    [InlineData("Hello World", "Hello_World")]
    public void AProjectNameBecomesAValidNamespace(string project, string expected)
    {
        var folder = Path.Combine(_folder, "p");
        Directory.CreateDirectory(folder);
        File.WriteAllText(Path.Combine(folder, project + ".csproj"), "<Project Sdk=\"Microsoft.NET.Sdk\" />\n");
        var (exit, _, error) = Fsm("new", "Light", "-o", folder);
        Assert.True(exit == 0, error);
        Assert.Contains($"\nmachine {expected}.Light;\n", File.ReadAllText(Path.Combine(folder, "light.fsm")));
    }

    [Fact]
    public void NewAsksForTheNamespaceWhenAFolderHoldsTwoProjects()
    {
        File.WriteAllText(Path.Combine(_folder, "A.csproj"), "<Project />\n");
        File.WriteAllText(Path.Combine(_folder, "B.csproj"), "<Project />\n");
        var (exit, _, error) = Fsm("new", "Light", "-o", _folder);
        Assert.Equal(2, exit);
        Assert.Contains("A.csproj, B.csproj", error);
        Assert.Contains("--namespace", error);
        Assert.Equal(0, Fsm("new", "Light", "-o", _folder, "-n", "Demo").Exit);
    }
}
