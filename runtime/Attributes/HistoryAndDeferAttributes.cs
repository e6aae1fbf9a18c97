using System;
using System.Diagnostics;

namespace TcpFsmGen;

/// <summary>
/// The composite state <see cref="State"/> remembers where it was (<c>history;</c>, or <c>history deep;</c> with
/// <see cref="Deep"/>): entering it again resumes the substate that was active when it was last exited,
/// instead of its initial substate.
/// </summary>
/// <example><c>[History(LinkState.Online, Deep = true)]</c></example>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = true, Inherited = false)]
[Conditional("TCPFSMGEN_KEEP_ATTRIBUTES")]
public sealed class HistoryAttribute : Attribute
{
    /// <summary>Gives the composite state <paramref name="state"/> a history.</summary>
    /// <param name="state">A composite state: a member of the machine's state enum that has substates.</param>
    public HistoryAttribute(object state) => State = state;

    /// <summary>The composite state.</summary>
    public object State { get; }

    /// <summary>
    /// False (shallow history): resume the substate that was active, then its own initial or history. True
    /// (deep history): resume the innermost state that was active, entering every state on the way.
    /// </summary>
    public bool Deep { get; set; }
}

/// <summary>
/// In <see cref="State"/>, the <see cref="Events"/> are kept, with their payloads, until a state that does not
/// defer them is entered; then they are handled again (<c>defer E1, E2;</c>). <c>Fire</c> returns true for them.
/// </summary>
/// <example><c>[Defer(LinkState.Connecting, LinkEvent.Publish)]</c></example>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = true, Inherited = false)]
[Conditional("TCPFSMGEN_KEEP_ATTRIBUTES")]
public sealed class DeferAttribute : Attribute
{
    /// <summary>Defers <paramref name="events"/> in <paramref name="state"/>.</summary>
    /// <param name="state">A member of the machine's state enum.</param>
    /// <param name="events">Members of the machine's event enum.</param>
    public DeferAttribute(object state, params object[] events)
    {
        State = state;
        Events = events;
    }

    /// <summary>The state that defers the events.</summary>
    public object State { get; }

    /// <summary>The deferred events.</summary>
    public object[] Events { get; }
}
