using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.DependencyInjection;
using Orleans;
using Orleans.Runtime;
using Orleans.Serialization;
using Orleans.Storage;
using Orleans.TestingHost;
using Xunit;
using Xunit.Abstractions;

namespace TcpFsmGen.Orleans.Tests;

/// <summary>
/// Machines in a three-silo TestingHost cluster against the same events run in one process. Orleans' grain timers and
/// reminders run on the real clock here (the silo's clocks are not replaced: membership and messaging run on them too),
/// so the timers are short: 400 ms, and 1.5 s for the machines whose timer runs while a silo stops.
/// </summary>
[Collection(nameof(ClusterTests))]
public sealed class ClusterTests(ITestOutputHelper output)
{
    private const int Machines = 1000;
    private const int Length = 10;
    private const int Callers = 48;
    private static readonly TimeSpan s_settleLimit = TimeSpan.FromSeconds(60);

    [Fact]
    public Task A_thousand_machines_end_as_in_one_process_when_a_silo_stops_mid_run() => RunThousandAsync(kill: false);

    [Fact]
    public Task A_thousand_machines_end_as_in_one_process_when_a_silo_crashes_mid_run() => RunThousandAsync(kill: true);

    /// <summary>The 1,000 machines, with one silo stopped (or killed, without any grain's deactivation) at the middle round.</summary>
    private async Task RunThousandAsync(bool kill)
    {
        SharedStore.Clear();
        var cluster = await StartClusterAsync();
        try
        {
            var client = cluster.Client;
            var scripts = Enumerable.Range(0, Machines).Select(n => Scripts.For(n, Length, forcedArm: Length / 2 - 1)).ToArray();
            var duplicates = 0;
            var retries = 0;
            var stopped = cluster.SecondarySilos[0];
            var stoppedSilo = stopped.SiloAddress.ToString();
            Task? stopping = null;
            var onStopped = new List<int>();
            var waitingOnStopped = new List<int>();
            var clock = Stopwatch.StartNew();

            for (var round = 0; round < Length; round++)
            {
                if (round == Length / 2)
                {
                    // Where each machine lives just before the stop, and which of them have a timer running there.
                    var before = await ForAllAsync(n => client.GetGrain<IMeterGrain>(Scripts.Key(n)).GetStatus());
                    for (var n = 0; n < Machines; n++)
                    {
                        if (before[n].Silo != stoppedSilo) continue;
                        onStopped.Add(n);
                        if (before[n].State == nameof(Meter.State.Waiting)) waitingOnStopped.Add(n);
                    }
                    stopping = kill ? cluster.KillSiloAsync(stopped) : cluster.StopSiloAsync(stopped);
                }
                var r = round;
                // Round r sends every machine its event r, from many callers at once; a machine's events stay in order.
                await ForAllAsync(async n =>
                {
                    var result = await CallWithRetryAsync(client.GetGrain<IMeterGrain>(Scripts.Key(n)), scripts[n][r], () => Interlocked.Increment(ref retries));
                    if (result.Duplicate) Interlocked.Increment(ref duplicates);
                    return result;
                });
            }
            await stopping!;
            var sent = clock.Elapsed;

            // Wait, bounded, until no machine has a timer left to fire.
            var statuses = await ForAllAsync(n => client.GetGrain<IMeterGrain>(Scripts.Key(n)).GetStatus());
            var settle = Stopwatch.StartNew();
            while (statuses.Any(s => !Scripts.IsSettled(s)) && settle.Elapsed < s_settleLimit)
            {
                await Task.Delay(100);
                statuses = await ForAllAsync(n => client.GetGrain<IMeterGrain>(Scripts.Key(n)).GetStatus());
            }
            output.WriteLine($"silo {(kill ? "killed" : "stopped")}: {Machines * Length} events sent in {sent.TotalSeconds:0.0} s ({retries} retried, {duplicates} answered as duplicates); "
                + $"{onStopped.Count} machines were on the silo taken down, {waitingOnStopped.Count} of them with a timer running; settled {settle.Elapsed.TotalSeconds:0.0} s later");

            Assert.True(onStopped.Count > 0, "no machine lived on the stopped silo");
            Assert.True(waitingOnStopped.Count > 0, "no timer was running on the stopped silo when it stopped");
            var silos = new HashSet<string>();
            for (var n = 0; n < Machines; n++)
            {
                var status = statuses[n];
                var reference = Scripts.Reference(Scripts.Key(n), scripts[n]);
                var meter = new Meter();
                meter.Load(status.Data!);
                var context = $"machine {n} ({(onStopped.Contains(n) ? "was on the stopped silo" : "elsewhere")})";
                Assert.True(reference.Current.ToString() == status.State, $"{context}: {status.State}, one process: {reference.Current}");
                Assert.True(reference.Value == meter.Value, $"{context}: value {meter.Value}, one process: {reference.Value}");
                Assert.True(Length == status.Applied, $"{context}: {status.Applied} events applied of {Length}");
                Assert.Equal(Length, status.Sequence);
                // Every timer armed fired once: as many expiries as armings, as in one process.
                Assert.True(reference.Arms == meter.Arms && meter.Arms == meter.Expiries && status.Expiries == meter.Expiries,
                    $"{context}: armed {meter.Arms}, fired {meter.Expiries} (grain counted {status.Expiries}); one process: {reference.Arms}");
                // Not before its due time.
                if (meter.Expiries > 0)
                {
                    Assert.True(meter.ShortestWait >= MeterGrain.DelayOf(Scripts.Key(n)), $"{context}: a timer fired after {meter.ShortestWait.TotalMilliseconds} ms");
                }
                Assert.NotEqual(stoppedSilo, status.Silo);
                silos.Add(status.Silo);
            }
            Assert.Equal(2, silos.Count);
            // Every timer's reminder is gone once it fired.
            Assert.Equal(0, SharedStore.ReminderCount);
        }
        finally
        {
            await cluster.StopAllSilosAsync();
            await cluster.DisposeAsync();
        }
    }

