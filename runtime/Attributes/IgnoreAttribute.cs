using System;
using System.Diagnostics;

namespace TcpFsmGen;

/// <summary>In <see cref="State"/>, the <see cref="Events"/> are consumed and nothing happens (<c>ignore E1, E2;</c>).</summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = true, Inherited = false)]
[Conditional("TCPFSMGEN_KEEP_ATTRIBUTES")]
public sealed class IgnoreAttribute : Attribute
{
    /// <summary>Ignores <paramref name="events"/> in <paramref name="state"/>.</summary>
    /// <param name="state">A member of the machine's state enum.</param>
    /// <param name="events">Members of the machine's event enum.</param>
    public IgnoreAttribute(object state, params object[] events)
    {
        State = state;
        Events = events;
    }

    /// <summary>The state that ignores the events.</summary>
    public object State { get; }

    /// <summary>The ignored events.</summary>
    public object[] Events { get; }
}
