using System;
using System.Collections.Generic;
using System.Threading.Tasks;
using Orleans;

namespace TcpFsmGen.Orleans;

/// <summary>
/// An event for a machine hosted in an <see cref="FsmGrain{TMachine, TEvent}"/>: its name, its payload as JSON, and a
/// sequence number that makes the call safe to send again.
/// </summary>
/// <param name="Event">The event's name, as the machine's <c>Event</c> enum spells it.</param>
/// <param name="Sequence">
/// 0 to deliver the event without a check; otherwise a number greater than the sequence of every event delivered to this
/// machine before. A call whose sequence is not greater is answered as a duplicate and not applied, so a caller whose
/// call failed (a silo stopped, a timeout) can send it again without the event being applied twice.
/// </param>
/// <param name="Payload">The payload as JSON (written with <c>FsmSnapshot.PayloadSerializerOptions</c>); null for an event without one.</param>
[GenerateSerializer, Immutable, Alias("TcpFsmGen.Orleans.FsmCall")]
public sealed record FsmCall([property: Id(0)] string Event, [property: Id(1)] long Sequence = 0, [property: Id(2)] string? Payload = null);

/// <summary>What a machine answered to an <see cref="FsmCall"/>.</summary>
/// <param name="Handled">What the machine's <c>Fire</c> returned: true when the event was handled, ignored or deferred.</param>
/// <param name="Duplicate">True when the call's sequence was not greater than the last one applied: nothing was done.</param>
/// <param name="State">The machine's current leaf after the call.</param>
/// <param name="Sequence">The sequence of the last event applied.</param>
[GenerateSerializer, Immutable, Alias("TcpFsmGen.Orleans.FsmCallResult")]
public sealed record FsmCallResult([property: Id(0)] bool Handled, [property: Id(1)] bool Duplicate, [property: Id(2)] string State, [property: Id(3)] long Sequence);

/// <summary>A hosted machine as its grain sees it.</summary>
/// <param name="State">The current leaf.</param>
/// <param name="Sequence">The sequence of the last event applied with a sequence number.</param>
/// <param name="Applied">How many events the machine was given (duplicates not counted), since it was created.</param>
/// <param name="Expiries">How many timer expiries it was given, since it was created.</param>
/// <param name="Snapshot">The machine's snapshot as JSON (<c>FsmSnapshot</c>).</param>
/// <param name="Data">What the grain saves beside the snapshot (<c>SaveData</c>); null when nothing.</param>
/// <param name="Silo">The silo the grain is active on.</param>
[GenerateSerializer, Immutable, Alias("TcpFsmGen.Orleans.FsmGrainStatus")]
public sealed record FsmGrainStatus(
    [property: Id(0)] string State,
    [property: Id(1)] long Sequence,
    [property: Id(2)] long Applied,
    [property: Id(3)] long Expiries,
    [property: Id(4)] string Snapshot,
    [property: Id(5)] string? Data,
    [property: Id(6)] string Silo);

/// <summary>
/// The grain interface every <see cref="FsmGrain{TMachine, TEvent}"/> implements: events by name, and the machine's
/// status. Derive a typed interface from it for typed calls (see <c>docs/orleans.md</c>).
/// </summary>
[Alias("TcpFsmGen.Orleans.IFsmGrain")]
public interface IFsmGrain : IGrainWithStringKey
{
    /// <summary>Delivers one event; the machine's snapshot is written before the call returns unless writes are batched.</summary>
    /// <exception cref="System.ArgumentException">The event name is not one of the machine's, or its payload does not fit.</exception>
    [Alias("Fire")]
    Task<FsmCallResult> Fire(FsmCall call);

    /// <summary>Writes the machine's state now if it changed since the last write (with batched writes, before the next interval).</summary>
    [Alias("Flush")]
    Task Flush();

    /// <summary>The machine's current leaf, counters, snapshot and saved data.</summary>
    [Alias("GetStatus")]
    Task<FsmGrainStatus> GetStatus();
}

/// <summary>The grain's persistent state: the machine's snapshot and what the grain keeps beside it.</summary>
[GenerateSerializer, Alias("TcpFsmGen.Orleans.FsmGrainState")]
public sealed class FsmGrainState
{
    /// <summary>The machine's snapshot as JSON; null before the machine first ran.</summary>
    [Id(0)] public string? Snapshot { get; set; }

    /// <summary>The sequence of the last event applied with a sequence number.</summary>
    [Id(1)] public long Sequence { get; set; }

    /// <summary>How many events the machine was given.</summary>
    [Id(2)] public long Applied { get; set; }

    /// <summary>How many timer expiries the machine was given.</summary>
    [Id(3)] public long Expiries { get; set; }

    /// <summary>The grain's own data (<c>SaveData</c>), as it chooses to write it; null when none.</summary>
    [Id(4)] public string? Data { get; set; }

    /// <summary>The reminders registered for the machine's timers: timer slot and the due time it was registered for.</summary>
    [Id(5)] public Dictionary<int, DateTimeOffset> Reminders { get; set; } = new();
}
