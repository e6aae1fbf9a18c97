using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using TcpFsmGen.Runtime;

namespace TcpFsmGen.Samples.Tcp.Wire;

/// <summary>What the loop is asked to do: a packet came in from the device.</summary>
public enum WireEvent
{
    /// <summary>A packet (the payload) came in.</summary>
    Packet,
}

/// <summary>A source and sink of IPv4 packets: a <see cref="TunDevice"/>, or an in-memory link in tests.</summary>
public interface IPacketDevice : IDisposable
{
    /// <summary>Waits up to <paramref name="timeoutMs"/> for a packet; returns its length, 0 if none came.</summary>
    int Read(byte[] buffer, int timeoutMs);

    /// <summary>Sends one packet; false when it could not.</summary>
    bool Write(byte[] packet, int length);
}

/// <summary>
/// A user-space TCP/IPv4 endpoint on one packet device: every connection is a <see cref="WireConnection"/>, all of them on
/// one <see cref="EventLoop{TEvent}"/> whose own <see cref="TimerWheel"/> runs every timer (the machines' and the wire's).
/// A reader thread posts each packet to the loop; everything else runs on the loop.
/// </summary>
public sealed class WireStack : IStateMachine<WireEvent, byte[]>, IAsyncDisposable
{
    private readonly IPacketDevice _device;
    private readonly EventLoop<WireEvent> _loop;
    private readonly Dictionary<(uint Ip, ushort Port, ushort LocalPort), WireConnection> _connections = new();
    private readonly Dictionary<ushort, Func<IWireApp>> _listeners = new();
    private readonly TextWriter _output;
    private readonly Random _loss;
    private readonly double _lossRate;
    private readonly TcpEndpoint _closedPort;
    private readonly Thread _reader;
    private readonly CancellationTokenSource _stop = new();
    private readonly long _start;
    private TcpPacket? _refused;

    /// <summary>A stack at <paramref name="address"/> on <paramref name="device"/>.</summary>
    /// <param name="device">The device; the stack disposes of it.</param>
    /// <param name="address">Our IPv4 address.</param>
    /// <param name="output">Where state changes and errors are written, one line each.</param>
    /// <param name="options">Loss, seed, backlog, MSL, retries.</param>
    public WireStack(IPacketDevice device, uint address, TextWriter output, WireOptions options)
    {
        _device = device;
        Address = address;
        _output = output;
        _lossRate = options.Loss;
        _loss = new Random(options.Seed);
        Backlog = options.Backlog;
        Msl = options.Msl;
        RetryLimit = options.Retries;
        MinRto = options.MinRto > TimeSpan.Zero ? options.MinRto : TimeSpan.FromMilliseconds(200);
        Clock = TimeProvider.System;
        _start = Clock.GetTimestamp();
        _loop = new EventLoop<WireEvent>(new EventLoopOptions { OnError = (e, _) => output.WriteLine($"error: {e}") });
        Timers = _loop.CreateTimerWheel(Clock, TimeSpan.FromMilliseconds(5));
        _closedPort = new TcpEndpoint(0, Timers);
        _closedPort.Transmit += s =>
        {
            if (_refused is { } p) Send(new TcpPacket(Address, p.Source, p.DestinationPort, p.SourcePort, s.Seq, s.Ack, s.Flags, 0, null, ReadOnlyMemory<byte>.Empty));
        };
        _reader = new Thread(ReadPackets) { IsBackground = true, Name = "tun reader" };
        _reader.Start();
    }

    /// <summary>Our address.</summary>
    public uint Address { get; }

    /// <summary>Where every packet in and out is written, one line each (<c>--trace</c>); null for none.</summary>
    public TextWriter? Trace { get; set; }

    /// <summary>The loop's timer wheel.</summary>
    public TimerWheel Timers { get; }

    /// <summary>The clock of every timer and measurement.</summary>
    public TimeProvider Clock { get; }

    /// <summary>TIME-WAIT lasts twice this.</summary>
    public TimeSpan Msl { get; }

    /// <summary>Retransmissions of one segment before the connection is given up.</summary>
    public int RetryLimit { get; }

