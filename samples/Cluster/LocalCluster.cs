using System;
using System.Collections.Generic;
using System.Linq;
using System.Net;
using System.Net.Sockets;
using System.Threading.Tasks;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Orleans;
using Orleans.Hosting;

namespace TcpFsmGen.Samples.Cluster;

/// <summary>
/// Silos on localhost, in this process, each a host of its own as it would be in a process of its own: localhost
/// clustering (the first silo is the primary), in-memory grain storage and reminders; and a client that connects through
/// their gateways.
/// </summary>
public sealed class LocalCluster : IAsyncDisposable
{
    private readonly List<IHost> _silos;
    private readonly IHost _client;

    private LocalCluster(List<IHost> silos, IHost client)
    {
        _silos = silos;
        _client = client;
    }

    /// <summary>The client.</summary>
    public IClusterClient Client => _client.Services.GetRequiredService<IClusterClient>();

    /// <summary>How many silos run.</summary>
    public int Silos => _silos.Count;

    /// <summary>Starts <paramref name="silos"/> silos on free localhost ports, and a client.</summary>
    public static async Task<LocalCluster> StartAsync(int silos = 3)
    {
        var siloPorts = FreePorts(silos);
        var gatewayPorts = FreePorts(silos);
        var primary = new IPEndPoint(IPAddress.Loopback, siloPorts[0]);
        var hosts = new List<IHost>();
        for (var i = 0; i < silos; i++)
        {
            var index = i;
            var host = Host.CreateDefaultBuilder()
                .ConfigureLogging(logging => logging.SetMinimumLevel(LogLevel.Warning).AddFilter("Orleans.Runtime", LogLevel.Error))
                .UseOrleans(silo => silo
                    .UseLocalhostClustering(siloPorts[index], gatewayPorts[index], primary)
                    .AddMemoryGrainStorage(MqttSessionGrain.Storage)
                    .UseInMemoryReminderService())
                .Build();
            await host.StartAsync();
            hosts.Add(host);
        }
        var client = Host.CreateDefaultBuilder()
            .ConfigureLogging(logging => logging.SetMinimumLevel(LogLevel.Warning).AddFilter("Orleans.Runtime", LogLevel.Error))
            .UseOrleansClient(c => c.UseStaticClustering(gatewayPorts.Select(p => new IPEndPoint(IPAddress.Loopback, p)).ToArray()))
            .Build();
        await client.StartAsync();
        return new LocalCluster(hosts, client);
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await _client.StopAsync();
        _client.Dispose();
        for (var i = _silos.Count - 1; i >= 0; i--)
        {
            await _silos[i].StopAsync();
            _silos[i].Dispose();
        }
    }

    private static int[] FreePorts(int count)
    {
        var listeners = Enumerable.Range(0, count).Select(_ => new TcpListener(IPAddress.Loopback, 0)).ToList();
        listeners.ForEach(l => l.Start());
        var ports = listeners.Select(l => ((IPEndPoint)l.LocalEndpoint).Port).ToArray();
        listeners.ForEach(l => l.Stop());
        return ports;
    }
}
