using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using TcpFsmGen.Runtime;
using TcpFsmGen.Samples.Cluster;

// 10,000 MQTT client sessions (the MQTT sample's machine), one per grain, on three silos in this process: each connects,
// publishes three messages and disconnects; every tenth session's broker loses the first PUBACK of each message, so
// its AckTimeout timer fires, and the keep-alive timer pings while the sessions stay connected.
//   dotnet run --project samples/Cluster -c Release [-- sessions]
var sessions = args.Length > 0 && int.TryParse(args[0], out var n) && n > 0 ? n : 10_000;
const int Messages = 3;
const int Callers = 200;

FsmTelemetry.Observer = new SiloCounters();
FsmTelemetry.Enabled = true;

Console.WriteLine($"Starting 3 silos on localhost ...");
await using var cluster = await LocalCluster.StartAsync(3);
var client = cluster.Client;
var grains = Enumerable.Range(0, sessions).Select(i => client.GetGrain<IMqttSessionGrain>($"client-{i:D5}")).ToArray();

long started = 0, completed = 0;
using var progress = new CancellationTokenSource();
var clock = Stopwatch.StartNew();
var reporter = Task.Run(async () =>
{
    while (!progress.IsCancellationRequested)
    {
        try { await Task.Delay(1000, progress.Token); } catch (OperationCanceledException) { break; }
        var s = Interlocked.Read(ref started);
        var c = Interlocked.Read(ref completed);
        var expiries = string.Join(", ", SiloCounters.Expiries.OrderBy(e => e.Key).Select(e => $"{e.Key}: {e.Value}"));
        Console.WriteLine($"{clock.Elapsed.TotalSeconds,5:0.0} s  calls {c,7} done, {s - c,4} in flight  transitions {SiloCounters.Transitions,7}  timer expiries by silo [{expiries}]");
    }
});

async Task ForAll(Func<IMqttSessionGrain, int, Task<bool>> call)
{
    await Parallel.ForEachAsync(Enumerable.Range(0, sessions), new ParallelOptions { MaxDegreeOfParallelism = Callers }, async (i, _) =>
    {
        Interlocked.Increment(ref started);
        await call(grains[i], i);
        Interlocked.Increment(ref completed);
    });
}

Console.WriteLine($"{sessions} sessions connect ...");
await ForAll((g, _) => g.Connect());
for (var m = 0; m < Messages; m++)
{
    var message = m;
    Console.WriteLine($"... publish message {message + 1} of {Messages} ...");
    await ForAll((g, i) => g.Publish($"sensors/{i}/reading", $"reading {message}"));
}

// Stay connected until every message is acknowledged (lossy sessions wait for their AckTimeout) and the keep-alive
// timers have pinged at least once (2 s).
var connectedSince = Stopwatch.StartNew();
SessionReport[] reports;
do
{
    await Task.Delay(250);
    reports = await Task.WhenAll(grains.Select(g => g.Report()));
}
while ((reports.Any(r => r.Delivered < Messages) || connectedSince.Elapsed < TimeSpan.FromSeconds(2.5)) && connectedSince.Elapsed < TimeSpan.FromSeconds(60));

Console.WriteLine("... disconnect ...");
await ForAll((g, _) => g.Disconnect());
reports = await Task.WhenAll(grains.Select(g => g.Report()));
// The state is written every 2 s; write what changed since, before the silos stop.
await Task.WhenAll(grains.Select(g => g.Flush()));
progress.Cancel();
await reporter;

Console.WriteLine();
Console.WriteLine($"{"silo",-24} {"sessions",8} {"delivered",9} {"PUBLISH sent",12} {"timer expiries",14}");
foreach (var silo in reports.GroupBy(r => r.Silo).OrderBy(g => g.Key))
{
    Console.WriteLine($"{silo.Key,-24} {silo.Count(),8} {silo.Sum(r => r.Delivered),9} {silo.Sum(r => r.Publishes),12} {silo.Sum(r => r.Expiries),14}");
}
var states = string.Join(", ", reports.GroupBy(r => r.State).Select(g => $"{g.Count()} {g.Key}"));
Console.WriteLine($"{sessions * Messages} messages published, {reports.Sum(r => r.Delivered)} acknowledged; sessions now: {states}; {clock.Elapsed.TotalSeconds:0.0} s in all");
return reports.All(r => r.Delivered == Messages && r.State == "Disconnected") ? 0 : 1;
