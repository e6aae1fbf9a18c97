using System;
using System.Diagnostics;

namespace TcpFsmGen;

/// <summary>
/// Places a state inside a composite state, as nesting <c>state</c> blocks does in a <c>.fsm</c> file.
/// A composite must name one of its substates as <see cref="Initial"/>.
/// </summary>
/// <example><c>[Substate(DoorState.Closed, DoorState.Shut, Initial = true)]</c></example>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = true, Inherited = false)]
[Conditional("TCPFSMGEN_KEEP_ATTRIBUTES")]
public sealed class SubstateAttribute : Attribute
{
    /// <summary>Makes <paramref name="state"/> a substate of <paramref name="parent"/>.</summary>
    /// <param name="state">The substate: a member of the machine's state enum.</param>
    /// <param name="parent">The composite state that contains it.</param>
    public SubstateAttribute(object state, object parent)
    {
        State = state;
        Parent = parent;
    }

    /// <summary>The substate.</summary>
    public object State { get; }

    /// <summary>The composite state that contains <see cref="State"/>.</summary>
    public object Parent { get; }

    /// <summary>True when entering <see cref="Parent"/> enters this state (the composite's <c>initial</c>).</summary>
    public bool Initial { get; set; }
}
