using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using System.Threading.Tasks;
using TcpFsmGen.Samples.Tcp;
using TcpFsmGen.Tests.Infrastructure;
using Xunit;

namespace TcpFsmGen.Tests.Tcp;

/// <summary>
/// The sample's command line, run in-process through the same <see cref="TcpCommand"/> that
/// <c>dotnet run --project samples/Tcp -- ...</c> calls: the demo's timeline keeps its columns in every
/// scenario, and <c>replay --expect</c> checks a trace.
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

    private static readonly string[] RfcStates =
        ["CLOSED", "LISTEN", "SYN-SENT", "SYN-RECEIVED", "ESTABLISHED", "FIN-WAIT-1", "FIN-WAIT-2", "CLOSE-WAIT", "CLOSING", "LAST-ACK", "TIME-WAIT"];

    private static readonly Regex Time = new(@"^(\d+:\d\d\.\d{3}|\d+h\d\dm\d\ds) *$");

    public static TheoryData<string[]> Scenarios() => new()
    {
        Array.Empty<string>(),
        new[] { "--simultaneous-open" },
        new[] { "--simultaneous-close" },
        new[] { "--reset" },
        new[] { "--msl", "6000" },      // 2 x MSL = 200 minutes: a wider time
        new[] { "--msl", "40000" },     // 2 x MSL = 22 hours
    };

    [Theory]
    [MemberData(nameof(Scenarios))]
    public async Task EveryLineOfTheTimelineKeepsItsColumns(string[] args)
    {
        var (exit, output, error) = await Tcp(args);
        Assert.True(exit == 0, error);
        var lines = output.TrimEnd('\n').Split('\n');
        var header = Array.FindIndex(lines, l => l.StartsWith("time ", StringComparison.Ordinal));
        Assert.True(header >= 0, output);

        // The columns: time, peer A's state, the middle, peer B's state.
        var stateA = Demo.TimeWidth + 1;
        var middle = stateA + Demo.StateWidth + 1;
        var stateB = middle + Demo.MiddleWidth + 1;
        Assert.Equal(stateA, lines[header].IndexOf("peer A", StringComparison.Ordinal));
        Assert.Equal(stateB, lines[header].IndexOf("peer B", StringComparison.Ordinal));

        var rows = lines.Skip(header + 1).ToList();
        Assert.NotEmpty(rows);
        foreach (var line in rows)
        {
            var why = $"this line of '{string.Join(' ', args)}' leaves its columns:\n{line}\n{output}";
            Assert.True(line.Length >= middle, why);
            if (line.Substring(0, middle).Trim().Length == 0)
            {
                // A line that goes on from the one above: middle column only.
                Assert.True(line.Length <= middle + Demo.MiddleWidth && line.Substring(middle).Trim().Length > 0, why);
                continue;
            }
            Assert.True(Time.IsMatch(line.Substring(0, stateA)), why);
            Assert.Contains(line.Substring(stateA, Demo.StateWidth).TrimEnd(), RfcStates);
            Assert.True(line[middle - 1] == ' ' && line[stateB - 1] == ' ', why);
            Assert.True(line.Length > stateB, why);
            Assert.Contains(line.Substring(stateB), RfcStates);
        }
    }

    [Fact]
    public async Task TheResetScenarioShowsTheRefusedCallsErrorOnItsOwnLine()
    {
        var (_, output, _) = await Tcp("--reset");
        var lines = output.TrimEnd('\n').Split('\n');
        var send = Array.FindIndex(lines, l => l.Contains("(A: SEND 5 bytes)", StringComparison.Ordinal));
        Assert.True(send >= 0, output);
        Assert.Equal(new string(' ', Demo.TimeWidth + Demo.StateWidth + 2) + "  error: connection does not exist", lines[send + 1]);
    }

    [Theory]
    [InlineData("(A: CLOSE)")]
    [InlineData("  error: connection aborted due to user timeout, and then some more words")]
    [InlineData("--> <FAPRS seq=4294967295 ack=4294967295 len=2147483647> -->")]
    [InlineData("(A: a-single-word-that-is-far-too-long-for-the-middle-column-of-the-timeline)")]
    public void MiddleTextWiderThanItsColumnGoesOnMoreLines(string text)
    {
        var lines = Demo.Wrap(text).ToList();
        Assert.All(lines, line => Assert.InRange(line.Length, 1, Demo.MiddleWidth));
        Assert.Equal(text.Replace(" ", ""), string.Concat(lines).Replace(" ", ""));
        Assert.Equal(text.Length <= Demo.MiddleWidth, lines.Count == 1);
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
