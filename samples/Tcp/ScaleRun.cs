using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.Threading.Tasks;
using TcpFsmGen.Runtime;

namespace TcpFsmGen.Samples.Tcp;

/// <summary>What one scale run measured.</summary>
/// <param name="Connections">Connections (client and server endpoint pairs).</param>
/// <param name="Deliveries">Events, segments and timer expiries the loop delivered.</param>
/// <param name="Elapsed">Wall-clock time from the first LISTEN to the last TIME-WAIT expiry.</param>
/// <param name="RetainedBytesPerConnection">Managed memory held per established connection (both endpoints, their timers and link state).</param>
/// <param name="AllocatedBytesPerConnection">Bytes allocated per connection over its whole life.</param>
/// <param name="AllClosed">True when every endpoint ended CLOSED.</param>
public sealed record ScaleResult(int Connections, long Deliveries, TimeSpan Elapsed, double RetainedBytesPerConnection, double AllocatedBytesPerConnection, bool AllClosed)
{
    /// <summary>Deliveries per second of wall-clock time.</summary>
    public double DeliveriesPerSecond => Deliveries / Elapsed.TotalSeconds;

    /// <inheritdoc />
    public override string ToString() => string.Format(CultureInfo.InvariantCulture,
        "{0:N0} connections: handshake, 100 bytes each way, close, TIME-WAIT expiry, on one event loop and one timer wheel (simulated time)\n" +
        "{1:N0} deliveries in {2:N2} s: {3:N0} deliveries/s; {4:N0} bytes retained and {5:N0} bytes allocated per connection; all closed: {6}",
        Connections, Deliveries, Elapsed.TotalSeconds, DeliveriesPerSecond, RetainedBytesPerConnection, AllocatedBytesPerConnection, AllClosed ? "yes" : "NO");
}

/// <summary>
/// Many connections through their whole life on one <see cref="EventLoop{TEvent}"/> and one <see cref="TimerWheel"/>,
/// under a manual clock: every segment is an event posted to the loop, and 2MSL later every client's TIME-WAIT
/// timer comes through the loop too.
/// </summary>
public static class ScaleRun
{
    /// <summary>What a port is asked to do: a user call, or "a segment is waiting in your inbox".</summary>
    public enum Command
    {
        /// <summary>Deliver the oldest segment of the inbox.</summary>
        Segment,
        /// <summary>Passive OPEN.</summary>
        Listen,
        /// <summary>Active OPEN.</summary>
        Connect,
        /// <summary>SEND 100 bytes.</summary>
        Send,
        /// <summary>CLOSE.</summary>
        Close,
    }

    /// <summary>One endpoint with its inbox: the loop's view of it (segments carry data, so they wait in the inbox).</summary>
    private sealed class Port(TcpEndpoint endpoint) : IStateMachine<Command>
    {
        public TcpEndpoint Endpoint { get; } = endpoint;
        public Queue<Segment> Inbox { get; } = new(2);

        public bool Fire(Command command)
        {
            switch (command)
            {
                case Command.Segment: Endpoint.Receive(Inbox.Dequeue()); break;
                case Command.Listen: Endpoint.Listen(); break;
                case Command.Connect: Endpoint.Connect(); break;
                case Command.Send: Endpoint.Write(100); break;
                default: Endpoint.Close(); break;
            }
            return true;
        }
    }

    /// <summary>Runs <paramref name="connections"/> connections with the given MSL.</summary>
    public static async Task<ScaleResult> RunAsync(int connections, TimeSpan msl)
    {
        var clock = new ManualTimeProvider();
        using var wheel = new TimerWheel(clock, TimeSpan.FromMilliseconds(10));
        var loop = new EventLoop<Command>(timers: wheel);

        GC.Collect();
        GC.WaitForPendingFinalizers();
        var before = GC.GetTotalMemory(forceFullCollection: true);
        var allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);

        var clients = new Port[connections];
        var servers = new Port[connections];
        for (var i = 0; i < connections; i++)
        {
            var client = new Port(new TcpEndpoint((uint)i * 7919u, loop.TimerService) { Msl = msl });
            var server = new Port(new TcpEndpoint((uint)i * 104729u + 1, loop.TimerService) { Msl = msl });
            client.Endpoint.Transmit += s => { server.Inbox.Enqueue(s); loop.Post(server, Command.Segment); };
            server.Endpoint.Transmit += s => { client.Inbox.Enqueue(s); loop.Post(client, Command.Segment); };
            clients[i] = client;
            servers[i] = server;
        }

        var watch = Stopwatch.StartNew();
        foreach (var server in servers) loop.Post(server, Command.Listen);
        foreach (var client in clients) loop.Post(client, Command.Connect);
        await Quiet(loop);
        watch.Stop();
        var retained = GC.GetTotalMemory(forceFullCollection: true) - before;
        watch.Start();

        foreach (var client in clients) loop.Post(client, Command.Send);
        foreach (var server in servers) loop.Post(server, Command.Send);
        await Quiet(loop);
        foreach (var client in clients) loop.Post(client, Command.Close);
        await Quiet(loop);
        foreach (var server in servers) loop.Post(server, Command.Close);
        await Quiet(loop);
        clock.Advance(msl * 2);     // every client's TIME-WAIT timer falls due; the wheel posts the expiries to the loop
        await Quiet(loop);
        watch.Stop();

        var allocated = GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore;
        var deliveries = loop.Delivered;
        await loop.StopAsync(drain: true);
        var allClosed = Array.TrueForAll(clients, p => p.Endpoint.Current == TcpEndpoint.State.Closed)
                        && Array.TrueForAll(servers, p => p.Endpoint.Current == TcpEndpoint.State.Closed);
        GC.KeepAlive(clients);
        GC.KeepAlive(servers);
        return new ScaleResult(connections, deliveries, watch.Elapsed, (double)retained / connections, (double)allocated / connections, allClosed);
    }

    /// <summary>Waits until the loop has nothing left: an action on the loop that finds nothing queued behind it.</summary>
    private static async Task Quiet(EventLoop<Command> loop)
    {
        var idle = false;
        while (!idle) await loop.InvokeAsync(() => idle = loop.Pending == 0).ConfigureAwait(false);
    }
}
