using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Threading.Tasks;
using TcpFsmGen.Runtime;

namespace TcpFsmGen.Samples.Tcp;

/// <summary>
/// The sample's command line, with its streams passed in so that tests run it as a user would:
/// <list type="bullet">
/// <item>(no arguments): a whole connection between two endpoints, as a timeline; <c>--simultaneous-open</c>,
/// <c>--simultaneous-close</c> and <c>--reset</c> run other scenarios;</item>
/// <item><c>replay FILE|-</c>: replay a trace against one endpoint (see docs/tcp.md); with <c>--expect FILE</c>,
/// compare the output with FILE instead of printing it;</item>
/// <item><c>scale [--connections N]</c>: N connections through their whole life on one event loop;</item>
/// <item><c>save FILE</c> and <c>load FILE</c>: an endpoint in TIME-WAIT written to a JSON file, and restored (in another
/// process) with its 2MSL timer due when it was before;</item>
/// <item><c>serve</c> and <c>connect</c>: the machine on a TUN device, against a real TCP (<see cref="Wire.WireCommand"/>).</item>
/// </list>
/// Exit codes: 0 success (and, with <c>--expect</c>, a match); 1 a malformed or unreadable trace, or output that
/// differs from the expected; 2 bad arguments.
/// </summary>
public static class TcpCommand
{
    /// <summary>The usage text.</summary>
    public const string Usage = """
        usage: dotnet run --project samples/Tcp -- [--simultaneous-open | --simultaneous-close | --reset] [--msl SECONDS] [--real-time]
               dotnet run --project samples/Tcp -- replay FILE|- [--expect FILE] [--msl SECONDS] [--user-timeout SECONDS]
               dotnet run -c Release --project samples/Tcp -- scale [--connections N]
               dotnet run --project samples/Tcp -- save FILE [--msl SECONDS]    (an endpoint in TIME-WAIT, to a JSON file)
               dotnet run --project samples/Tcp -- load FILE                    (restores it; waits for its 2MSL timer)
               dotnet run --project samples/Tcp -- serve|connect ... (on a TUN device; serve --help)
        """;

    /// <summary>Runs the command line <paramref name="args"/>; returns the exit code.</summary>
    /// <param name="args">The arguments after <c>--</c>.</param>
    /// <param name="input">Standard input, read by <c>replay -</c>.</param>
    /// <param name="output">Standard output.</param>
    /// <param name="error">Standard error.</param>
    public static Task<int> RunAsync(string[] args, TextReader input, TextWriter output, TextWriter error)
        => RunAsync(args, input, output, error, TimeProvider.System);

