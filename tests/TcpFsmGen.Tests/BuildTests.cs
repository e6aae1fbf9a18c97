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
        // Ready is implemented but no longer named by the broken file: the build shows that at Ready, next to the .fsm's errors.
        build.Write("User.cs", "namespace Probe { public partial class M { public bool Poke() => Fire(Event.Go); private partial bool Ready() => true; } }");
        var (exitCode, diagnostics) = build.Build();
        Assert.NotEqual(0, exitCode);
        Assert.Equal(new[]
        {
            "User.cs(1,103): error TFSM0208: Partial method 'Ready' has no declaration: the machine of class 'M' (m.fsm) has no action or guard of that name; correct the name, or remove 'partial'",
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

    [Fact]
    public void MistakesInTheUserHalfAreTfsmErrorsAtTheFsmWithTheSignatureAndNoCompilerError()
    {
        using var build = new DotnetBuild();
        // A guard never written; a guard of the wrong type; an action with a parameter; a guard and an action without 'partial'.
        const string rest = "state B { on Go -> A; }\n";
        build.Write("missing.fsm", "machine Probe.Missing;\nevents Go;\ninitial A;\nstate A { on Go [Ready] -> B; }\n" + rest);
        build.Write("typed.fsm", "machine Probe.Typed;\nevents Go;\ninitial A;\nstate A { on Go [Ready] -> B; }\n" + rest);
        build.Write("param.fsm", "machine Probe.Param;\nevents Go;\ninitial A;\nstate A { on Go -> B / Log; }\n" + rest);
        build.Write("plain.fsm", "machine Probe.Plain;\nevents Go;\ninitial A;\nstate A { on Go [Ok] -> B / Act; }\n" + rest);
        build.Write("User.cs", """
            namespace Probe
            {
                public partial class Missing { }
                public partial class Typed { private partial int Ready() => 1; }
                public partial class Param { partial void Log(int times) { } }
                public partial class Plain { private bool Ok() => true; private void Act() { } }
            }
            """);
        var (exitCode, diagnostics) = build.Build();
        Assert.NotEqual(0, exitCode);
        Assert.Equal(new[]
        {
            "missing.fsm(4,18): error TFSM0203: Guard 'Ready' has no implementation; add 'private partial bool Ready()' with a body to class 'Missing'",
            "param.fsm(4,24): error TFSM0203: Action 'Log' must be implemented as 'partial void Log()', but class 'Param' has 'partial void Log(int times)' (it must take no parameters); change it to 'partial void Log()' with a body",
            "plain.fsm(4,18): error TFSM0203: Guard 'Ok' must be implemented as 'private partial bool Ok()', but class 'Plain' has 'private bool Ok()' (it is not partial); change it to 'private partial bool Ok()' with a body",
            "plain.fsm(4,29): error TFSM0203: Action 'Act' must be implemented as 'partial void Act()', but class 'Plain' has 'private void Act()' (it is not partial, it must have no accessibility modifier); change it to 'partial void Act()' with a body",
            "typed.fsm(4,18): error TFSM0203: Guard 'Ready' must be implemented as 'private partial bool Ready()', but class 'Typed' has 'private partial int Ready()' (it must return bool); change it to 'private partial bool Ready()' with a body",
        }, diagnostics.Order(System.StringComparer.Ordinal));
        Assert.DoesNotContain(diagnostics, d => d.Contains(" CS", System.StringComparison.Ordinal) || d.Contains(".g.cs", System.StringComparison.Ordinal));
    }

    /// <summary>The build of the mixed project: a broken machine with an unimplemented guard, next to a valid machine with a warning.</summary>
    [Fact]
    public void ABrokenMachineWithAnUnimplementedGuardNextToAValidMachineWithAWarning()
    {
        using var build = new DotnetBuild();
        build.Write("broken.fsm", "machine Probe.Broken;\nevents Go, Stop;\ninitial A;\nstate A { on Go [Ready] -> B; on Stop -> Nowhere; }\nstate B { on Stop -> A; ignore Go; }\n");
        build.Write("valid.fsm", Incomplete.Replace("Probe.M", "Probe.Valid", System.StringComparison.Ordinal));
        build.Write("User.cs", "namespace Probe { public partial class Broken { } public partial class Valid { } }");
        var (exitCode, diagnostics) = build.Build();
        Assert.NotEqual(0, exitCode);
        Assert.Equal(new[]
        {
            "broken.fsm(4,18): error TFSM0203: Guard 'Ready' has no implementation; add 'private partial bool Ready()' with a body to class 'Broken'",
            "broken.fsm(4,42): error TFSM0002: State 'Nowhere' is not declared",
            "valid.fsm(4,7): warning TFSM0102: State 'A' does not handle event 'Stop'; add transitions or 'ignore Stop;'",
            "valid.fsm(5,7): warning TFSM0102: State 'B' does not handle event 'Go'; add transitions or 'ignore Go;'",
        }, diagnostics.Order(System.StringComparer.Ordinal));
    }
}
