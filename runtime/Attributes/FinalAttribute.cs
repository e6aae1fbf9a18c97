using System;
using System.Diagnostics;

namespace TcpFsmGen;

/// <summary>
/// Marks a state as final: no transition leaves it, and every event it does not ignore is unhandled
/// (a <c>final state</c> in a <c>.fsm</c> file).
/// </summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = true, Inherited = false)]
[Conditional("TCPFSMGEN_KEEP_ATTRIBUTES")]
public sealed class FinalAttribute : Attribute
{
    /// <summary>Marks <paramref name="state"/> as final.</summary>
    /// <param name="state">A member of the machine's state enum.</param>
    public FinalAttribute(object state) => State = state;

    /// <summary>The final state.</summary>
    public object State { get; }
}