    /// <summary>Runs the command line <paramref name="args"/> with <c>save</c> and <c>load</c> on <paramref name="clock"/>; returns the exit code.</summary>
    /// <param name="args">The arguments after <c>--</c>.</param>
    /// <param name="input">Standard input, read by <c>replay -</c>.</param>
    /// <param name="output">Standard output.</param>
    /// <param name="error">Standard error.</param>
    /// <param name="clock">The clock of <c>save</c> and <c>load</c>: the real one, or a manual one in tests.</param>
    public static async Task<int> RunAsync(string[] args, TextReader input, TextWriter output, TextWriter error, TimeProvider clock)
    {
        var msl = TimeSpan.FromMinutes(2);
        TimeSpan? userTimeout = null;
        string? scenario = null;
        string? replayFile = null;
        string? expectFile = null;
        var realTime = false;
        var scale = false;
        var connections = 100_000;
        string? saveFile = null;
        string? loadFile = null;

        if (args.Length > 0 && args[0] is "serve" or "connect") return await Wire.WireCommand.RunAsync(args, output, error).ConfigureAwait(false);

        try
        {
            for (var i = 0; i < args.Length; i++)
            {
                switch (args[i])
                {
                    case "--msl": msl = Seconds(args, ++i, "--msl"); break;
                    case "--user-timeout": userTimeout = Seconds(args, ++i, "--user-timeout"); break;
                    case "--real-time": realTime = true; break;
                    case "scale" when scenario is null && replayFile is null: scale = true; break;
                    case "--connections" when scale:
                        connections = i + 1 < args.Length && int.TryParse(args[++i], NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n > 0
                            ? n : throw new ArgumentException("--connections needs a positive whole number");
                        break;
                    case "--simultaneous-open" or "--simultaneous-close" or "--reset" when scenario is null && replayFile is null: scenario = args[i]; break;
                    case "save" when saveFile is null && loadFile is null:
                        saveFile = i + 1 < args.Length ? args[++i] : throw new ArgumentException("save needs the FILE to write");
                        break;
                    case "load" when saveFile is null && loadFile is null:
                        loadFile = i + 1 < args.Length ? args[++i] : throw new ArgumentException("load needs the FILE that save wrote");
                        break;
                    case "replay" when scenario is null && replayFile is null:
                        replayFile = i + 1 < args.Length ? args[++i] : throw new ArgumentException("replay needs a FILE (or - for standard input)");
                        break;
                    case "--expect" when expectFile is null:
                        expectFile = i + 1 < args.Length ? args[++i] : throw new ArgumentException("--expect needs the FILE of the expected output");
                        break;
                    case "--help" or "-h":
                        output.WriteLine(Usage);
                        return 0;
                    default:
                        throw new ArgumentException($"unexpected argument '{args[i]}'");
                }
            }
            if (expectFile is not null && replayFile is null) throw new ArgumentException("--expect goes with replay FILE");
        }
        catch (ArgumentException e)
        {
            error.WriteLine($"error: {e.Message}");
            error.WriteLine(Usage);
            return 2;
        }

        if (saveFile is not null) return SaveAndLoad.Save(saveFile, msl, clock, output, error);
        if (loadFile is not null) return await SaveAndLoad.LoadAsync(loadFile, clock, output, error).ConfigureAwait(false);

        if (replayFile is not null)
        {
            return RunReplay(replayFile, expectFile, new Replay.Options(msl, userTimeout), input, output, error);
        }

        if (scale)
        {
            var result = await ScaleRun.RunAsync(connections, msl).ConfigureAwait(false);
            output.WriteLine(result);
            return result.AllClosed ? 0 : 1;
        }

        var demo = new Demo(output, msl, realTime);
        await using (demo.ConfigureAwait(false))
        {
            output.WriteLine($"TCP, RFC 9293: two endpoints over an in-memory link, on one event loop; {(realTime ? "real" : "simulated")} time, MSL = {msl.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture)} s.");
            output.WriteLine();
            switch (scenario)
            {
                case "--simultaneous-open": await demo.SimultaneousOpen().ConfigureAwait(false); break;
                case "--simultaneous-close": await demo.SimultaneousClose().ConfigureAwait(false); break;
                case "--reset": await demo.Reset().ConfigureAwait(false); break;
                default: await demo.Lifecycle().ConfigureAwait(false); break;
            }
        }
        return 0;
    }

    private static int RunReplay(string replayFile, string? expectFile, Replay.Options options, TextReader input, TextWriter output, TextWriter error)
    {
        try
        {
            IReadOnlyList<(int Line, Action<TcpEndpoint, ManualTimeProvider> Apply)> items;
            using (var reader = replayFile == "-" ? null : new StreamReader(replayFile))
            {
                items = Replay.Parse(reader ?? input);
            }
            if (expectFile is null)
            {
                Replay.Run(items, options, output);
                return 0;
            }
            var expected = File.ReadAllText(expectFile);
            var actual = new StringWriter();
            Replay.Run(items, options, actual);
            if (Replay.FirstDifference(expected, actual.ToString()) is { } difference)
            {
                error.WriteLine($"{expectFile}({difference.Line}): the replay of {TraceName(replayFile)} differs from the expected output at line {difference.Line}");
                error.WriteLine($"  expected: {difference.Expected ?? "(end of file)"}");
                error.WriteLine($"  actual:   {difference.Actual ?? "(end of output)"}");
                return 1;
            }
            output.WriteLine($"{TraceName(replayFile)}: the replay matches {expectFile}");
            return 0;
        }
        catch (TraceFormatException e)
        {
            error.WriteLine($"{TraceName(replayFile)}: {e.Message}");
            return 1;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            error.WriteLine($"error: {e.Message}");
            return 1;
        }
    }

    private static string TraceName(string replayFile) => replayFile == "-" ? "standard input" : replayFile;

    private static TimeSpan Seconds(string[] args, int i, string option)
    {
        if (i >= args.Length || !double.TryParse(args[i], NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds) || seconds <= 0)
        {
            throw new ArgumentException($"{option} needs a positive number of seconds");
        }
        return TimeSpan.FromSeconds(seconds);
    }
}
