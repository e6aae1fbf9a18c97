using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Security.Cryptography;
using System.Threading.Tasks;
using TcpFsmGen.Samples.Tcp.Wire;
using TcpFsmGen.Wire.Tests.Infrastructure;
using Xunit;
using Xunit.Abstractions;
using static TcpFsmGen.Wire.Tests.Infrastructure.NetNamespace;

namespace TcpFsmGen.Wire.Tests;

/// <summary>
/// The sample on a TUN device against the Linux kernel's own TCP, each test in a network namespace of its own: the
/// kernel as client (curl, Python sockets) and as server (Python), read with <c>ss</c>.
/// </summary>
public sealed class KernelTests(ITestOutputHelper log)
{
    private static readonly TimeSpan s_start = TimeSpan.FromSeconds(60);   // dotnet's start on a busy machine
    private static readonly string s_mib = Sha256(Pattern.Bytes(1 << 20));

    private static string Sha256(byte[] bytes) => Convert.ToHexStringLower(SHA256.HashData(bytes));

    private static NsProcess Serve(NetNamespace ns, params string[] extra)
    {
        var serve = ns.StartSample(["serve", "--device", Device, "--address", Ours, .. extra]);
        serve.WaitFor(l => l.StartsWith("listening on", StringComparison.Ordinal), s_start, "'listening on'");
        return serve;
    }

    /// <summary>Stops serve with SIGTERM, as a user would, and checks that it ends cleanly.</summary>
    private static void Stop(NsProcess serve)
    {
        serve.Terminate();
        Assert.Equal(0, serve.WaitForExit(TimeSpan.FromSeconds(20)));
        Assert.Contains("stopped", serve.Lines);
    }

    /// <summary>Our state lines for one connection (<c>LOCAL REMOTE OLD -> NEW</c>), as <c>OLD -> NEW</c>.</summary>
    private static List<string> OurStates(NsProcess process, string local, string remote)
        => process.Lines.Where(l => l.StartsWith($"{local} {remote} ", StringComparison.Ordinal) && l.Contains(" -> ", StringComparison.Ordinal))
            .Select(l => l[(local.Length + remote.Length + 2)..]).ToList();

    /// <summary>The remote address of the first connection to <paramref name="local"/> in the output.</summary>
    private static string FirstPeer(NsProcess process, string local)
        => process.Lines.First(l => l.StartsWith(local + " ", StringComparison.Ordinal)).Split(' ')[1];

    /// <summary>
    /// The end of a connection the kernel closed first, to our <paramref name="port"/>: our side went through CLOSE-WAIT
    /// and LAST-ACK to CLOSED, and the kernel's through FIN-WAIT to TIME-WAIT, where it stays. Both sequences are logged.
    /// </summary>
    private void AssertPassiveCloseHereActiveCloseThere(NsProcess serve, KernelStates kernel, int port)
    {
        var local = $"{Ours}:{port}";
        serve.WaitFor(l => l.StartsWith(local + " ", StringComparison.Ordinal) && l.EndsWith("LAST-ACK -> CLOSED", StringComparison.Ordinal), TimeSpan.FromSeconds(15), "LAST-ACK -> CLOSED");
        Assert.True(kernel.WaitFor("TIME-WAIT", TimeSpan.FromSeconds(10)), $"the kernel's socket never reached TIME-WAIT: {string.Join(", ", kernel.States)}");
        var peer = FirstPeer(serve, local);
        var ours = OurStates(serve, local, peer);
        log.WriteLine($"ours ({local} {peer}): {string.Join(" | ", ours)}");
        log.WriteLine($"kernel (ss): {string.Join(" -> ", kernel.States)}");
        Assert.Equal(["CLOSED -> LISTEN", "LISTEN -> SYN-RECEIVED", "SYN-RECEIVED -> ESTABLISHED", "ESTABLISHED -> CLOSE-WAIT", "CLOSE-WAIT -> LAST-ACK", "LAST-ACK -> CLOSED"], ours);
        AssertInOrder(kernel.States, ["SYN-SENT", "ESTAB", "FIN-WAIT-1", "FIN-WAIT-2", "TIME-WAIT"]);
        Assert.Equal("TIME-WAIT", kernel.States[^1]);
    }

