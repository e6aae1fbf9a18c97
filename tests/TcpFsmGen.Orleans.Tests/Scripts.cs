using System;
using System.Collections.Generic;
using System.Linq;
using TcpFsmGen.Runtime;

namespace TcpFsmGen.Orleans.Tests;

/// <summary>The events the tests send to each machine, and what a single process makes of them.</summary>
public static class Scripts
{
    /// <summary>The name of machine <paramref name="n"/> (its grain key).</summary>
    public static string Key(int n) => $"meter-{n}";

    /// <summary>
    /// <paramref name="length"/> events for machine <paramref name="n"/>, from a seed of its own; event
    /// <paramref name="forcedArm"/> of every fourth machine is Arm, so that its long timer runs when the silo stops.
    /// </summary>
    public static FsmCall[] For(int n, int length, int forcedArm)
    {
        var random = new Random(n * 7919 + 17);
        var calls = new FsmCall[length];
        for (var i = 0; i < length; i++)
        {
            var sequence = i + 1;
            var roll = random.Next(100);
            calls[i] = (n % 4 == 0 && i == forcedArm) || roll < 20 ? new FsmCall("Arm", sequence)
                : roll < 40 ? new FsmCall("Open", sequence)
                : roll < 55 ? new FsmCall("Close", sequence)
                : new FsmCall("Add", sequence, random.Next(-1000, 1000).ToString(System.Globalization.CultureInfo.InvariantCulture));
        }
        return calls;
    }

    /// <summary>
    /// Runs <paramref name="calls"/> on one <see cref="Meter"/> in this process, on a manual clock, and lets every timer
    /// elapse: the end the cluster must reach.
    /// </summary>
    public static Meter Reference(string key, IEnumerable<FsmCall> calls)
    {
        var clock = new ManualTimeProvider();
        var meter = new Meter { TimerService = new TimeProviderTimerService(clock) };
        var delay = MeterGrain.DelayOf(key);
        meter.SetTimerDuration(Meter.Timer.Delay, delay);
        foreach (var call in calls)
        {
            var e = Enum.Parse<Meter.Event>(call.Event);
            if (call.Payload is null) meter.Fire(e);
            else meter.Fire(e, int.Parse(call.Payload, System.Globalization.CultureInfo.InvariantCulture));
        }
        while (meter.Current == Meter.State.Waiting) clock.Advance(delay);
        return meter;
    }

    /// <summary>True when nothing more will happen to a machine in <paramref name="state"/> without an event.</summary>
    public static bool IsSettled(FsmGrainStatus status) => status.State != nameof(Meter.State.Waiting);

    /// <summary>The number of Arm events among <paramref name="calls"/>.</summary>
    public static int Arms(IEnumerable<FsmCall> calls) => calls.Count(c => c.Event == "Arm");
}