    internal static async Task<TestCluster> StartClusterAsync(short silos = 3)
    {
        var builder = new TestClusterBuilder(silos);
        builder.AddSiloBuilderConfigurator<SharedStore.SiloConfigurator>();
        builder.AddClientBuilderConfigurator<SharedStore.ClientConfigurator>();
        var cluster = builder.Build();
        await cluster.DeployAsync();
        return cluster;
    }

    /// <summary>Runs <paramref name="call"/> for every machine, at most <see cref="Callers"/> at a time; the results by machine.</summary>
    private static async Task<T[]> ForAllAsync<T>(Func<int, Task<T>> call)
    {
        var results = new T[Machines];
        await Parallel.ForEachAsync(Enumerable.Range(0, Machines), new ParallelOptions { MaxDegreeOfParallelism = Callers }, async (n, _) => results[n] = await call(n));
        return results;
    }

    /// <summary>
    /// Sends <paramref name="call"/> until a silo answers: a call that failed because its silo stopped is sent again with
    /// the same sequence, so the grain applies it once whether or not the first one got through.
    /// </summary>
    private static async Task<FsmCallResult> CallWithRetryAsync(IMeterGrain grain, FsmCall call, Action retried)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await grain.Fire(call);
            }
            catch (Exception ex) when (attempt < 30 && ex is not ArgumentException && ex is not InconsistentStateException)
            {
                retried();
                await Task.Delay(TimeSpan.FromMilliseconds(20 * attempt));
            }
        }
    }
}

/// <summary>One three-silo cluster for the tests of a single grain (in the collection of <see cref="ClusterTests"/>, which clears the shared store).</summary>
public sealed class SharedCluster : IAsyncLifetime
{
    /// <summary>The cluster.</summary>
    public TestCluster Cluster { get; private set; } = null!;

    /// <inheritdoc />
    public async Task InitializeAsync()
    {
        SharedStore.Clear();
        Cluster = await ClusterTests.StartClusterAsync();
    }

    /// <inheritdoc />
    public async Task DisposeAsync()
    {
        await Cluster.StopAllSilosAsync();
        await Cluster.DisposeAsync();
    }
}

