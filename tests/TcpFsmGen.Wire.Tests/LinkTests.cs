using System;
using System.Collections.Concurrent;
using System.IO;
using System.Linq;
using System.Security.Cryptography;
using System.Threading.Tasks;
using TcpFsmGen.Samples.Tcp.Wire;
using Xunit;

namespace TcpFsmGen.Wire.Tests;

/// <summary>
/// Two of the sample's stacks over an in-memory link (no device, no root): a client and an echo server, with and without
/// segments dropped, so that retransmission, the out-of-order queue and the congestion machine run everywhere.
/// </summary>
public sealed class LinkTests
{
    private sealed class MemoryDevice : IPacketDevice
    {
        private readonly BlockingCollection<byte[]> _inbox = new();

        public MemoryDevice? Peer { get; set; }

        public int Read(byte[] buffer, int timeoutMs)
        {
            if (!_inbox.TryTake(out var packet, timeoutMs)) return 0;
            packet.CopyTo(buffer, 0);
            return packet.Length;
        }

        public bool Write(byte[] packet, int length)
        {
            Peer?._inbox.Add(packet[..length]);
            return true;
        }

        public void Dispose()
        {
        }
    }

    [Theory]
    [InlineData(0.0, 200_000)]
    [InlineData(0.05, 200_000)]
    public async Task ClientAndEchoServer_OverAnInMemoryLink_GetEveryByteBack(double loss, int bytes)
    {
        var a = new MemoryDevice();
        var b = new MemoryDevice { Peer = a };
        a.Peer = b;
        var serverText = new StringWriter();
        var serverOutput = TextWriter.Synchronized(serverText);
        var clientText = new StringWriter();
        var clientOutput = TextWriter.Synchronized(clientText);
        // Without loss the test asserts that nothing is retransmitted: a least RTO of 10 s keeps a machine whose threads
        // are starved by other work from timing out a segment that is merely late. With loss, Linux's 200 ms.
        var minRto = loss == 0 ? TimeSpan.FromSeconds(10) : default;
        var server = new WireStack(a, 0x0A000001, serverOutput, new WireOptions(loss, 11, 128, TimeSpan.FromMilliseconds(100), 8, minRto));
        var client = new WireStack(b, 0x0A000002, clientOutput, new WireOptions(loss, 12, 128, TimeSpan.FromMilliseconds(100), 8, minRto));
        var clientTrace = new StringWriter();
        client.Trace = TextWriter.Synchronized(clientTrace);
        await using (server)
        await using (client)
        {
            await server.InvokeAsync(() => server.Listen(7, () => new EchoApp()));
            var app = new ClientApp(bytes);
            WireConnection? connection = null;
            await client.InvokeAsync(() => connection = client.Connect(0x0A000001, 7, app));
            // A bound, not a wait: the test goes on the moment the client finishes.
            var finished = await app.Done.Task.WaitAsync(TimeSpan.FromSeconds(60)).ContinueWith(t => t.IsCompletedSuccessfully, TaskScheduler.Default);
            Assert.True(finished, $"the client did not finish in 60 s\n--- server ---\n{serverText}\n--- client ---\n{clientText}");

            Assert.Null(app.Error);
            Assert.Equal(bytes, app.Received);
            Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(Pattern.Bytes(bytes))), app.Sha256);
            var lines = clientText.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.Split(' ', 3)[2].TrimEnd('\r')).ToArray();
            Assert.Equal(["CLOSED -> SYN-SENT", "SYN-SENT -> ESTABLISHED", "ESTABLISHED -> FIN-WAIT-1", "FIN-WAIT-1 -> FIN-WAIT-2", "FIN-WAIT-2 -> TIME-WAIT", "TIME-WAIT -> CLOSED"],
                lines.Where(l => l.Contains(" -> ", StringComparison.Ordinal)).ToArray());
            Assert.NotNull(connection);
            if (loss > 0)
            {
                Assert.True(connection.Retransmissions > 0 && client.Dropped > 0);
                Assert.Contains(" sack=", clientTrace.ToString(), StringComparison.Ordinal);   // holes announced with SACK blocks
            }
            else
            {
                Assert.Equal(0, connection.Retransmissions);
                // Delayed ACKs: without loss the client acknowledges about every second full segment, not each one.
                var trace = clientTrace.ToString().Split('\n');
                var dataIn = trace.Count(l => l.Contains(" in ", StringComparison.Ordinal) && !l.Contains(" len=0 ", StringComparison.Ordinal));
                var acksOut = trace.Count(l => l.Contains(" out ", StringComparison.Ordinal) && l.Contains(" A seq=", StringComparison.Ordinal) && l.Contains(" len=0 ", StringComparison.Ordinal));
                Assert.True(dataIn > 100 && acksOut < dataIn * 3 / 4, $"{acksOut} pure ACKs for {dataIn} data segments");
            }
        }
    }
}