    /// <summary>True when the <c>ss</c> line's local or peer address is <paramref name="endpoint"/>.</summary>
    private static bool Involves(string ssLine, string endpoint)
        => ssLine.Split(' ', StringSplitOptions.RemoveEmptyEntries).Skip(3).Take(2).Contains(endpoint);

    /// <summary>
    /// Asserts that a socket matching <paramref name="match"/> is in <paramref name="state"/>, asking <c>ss</c> directly
    /// until a deadline. For states that last while our process is paused, so they are stable: unlike
    /// <see cref="KernelStates"/>, this does not depend on a poller keeping up. The failure message carries what
    /// <c>ss</c> and the kernel's counters show.
    /// </summary>
    private static void AssertNowIn(NetNamespace ns, string state, Func<string, bool> match)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        string seen;
        do seen = ns.Try(TimeSpan.FromSeconds(5), "ss", "-tanH").Output;
        while (!Has(seen) && DateTime.UtcNow < deadline);
        if (Has(seen)) return;
        var counters = ns.Try(TimeSpan.FromSeconds(5), "nstat", "-az", "TcpOutRsts", "TcpExtTCPAbortOnClose", "TcpExtTCPAbortOnData", "TcpExtTCPAbortOnMemory", "TcpRetransSegs").Output;
        Assert.Fail($"no socket in {state}; ss -tan shows:\n{seen}\nnstat:\n{counters}");