/// <summary>One grain at a time: its reminder, duplicates, payloads, batched writes.</summary>
[Collection(nameof(ClusterTests))]
public sealed class GrainTests(SharedCluster fixture, ITestOutputHelper output) : IClassFixture<SharedCluster>
{
    [Fact]
    public async Task A_reminder_brings_a_deactivated_machine_back_and_its_timer_fires_once()
    {
        var cluster = fixture.Cluster;
        {
            var key = "reminded-4";          // a 4 s timer: time for the calls below before it is due
            MeterGrain.Activations.TryRemove(key, out _);
            var grain = cluster.Client.GetGrain<IMeterGrain>(key);
            Assert.True((await grain.Fire(new FsmCall("Arm", 1))).Handled);
            Assert.Equal(1, SharedStore.ReminderCount);
            await grain.Deactivate();

            // No call reaches the grain from here: only its reminder can bring it back and deliver the expiry.
            var serializer = cluster.ServiceProvider.GetRequiredService<Serializer>();
            var id = grain.GetGrainId();
            var wait = Stopwatch.StartNew();
            FsmGrainState? stored = SharedStore.Read(serializer, "meter", id);
            while ((stored is null || stored.Expiries == 0) && wait.Elapsed < TimeSpan.FromSeconds(20))
            {
                await Task.Delay(50);
                stored = SharedStore.Read(serializer, "meter", id);
            }
            output.WriteLine($"expiry stored {wait.Elapsed.TotalMilliseconds:0} ms after the deactivation");
            Assert.True(MeterGrain.Activations[key] == 2, $"{MeterGrain.Activations[key]} activation(s): the expiry should come in the one the reminder made");
            Assert.NotNull(stored);
            Assert.Equal(1, stored!.Expiries);
            Assert.Contains("\"Done\"", stored.Snapshot);
            Assert.Empty(stored.Reminders);

            var status = await grain.GetStatus();
            Assert.Equal("Done", status.State);
            Assert.Equal(1, status.Expiries);
            Assert.Equal(0, SharedStore.ReminderCount);
        }
    }

    [Fact]
    public async Task An_event_sent_again_is_not_applied_again_and_payloads_arrive_by_name_or_typed()
    {
        var cluster = fixture.Cluster;
        {
            var grain = cluster.Client.GetGrain<IMeterGrain>("dedup-3");
            Assert.False((await grain.Fire(new FsmCall("Open", 1))).Duplicate);
            Assert.Equal("Counting", (await grain.Fire(new FsmCall("Add", 2, "5"))).State);
            var again = await grain.Fire(new FsmCall("Add", 2, "5"));
            Assert.True(again.Duplicate);
            Assert.True(await grain.Add(7, 3));
            Assert.False(await grain.Add(7, 3));           // a duplicate answers false and changes nothing
            var status = await grain.GetStatus();
            var meter = new Meter();
            meter.Load(status.Data!);
            Assert.Equal(5 * 31 + 7, meter.Value);
            Assert.Equal(3, status.Applied);
            await Assert.ThrowsAsync<ArgumentException>(() => grain.Fire(new FsmCall("Explode")));
            await Assert.ThrowsAsync<ArgumentException>(() => grain.Fire(new FsmCall("1")));
            await Assert.ThrowsAsync<ArgumentException>(() => grain.Fire(new FsmCall("Open, Close")));
            Assert.Equal(3, (await grain.GetStatus()).Applied);   // a refused call applies nothing
        }
    }

    [Fact]
    public async Task Batched_writes_come_on_flush_and_on_deactivation_and_the_machine_comes_back_from_them()
    {
        var cluster = fixture.Cluster;
        var serializer = cluster.ServiceProvider.GetRequiredService<Serializer>();
        var grain = cluster.Client.GetGrain<IMeterGrain>("batched-7");
        var id = grain.GetGrainId();
        await grain.Fire(new FsmCall("Open", 1));
        Assert.True(await grain.Add(5, 2));
        Assert.Null(SharedStore.Read(serializer, "meter", id));            // nothing written yet

        await grain.Flush();
        var stored = SharedStore.Read(serializer, "meter", id)!;
        Assert.Equal(2, stored.Applied);
        Assert.Contains("\"Counting\"", stored.Snapshot);

        Assert.True(await grain.Add(7, 3));
        Assert.Equal(2, SharedStore.Read(serializer, "meter", id)!.Applied);   // still the flushed state
        await grain.Deactivate();
        var wait = Stopwatch.StartNew();
        while (SharedStore.Read(serializer, "meter", id)!.Applied < 3 && wait.Elapsed < TimeSpan.FromSeconds(10)) await Task.Delay(20);
        Assert.Equal(3, SharedStore.Read(serializer, "meter", id)!.Applied);   // written on deactivation

        var status = await grain.GetStatus();                                // a new activation, from storage
        var meter = new Meter();
        meter.Load(status.Data!);
        Assert.Equal(5 * 31 + 7, meter.Value);
        Assert.Equal("Counting", status.State);
    }
}
