using System;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace TcpFsmGen.Samples.Tcp.Wire;

/// <summary>The byte pattern of <c>GET /bytes/N</c> and <c>connect --send N</c>: byte i is (i * 31 + 7) % 256.</summary>
public static class Pattern
{
    /// <summary>Fills <paramref name="buffer"/> with the pattern from position <paramref name="start"/>.</summary>
    public static void Fill(Span<byte> buffer, long start)
    {
        for (var i = 0; i < buffer.Length; i++) buffer[i] = (byte)(((start + i) * 31 + 7) % 256);
    }

    /// <summary>The first <paramref name="count"/> bytes of the pattern.</summary>
    public static byte[] Bytes(int count)
    {
        var bytes = new byte[count];
        Fill(bytes, 0);
        return bytes;
    }
}

/// <summary>Writes a long body in chunks, as the send buffer drains, so that a large N never sits in memory at once.</summary>
internal sealed class PatternSource(long total)
{
    private const int Chunk = 64 * 1024;
    private long _written;

    public bool Done => _written >= total;

    /// <summary>Tops the connection's send buffer up to about 128 KiB.</summary>
    public void Pump(WireConnection connection)
    {
        var buffer = new byte[Chunk];
        while (!Done && connection.SendBuffered < 2 * Chunk)
        {
            var n = (int)Math.Min(Chunk, total - _written);
            Pattern.Fill(buffer.AsSpan(0, n), _written);
            connection.Write(buffer.AsSpan(0, n));
            _written += n;
        }
    }
}

/// <summary>
/// HTTP/1.0 on port 80: <c>GET /</c> a short page, <c>GET /bytes/N</c> N pattern bytes, <c>GET /connections</c> the
/// <c>ss -tan</c> view. Each response has a Content-Length; the connection is closed after it, when the client has closed
/// its side, or a second after the whole response is written and acknowledged.
/// </summary>
internal sealed class HttpApp(WireStack stack) : IWireApp
{
    private static readonly TimeSpan s_linger = TimeSpan.FromSeconds(1);
    private readonly StringBuilder _request = new();
    private PatternSource? _body;
    private bool _responded;
    private bool _peerClosed;

    public void Received(WireConnection connection, ReadOnlySpan<byte> data)
    {
        if (_responded) return;
        _request.Append(Encoding.Latin1.GetString(data));
        var text = _request.ToString();
        if (!text.Contains("\r\n\r\n", StringComparison.Ordinal) && !text.Contains("\n\n", StringComparison.Ordinal))
        {
            if (_request.Length > 8192) Respond(connection, "431 Request Header Fields Too Large", "request too large\n");
            return;
        }
        connection.MarkServed();
        var line = text[..text.IndexOf('\n', StringComparison.Ordinal)].TrimEnd('\r').Split(' ');
        if (line.Length < 2 || line[0] != "GET") Respond(connection, "405 Method Not Allowed", "only GET\n");
        else if (line[1] == "/") Respond(connection, "200 OK", "<html><body><h1>TcpFsmGen</h1><p>TCP from tcp.fsm, on the wire. Try /bytes/1048576 or /connections.</p></body></html>\n", "text/html");
        else if (line[1] == "/connections") Respond(connection, "200 OK", stack.Describe());
        else if (line[1].StartsWith("/bytes/", StringComparison.Ordinal)
                 && long.TryParse(line[1].AsSpan(7), NumberStyles.None, CultureInfo.InvariantCulture, out var n))
        {
            _responded = true;
            connection.Write(Encoding.ASCII.GetBytes($"HTTP/1.0 200 OK\r\nContent-Type: application/octet-stream\r\nContent-Length: {n}\r\nConnection: close\r\n\r\n"));
            _body = new PatternSource(n);
            _body.Pump(connection);
            Finish(connection);
        }
        else Respond(connection, "404 Not Found", "not found\n");
    }

    private void Respond(WireConnection connection, string status, string body, string type = "text/plain")
    {
        _responded = true;
        connection.MarkServed();
        var bytes = Encoding.UTF8.GetBytes(body);
        connection.Write(Encoding.ASCII.GetBytes($"HTTP/1.0 {status}\r\nContent-Type: {type}\r\nContent-Length: {bytes.Length}\r\nConnection: close\r\n\r\n"));
        connection.Write(bytes);
        Finish(connection);
    }

    public void Writable(WireConnection connection)
    {
        if (_body is null || _body.Done) return;
        _body.Pump(connection);
        Finish(connection);
    }

    /// <summary>Once the whole response is queued: close now if the client has closed, else wait for it (a passive close) a while.</summary>
    private void Finish(WireConnection connection)
    {
        if (_body is { Done: false }) return;
        if (_peerClosed) connection.Close();
        else connection.StartAppTimer(s_linger, c => { if (c.SendBuffered == 0) c.Close(); else c.StartAppTimer(s_linger, x => x.Close()); });
    }

    public void PeerClosed(WireConnection connection)
    {
        _peerClosed = true;
        if (_responded && _body is not { Done: false }) connection.Close();
        else if (!_responded) connection.Close();
    }
}

/// <summary>Echo on port 7 (RFC 862): what comes in goes back; the peer's FIN is answered with ours.</summary>
internal sealed class EchoApp : IWireApp
{
    public void Opened(WireConnection connection)
    {
        connection.MarkServed();
        connection.WindowFollowsOutput = true;
    }

    public void Received(WireConnection connection, ReadOnlySpan<byte> data) => connection.Write(data);

    public void PeerClosed(WireConnection connection) => connection.Close();
}

/// <summary>The client of <c>connect</c>: N pattern bytes out, then a FIN (or, with <c>--abort</c>, a RST); counts and hashes what comes back.</summary>
internal sealed class ClientApp(long send, bool abort = false) : IWireApp
{
    private readonly PatternSource _source = new(send);
    private readonly IncrementalHash _hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);

    public long Received { get; private set; }

    public string? Error { get; private set; }

    public bool PeerClosedSeen { get; private set; }

    public System.Threading.Tasks.TaskCompletionSource Done { get; } = new(System.Threading.Tasks.TaskCreationOptions.RunContinuationsAsynchronously);

    public string Sha256 => Convert.ToHexStringLower(_hash.GetHashAndReset());

    public void Opened(WireConnection connection) => Writable(connection);

    public void Writable(WireConnection connection)
    {
        if (!_source.Done) _source.Pump(connection);
        if (_source.Done && !_closed)
        {
            _closed = true;
            if (abort) connection.AbortWhenSent();           // --abort: a RST once the data is acknowledged
            else connection.Close();                         // the half-close: a FIN after the data
        }
    }

    private bool _closed;

    void IWireApp.Received(WireConnection connection, ReadOnlySpan<byte> data)
    {
        Received += data.Length;
        _hash.AppendData(data);
    }

    public void PeerClosed(WireConnection connection) => PeerClosedSeen = true;

    public void Closed(WireConnection connection, string? error)
    {
        Error = error;
        Done.TrySetResult();
    }
}
