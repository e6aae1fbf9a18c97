using System;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using TcpFsmGen.Samples.Tcp;
using TcpFsmGen.Tests.Infrastructure;
using Xunit;

namespace TcpFsmGen.Tests.Tcp;

/// <summary>
/// The sample's command line, run in-process through the same <see cref="TcpCommand"/> that
/// <c>dotnet run --project samples/Tcp -- ...</c> calls: <c>replay --expect</c> checks a trace.
/// </summary>
public sealed class TcpCommandTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("tcpfsmgen-tcp-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private static async Task<(int Exit, string Output, string Error)> Tcp(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var exit = await TcpCommand.RunAsync(args, TextReader.Null, output, error);
        return (exit, output.ToString().Replace("\r\n", "\n"), error.ToString().Replace("\r\n", "\n"));
    }

    public static TheoryData<string> Traces()
        => new(Directory.GetFiles(RepoPaths.Combine("samples", "Tcp", "traces"), "*.trace").Select(Path.GetFileName).OfType<string>().Order());

    [Theory]
    [MemberData(nameof(Traces))]
    public async Task ReplayExpectAcceptsEachTraceAgainstItsExpectedFile(string trace)
    {
        var path = RepoPaths.Combine("samples", "Tcp", "traces", trace);
        var expected = Path.ChangeExtension(path, ".expected");
        var (exit, output, error) = await Tcp("replay", path, "--expect", expected);
        Assert.True(exit == 0, error);
        Assert.Equal($"{path}: the replay matches {expected}\n", output);
        Assert.Equal("", error);
    }

    [Fact]
    public async Task ReplayExpectFailsAtTheFirstDifferentLineAndSaysWhichLine()
    {
        var trace = RepoPaths.Combine("samples", "Tcp", "traces", "active-close-first.trace");
        var right = File.ReadAllText(Path.ChangeExtension(trace, ".expected")).Replace("\r\n", "\n").Split('\n');
        var wrong = right.ToArray();
        wrong[2] = wrong[2].Replace("FIN-WAIT-1", "FIN-WAIT-2", StringComparison.Ordinal);
        Assert.NotEqual(right[2], wrong[2]);
        var expected = Path.Combine(_folder, "active-close-first.expected");
        File.WriteAllText(expected, string.Join('\n', wrong));

        var (exit, output, error) = await Tcp("replay", trace, "--expect", expected);
        Assert.Equal(1, exit);
        Assert.Equal("", output);
        Assert.Equal(new[]
        {
            $"{expected}(3): the replay of {trace} differs from the expected output at line 3",
            $"  expected: {wrong[2]}",
            $"  actual:   {right[2]}",
        }, error.TrimEnd('\n').Split('\n'));

        // An output that stops early, or goes on, is a difference too.
        File.WriteAllText(expected, string.Join('\n', right.Take(2)));
        (exit, _, error) = await Tcp("replay", trace, "--expect", expected);
        Assert.Equal(1, exit);
        Assert.Contains("(3): ", error);
        Assert.Contains("  expected: (end of file)", error);
    }

    [Fact]
    public async Task ReplayWithoutExpectPrintsAndExpectWithoutReplayIsAUsageError()
    {
        var trace = RepoPaths.Combine("samples", "Tcp", "traces", "active-open.trace");
        var (exit, output, _) = await Tcp("replay", trace);
        Assert.Equal(0, exit);
        Assert.Equal(File.ReadAllText(Path.ChangeExtension(trace, ".expected")).Replace("\r\n", "\n"), output);

        (exit, _, var error) = await Tcp("--expect", trace);
        Assert.Equal(2, exit);
        Assert.Contains("--expect goes with replay FILE", error);

        (exit, _, error) = await Tcp("replay", trace, "--expect", Path.Combine(_folder, "missing.expected"));
        Assert.Equal(1, exit);
        Assert.Contains("missing.expected", error);
    }
}
