using System;
using System.Collections.Generic;
using System.IO;
using System.Threading.Tasks;
using TcpFsmGen.Runtime;

namespace TcpFsmGen.Samples.Tcp;

/// <summary>
/// Two endpoints over an in-memory link, in the style of RFC 9293's figures: each user call and each
/// delivered segment is a line of the timeline. Everything the endpoints do runs on one
/// <see cref="EventLoop{TEvent}"/>, and their timers (TIME-WAIT's 2MSL) on a <see cref="TimerWheel"/>
/// whose expiries come through the loop. Time is simulated (a <see cref="ManualTimeProvider"/>, so the
/// demo finishes at once), or real.
/// </summary>
public sealed class Demo : IAsyncDisposable
{
    private readonly Queue<(bool FromA, Segment Segment)> _wire = new();
    private readonly TimeProvider _clock;
    private readonly ManualTimeProvider? _manual;
    private readonly TimerWheel _wheel;
    private readonly EventLoop<TcpEndpoint.Event> _loop;
    private readonly DateTimeOffset _start;
    private readonly TextWriter _output;

    /// <summary>Creates peer A (ISS 100) and peer B (ISS 300), as in the RFC's figures, on simulated time.</summary>
    public Demo(TextWriter output, TimeSpan msl)
        : this(output, msl, realTime: false)
    {
    }

    /// <summary>Creates peer A (ISS 100) and peer B (ISS 300); <paramref name="realTime"/> runs on <see cref="TimeProvider.System"/>.</summary>
    public Demo(TextWriter output, TimeSpan msl, bool realTime)
    {
        _output = output;
        _manual = realTime ? null : new ManualTimeProvider();
        _clock = _manual ?? TimeProvider.System;
        _start = _clock.GetUtcNow();
        _wheel = new TimerWheel(_clock, TimeSpan.FromMilliseconds(10));
        _loop = new EventLoop<TcpEndpoint.Event>(timers: _wheel);
        A = new TcpEndpoint(100, _loop.TimerService) { Msl = msl };
        B = new TcpEndpoint(300, _loop.TimerService) { Msl = msl };
        A.Transmit += s => _wire.Enqueue((true, s));
        B.Transmit += s => _wire.Enqueue((false, s));
    }

    /// <summary>Peer A.</summary>
    public TcpEndpoint A { get; }

    /// <summary>Peer B.</summary>
    public TcpEndpoint B { get; }

    /// <summary>Stops the loop and the wheel.</summary>
    public async ValueTask DisposeAsync()
    {
        await _loop.DisposeAsync().ConfigureAwait(false);
        _wheel.Dispose();
    }

    /// <summary>The time column: <c>m:ss.fff</c>, minutes up to 999; longer runs (an MSL of hours) in hours.</summary>
    public const int TimeWidth = 10;

    /// <summary>Each peer's state column: the longest RFC state name, <c>SYN-RECEIVED</c>, and one space more.</summary>
    public const int StateWidth = 13;

    /// <summary>The middle column: a user call, a segment on the wire, or what happened; longer text goes on more lines.</summary>
    public const int MiddleWidth = 44;

    /// <summary>Writes the column headings.</summary>
    private Task Header() => _loop.InvokeAsync(() =>
    {
        A.Start();
        B.Start();
        _output.WriteLine($"{"time",-TimeWidth} {"peer A",-StateWidth} {"",-MiddleWidth} {"peer B"}");
        Row("");
    });

    /// <summary>
    /// A user call on A or B, and on the next line the error it returned, if any; then delivery of whatever it
    /// sent (and the replies), one segment a line; on the loop.
    /// </summary>
    private Task Call(TcpEndpoint peer, string call, Action<TcpEndpoint> action) => _loop.InvokeAsync(() =>
    {
        action(peer);
        var who = peer == A ? "A" : "B";
        if (peer.LastError is { } error) Row($"({who}: {call})", $"  error: {error}");
        else Row($"({who}: {call})");
        Deliver();
    });

    /// <summary>Both calls happen before either peer's segments arrive (simultaneous open or close).</summary>
    private Task Together(string call, Action<TcpEndpoint> action) => _loop.InvokeAsync(() =>
    {
        action(A);
        action(B);
        Row($"(A and B: {call})");
        Deliver();
    });

    /// <summary>Delivers queued segments, in order, until the link is quiet.</summary>
    private void Deliver()
    {
        while (_wire.Count > 0)
        {
            var (fromA, segment) = _wire.Dequeue();
            (fromA ? B : A).Receive(segment);
            var text = $"<{segment}>";
            Row(fromA ? $"--> {text,-36} -->" : $"<-- {text,-36} <--");
        }
    }