    /// <summary>The least retransmission timeout: 200 ms (Linux's) unless the options set another.</summary>
    public TimeSpan MinRto { get; }

    /// <summary>At most this many connections per listening port are half-open (SYN-RECEIVED) or not yet served; further SYNs are dropped.</summary>
    public int Backlog { get; }

    /// <summary>Segments dropped on purpose (<c>--loss</c>), in and out.</summary>
    public long Dropped { get; private set; }

    /// <summary>SYNs dropped because a backlog was full.</summary>
    public long SynsDropped { get; private set; }

    /// <summary>Zero-window probes sent.</summary>
    public long ZeroWindowProbes { get; internal set; }

    /// <summary>Payload bytes received in order, all connections.</summary>
    public long BytesReceived { get; internal set; }

    /// <summary>Seconds since the stack started.</summary>
    public double Elapsed => Clock.GetElapsedTime(_start).TotalSeconds;

    /// <summary>The live connections (read on the loop).</summary>
    public IReadOnlyCollection<WireConnection> Connections => _connections.Values;

    /// <summary>The listening ports (read on the loop).</summary>
    public IReadOnlyCollection<ushort> ListeningPorts => _listeners.Keys;

    /// <summary>Called on the loop at every change of a congestion machine's state.</summary>
    public event Action<WireConnection, CongestionControl.State, CongestionControl.State>? CongestionStateChanged;

    /// <summary>Called on the loop after every event of a congestion machine (each new or duplicate ACK, each timeout).</summary>
    public event Action<WireConnection>? CongestionEvent;

    /// <summary>Runs <paramref name="action"/> on the loop.</summary>
    public Task InvokeAsync(Action action) => _loop.InvokeAsync(action);

    /// <summary>Listens on <paramref name="port"/>: each SYN gets a new connection with the application <paramref name="app"/> makes.</summary>
    public void Listen(ushort port, Func<IWireApp> app) => _listeners[port] = app;

    /// <summary>Active OPEN to <paramref name="remote"/>:<paramref name="port"/> from a random ephemeral port (call on the loop).</summary>
    public WireConnection Connect(uint remote, ushort port, IWireApp app)
    {
        ushort local;
        do local = (ushort)Random.Shared.Next(49152, 65536); while (_connections.ContainsKey((remote, port, local)));
        var connection = new WireConnection(this, Address, local, remote, port, (uint)Random.Shared.NextInt64(0, 1L << 32), app);
        _connections.Add((remote, port, local), connection);
        connection.Open();
        return connection;
    }

    /// <summary>A packet came in (on the loop).</summary>
    public bool Fire(WireEvent e, byte[] payload)
    {
        var packet = TcpPacket.Parse(payload);
        if (packet is null || packet.Destination != Address) return true;
        if (_lossRate > 0 && _loss.NextDouble() < _lossRate)
        {
            Dropped++;
            Trace?.WriteLine(FormattableString.Invariant($"{Elapsed:0.000} in  dropped {packet}"));
            return true;
        }
        Trace?.WriteLine(FormattableString.Invariant($"{Elapsed:0.000} in  {packet}"));
        if (_connections.TryGetValue((packet.Source, packet.SourcePort, packet.DestinationPort), out var connection))
        {
            connection.Incoming(packet);
            return true;
        }
        if (packet.Flags == TcpFlags.Syn && _listeners.TryGetValue(packet.DestinationPort, out var app))
        {
            var pending = _connections.Values.Count(c => c.LocalPort == packet.DestinationPort && !c.Served
                                                         && c.Endpoint.Current is TcpEndpoint.State.SynReceived or TcpEndpoint.State.Established);
            if (pending >= Backlog)
            {
                SynsDropped++;                               // as Linux does: the peer's SYN retransmission tries again
                return true;
            }
            connection = new WireConnection(this, Address, packet.DestinationPort, packet.Source, packet.SourcePort,
                (uint)Random.Shared.NextInt64(0, 1L << 32), app());
            _connections.Add((packet.Source, packet.SourcePort, packet.DestinationPort), connection);
            connection.Listen();
            connection.Incoming(packet);
            return true;
        }
        // Nobody listens: the machine in CLOSED answers (RFC 9293 section 3.10.7.1).
        _refused = packet;
        _closedPort.Receive(packet.Segment);
        _refused = null;
        return true;
    }

