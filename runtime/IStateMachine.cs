using System;

namespace TcpFsmGen.Runtime;

/// <summary>
/// What every generated machine is, seen from outside: something that takes events. Generated classes
/// implement it (with their <c>Event</c> enum, or the user's event enum for the attribute form), so an
/// <see cref="EventLoop{TEvent}"/> can deliver to any of them without delegates or boxing.
/// </summary>
/// <typeparam name="TEvent">The machine's event enum.</typeparam>
public interface IStateMachine<TEvent>
    where TEvent : struct, Enum
{
    /// <summary>Delivers <paramref name="e"/>; see the generated <c>Fire</c>.</summary>
    /// <returns>True when the event was handled (or ignored); false when it was unhandled.</returns>
    bool Fire(TEvent e);
}