        bool Has(string ss) => ss.Split('\n').Any(l => l.StartsWith(state + " ", StringComparison.Ordinal) && match(l));
    }

    private static void AssertInOrder(IReadOnlyList<string> seen, IReadOnlyList<string> order)
    {
        var last = -1;
        foreach (var state in seen)
        {
            var at = order.ToList().IndexOf(state);
            Assert.True(at > last, $"kernel states {string.Join(", ", seen)} are not in the order {string.Join(", ", order)}");
            last = at;
        }
    }

    [WireFact(curl: true)]
    public void T1_KernelClient_FetchesOneMebibyte_PassiveCloseHereActiveCloseThere()
    {
        using var ns = new NetNamespace("t1");
        using var serve = Serve(ns);
        using var kernel = new KernelStates(ns, l => Involves(l, $"{Ours}:80"));
        var file = Path.Combine(Path.GetTempPath(), $"wire-t1-{Environment.ProcessId}.bin");
        try
        {
            var (code, _, error) = ns.Try(TimeSpan.FromSeconds(60), "curl", "-s", "-S", "-o", file, $"http://{Ours}/bytes/1048576");
            Assert.True(code == 0, $"curl: exit {code}: {error}");
            Assert.Equal(s_mib, Sha256(File.ReadAllBytes(file)));
        }
        finally
        {
            File.Delete(file);
        }
        AssertPassiveCloseHereActiveCloseThere(serve, kernel, 80);
        Stop(serve);
    }

    [WireFact]
    public void T1_KernelClient_ItsFinWait1IsSeen_WhileOurProcessIsPaused()
    {
        using var ns = new NetNamespace("t1b");
        using var serve = Serve(ns);
        using var kernel = new KernelStates(ns, l => Involves(l, $"{Ours}:7"));
        // A Python client of our echo service: 1 MiB there and back, then it closes first, when told to on standard input.
        using var client = ns.Start("python3", "-c", """
            import socket, sys, hashlib, threading
            data = bytes((i * 31 + 7) % 256 for i in range(1 << 20))
            s = socket.create_connection(('10.7.0.2', 7)); t = threading.Thread(target=s.sendall, args=(data,)); t.start(); d = b''
            while len(d) < len(data):
                x = s.recv(65536)
                if not x: break
                d += x
            t.join(); print(hashlib.sha256(d).hexdigest(), flush=True)
            sys.stdin.readline(); s.close(); print('closed', flush=True)
            """);
        Assert.Equal(s_mib, client.WaitFor(l => l.Length == 64, TimeSpan.FromSeconds(60), "the echo's SHA-256"));
        // FIN-WAIT-1 lasts until our ACK comes back, a fraction of a millisecond: serve is paused while the kernel closes.
        serve.Pause(TimeSpan.FromSeconds(10));
        try
        {
            client.Input.WriteLine("close");
            client.Input.Flush();
            client.WaitFor(l => l == "closed", TimeSpan.FromSeconds(10), "closed");
            AssertNowIn(ns, "FIN-WAIT-1", l => Involves(l, $"{Ours}:7"));
        }
        finally
        {
            serve.Resume();
        }
        AssertPassiveCloseHereActiveCloseThere(serve, kernel, 7);
        Stop(serve);
    }

    /// <summary>An echo server that, after the client's FIN, closes when told to on standard input (so CLOSE-WAIT can be seen).</summary>
    private const string EchoServer = """
        import socket, sys
        l = socket.socket(); l.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        l.bind(('10.7.0.1', int(sys.argv[1]))); l.listen(); print('ready', flush=True)
        c, a = l.accept(); n = 0
        while True:
            d = c.recv(65536)
            if not d: break
            c.sendall(d); n += len(d)
        print('echoed', n, flush=True)
        sys.stdin.readline(); c.close(); print('closed', flush=True)
        """;

    [WireFact]
    public void T2_KernelServer_EchoesOneMebibyte_ActiveCloseHerePassiveCloseThere()
    {
        using var ns = new NetNamespace("t2");
        using var server = ns.Start("python3", "-c", EchoServer, "9000");
        server.WaitFor(l => l == "ready", s_start, "ready");
        using var kernel = new KernelStates(ns, l => Involves(l, $"{Kernel}:9000") && l.Contains(Ours + ":", StringComparison.Ordinal));
        using var client = ns.StartSample("connect", "--device", Device, "--address", Ours, Kernel, "9000", "--send", "1048576");
        Assert.Equal("echoed 1048576", server.WaitFor(l => l.StartsWith("echoed", StringComparison.Ordinal), TimeSpan.FromSeconds(90), "echoed"));
        client.WaitFor(l => l.EndsWith("FIN-WAIT-1 -> FIN-WAIT-2", StringComparison.Ordinal), TimeSpan.FromSeconds(10), "FIN-WAIT-2");
        Assert.True(kernel.WaitFor("CLOSE-WAIT", TimeSpan.FromSeconds(10)), $"the kernel's socket never showed CLOSE-WAIT: {string.Join(", ", kernel.States)}");
        // LAST-ACK lasts one round trip, less than an ss run: our process is paused (SIGSTOP) while the kernel closes,
        // so its FIN waits in the device and LAST-ACK can be seen; then it resumes (SIGCONT) and acknowledges the FIN.
        client.Pause(TimeSpan.FromSeconds(10));
        try
        {
            server.Input.WriteLine("close");
            server.Input.Flush();
            server.WaitFor(l => l == "closed", TimeSpan.FromSeconds(10), "closed");
            AssertNowIn(ns, "LAST-ACK", l => Involves(l, $"{Kernel}:9000") && l.Contains(Ours + ":", StringComparison.Ordinal));
        }
        finally
        {
            client.Resume();
        }
        Assert.True(client.WaitForExit(TimeSpan.FromSeconds(30)) == 0, client.ToString());
        Assert.Contains($"received 1048576 bytes, sha256 {s_mib}", client.Lines);

        var local = client.Lines.First(l => l.Contains(" CLOSED -> SYN-SENT", StringComparison.Ordinal)).Split(' ')[0];
        var ours = OurStates(client, local, $"{Kernel}:9000");
        log.WriteLine($"ours ({local} {Kernel}:9000): {string.Join(" | ", ours)}");
        log.WriteLine($"kernel (ss): {string.Join(" -> ", kernel.States)}");
        Assert.Equal(["CLOSED -> SYN-SENT", "SYN-SENT -> ESTABLISHED", "ESTABLISHED -> FIN-WAIT-1", "FIN-WAIT-1 -> FIN-WAIT-2", "FIN-WAIT-2 -> TIME-WAIT", "TIME-WAIT -> CLOSED"], ours);
        AssertInOrder(kernel.States, ["SYN-RECV", "ESTAB", "CLOSE-WAIT", "LAST-ACK"]);
    }

    [WireFact]
    public void T3_Reset_BothWays()
    {
        using var ns = new NetNamespace("t3");
        using var serve = Serve(ns);

        // The kernel aborts (SO_LINGER 0): our endpoint reports the reset.
        var (code, output, error) = ns.Try(TimeSpan.FromSeconds(30), "python3", "-c", """
            import socket, struct
            s = socket.create_connection(('10.7.0.2', 7)); s.sendall(b'x' * 100)
            got = b''
            while len(got) < 100: got += s.recv(100)
            s.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack('ii', 1, 0)); s.close(); print('aborted', len(got))
            """);
        Assert.True(code == 0, error);
        Assert.Equal("aborted 100", output.Trim());
        var reset = serve.WaitFor(l => l.StartsWith($"{Ours}:7 ", StringComparison.Ordinal) && l.EndsWith("error: connection reset", StringComparison.Ordinal), TimeSpan.FromSeconds(10), "connection reset");
        log.WriteLine($"ours: {reset}");
        Assert.Contains(serve.Lines, l => l.StartsWith($"{Ours}:7 ", StringComparison.Ordinal) && l.EndsWith("ESTABLISHED -> CLOSED", StringComparison.Ordinal));
        Stop(serve);

        // We abort: the kernel's recv fails with ECONNRESET.
        using var server = ns.Start("python3", "-c", """
            import socket
            l = socket.socket(); l.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            l.bind(('10.7.0.1', 9001)); l.listen(); print('ready', flush=True)
            c, a = l.accept()
            try:
                while c.recv(65536): pass
                print('eof', flush=True)
            except ConnectionResetError as e:
                print('ECONNRESET', e.errno, flush=True)
            """);
        server.WaitFor(l => l == "ready", s_start, "ready");
        using var client = ns.StartSample("connect", "--device", Device, "--address", Ours, Kernel, "9001", "--send", "5000", "--abort");
        Assert.True(client.WaitForExit(TimeSpan.FromSeconds(60)) == 0, client.ToString());
        Assert.Contains(client.Lines, l => l.EndsWith("ESTABLISHED -> CLOSED", StringComparison.Ordinal));
        Assert.Equal("ECONNRESET 104", server.WaitFor(l => l != "ready", TimeSpan.FromSeconds(10), "the server's recv result"));
    }

    [WireFact]
    public void T4_Refused_BothWays()
    {
        using var ns = new NetNamespace("t4");
        using var serve = Serve(ns);
        var (code, output, error) = ns.Try(TimeSpan.FromSeconds(30), "python3", "-c", """
            import socket
            try:
                socket.create_connection(('10.7.0.2', 81), timeout=10); print('connected')
            except ConnectionRefusedError as e:
                print('ECONNREFUSED', e.errno)
            """);
        Assert.True(code == 0, error);
        Assert.Equal("ECONNREFUSED 111", output.Trim());
        Stop(serve);

        // And ours to a kernel port nobody listens on: the kernel's RST ends our SYN-SENT.
        using var client = ns.StartSample("connect", "--device", Device, "--address", Ours, Kernel, "9002", "--send", "10");
        Assert.Equal(1, client.WaitForExit(s_start));
        Assert.Contains(client.Lines, l => l.EndsWith("SYN-SENT -> CLOSED", StringComparison.Ordinal));
        Assert.Contains("error: connection reset", client.Lines);
    }

    private const string EchoAfterEof = """
        import socket, sys
        l = socket.socket(); l.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        l.bind(('10.7.0.1', int(sys.argv[1]))); l.listen(); print('ready', flush=True)
        c, a = l.accept(); d = bytearray()
        while True:
            x = c.recv(65536)
            if not x: break
            d += x
        c.sendall(d); c.close(); print('echoed', len(d), flush=True)
        """;

    [WireFact]
    public void T5_Loss_TenPercentBothWays_OneMebibyteIntactEachWay()
    {
        using var ns = new NetNamespace("t5");
        using var server = ns.Start("python3", "-c", EchoAfterEof, "9003");
        server.WaitFor(l => l == "ready", s_start, "ready");
        var png = Path.Combine(AppContext.BaseDirectory, "wire-loss-cwnd.png");
        File.Delete(png);
        using var client = ns.StartSample("connect", "--device", Device, "--address", Ours, Kernel, "9003", "--send", "1048576",
            "--loss", "0.1", "--seed", "7", "--plot", png);
        Assert.True(client.WaitForExit(TimeSpan.FromSeconds(100)) == 0, client.ToString());
        foreach (var line in client.Lines.Where(l => !l.Contains(" -> ", StringComparison.Ordinal) || l.StartsWith("congestion", StringComparison.Ordinal))) log.WriteLine(line);
        Assert.Contains($"received 1048576 bytes, sha256 {s_mib}", client.Lines);
        Assert.Equal("echoed 1048576", server.WaitFor(l => l.StartsWith("echoed", StringComparison.Ordinal), TimeSpan.FromSeconds(10), "echoed"));

        var stats = client.Lines.Single(l => l.StartsWith("sent 1048576 bytes in", StringComparison.Ordinal));
        var numbers = System.Text.RegularExpressions.Regex.Match(stats, @"retransmissions (\d+) \(timeouts (\d+), fast retransmits (\d+)\); segments dropped by --loss (\d+)");
        Assert.True(numbers.Success, stats);
        Assert.True(int.Parse(numbers.Groups[1].Value) > 0 && int.Parse(numbers.Groups[4].Value) > 0, stats);
        var states = client.Lines.Single(l => l.StartsWith("congestion states: ", StringComparison.Ordinal))["congestion states: ".Length..].Split(" -> ");
        Assert.Equal("SlowStart", states[0]);
        Assert.Contains("FastRecovery", states);
        Assert.Contains("Loss", states);                                   // a timeout's collapse to one segment
        var bytes = File.ReadAllBytes(png);
        Assert.Equal(new byte[] { 0x89, (byte)'P', (byte)'N', (byte)'G' }, bytes[..4]);
        log.WriteLine($"plot: {png} ({bytes.Length} bytes)");

        // The kernel's side of the same run, from its counters in this namespace (nstat, when iproute2 has it).
        if (Programs.Find("nstat") is not null)
        {
            var (_, counters, _) = ns.Try(TimeSpan.FromSeconds(10), "nstat", "-az", "TcpRetransSegs", "TcpExtTCPFastRetrans", "TcpExtTCPTimeouts");
            log.WriteLine("kernel: " + string.Join("; ", counters.Split('\n').Where(l => l.StartsWith("Tcp", StringComparison.Ordinal))
                .Select(l => string.Join(' ', l.Split(' ', StringSplitOptions.RemoveEmptyEntries).Take(2)))));
        }
    }

    [WireFact(curl: true)]
    public void T5_Loss_ServeWithTenPercentLoss_CurlGetsOneMebibyteIntact()
    {
        using var ns = new NetNamespace("t5s");
        using var serve = Serve(ns, "--loss", "0.1", "--seed", "5");
        var file = Path.Combine(Path.GetTempPath(), $"wire-t5s-{Environment.ProcessId}.bin");
        try
        {
            var (code, _, error) = ns.Try(TimeSpan.FromSeconds(100), "curl", "-s", "-S", "--max-time", "90", "-o", file, $"http://{Ours}/bytes/1048576");
            Assert.True(code == 0, $"curl: exit {code}: {error}\n{serve}");
            Assert.Equal(s_mib, Sha256(File.ReadAllBytes(file)));
        }
        finally
        {
            File.Delete(file);
        }
        Stop(serve);
    }

    [NetemFact]
    public void T5_Loss_NetemOnTheDevice_OneMebibyteIntact()
    {
        using var ns = new NetNamespace("t5n");
        ns.Exec("tc", "qdisc", "add", "dev", Device, "root", "netem", "loss", "10%");
        using var serve = Serve(ns, "--loss", "0.05", "--seed", "3");
        var (code, output, error) = ns.Try(TimeSpan.FromSeconds(100), "python3", "-c", """
            import socket, hashlib
            s = socket.create_connection(('10.7.0.2', 80)); s.sendall(b'GET /bytes/1048576 HTTP/1.0\r\n\r\n'); d = b''
            while True:
                x = s.recv(65536)
                if not x: break
                d += x
            print(hashlib.sha256(d.split(b'\r\n\r\n', 1)[1]).hexdigest())
            """);
        Assert.True(code == 0, error);
        Assert.Equal(s_mib, output.Trim());
        Stop(serve);
    }

    [WireFact]
    public void T6_HundredConnectionsAtOnce_OneDeviceOneLoop()
    {
        using var ns = new NetNamespace("t6");
        using var serve = Serve(ns);
        var (code, output, error) = ns.Try(TimeSpan.FromSeconds(90), "python3", "-c", """
            import socket, threading, hashlib
            want = hashlib.sha256(bytes((i * 31 + 7) % 256 for i in range(20000))).hexdigest()
            socks = [socket.create_connection(('10.7.0.2', 80 if i % 2 == 0 else 7), timeout=60) for i in range(100)]
            ok = []
            def run(i, s):
                if i % 2 == 0:
                    s.sendall(b'GET /bytes/20000 HTTP/1.0\r\n\r\n'); d = b''
                    while True:
                        x = s.recv(65536)
                        if not x: break
                        d += x
                    body = d.split(b'\r\n\r\n', 1)[1]
                else:
                    msg = bytes((j * 31 + 7) % 256 for j in range(20000)); s.sendall(msg); s.shutdown(socket.SHUT_WR); body = b''
                    while True:
                        x = s.recv(65536)
                        if not x: break
                        body += x
                if hashlib.sha256(body).hexdigest() == want: ok.append(i)
                s.close()
            ts = [threading.Thread(target=run, args=(i, s)) for i, s in enumerate(socks)]
            [t.start() for t in ts]; [t.join() for t in ts]
            print('ok', len(ok))
            """);
        Assert.True(code == 0, error);
        Assert.Equal("ok 100", output.Trim());
        serve.WaitFor(_ => serve.Lines.Count(l => l.EndsWith(" -> CLOSED", StringComparison.Ordinal)) >= 100, TimeSpan.FromSeconds(20), "100 connections CLOSED");
        // The kernel may give a connection to port 80 and one to port 7 the same source port: count (local, remote) pairs.
        var connections = serve.Lines.Where(l => l.EndsWith("LISTEN -> SYN-RECEIVED", StringComparison.Ordinal)).Select(l => l.Split(' ')[0] + " " + l.Split(' ')[1]).Distinct().Count();
        Assert.Equal(100, connections);
        Stop(serve);
    }

    [WireFact]
    public void Backlog_DropsSynsPastIt_AndConnectionsListsEveryConnection()
    {
        using var ns = new NetNamespace("backlog");
        using var serve = Serve(ns, "--backlog", "2");
        var (code, output, error) = ns.Try(TimeSpan.FromSeconds(60), "python3", "-c", """
            import socket
            def fetch(s, path):
                s.sendall(b'GET ' + path + b' HTTP/1.0\r\n\r\n'); d = b''
                while True:
                    x = s.recv(65536)
                    if not x: break
                    d += x
                return d.decode()
            a = socket.create_connection(('10.7.0.2', 80), timeout=10)
            b = socket.create_connection(('10.7.0.2', 80), timeout=10)   # two established, neither has sent its request
            c = socket.socket(); c.settimeout(0.5)                      # the kernel resends a SYN after 1 s: no answer before means dropped
            try:
                c.connect(('10.7.0.2', 80)); print('third: connected')
            except socket.timeout:
                print('third: no answer')
            c.close()                                                   # stops the kernel's own SYN retransmissions
            print('first:', fetch(a, b'/').split('\r\n')[0])          # served: it leaves the backlog
            d = socket.create_connection(('10.7.0.2', 80), timeout=10)
            print(fetch(d, b'/connections').split('\r\n\r\n', 1)[1], end='')
            """);
        Assert.True(code == 0, error + output);
        log.WriteLine(output);
        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("third: no answer", lines[0]);
        Assert.Equal("first: HTTP/1.0 200 OK", lines[1]);
        Assert.StartsWith("State      Recv-Q Send-Q", lines[2], StringComparison.Ordinal);
        Assert.Contains(lines, l => l.StartsWith("LISTEN", StringComparison.Ordinal) && l.Contains($"{Ours}:80", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("ESTAB", StringComparison.Ordinal) && l.Contains($"{Ours}:80 ", StringComparison.Ordinal)
                                    && l.Contains("cc:SlowStart cwnd:", StringComparison.Ordinal));
        var dropped = lines.Single(l => l.StartsWith("SYNs dropped (backlog full): ", StringComparison.Ordinal));
        Assert.NotEqual("SYNs dropped (backlog full): 0", dropped.Split(';')[0]);
        Stop(serve);
    }

    [WireFact]
    public void RetryLimit_ASynNobodyAnswers_IsResentWithBackOff_ThenTheConnectionEndsWithAnError()
    {
        using var ns = new NetNamespace("retry");
        // 10.7.0.99 is on the device's subnet but nobody has it, and the namespace does not forward: the SYNs go nowhere.
        using var client = ns.StartSample("connect", "--device", Device, "--address", Ours, "10.7.0.99", "80", "--send", "10", "--retries", "2", "--trace");
        Assert.Equal(1, client.WaitForExit(TimeSpan.FromSeconds(60)));
        Assert.Contains(client.Lines, l => l.EndsWith("error: no acknowledgment after 2 retransmissions", StringComparison.Ordinal));
        Assert.Contains(client.Lines, l => l.EndsWith("SYN-SENT -> CLOSED", StringComparison.Ordinal));
        Assert.Contains("error: connection aborted due to user timeout", client.Lines);
        // The SYN went out three times, about 1 s and then 2 s apart (RFC 6298: an initial RTO of 1 s, doubled).
        var syns = client.Error.Split('\n').Where(l => l.Contains(" out ", StringComparison.Ordinal) && l.Contains(" S seq=", StringComparison.Ordinal))
            .Select(l => double.Parse(l.Split(' ')[0], System.Globalization.CultureInfo.InvariantCulture)).ToList();
        Assert.Equal(3, syns.Count);
        Assert.InRange(syns[1] - syns[0], 0.95, 2.0);            // never early; late by at most the load of a busy machine
        Assert.InRange(syns[2] - syns[1], 1.95, 3.5);
        Assert.Contains("retransmissions 2 (timeouts 2", client.Lines.Single(l => l.StartsWith("sent 10 bytes", StringComparison.Ordinal)), StringComparison.Ordinal);
    }

    [WireFact]
    public void Windows_AReaderThatStopsClosesBothWindows_ProbesKeepAsking_AndUpdatesReopenThem()
    {
        using var ns = new NetNamespace("window");
        using var serve = Serve(ns);
        // The kernel's client sends 1 MiB to our echo and reads nothing: its receive window closes, so our persist timer
        // probes it; our output backs up, so our window closes too. Once probes are seen, it reads everything.
        var (code, output, error) = ns.Try(TimeSpan.FromSeconds(90), "python3", "-c", """
            import socket, threading, hashlib, time
            data = bytes((i * 31 + 7) % 256 for i in range(1 << 20))
            s = socket.create_connection(('10.7.0.2', 7), timeout=60)
            def send():
                s.sendall(data); s.shutdown(socket.SHUT_WR)
            t = threading.Thread(target=send); t.start()
            def probes():
                c = socket.create_connection(('10.7.0.2', 80), timeout=10); c.sendall(b'GET /connections HTTP/1.0\r\n\r\n'); d = b''
                while True:
                    x = c.recv(65536)
                    if not x: break
                    d += x
                c.close()
                return int(d.decode().split('zero-window probes: ')[1].split()[0])
            deadline = time.time() + 30
            while probes() == 0 and time.time() < deadline: time.sleep(0.05)   # polls our server for a condition
            print('probes', probes(), flush=True)
            got = b''
            while True:
                x = s.recv(65536)
                if not x: break
                got += x
            t.join()
            print('echoed', len(got), hashlib.sha256(got).hexdigest() == hashlib.sha256(data).hexdigest())
            """);
        Assert.True(code == 0, error + output);
        log.WriteLine(output);
        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.True(int.Parse(lines[0].Split(' ')[1]) > 0, output);
        Assert.Equal("echoed 1048576 True", lines[1]);
        Stop(serve);
    }

    [WireFact]
    public void Serve_OnSigterm_ClosesItsConnections_AndExitsCleanly()
    {
        using var ns = new NetNamespace("sigterm");
        using var serve = Serve(ns);
        using var client = ns.Start("python3", "-c", """
            import socket
            s = socket.create_connection(('10.7.0.2', 7), timeout=30); print('connected', flush=True)
            print('eof' if s.recv(100) == b'' else 'data', flush=True); s.close()
            """);
        client.WaitFor(l => l == "connected", s_start, "connected");
        serve.WaitFor(l => l.StartsWith($"{Ours}:7 ", StringComparison.Ordinal) && l.EndsWith("SYN-RECEIVED -> ESTABLISHED", StringComparison.Ordinal), TimeSpan.FromSeconds(10), "ESTABLISHED");
        serve.Terminate();
        Assert.Equal("eof", client.WaitFor(l => l != "connected", TimeSpan.FromSeconds(20), "the client's recv"));
        Assert.Equal(0, serve.WaitForExit(TimeSpan.FromSeconds(20)));
        Assert.Contains(serve.Lines, l => l.StartsWith($"{Ours}:7 ", StringComparison.Ordinal) && l.EndsWith("ESTABLISHED -> FIN-WAIT-1", StringComparison.Ordinal));
        Assert.Equal("stopped", serve.Lines[^1]);
    }

    [WireFact(curl: true)]
    public void Mss_ThePeersOptionIsHonoured()
    {
        using var ns = new NetNamespace("mss");
        ns.Exec("ip", "link", "set", Device, "mtu", "1000");                  // the kernel announces MSS 960
        using var serve = Serve(ns, "--trace");
        var file = Path.Combine(Path.GetTempPath(), $"wire-mss-{Environment.ProcessId}.bin");
        try
        {
            var (code, _, error) = ns.Try(TimeSpan.FromSeconds(60), "curl", "-s", "-S", "-o", file, $"http://{Ours}/bytes/100000");
            Assert.True(code == 0, error);
            Assert.Equal(100_000, new FileInfo(file).Length);
        }
        finally
        {
            File.Delete(file);
        }
        Stop(serve);
        var trace = serve.Error.Split('\n');
        Assert.Contains(trace, l => l.Contains(" in ", StringComparison.Ordinal) && l.Contains(" S seq=", StringComparison.Ordinal));
        var lengths = trace.Where(l => l.Contains(" out ", StringComparison.Ordinal))
            .Select(l => int.Parse(l[(l.IndexOf(" len=", StringComparison.Ordinal) + 5)..].Split(' ')[0], System.Globalization.CultureInfo.InvariantCulture)).ToList();
        Assert.Equal(960, lengths.Max());
    }
}
