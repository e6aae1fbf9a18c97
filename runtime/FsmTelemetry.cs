using System;
using System.Collections.Generic;
using System.ComponentModel;
using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace TcpFsmGen.Runtime;

/// <summary>
/// Opt-in tracing of every generated machine through <see cref="System.Diagnostics"/>: an
/// <see cref="ActivitySource"/> and a <see cref="System.Diagnostics.Metrics.Meter"/>, both named <c>TcpFsmGen</c>.
/// </summary>
/// <remarks>
/// <para>Off by default. While <see cref="Enabled"/> is false, the generated code pays one read of a static
/// field per transition, unhandled event and timer expiry, and allocates nothing.</para>
/// <para>When on, the meter counts <c>tcpfsmgen.transitions</c>, <c>tcpfsmgen.unhandled</c> and
/// <c>tcpfsmgen.timer_expiries</c>, tagged with <c>machine</c> (the class name) and the states, event or
/// timer slot involved; each is also added as an event (<c>transition</c>, <c>unhandled</c>, <c>timer</c>) to the current
/// <see cref="Activity"/>, which an <see cref="EventLoop{TEvent}"/> starts for each delivery
/// (<c>TcpFsmGen.Deliver</c>) when the source has listeners. <see cref="Observer"/> receives the same
/// facts as plain calls, for bridging to <c>ILogger</c> or anything else.</para>
/// </remarks>
public static class FsmTelemetry
{
    /// <summary>The name of the <see cref="ActivitySource"/> and the <see cref="System.Diagnostics.Metrics.Meter"/>.</summary>
    public const string Name = "TcpFsmGen";

    /// <summary>The activity source: listen to it with an <see cref="ActivityListener"/>.</summary>
    public static ActivitySource Source { get; } = new(Name);

    /// <summary>The meter: listen to it with a <see cref="MeterListener"/> or OpenTelemetry.</summary>
    public static Meter Meter { get; } = new(Name);

    private static readonly Counter<long> s_transitions = Meter.CreateCounter<long>("tcpfsmgen.transitions", description: "External transitions taken");
    private static readonly Counter<long> s_unhandled = Meter.CreateCounter<long>("tcpfsmgen.unhandled", description: "Events no state handled");
    private static readonly Counter<long> s_timers = Meter.CreateCounter<long>("tcpfsmgen.timer_expiries", description: "Timer expiries delivered to a machine");

    /// <summary>Turns the tracing on or off for every machine in the process. Off by default.</summary>
    public static bool Enabled { get; set; }

    /// <summary>Receives every transition, unhandled event and timer expiry while <see cref="Enabled"/> is true.</summary>
    public static IFsmObserver? Observer { get; set; }

    /// <summary>Called by generated code after an external transition, when <see cref="Enabled"/> is true.</summary>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public static void Transition<TState>(object machine, TState from, TState to)
        where TState : struct, Enum
    {
        string f = from.ToString(), t = to.ToString();
        Record(s_transitions, "transition", machine, new("from", f), new("to", t));
        Observer?.OnTransition(machine, f, t);
    }

    /// <summary>Called by generated code when nothing handles an event, when <see cref="Enabled"/> is true.</summary>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public static void Unhandled<TState, TEvent>(object machine, TState state, TEvent e)
        where TState : struct, Enum
        where TEvent : struct, Enum
    {
        string s = state.ToString(), ev = e.ToString();
        Record(s_unhandled, "unhandled", machine, new("state", s), new("event", ev));
        Observer?.OnUnhandled(machine, s, ev);
    }

    /// <summary>Called by generated code when a current timer elapses, when <see cref="Enabled"/> is true.</summary>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public static void TimerElapsed<TState>(object machine, TState state, int slot)
        where TState : struct, Enum
    {
        var s = state.ToString();
        Record(s_timers, "timer", machine, new("state", s), new("slot", slot));
        Observer?.OnTimerElapsed(machine, s, slot);
    }

    /// <summary>One count on <paramref name="counter"/>, and the same fact as an event of the current activity.</summary>
    private static void Record(Counter<long> counter, string activityEvent, object machine, KeyValuePair<string, object?> first, KeyValuePair<string, object?> second)
    {
        var tags = new[] { new KeyValuePair<string, object?>("machine", machine.GetType().Name), first, second };
        counter.Add(1, tags);
        Activity.Current?.AddEvent(new ActivityEvent(activityEvent, tags: new ActivityTagsCollection(tags)));
    }
}

/// <summary>Plain callbacks for <see cref="FsmTelemetry"/>, to bridge to a logger.</summary>
public interface IFsmObserver
{
    /// <summary>An external transition of <paramref name="machine"/> from leaf <paramref name="from"/> to leaf <paramref name="to"/>.</summary>
    void OnTransition(object machine, string from, string to);

    /// <summary>No state of <paramref name="machine"/> handled <paramref name="e"/> in leaf <paramref name="state"/>.</summary>
    void OnUnhandled(object machine, string state, string e);

    /// <summary>A timer (its <c>after</c> line's <paramref name="slot"/>) of <paramref name="machine"/> elapsed in leaf <paramref name="state"/>.</summary>
    void OnTimerElapsed(object machine, string state, int slot);
}
