using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using TcpFsmGen.Runtime;

namespace TcpFsmGen.Samples.Tcp;

/// <summary>A trace line that cannot be read.</summary>
public sealed class TraceFormatException : Exception
{
    /// <summary>Creates the error for line <paramref name="line"/>.</summary>
    public TraceFormatException(int line, string message)
        : base($"line {line}: {message}")
    {
        Line = line;
    }

    /// <summary>The one-based line number.</summary>
    public int Line { get; }
}

/// <summary>
/// Replays a trace (app calls, arriving segments, time) against one endpoint whose ISS is 0, printing
/// <c>LINE: STATE</c> for each item, with the segments sent and any error the call returned.
/// </summary>
public static class Replay
{
    /// <summary>Options of a replay.</summary>
    /// <param name="Msl">The maximum segment lifetime (TIME-WAIT lasts twice as long).</param>
    /// <param name="UserTimeout">The user timeout, or null for none.</param>
    public sealed record Options(TimeSpan Msl, TimeSpan? UserTimeout);

    /// <summary>Reads the whole trace first, so that a malformed line stops the replay before anything runs.</summary>
    /// <exception cref="TraceFormatException">A line is malformed.</exception>
    public static IReadOnlyList<(int Line, Action<TcpEndpoint, ManualTimeProvider> Apply)> Parse(TextReader reader)
    {
        var items = new List<(int, Action<TcpEndpoint, ManualTimeProvider>)>();
        var number = 0;
        for (var line = reader.ReadLine(); line is not null; line = reader.ReadLine())
        {
            number++;
            var hash = line.IndexOf('#');
            var text = (hash >= 0 ? line.Substring(0, hash) : line).Trim();
            if (text.Length == 0) continue;
            items.Add((number, ParseItem(number, text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries))));
        }
        return items;
    }

    private static Action<TcpEndpoint, ManualTimeProvider> ParseItem(int line, string[] words)
    {
        void Arguments(int count)
        {
            if (words.Length != count + 1)
            {
                throw new TraceFormatException(line, count == 0
                    ? $"'{words[0]}' takes no arguments"
                    : $"'{words[0]}' takes {count} argument{(count == 1 ? "" : "s")}, found {words.Length - 1}");
            }
        }

        switch (words[0])
        {
            case "listen": Arguments(0); return (e, _) => e.Listen();
            case "connect": Arguments(0); return (e, _) => e.Connect();
            case "close": Arguments(0); return (e, _) => e.Close();
            case "abort": Arguments(0); return (e, _) => e.Abort();
            case "send":
            {
                Arguments(1);
                var bytes = Number(line, "send", words[1], min: 1, max: int.MaxValue);
                return (e, _) => e.Write((int)bytes);
            }
            case "tick":
            {
                Arguments(1);
                var ms = Number(line, "tick", words[1], min: 0, max: long.MaxValue / TimeSpan.TicksPerMillisecond);
                return (_, clock) => clock.Advance(TimeSpan.FromMilliseconds(ms));
            }
            case "rcv":
            {
                if (words.Length != 5) throw new TraceFormatException(line, $"'rcv' takes FLAGS seq=N ack=N len=N, found {words.Length - 1} argument(s)");
                if (!Segment.TryParseFlags(words[1], out var flags))
                {
                    throw new TraceFormatException(line, $"'{words[1]}' is not a set of flags: use the letters S, A, F, R and P, each at most once");
                }
                var seq = Field(line, words[2], "seq", uint.MaxValue);
                var ack = Field(line, words[3], "ack", uint.MaxValue);
                var len = Field(line, words[4], "len", int.MaxValue);
                if (ack != 0 && (flags & TcpFlags.Ack) == 0) throw new TraceFormatException(line, "ack= must be 0 when the A flag is absent");
                var segment = new Segment(flags, (uint)seq, (uint)ack, (int)len);
                return (e, _) => e.Receive(segment);
            }
            default:
                throw new TraceFormatException(line, $"unknown item '{words[0]}'; expected listen, connect, send, close, abort, rcv or tick");
        }
    }

    private static long Field(int line, string word, string name, long max)
    {
        if (!word.StartsWith(name + "=", StringComparison.Ordinal))
        {
            throw new TraceFormatException(line, $"expected {name}=N, found '{word}' (rcv takes FLAGS seq=N ack=N len=N, in that order)");
        }
        return Number(line, name, word.Substring(name.Length + 1), 0, max);
    }

    private static long Number(int line, string what, string text, long min, long max)
    {
        if (!long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) || value < min || value > max)
        {
            throw new TraceFormatException(line, $"{what} needs a whole number from {min} to {max}, found '{text}'");
        }
        return value;
    }

    /// <summary>Where a replay's output first differs from the expected output.</summary>
    /// <param name="Line">The one-based line number, in both.</param>
    /// <param name="Expected">The expected line, or null where the expected output has ended.</param>
    /// <param name="Actual">The line the replay printed, or null where its output has ended.</param>
    public sealed record Difference(int Line, string? Expected, string? Actual);

    /// <summary>
    /// The first line where <paramref name="actual"/> differs from <paramref name="expected"/>, or null when they
    /// are the same. Lines are compared exactly; only CRLF against LF and a missing last line break are forgiven.
    /// </summary>
    public static Difference? FirstDifference(string expected, string actual)
    {
        var want = Lines(expected);
        var got = Lines(actual);
        for (var i = 0; i < Math.Max(want.Length, got.Length); i++)
        {
            var line = i < want.Length ? want[i] : null;
            var printed = i < got.Length ? got[i] : null;
            if (line != printed) return new Difference(i + 1, line, printed);
        }
        return null;
    }

    private static string[] Lines(string text)
    {
        text = text.Replace("\r\n", "\n");
        if (text.EndsWith("\n", StringComparison.Ordinal)) text = text.Substring(0, text.Length - 1);
        return text.Length == 0 ? [] : text.Split('\n');
    }

    /// <summary>Runs a parsed trace, writing one line per item.</summary>
    public static void Run(IReadOnlyList<(int Line, Action<TcpEndpoint, ManualTimeProvider> Apply)> items, Options options, TextWriter output)
    {
        var clock = new ManualTimeProvider();
        var endpoint = new TcpEndpoint(iss: 0, new TimeProviderTimerService(clock)) { Msl = options.Msl, UserTimeout = options.UserTimeout };
        endpoint.Start();
        foreach (var (line, apply) in items)
        {
            apply(endpoint, clock);
            var text = $"{line}: {endpoint.RfcState}";
            var sent = endpoint.TakeSent();
            if (sent.Count > 0) text += " sent: " + string.Join(", ", sent);
            if (endpoint.LastError is { } error) text += " error: " + error;
            output.WriteLine(text);
        }
    }
}
