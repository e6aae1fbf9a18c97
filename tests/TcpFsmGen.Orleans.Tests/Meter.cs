using System;
using System.Text.Json;

namespace TcpFsmGen.Orleans.Tests;

/// <summary>The own half of <c>meter.fsm</c>: a running value, and what its timer did.</summary>
public partial class Meter
{
    /// <summary>What <see cref="Meter"/> keeps beside its snapshot.</summary>
    public sealed record Data(long Value, int Arms, int Expiries, DateTimeOffset ArmedAt, TimeSpan ShortestWait);

    /// <summary>Every Add's n, folded in order: a lost, repeated or reordered Add changes it.</summary>
    public long Value { get; private set; }

    /// <summary>How many times Waiting was entered (the timer armed).</summary>
    public int Arms { get; private set; }

    /// <summary>How many times the timer elapsed.</summary>
    public int Expiries { get; private set; }

    /// <summary>When Waiting was last entered, on the timer service's clock.</summary>
    public DateTimeOffset ArmedAt { get; private set; }

    /// <summary>The shortest time from entering Waiting to the expiry; <see cref="TimeSpan.MaxValue"/> before the first.</summary>
    public TimeSpan ShortestWait { get; private set; } = TimeSpan.MaxValue;

    /// <summary>This instance's fields as JSON.</summary>
    public string Save() => JsonSerializer.Serialize(new Data(Value, Arms, Expiries, ArmedAt, ShortestWait));

    /// <summary>Sets the fields <see cref="Save"/> wrote.</summary>
    public void Load(string json)
    {
        var data = JsonSerializer.Deserialize<Data>(json)!;
        (Value, Arms, Expiries, ArmedAt, ShortestWait) = (data.Value, data.Arms, data.Expiries, data.ArmedAt, data.ShortestWait);
    }

    partial void Accumulate(int n) => Value = unchecked(Value * 31 + n);

    partial void MarkArmed()
    {
        Arms++;
        ArmedAt = TimerService.TimeProvider.GetUtcNow();
    }

    partial void Expired()
    {
        Expiries++;
        var waited = TimerService.TimeProvider.GetUtcNow() - ArmedAt;
        if (waited < ShortestWait) ShortestWait = waited;
    }
}
