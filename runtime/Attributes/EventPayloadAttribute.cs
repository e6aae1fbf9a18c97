using System;
using System.Diagnostics;

namespace TcpFsmGen;

/// <summary>
/// The event carries a value of type <see cref="Type"/> (<c>events Send(int bytes);</c> in a <c>.fsm</c> file).
/// The generated class gets <c>Fire(e, T payload)</c> and <c>CanFire(e, T payload)</c> for it, and a guard or
/// action of a <see cref="TransitionAttribute"/> or <see cref="InternalTransitionAttribute"/> on this event
/// receives the value when its method takes one parameter of exactly this type (<c>bool G(T p)</c>,
/// <c>void A(T p)</c>); a method without parameters is called without it.
/// </summary>
/// <example><c>[EventPayload(LinkEvent.Data, typeof(int), "bytes")]</c></example>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = true, Inherited = false)]
[Conditional("TCPFSMGEN_KEEP_ATTRIBUTES")]
public sealed class EventPayloadAttribute : Attribute
{
    /// <summary>Declares that <paramref name="event"/> carries a <paramref name="type"/>, named <c>payload</c>.</summary>
    /// <param name="event">A member of the machine's event enum.</param>
    /// <param name="type">The payload's type: <c>typeof(int)</c>, <c>typeof(Segment)</c>, <c>typeof(List&lt;string&gt;)</c>.</param>
    public EventPayloadAttribute(object @event, Type type)
        : this(@event, type, "payload")
    {
    }

    /// <summary>Declares that <paramref name="event"/> carries a <paramref name="type"/> named <paramref name="name"/>.</summary>
    /// <param name="event">A member of the machine's event enum.</param>
    /// <param name="type">The payload's type: <c>typeof(int)</c>, <c>typeof(Segment)</c>, <c>typeof(List&lt;string&gt;)</c>.</param>
    /// <param name="name">The payload's name, a C# identifier, as diagrams and messages show it (<c>Log(bytes)</c>).</param>
    public EventPayloadAttribute(object @event, Type type, string name)
    {
        Event = @event;
        Type = type;
        Name = name;
    }

    /// <summary>The event.</summary>
    public object Event { get; }

    /// <summary>The payload's type.</summary>
    public Type Type { get; }

    /// <summary>The payload's name.</summary>
    public string Name { get; }
}
