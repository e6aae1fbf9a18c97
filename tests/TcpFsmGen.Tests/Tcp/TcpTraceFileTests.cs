using System.IO;
using System.Linq;
using TcpFsmGen.Samples.Tcp;
using TcpFsmGen.Tests.Infrastructure;
using Xunit;

namespace TcpFsmGen.Tests.Tcp;

/// <summary>The trace files shipped with the sample replay to their <c>.expected</c> output; tcp.fsm has no TFSM diagnostics.</summary>
public class TcpTraceFileTests
{
    private static string SampleDirectory() => RepoPaths.Combine("samples", "Tcp");

    public static TheoryData<string> Traces()
        => new(Directory.GetFiles(Path.Combine(SampleDirectory(), "traces"), "*.trace").Select(Path.GetFileName).OfType<string>().Order());

    [Theory]
    [MemberData(nameof(Traces))]
    public void EachTraceReplaysToItsExpectedOutput(string trace)
    {
        var path = Path.Combine(SampleDirectory(), "traces", trace);
        using var reader = new StreamReader(path);
        var output = new StringWriter();
        Replay.Run(Replay.Parse(reader), new Replay.Options(System.TimeSpan.FromMinutes(2), null), output);
        Assert.Equal(File.ReadAllText(Path.ChangeExtension(path, ".expected")).Replace("\r\n", "\n"), output.ToString().Replace("\r\n", "\n"));
    }

    [Fact]
    public void ThereIsATraceForEveryScenario()
    {
        Assert.True(Traces().Count >= 14);
    }

    [Fact]
    public void TheTcpMachineHasNoDiagnosticsAtAll()
    {
        Assert.Empty(Diagnose.Fsm(File.ReadAllText(Path.Combine(SampleDirectory(), "tcp.fsm")), "tcp.fsm"));
    }
}
