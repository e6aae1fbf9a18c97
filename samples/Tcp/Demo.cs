using System;
using System.Collections.Generic;
using System.IO;
using TcpFsmGen.Runtime;

namespace TcpFsmGen.Samples.Tcp;

/// <summary>
/// Two endpoints over an in-memory link, on a simulated clock: each user call and each delivered
/// segment is a line of the timeline, in the style of RFC 9293's figures.
/// </summary>
public sealed class Demo
{
    private readonly Queue<(bool FromA, Segment Segment)> _wire = new();
    private readonly ManualTimeProvider _clock = new();
    private readonly DateTimeOffset _start;
    private readonly TextWriter _output;

    /// <summary>Creates peer A (ISS 100) and peer B (ISS 300), as in the RFC's figures.</summary>
    public Demo(TextWriter output, TimeSpan msl)
    {
        _output = output;
        _start = _clock.GetUtcNow();
        A = new TcpEndpoint(100, new TimeProviderTimerService(_clock)) { Msl = msl };
        B = new TcpEndpoint(300, new TimeProviderTimerService(_clock)) { Msl = msl };
        A.Transmit += s => _wire.Enqueue((true, s));
        B.Transmit += s => _wire.Enqueue((false, s));
        A.Start();
        B.Start();
    }

    /// <summary>Peer A.</summary>
    public TcpEndpoint A { get; }

    /// <summary>Peer B.</summary>
    public TcpEndpoint B { get; }

    /// <summary>Writes the column headings.</summary>
    public void Header()
    {
        _output.WriteLine($"{"time",-9}  {"peer A",-13} {"",-44} {"peer B"}");
        Row("");
    }

    /// <summary>A user call on A or B, then delivery of whatever it sent (and the replies), one segment a line.</summary>
    public void Call(TcpEndpoint peer, string call, Action<TcpEndpoint> action)
    {
        action(peer);
        var who = peer == A ? "A" : "B";
        var error = peer.LastError is { } e ? $"  error: {e}" : "";
        Row($"({who}: {call}{error})");
        Deliver();
    }

    /// <summary>Both calls happen before either peer's segments arrive (simultaneous open or close).</summary>
    public void Together(string call, Action<TcpEndpoint> action)
    {
        action(A);
        action(B);
        Row($"(A and B: {call})");
        Deliver();
    }

    /// <summary>Delivers queued segments, in order, until the link is quiet.</summary>
    public void Deliver()
    {
        while (_wire.Count > 0)
        {
            var (fromA, segment) = _wire.Dequeue();
            (fromA ? B : A).Receive(segment);
            var text = $"<{segment}>";
            Row(fromA ? $"--> {text,-36} -->" : $"<-- {text,-36} <--");
        }
    }

    /// <summary>Lets simulated time pass; timers that fall due fire (TIME-WAIT's 2MSL).</summary>
    public void Wait(TimeSpan time, string why)
    {
        _clock.Advance(time);
        Row($"({why})");
        Deliver();
    }

    private void Row(string middle)
    {
        var t = _clock.GetUtcNow() - _start;
        _output.WriteLine($"{(int)t.TotalMinutes}:{t.Seconds:00}.{t.Milliseconds:000}   {A.RfcState,-13} {middle,-44} {B.RfcState}");
    }

    /// <summary>Handshake, data both ways, close from A, TIME-WAIT expiry.</summary>
    public void Lifecycle()
    {
        Header();
        Call(B, "LISTEN", p => p.Listen());
        Call(A, "CONNECT", p => p.Connect());
        Call(A, "SEND 100 bytes", p => p.Write(100));
        Call(B, "SEND 300 bytes", p => p.Write(300));
        Call(A, "CLOSE", p => p.Close());
        Call(B, "CLOSE", p => p.Close());
        Wait(A.Msl * 2, "2 x MSL later");
    }

    /// <summary>Both peers send a SYN before either arrives (RFC 9293 Figure 8).</summary>
    public void SimultaneousOpen()
    {
        Header();
        Together("CONNECT", p => p.Connect());
        Call(A, "SEND 10 bytes", p => p.Write(10));
        Call(A, "CLOSE", p => p.Close());
        Call(B, "CLOSE", p => p.Close());
        Wait(A.Msl * 2, "2 x MSL later");
    }

    /// <summary>Both peers close at once: FIN-WAIT-1, CLOSING, TIME-WAIT on both sides (RFC 9293 Figure 13).</summary>
    public void SimultaneousClose()
    {
        Header();
        Call(B, "LISTEN", p => p.Listen());
        Call(A, "CONNECT", p => p.Connect());
        Together("CLOSE", p => p.Close());
        Wait(A.Msl * 2, "2 x MSL later");
    }

    /// <summary>A aborts an established connection and B is reset; then A connects to B's closed port and is refused with a RST.</summary>
    public void Reset()
    {
        Header();
        Call(B, "LISTEN", p => p.Listen());
        Call(A, "CONNECT", p => p.Connect());
        Call(A, "ABORT", p => p.Abort());
        Call(A, "CONNECT again; B no longer listens", p => p.Connect());
        Call(A, "SEND 5 bytes", p => p.Write(5));
    }
}
