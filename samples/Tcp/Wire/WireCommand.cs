using System;
using System.Collections.Generic;
using System.ComponentModel;
using System.Globalization;
using System.IO;
using System.Net;
using System.Runtime.InteropServices;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;

namespace TcpFsmGen.Samples.Tcp.Wire;

/// <summary>
/// The wire commands: <c>serve</c> (HTTP/1.0 on port 80, echo on port 7) and <c>connect</c> (a client that sends N bytes,
/// half-closes and reads until the peer closes), on an existing TUN device.
/// Exit codes: 0 success (for <c>connect</c>, a clean close); 1 the device could not be opened, or the connection ended
/// with an error; 2 bad arguments.
/// </summary>
public static class WireCommand
{
    /// <summary>The usage text of the wire commands.</summary>
    public const string Usage = """
        usage: dotnet run --project samples/Tcp -- serve --device NAME --address IP [--backlog N] [--loss P --seed S] [--msl SECONDS] [--retries N] [--trace]
               dotnet run --project samples/Tcp -- connect --device NAME --address IP HOST PORT --send N [--loss P --seed S] [--msl SECONDS] [--retries N] [--abort] [--plot FILE.png] [--trace]
        The TUN device must exist: ip tuntap add dev NAME mode tun && ip addr add 10.7.0.1/24 dev NAME && ip link set NAME up
        """;

    /// <summary>Runs <c>serve ...</c> or <c>connect ...</c>; returns the exit code.</summary>
    public static async Task<int> RunAsync(string[] args, TextWriter output, TextWriter error)
    {
        string? device = null, address = null, plot = null;
        var trace = false;
        var abort = false;
        var positional = new List<string>();
        long send = -1;
        double loss = 0;
        var seed = 1;
        var backlog = 128;
        var retries = 8;
        var msl = TimeSpan.FromSeconds(0.5);
        var command = args[0];
        try
        {
            for (var i = 1; i < args.Length; i++)
            {
                string Value() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value");
                switch (args[i])
                {
                    case "--device": device = Value(); break;
                    case "--address": address = Value(); break;
                    case "--send" when command == "connect":
                        send = long.TryParse(Value(), NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : throw new ArgumentException("--send needs a whole number of bytes");
                        break;
                    case "--loss":
                        loss = double.TryParse(Value(), NumberStyles.Float, CultureInfo.InvariantCulture, out var p) && p is >= 0 and < 1 ? p : throw new ArgumentException("--loss needs a probability from 0 to below 1");
                        break;
                    case "--seed":
                        seed = int.TryParse(Value(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var s) ? s : throw new ArgumentException("--seed needs a whole number");
                        break;
                    case "--backlog" when command == "serve":
                        backlog = int.TryParse(Value(), NumberStyles.None, CultureInfo.InvariantCulture, out var b) && b > 0 ? b : throw new ArgumentException("--backlog needs a positive whole number");
                        break;
                    case "--retries":
                        retries = int.TryParse(Value(), NumberStyles.None, CultureInfo.InvariantCulture, out var r) && r > 0 ? r : throw new ArgumentException("--retries needs a positive whole number");
                        break;
                    case "--msl":
                        msl = double.TryParse(Value(), NumberStyles.Float, CultureInfo.InvariantCulture, out var m) && m > 0 ? TimeSpan.FromSeconds(m) : throw new ArgumentException("--msl needs a positive number of seconds");
                        break;
                    case "--plot" when command == "connect": plot = Value(); break;
                    case "--trace": trace = true; break;
                    case "--abort" when command == "connect": abort = true; break;
                    case "--help" or "-h":
                        output.WriteLine(Usage);
                        return 0;
                    default:
                        if (command == "connect" && !args[i].StartsWith("--", StringComparison.Ordinal) && positional.Count < 2) positional.Add(args[i]);
                        else throw new ArgumentException($"unexpected argument '{args[i]}'");
                        break;
                }
            }
            if (device is null) throw new ArgumentException($"{command} needs --device NAME");
            if (address is null) throw new ArgumentException($"{command} needs --address IP");
            if (command == "connect" && positional.Count < 2) throw new ArgumentException("connect needs HOST PORT");
            if (command == "connect" && send < 0) throw new ArgumentException("connect needs --send N");
        }
        catch (ArgumentException e)
        {
            error.WriteLine($"error: {e.Message}");
            error.WriteLine(Usage);
            return 2;
        }

        if (!TryAddress(address, out var ours, error)) return 2;
        uint host = 0;
        ushort port = 0;
        if (command == "connect")
        {
            if (!TryAddress(positional[0], out host, error)) return 2;
            if (!ushort.TryParse(positional[1], NumberStyles.None, CultureInfo.InvariantCulture, out port) || port == 0)
            {
                error.WriteLine($"error: '{positional[1]}' is not a port (1 to 65535)");
                return 2;
            }
        }

        TunDevice tun;
        try
        {
            tun = TunDevice.Open(device);
        }
        catch (Exception e) when (e is PlatformNotSupportedException or Win32Exception or ArgumentException or DllNotFoundException)
        {
            error.WriteLine($"error: {e.Message}");
            return 1;
        }

        var options = new WireOptions(loss, seed, backlog, msl, retries);
        var stack = new WireStack(tun, ours, output, options) { Trace = trace ? error : null };
        int code;
        await using (stack.ConfigureAwait(false))
        {
            code = command == "serve"
                ? await ServeAsync(stack, output).ConfigureAwait(false)
                : await ConnectAsync(stack, host, port, send, abort, plot, output).ConfigureAwait(false);
        }
        if (command == "serve") output.WriteLine("stopped");   // once the stack's loop has ended: no state change prints after it
        return code;
    }

    private static bool TryAddress(string text, out uint address, TextWriter error)
    {
        address = 0;
        if (IPAddress.TryParse(text, out var ip) && ip.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork)
        {
            address = TcpPacket.ToNumber(ip);
            return true;
        }
        error.WriteLine($"error: '{text}' is not an IPv4 address");
        return false;
    }

    /// <summary>Serves until SIGINT or SIGTERM, then closes every connection (waiting a few seconds for the peers).</summary>
    private static async Task<int> ServeAsync(WireStack stack, TextWriter output)
    {
        var stop = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, c => { c.Cancel = true; stop.TrySetResult(); });
        using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, c => { c.Cancel = true; stop.TrySetResult(); });
        await stack.InvokeAsync(() =>
        {
            stack.Listen(80, () => new HttpApp(stack));
            stack.Listen(7, () => new EchoApp());
        }).ConfigureAwait(false);
        output.WriteLine($"listening on {TcpPacket.FormatAddress(stack.Address)} ports 80 (HTTP/1.0) and 7 (echo); backlog {stack.Backlog}");
        await stop.Task.ConfigureAwait(false);

        output.WriteLine("stopping: closing every connection");
        await stack.InvokeAsync(() =>
        {
            foreach (var connection in new List<WireConnection>(stack.Connections)) connection.Close();
        }).ConfigureAwait(false);
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(5);
        while (DateTime.UtcNow < deadline)
        {
            var open = 0;
            await stack.InvokeAsync(() => open = stack.Connections.Count(c => c.Endpoint.Current != TcpEndpoint.State.TimeWait)).ConfigureAwait(false);
            if (open == 0) break;
            await Task.Delay(50).ConfigureAwait(false);
        }
        return 0;
    }

