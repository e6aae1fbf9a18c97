using System;
using System.Collections.Concurrent;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.Logging;
using Orleans;
using Orleans.Runtime;

namespace TcpFsmGen.Orleans.Tests;

/// <summary>A <see cref="Meter"/> per grain; its own calls beside <see cref="IFsmGrain"/>'s.</summary>
public interface IMeterGrain : IFsmGrain
{
    /// <summary>Adds <paramref name="n"/> (a typed call with a payload).</summary>
    Task<bool> Add(int n, long sequence);

    /// <summary>Deactivates the grain once this call returns.</summary>
    Task Deactivate();
}

/// <summary>Hosts a <see cref="Meter"/>: every timer backed by a reminder (one-second period), the state written after each call.</summary>
public sealed class MeterGrain : FsmGrain<Meter, Meter.Event>, IMeterGrain
{
    /// <summary>The storage provider's name.</summary>
    public const string Storage = "fsm";

    private static readonly FsmGrainOptions s_options = new() { ReminderThreshold = TimeSpan.Zero, ReminderPeriod = TimeSpan.FromSeconds(1) };

    /// <summary>Creates the grain.</summary>
    public MeterGrain([PersistentState("meter", Storage)] IPersistentState<FsmGrainState> state, ILogger<MeterGrain> logger)
        : base(state, logger)
    {
    }

    private static readonly FsmGrainOptions s_batched = s_options with { Persistence = FsmPersistence.Batched, BatchInterval = TimeSpan.FromHours(1) };

    /// <summary>Every call's state written before it returns; for a key that starts with <c>batched-</c>, written on <c>Flush</c> and deactivation only.</summary>
    protected override FsmGrainOptions Options => this.GetPrimaryKeyString().StartsWith("batched-", StringComparison.Ordinal) ? s_batched : s_options;

    /// <summary>How many activations each machine has had in this process (every silo of the test cluster is in it).</summary>
    public static ConcurrentDictionary<string, int> Activations { get; } = new();

    /// <inheritdoc />
    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        Activations.AddOrUpdate(this.GetPrimaryKeyString(), 1, (_, n) => n + 1);
        return base.OnActivateAsync(cancellationToken);
    }

    /// <summary>
    /// The Delay of the machine named <paramref name="key"/>: longer for every fourth, whose timer runs across a silo's
    /// stop, and longest for a <c>reminded-</c> machine, whose timer must outlast its deactivation even on a busy machine.
    /// </summary>
    public static TimeSpan DelayOf(string key) => key.StartsWith("reminded-", StringComparison.Ordinal)
        ? TimeSpan.FromSeconds(4)
        : int.TryParse(key.AsSpan(key.IndexOf('-') + 1), out var n) && n % 4 == 0
            ? TimeSpan.FromMilliseconds(1500)
            : TimeSpan.FromMilliseconds(400);

    /// <inheritdoc />
    protected override Meter CreateMachine()
    {
        var meter = new Meter();
        meter.SetTimerDuration(Meter.Timer.Delay, DelayOf(this.GetPrimaryKeyString()));
        return meter;
    }

    /// <inheritdoc />
    protected override string? SaveData() => Machine.Save();

    /// <inheritdoc />
    protected override void RestoreData(string data) => Machine.Load(data);

    /// <inheritdoc />
    public Task<bool> Add(int n, long sequence) => FireAsync(Meter.Event.Add, n, sequence);

    /// <inheritdoc />
    public Task Deactivate()
    {
        this.DeactivateOnIdle();
        return Task.CompletedTask;
    }
}
