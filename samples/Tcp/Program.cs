using System;
using System.Globalization;
using System.IO;
using TcpFsmGen.Samples.Tcp;

// The TCP connection machine of RFC 9293, generated from tcp.fsm.
//   (no arguments)             a whole connection between two endpoints, as a timeline
//   --simultaneous-open        both peers connect at once
//   --simultaneous-close       both peers close at once
//   --reset                    an abort and its RST
//   replay FILE|-              replay a trace against one endpoint (see docs/tcp.md)
//   scale [--connections N]   N connections (100,000 by default) through their whole life on one event loop
// Options: --msl SECONDS (default 120), --user-timeout SECONDS (replay; off by default),
//          --real-time (the demo's timers on the real clock instead of simulated time: TIME-WAIT takes 2 x MSL).

const string Usage = """
    usage: dotnet run --project samples/Tcp -- [--simultaneous-open | --simultaneous-close | --reset] [--msl SECONDS] [--real-time]
           dotnet run --project samples/Tcp -- replay FILE|- [--msl SECONDS] [--user-timeout SECONDS]
           dotnet run -c Release --project samples/Tcp -- scale [--connections N]
    """;

var msl = TimeSpan.FromMinutes(2);
TimeSpan? userTimeout = null;
string? scenario = null;
string? replayFile = null;
var realTime = false;
var scale = false;
var connections = 100_000;

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
            case "replay" when scenario is null && replayFile is null:
                replayFile = i + 1 < args.Length ? args[++i] : throw new ArgumentException("replay needs a FILE (or - for standard input)");
                break;
            case "--help" or "-h":
                Console.WriteLine(Usage);
                return 0;
            default:
                throw new ArgumentException($"unexpected argument '{args[i]}'");
        }
    }
}
catch (ArgumentException e)
{
    Console.Error.WriteLine($"error: {e.Message}");
    Console.Error.WriteLine(Usage);
    return 2;
}

if (replayFile is not null)
{
    try
    {
        using var reader = replayFile == "-" ? Console.In : new StreamReader(replayFile);
        var items = Replay.Parse(reader);
        Replay.Run(items, new Replay.Options(msl, userTimeout), Console.Out);
        return 0;
    }
    catch (TraceFormatException e)
    {
        Console.Error.WriteLine($"{(replayFile == "-" ? "standard input" : replayFile)}: {e.Message}");
        return 1;
    }
    catch (IOException e)
    {
        Console.Error.WriteLine($"error: {e.Message}");
        return 1;
    }
}

if (scale)
{
    var result = await ScaleRun.RunAsync(connections, msl);
    Console.WriteLine(result);
    return result.AllClosed ? 0 : 1;
}

await using var demo = new Demo(Console.Out, msl, realTime);
Console.WriteLine($"TCP, RFC 9293: two endpoints over an in-memory link, on one event loop; {(realTime ? "real" : "simulated")} time, MSL = {msl.TotalSeconds:0.###} s.");
Console.WriteLine();
switch (scenario)
{
    case "--simultaneous-open": await demo.SimultaneousOpen(); break;
    case "--simultaneous-close": await demo.SimultaneousClose(); break;
    case "--reset": await demo.Reset(); break;
    default: await demo.Lifecycle(); break;
}
return 0;

static TimeSpan Seconds(string[] args, int i, string option)
{
    if (i >= args.Length || !double.TryParse(args[i], NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds) || seconds <= 0)
    {
        throw new ArgumentException($"{option} needs a positive number of seconds");
    }
    return TimeSpan.FromSeconds(seconds);
}
