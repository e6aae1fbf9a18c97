using System;
using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.Logging;
using Orleans;
using Orleans.Runtime;
using TcpFsmGen.Orleans;
using TcpFsmGen.Runtime;
using TcpFsmGen.Samples.Mqtt;

namespace TcpFsmGen.Samples.Cluster;

/// <summary>One MQTT client session as a grain: the application's calls.</summary>
[Alias("TcpFsmGen.Samples.Cluster.IMqttSessionGrain")]
public interface IMqttSessionGrain : IFsmGrain
{
    /// <summary>Connects (CONNECT, then CONNACK from the broker).</summary>
    [Alias("Connect")]
    Task<bool> Connect();

    /// <summary>Publishes a message at QoS 1.</summary>
    [Alias("Publish")]
    Task<bool> Publish(string topic, string payload);

    /// <summary>Disconnects.</summary>
    [Alias("Disconnect")]
    Task<bool> Disconnect();

    /// <summary>What the session did, and where it runs.</summary>
    [Alias("Report")]
    Task<SessionReport> Report();
}

/// <summary>A session's state, messages acknowledged, PUBLISH packets sent (retransmissions included), timer expiries, and silo.</summary>
[GenerateSerializer, Immutable, Alias("TcpFsmGen.Samples.Cluster.SessionReport")]
public sealed record SessionReport([property: Id(0)] string State, [property: Id(1)] int Delivered, [property: Id(2)] int Publishes, [property: Id(3)] long Expiries, [property: Id(4)] string Silo);

/// <summary>
/// Hosts an <see cref="MqttSession"/> (the MQTT sample's machine) over a <see cref="LoopbackBroker"/>. Every tenth session
/// is lossy. The keep-alive is 2 s and the PUBACK timeout 500 ms, so timers fire while the sample runs; the state is
/// written in batches (every 2 s). The session's own fields (messages in flight, delivered) are not saved beside the
/// snapshot: this grain shows placement and timers, not a silo's death (see the tests for that).
/// </summary>
public sealed class MqttSessionGrain : FsmGrain<MqttSession, MqttSession.Event>, IMqttSessionGrain
{
    /// <summary>The grain storage provider's name.</summary>
    public const string Storage = "fsm";

    private static readonly FsmGrainOptions s_options = new() { Persistence = FsmPersistence.Batched, BatchInterval = TimeSpan.FromSeconds(2) };

    private LoopbackBroker? _broker;

    /// <summary>Creates the grain.</summary>
    public MqttSessionGrain([PersistentState("session", Storage)] IPersistentState<FsmGrainState> state, ILogger<MqttSessionGrain> logger)
        : base(state, logger)
    {
    }

    /// <inheritdoc />
    protected override FsmGrainOptions Options => s_options;

    /// <inheritdoc />
    protected override MqttSession CreateMachine()
    {
        var key = this.GetPrimaryKeyString();
        _broker = new LoopbackBroker(lossy: key.EndsWith('0'));
        var session = new MqttSession(_broker, key);
        session.SetTimerDuration(MqttSession.Timer.KeepAlive, TimeSpan.FromSeconds(2));
        session.SetTimerDuration(MqttSession.Timer.AckTimeout, TimeSpan.FromMilliseconds(500));
        SiloCounters.Silo.AddOrUpdate(session, RuntimeIdentity);
        return session;
    }

    /// <inheritdoc />
    public Task<bool> Connect() => FireAsync(MqttSession.Event.Connect);

    /// <inheritdoc />
    public Task<bool> Publish(string topic, string payload) => FireAsync(MqttSession.Event.Publish, new Message(topic, payload));

    /// <inheritdoc />
    public Task<bool> Disconnect() => FireAsync(MqttSession.Event.Disconnect);

    /// <inheritdoc />
    public Task<SessionReport> Report()
        => Task.FromResult(new SessionReport(Machine.Current.ToString(), Machine.Delivered.Count, _broker!.Publishes, StoredState.Expiries, RuntimeIdentity));
}

/// <summary>
/// Counts timer expiries per silo from <see cref="FsmTelemetry"/>'s observer (the three silos share this process, so a
/// static table sees them all).
/// </summary>
public sealed class SiloCounters : IFsmObserver
{
    /// <summary>The silo each session's machine lives on.</summary>
    public static ConditionalWeakTable<object, string> Silo { get; } = new();

    /// <summary>Timer expiries so far, by silo.</summary>
    public static ConcurrentDictionary<string, long> Expiries { get; } = new();

    /// <summary>Transitions so far, all silos.</summary>
    public static long Transitions => Interlocked.Read(ref s_transitions);

    private static long s_transitions;

    /// <inheritdoc />
    public void OnTransition(object machine, string from, string to) => Interlocked.Increment(ref s_transitions);

    /// <inheritdoc />
    public void OnUnhandled(object machine, string state, string e)
    {
    }

    /// <inheritdoc />
    public void OnTimerElapsed(object machine, string state, int slot)
    {
        if (Silo.TryGetValue(machine, out var silo)) Expiries.AddOrUpdate(silo, 1, (_, n) => n + 1);
    }
}
