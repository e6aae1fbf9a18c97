using System;
using System.Diagnostics;

namespace TcpFsmGen;

/// <summary>
/// Declares a named timer (<c>timer Name = 30s;</c>). The generated class gets a nested <c>Timer</c> enum
/// with one member per declared timer, and <c>GetTimerDuration</c> / <c>SetTimerDuration</c> to change a
/// duration per instance.
/// </summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = true, Inherited = false)]
[Conditional("TCPFSMGEN_KEEP_ATTRIBUTES")]
public sealed class TimerAttribute : Attribute
{
    /// <summary>Declares the timer <paramref name="name"/>.</summary>
    /// <param name="name">The timer's name, a C# identifier: it becomes a member of the generated <c>Timer</c> enum.</param>
    public TimerAttribute(string name) => Name = name;

    /// <summary>The timer's name.</summary>
    public string Name { get; }

    /// <summary>The default duration in milliseconds; leave it unset when every instance sets its own.</summary>
    public long Milliseconds { get; set; }
}

/// <summary>
/// A timed transition: entering <see cref="State"/> starts a timer, exiting it cancels it, and if it
/// elapses first the machine goes to <see cref="To"/> (<c>after Timer [Guard] -&gt; To / Actions;</c>), or, without
/// a target, runs <see cref="Actions"/> and stays (<c>after Timer / Actions;</c>). The <c>[After]</c> lines of one
/// timer in one state share that timer and are tried in the order they are written; the first whose guard holds
/// is taken.
/// </summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = true, Inherited = false)]
[Conditional("TCPFSMGEN_KEEP_ATTRIBUTES")]
public sealed class AfterAttribute : Attribute
{
    /// <summary>After the named timer, declared with <see cref="TimerAttribute"/>, elapses in <paramref name="state"/>, go to <paramref name="to"/>.</summary>
    /// <param name="state">The state that starts the timer on entry.</param>
    /// <param name="timer">The name of a timer declared with <see cref="TimerAttribute"/>.</param>
    /// <param name="to">The target state.</param>
    public AfterAttribute(object state, string timer, object to)
    {
        State = state;
        Timer = timer;
        To = to;
    }

    /// <summary>After <paramref name="milliseconds"/> in <paramref name="state"/>, go to <paramref name="to"/> (<c>after 500ms -&gt; To;</c>).</summary>
    /// <param name="state">The state that starts the timer on entry.</param>
    /// <param name="milliseconds">How long, in milliseconds: positive, and at most about 49.7 days.</param>
    /// <param name="to">The target state.</param>
    public AfterAttribute(object state, long milliseconds, object to)
    {
        State = state;
        Milliseconds = milliseconds;
        To = to;
    }

    /// <summary>
    /// After the named timer elapses in <paramref name="state"/>, run <see cref="Actions"/> and stay: an internal
    /// timer transition, which exits and enters nothing (<c>after Linger / Flush;</c>).
    /// </summary>
    /// <param name="state">The state that starts the timer on entry.</param>
    /// <param name="timer">The name of a timer declared with <see cref="TimerAttribute"/>.</param>
    public AfterAttribute(object state, string timer)
    {
        State = state;
        Timer = timer;
    }

    /// <summary>After <paramref name="milliseconds"/> in <paramref name="state"/>, run <see cref="Actions"/> and stay (<c>after 500ms / Flush;</c>).</summary>
    /// <param name="state">The state that starts the timer on entry.</param>
    /// <param name="milliseconds">How long, in milliseconds: positive, and at most about 49.7 days.</param>
    public AfterAttribute(object state, long milliseconds)
    {
        State = state;
        Milliseconds = milliseconds;
    }

    /// <summary>The state that starts the timer on entry.</summary>
    public object State { get; }

    /// <summary>The named timer, or null when <see cref="Milliseconds"/> gives the duration.</summary>
    public string? Timer { get; }

    /// <summary>The duration in milliseconds, when no named timer is used.</summary>
    public long Milliseconds { get; }

    /// <summary>The target state, or null for an internal timer transition.</summary>
    public object? To { get; }

    /// <summary>A method <c>bool M()</c> of the class: the line is taken only when it returns true (<c>after T [M]</c>).</summary>
    public string? Guard { get; set; }

    /// <summary>A method <c>bool M()</c> of the class: the line is taken only when it returns false (<c>after T [!M]</c>).</summary>
    public string? Unless { get; set; }

    /// <summary>Methods <c>void M()</c> of the class, run in order between the exits and the entries.</summary>
    public string[]? Actions { get; set; }
}

/// <summary>
/// A periodic internal timer (<c>every Timer [Guard] / Actions;</c>): started when <see cref="State"/> is entered,
/// it elapses every period while the state is active, each time running <see cref="Actions"/> when the guard
/// holds; exiting the state cancels it. It never leaves the state.
/// </summary>
/// <example><c>[Every(LinkState.Online, "KeepAlive", Actions = new[] { nameof(SendProbe) })]</c></example>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = true, Inherited = false)]
[Conditional("TCPFSMGEN_KEEP_ATTRIBUTES")]
public sealed class EveryAttribute : Attribute
{
    /// <summary>Every period of the named timer, declared with <see cref="TimerAttribute"/>, in <paramref name="state"/>, run <see cref="Actions"/>.</summary>
    /// <param name="state">The state that starts the timer on entry.</param>
    /// <param name="timer">The name of a timer declared with <see cref="TimerAttribute"/>: its duration is the period.</param>
    public EveryAttribute(object state, string timer)
    {
        State = state;
        Timer = timer;
    }

    /// <summary>Every <paramref name="milliseconds"/> in <paramref name="state"/>, run <see cref="Actions"/> (<c>every 100ms / Poll;</c>).</summary>
    /// <param name="state">The state that starts the timer on entry.</param>
    /// <param name="milliseconds">The period in milliseconds: positive, and at most about 49.7 days.</param>
    public EveryAttribute(object state, long milliseconds)
    {
        State = state;
        Milliseconds = milliseconds;
    }

    /// <summary>The state that starts the timer on entry.</summary>
    public object State { get; }

    /// <summary>The named timer, or null when <see cref="Milliseconds"/> gives the period.</summary>
    public string? Timer { get; }

    /// <summary>The period in milliseconds, when no named timer is used.</summary>
    public long Milliseconds { get; }

    /// <summary>A method <c>bool M()</c> of the class: at each period the actions run only when it returns true.</summary>
    public string? Guard { get; set; }

    /// <summary>A method <c>bool M()</c> of the class: at each period the actions run only when it returns false.</summary>
    public string? Unless { get; set; }

    /// <summary>Methods <c>void M()</c> of the class, run in order at each period.</summary>
    public string[]? Actions { get; set; }
}
