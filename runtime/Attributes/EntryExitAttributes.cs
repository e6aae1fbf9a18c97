using System;
using System.Diagnostics;

namespace TcpFsmGen;

/// <summary>Methods <c>void M()</c> of the class run, in order, whenever <see cref="State"/> is entered (<c>entry / A, B;</c>).</summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = true, Inherited = false)]
[Conditional("TCPFSMGEN_KEEP_ATTRIBUTES")]
public sealed class EntryAttribute : Attribute
{
    /// <summary>Runs <paramref name="actions"/> on entry to <paramref name="state"/>.</summary>
    /// <param name="state">A member of the machine's state enum.</param>
    /// <param name="actions">Names of methods <c>void M()</c>; use <c>nameof</c>.</param>
    public EntryAttribute(object state, params string[] actions)
    {
        State = state;
        Actions = actions;
    }

    /// <summary>The state.</summary>
    public object State { get; }

    /// <summary>The actions, in order.</summary>
    public string[] Actions { get; }
}

/// <summary>Methods <c>void M()</c> of the class run, in order, whenever <see cref="State"/> is exited (<c>exit / A, B;</c>).</summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = true, Inherited = false)]
[Conditional("TCPFSMGEN_KEEP_ATTRIBUTES")]
public sealed class ExitAttribute : Attribute
{
    /// <summary>Runs <paramref name="actions"/> on exit from <paramref name="state"/>.</summary>
    /// <param name="state">A member of the machine's state enum.</param>
    /// <param name="actions">Names of methods <c>void M()</c>; use <c>nameof</c>.</param>
    public ExitAttribute(object state, params string[] actions)
    {
        State = state;
        Actions = actions;
    }

    /// <summary>The state.</summary>
    public object State { get; }

    /// <summary>The actions, in order.</summary>
    public string[] Actions { get; }
}
