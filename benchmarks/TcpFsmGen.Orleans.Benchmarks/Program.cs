using System;
using System.Diagnostics;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.Logging;
using Orleans;
using Orleans.Runtime;
using TcpFsmGen.Orleans;
using TcpFsmGen.Runtime;
using TcpFsmGen.Samples.Cluster;
using TcpFsmGen.Samples.Mqtt;

// Events per second: MQTT client sessions (the MQTT sample's machine over the Cluster sample's in-grain broker), each
// given Connect and Disconnect in turn (a CONNECT, its CONNACK, a DISCONNECT: about three transitions per pair).
//   1. one process: every session on one EventLoop, events posted from 4 producers;
//   2. the same sessions as grains on 3 localhost silos in this process, called from 200 callers at once, with the
//      state written in batches (every 2 s) and then after every call (to in-memory grain storage); the first run of
//      each warms the cluster up.
//   dotnet run --project benchmarks/TcpFsmGen.Orleans.Benchmarks -c Release [-- sessions events-per-session]
var sessions = args.Length > 0 ? int.Parse(args[0], System.Globalization.CultureInfo.InvariantCulture) : 10_000;
var perSession = args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 10;
var events = sessions * perSession;
Console.WriteLine($"{Environment.ProcessorCount} cores; {sessions} sessions, {perSession} events each ({events} events per run)");

static MqttSession.Event Nth(int i) => i % 2 == 0 ? MqttSession.Event.Connect : MqttSession.Event.Disconnect;

// 1. One process, one event loop.
for (var run = 0; run < 2; run++)
{
    await using var loop = new EventLoop<MqttSession.Event>();
    var machines = Enumerable.Range(0, sessions).Select(i => new MqttSession(new LoopbackBroker(lossy: false), $"c{i}", loop.TimerService)).ToArray();
    var clock = Stopwatch.StartNew();
    const int Producers = 4;
    await Task.WhenAll(Enumerable.Range(0, Producers).Select(p => Task.Run(async () =>
    {
        for (var round = 0; round < perSession; round++)
        {
            for (var i = p; i < sessions; i += Producers) await loop.PostAsync(machines[i], Nth(round));
        }
    })));
    while (loop.Delivered < events) await Task.Yield();
    var seconds = clock.Elapsed.TotalSeconds;
    if (machines.Any(m => m.Current != (perSession % 2 == 0 ? MqttSession.State.Disconnected : MqttSession.State.Connected))) throw new InvalidOperationException("a session did not end where it should");
    Console.WriteLine($"EventLoop, one process          run {run + 1}: {events / seconds,12:N0} events/s ({seconds:0.00} s)");
}

// 2. Three silos.
await using var cluster = await LocalCluster.StartAsync(3);
foreach (var mode in new[] { "batched", "every-call" })
{
    for (var run = 0; run < 3; run++)
    {
        var grains = Enumerable.Range(0, sessions).Select(i => cluster.Client.GetGrain<IBenchSessionGrain>($"{mode}/{run}/{i}")).ToArray();
        await Parallel.ForEachAsync(grains, new ParallelOptions { MaxDegreeOfParallelism = 200 }, async (g, _) => await g.GetStatus());   // activate first
        var clock = Stopwatch.StartNew();
        await Parallel.ForEachAsync(Enumerable.Range(0, sessions), new ParallelOptions { MaxDegreeOfParallelism = 200 }, async (i, _) =>
        {
            for (var round = 0; round < perSession; round++) await grains[i].Fire(new FsmCall(Nth(round).ToString()));
        });
        var seconds = clock.Elapsed.TotalSeconds;
        Console.WriteLine($"3 silos, writes {mode,-10}    run {run + 1}: {events / seconds,12:N0} events/s ({seconds:0.00} s)");
    }
}

/// <summary>An MQTT session grain whose key says how it writes its state: <c>batched/…</c> or <c>every-call/…</c>.</summary>
[Alias("TcpFsmGen.Orleans.Benchmarks.IBenchSessionGrain")]
public interface IBenchSessionGrain : IFsmGrain
{
}

/// <summary>The session of the benchmark (no keep-alive ping during a run: the keep-alive is the MQTT sample's 60 s).</summary>
public sealed class BenchSessionGrain([PersistentState("bench", MqttSessionGrain.Storage)] IPersistentState<FsmGrainState> state, ILogger<BenchSessionGrain> logger)
    : FsmGrain<MqttSession, MqttSession.Event>(state, logger), IBenchSessionGrain
{
    private static readonly FsmGrainOptions s_batched = new() { Persistence = FsmPersistence.Batched, BatchInterval = TimeSpan.FromSeconds(2) };

    /// <inheritdoc />
    protected override FsmGrainOptions Options => this.GetPrimaryKeyString().StartsWith("batched", StringComparison.Ordinal) ? s_batched : FsmGrainOptions.Default;

    /// <inheritdoc />
    protected override MqttSession CreateMachine() => new(new LoopbackBroker(lossy: false), this.GetPrimaryKeyString());
}