    private static async Task<int> ConnectAsync(WireStack stack, uint host, ushort port, long send, bool abort, string? plotFile, TextWriter output)
    {
        var app = new ClientApp(send, abort);
        var plot = new CwndPlot();
        var states = new List<string> { CongestionControl.State.SlowStart.ToString() };
        WireConnection? connection = null;
        var start = stack.Elapsed;
        stack.CongestionStateChanged += (c, from, to) =>
        {
            if (from != to) states.Add(to.ToString());
        };
        stack.CongestionEvent += c => plot.Add(stack.Elapsed - start, c.Congestion.Cwnd, c.Congestion.Ssthresh, c.Congestion.Current);
        await stack.InvokeAsync(() =>
        {
            connection = stack.Connect(host, port, app);
            plot.Add(0, connection.Congestion.Cwnd, connection.Congestion.Ssthresh, connection.Congestion.Current);
        }).ConfigureAwait(false);
        await app.Done.Task.ConfigureAwait(false);
        var elapsed = stack.Elapsed - start;
        var c = connection!;
        output.WriteLine($"received {app.Received} bytes, sha256 {app.Sha256}");
        output.WriteLine(string.Format(CultureInfo.InvariantCulture,
            "sent {0} bytes in {1:0.000} s; retransmissions {2} (timeouts {3}, fast retransmits {4}); segments dropped by --loss {5}; zero-window probes {6}",
            send, elapsed, c.Retransmissions, c.Timeouts, c.Congestion.FastRetransmits, stack.Dropped, stack.ZeroWindowProbes));
        output.WriteLine($"congestion states: {string.Join(" -> ", states)}");
        if (plotFile is not null)
        {
            plot.Add(elapsed, c.Congestion.Cwnd, c.Congestion.Ssthresh, c.Congestion.Current);
            plot.Save(plotFile);
            output.WriteLine($"cwnd plot: {plotFile}");
        }
        if (app.Error is { } e)
        {
            output.WriteLine($"error: {e}");
            return 1;
        }
        return abort || app.PeerClosedSeen ? 0 : 1;
    }
}
