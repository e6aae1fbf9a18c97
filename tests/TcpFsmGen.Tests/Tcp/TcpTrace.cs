using System;
using System.IO;
using TcpFsmGen.Samples.Tcp;

namespace TcpFsmGen.Tests.Tcp;

/// <summary>Runs a trace through the sample's replay and returns its output lines.</summary>
public static class TcpTrace
{
    public static string[] Run(string trace, double mslSeconds = 120, double? userTimeoutSeconds = null)
    {
        var items = Replay.Parse(new StringReader(trace));
        var output = new StringWriter();
        Replay.Run(items, new Replay.Options(TimeSpan.FromSeconds(mslSeconds), userTimeoutSeconds is { } u ? TimeSpan.FromSeconds(u) : null), output);
        return output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
    }
}