    /// <summary>Lets time pass; timers that fall due fire (TIME-WAIT's 2MSL) and come through the loop.</summary>
    private async Task Wait(TimeSpan time, string why)
    {
        if (_manual is not null)
        {
            // The expiries are queued on the loop as the clock passes them, ahead of what follows.
            _manual.Advance(time);
        }
        else
        {
            await Task.Delay(time).ConfigureAwait(false);
            // The wheel fires at most one tick, plus the OS timer's own lateness, after the due time.
            for (var i = 0; i < 200 && _wheel.Count > 0; i++) await Task.Delay(_wheel.Granularity).ConfigureAwait(false);
        }
        await _loop.InvokeAsync(() =>
        {
            Row($"({why})");
            Deliver();
        }).ConfigureAwait(false);
    }

    /// <summary>
    /// One line of the timeline: the time, A's state, <paramref name="middle"/> and B's state, each in its column.
    /// Middle text wider than its column, and each of <paramref name="more"/>, goes on lines of its own below,
    /// in the middle column only, so that no line pushes B's state out of place.
    /// </summary>
    private void Row(string middle, params string[] more)
    {
        var lines = new List<string>(Wrap(middle));
        foreach (var text in more) lines.AddRange(Wrap(text));
        _output.WriteLine($"{Time(_clock.GetUtcNow() - _start),-TimeWidth} {A.RfcState,-StateWidth} {lines[0],-MiddleWidth} {B.RfcState}");
        for (var i = 1; i < lines.Count; i++) _output.WriteLine($"{"",-TimeWidth} {"",-StateWidth} {lines[i]}");
    }

    private static string Time(TimeSpan t) => t.TotalMinutes < 1000
        ? $"{(int)t.TotalMinutes}:{t.Seconds:00}.{t.Milliseconds:000}"
        : $"{(int)t.TotalHours}h{t.Minutes:00}m{t.Seconds:00}s";

    /// <summary>Breaks <paramref name="text"/> at spaces into pieces no wider than the middle column (a longer word is cut).</summary>
    internal static IEnumerable<string> Wrap(string text)
    {
        text = text.TrimEnd();
        var lead = text.Length - text.TrimStart(' ').Length;
        var continuation = new string(' ', lead + 2);
        while (text.Length > MiddleWidth)
        {
            // The last space within the column, past the piece's own leading spaces.
            var cut = text.LastIndexOf(' ', MiddleWidth, MiddleWidth - lead);
            if (cut <= lead) cut = MiddleWidth;
            yield return text.Substring(0, cut).TrimEnd();
            text = continuation + text.Substring(cut).TrimStart();
            lead = continuation.Length;
        }
        yield return text;
    }

    /// <summary>Handshake, data both ways, close from A, TIME-WAIT expiry.</summary>
    public async Task Lifecycle()
    {
        await Header();
        await Call(B, "LISTEN", p => p.Listen());
        await Call(A, "CONNECT", p => p.Connect());
        await Call(A, "SEND 100 bytes", p => p.Write(100));
        await Call(B, "SEND 300 bytes", p => p.Write(300));
        await Call(A, "CLOSE", p => p.Close());
        await Call(B, "CLOSE", p => p.Close());
        await Wait(A.Msl * 2, "2 x MSL later");
    }

    /// <summary>Both peers send a SYN before either arrives (RFC 9293 Figure 8).</summary>
    public async Task SimultaneousOpen()
    {
        await Header();
        await Together("CONNECT", p => p.Connect());
        await Call(A, "SEND 10 bytes", p => p.Write(10));
        await Call(A, "CLOSE", p => p.Close());
        await Call(B, "CLOSE", p => p.Close());
        await Wait(A.Msl * 2, "2 x MSL later");
    }

    /// <summary>Both peers close at once: FIN-WAIT-1, CLOSING, TIME-WAIT on both sides (RFC 9293 Figure 13).</summary>
    public async Task SimultaneousClose()
    {
        await Header();
        await Call(B, "LISTEN", p => p.Listen());
        await Call(A, "CONNECT", p => p.Connect());
        await Together("CLOSE", p => p.Close());
        await Wait(A.Msl * 2, "2 x MSL later");
    }

    /// <summary>A aborts an established connection and B is reset; then A connects to B's closed port and is refused with a RST.</summary>
    public async Task Reset()
    {
        await Header();
        await Call(B, "LISTEN", p => p.Listen());
        await Call(A, "CONNECT", p => p.Connect());
        await Call(A, "ABORT", p => p.Abort());
        await Call(A, "CONNECT again; B no longer listens", p => p.Connect());
        await Call(A, "SEND 5 bytes", p => p.Write(5));
    }
}