    /// <summary>Not used: a packet event always carries its packet.</summary>
    public bool Fire(WireEvent e) => false;

    internal void Send(TcpPacket packet)
    {
        if (_lossRate > 0 && _loss.NextDouble() < _lossRate)
        {
            Dropped++;
            Trace?.WriteLine(FormattableString.Invariant($"{Elapsed:0.000} out dropped {packet}"));
            return;
        }
        Trace?.WriteLine(FormattableString.Invariant($"{Elapsed:0.000} out {packet}"));
        var bytes = packet.Encode();
        _device.Write(bytes, bytes.Length);
    }

    internal void Remove(WireConnection connection) => _connections.Remove((connection.RemoteIp, connection.RemotePort, connection.LocalPort));

    internal void StateChanged(WireConnection connection, TcpEndpoint.State from, TcpEndpoint.State to)
        => _output.WriteLine($"{connection.Local} {connection.Remote} {TcpEndpoint.RfcName(from)} -> {TcpEndpoint.RfcName(to)}");

    internal void CongestionChanged(WireConnection connection, CongestionControl.State from, CongestionControl.State to)
        => CongestionStateChanged?.Invoke(connection, from, to);

    internal void CongestionSampled(WireConnection connection) => CongestionEvent?.Invoke(connection);

    internal void Report(WireConnection connection, string message) => _output.WriteLine($"{connection.Local} {connection.Remote} {message}");

    /// <summary>The <c>ss -tan</c> view: a header, the listeners, then one line per connection (call on the loop).</summary>
    public string Describe()
    {
        var text = new System.Text.StringBuilder();
        text.AppendLine("State      Recv-Q Send-Q   Local Address:Port    Peer Address:Port     Congestion");
        foreach (var port in _listeners.Keys.Order())
        {
            var pending = _connections.Values.Count(c => c.LocalPort == port && !c.Served && c.Endpoint.Current is TcpEndpoint.State.SynReceived or TcpEndpoint.State.Established);
            text.AppendLine(System.FormattableString.Invariant($"{"LISTEN",-11}{pending,6} {Backlog,6}   {TcpPacket.FormatAddress(Address) + ":" + port,-21} 0.0.0.0:*"));
        }
        foreach (var connection in _connections.Values) text.AppendLine(connection.Describe());
        text.AppendLine(System.FormattableString.Invariant($"SYNs dropped (backlog full): {SynsDropped}; segments dropped (--loss): {Dropped}; zero-window probes: {ZeroWindowProbes}"));
        return text.ToString();
    }

    private void ReadPackets()
    {
        var buffer = new byte[65536];
        while (!_stop.IsCancellationRequested)
        {
            int n;
            try
            {
                n = _device.Read(buffer, 100);
            }
            catch (ObjectDisposedException)
            {
                return;
            }
            catch (Exception e)
            {
                _output.WriteLine($"error: reading the device: {e.Message}");
                return;
            }
            if (n > 0) _loop.Post(this, WireEvent.Packet, buffer.AsSpan(0, n).ToArray());
        }
    }

    /// <summary>Stops reading, stops the loop and closes the device.</summary>
    public async ValueTask DisposeAsync()
    {
        _stop.Cancel();
        _reader.Join();
        await _loop.StopAsync(drain: false).ConfigureAwait(false);
        _device.Dispose();
        _stop.Dispose();
    }
}

/// <summary>The options of the wire commands.</summary>
/// <param name="Loss">The probability of dropping each segment, in and out.</param>
/// <param name="Seed">The seed of the drops.</param>
/// <param name="Backlog">The listen backlog.</param>
/// <param name="Msl">The MSL: TIME-WAIT lasts twice as long.</param>
/// <param name="Retries">Retransmissions of one segment before giving up.</param>
/// <param name="MinRto">The least retransmission timeout; 200 ms (Linux's) when zero.</param>
public sealed record WireOptions(double Loss = 0, int Seed = 1, int Backlog = 128, TimeSpan Msl = default, int Retries = 8, TimeSpan MinRto = default);
