using System.Linq;
using TcpFsmGen.Tests.Infrastructure;
using Xunit;

namespace TcpFsmGen.Tests;

/// <summary>
/// The real <c>dotnet build</c>: diagnostics appear once each, at the .fsm span, and their severity
/// follows <c>.globalconfig</c> and <c>.editorconfig</c> as the language reference says.
/// </summary>
public class BuildTests
{
    private const string Incomplete = "machine Probe.M;\nevents Go, Stop;\ninitial A;\nstate A { on Go -> B; }\nstate B { on Stop -> A; }\n";

    [Fact]
    public void ABrokenMachineFailsTheBuildWithEachErrorOnceAndNoCompilerErrors()
    {
        using var build = new DotnetBuild();
        build.Write("m.fsm", "machine Probe.M;\nevents Go;\ninitial A;\nstate A { on Go -> Nowhre; on Stp -> A; }\nstate Nowhere { on Go -> A; }\n");
        // Ready is implemented but no longer named by the broken file: the build must still show the .fsm's errors.
        build.Write("User.cs", "namespace Probe { public partial class M { public bool Poke() => Fire(Event.Go); private partial bool Ready() => true; } }");
        var (exitCode, diagnostics) = build.Build();
        Assert.NotEqual(0, exitCode);
        Assert.Equal(new[]
        {
            "m.fsm(4,20): error TFSM0002: State 'Nowhre' is not declared; did you mean 'Nowhere'?",
            "m.fsm(4,31): error TFSM0003: Event 'Stp' is not declared",
        }, diagnostics);
    }

    [Theory]
    [InlineData("machine Probe.M;\nevents Go;\ninitial A;\nstate A { on Go -> Nowhre; on Stp -> A; }\nstate Nowhere { on Go -> A; }\n")]
    [InlineData(Incomplete)]
    public void FsmCheckReportsWhatTheBuildReports(string fsm)
    {
        using var build = new DotnetBuild();
        build.Write("m.fsm", fsm);
        var (buildExit, fromBuild) = build.Build();

        var output = new System.IO.StringWriter();
        var checkExit = TcpFsmGen.Cli.FsmCommand.Run(["check", System.IO.Path.Combine(build.Directory, "m.fsm")], output, System.IO.TextWriter.Null);
        var fromCheck = output.ToString().Split('\n', System.StringSplitOptions.RemoveEmptyEntries)
            .Select(line => line.Replace(build.Directory + System.IO.Path.DirectorySeparatorChar, "", System.StringComparison.Ordinal))
            .ToList();

        Assert.NotEmpty(fromBuild);
        Assert.Equal(fromBuild, fromCheck);
        Assert.Equal(buildExit == 0, checkExit == 0);
    }

    [Fact]
    public void SeverityFollowsGlobalconfigAndEditorconfig()
    {
        using var build = new DotnetBuild();
        build.Write("m.fsm", Incomplete);

        var (exitCode, diagnostics) = build.Build();
        Assert.Equal(0, exitCode);
        Assert.Equal(new[]
        {
            "m.fsm(4,7): warning TFSM0102: State 'A' does not handle event 'Stop'; add transitions or 'ignore Stop;'",
            "m.fsm(5,7): warning TFSM0102: State 'B' does not handle event 'Go'; add transitions or 'ignore Go;'",
        }, diagnostics);

        build.Write(".globalconfig", "is_global = true\ndotnet_diagnostic.TFSM0102.severity = error\n");
        (exitCode, diagnostics) = build.Build();
        Assert.NotEqual(0, exitCode);
        Assert.Equal(2, diagnostics.FindAll(d => d.Contains("error TFSM0102", System.StringComparison.Ordinal)).Count);

        build.Write(".globalconfig", "is_global = true\ndotnet_diagnostic.TFSM0102.severity = none\n");
        (exitCode, diagnostics) = build.Build();
        Assert.Equal(0, exitCode);
        Assert.Empty(diagnostics);
        build.Delete(".globalconfig");

        build.Write(".editorconfig", "root = true\n[*.fsm]\nfsm_diagnostic.TFSM0102.severity = error\n");
        (exitCode, diagnostics) = build.Build();
        Assert.NotEqual(0, exitCode);
        Assert.Equal(2, diagnostics.FindAll(d => d.Contains("error TFSM0102", System.StringComparison.Ordinal)).Count);

        build.Write(".editorconfig", "root = true\n[*.fsm]\nfsm_diagnostic.TFSM0102.severity = none\n");
        (exitCode, diagnostics) = build.Build();
        Assert.Equal(0, exitCode);
        Assert.Empty(diagnostics);
    }
}
