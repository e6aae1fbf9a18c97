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
/// elapses first the machine goes to <see cref="To"/> (<c>after Timer -&gt; To / Actions;</c>).
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

    /// <summary>The state that starts the timer on entry.</summary>
    public object State { get; }

    /// <summary>The named timer, or null when <see cref="Milliseconds"/> gives the duration.</summary>
    public string? Timer { get; }

    /// <summary>The duration in milliseconds, when no named timer is used.</summary>
    public long Milliseconds { get; }

    /// <summary>The target state.</summary>
    public object To { get; }

    /// <summary>Methods <c>void M()</c> of the class, run in order between the exits and the entries.</summary>
    public string[]? Actions { get; set; }
}
