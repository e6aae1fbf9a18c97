using System;
using System.Collections.Generic;

namespace TcpFsmGen.Generator.Model;

/// <summary>
/// The member names a generated class uses. Actions and guards become methods of the same class,
/// so they must not take one of these names (TFSM0007); the emitter uses the same constants.
/// </summary>
internal static class GeneratedNames
{
    public const string State = "State";
    public const string Event = "Event";
    public const string Timer = "Timer";
    public const string Current = "Current";
    public const string IsIn = "IsIn";
    public const string Start = "Start";
    public const string Fire = "Fire";
    public const string CanFire = "CanFire";
    public const string TimeRemaining = "TimeRemaining";
    public const string OnUnhandled = "OnUnhandled";
    public const string OnTransition = "OnTransition";
    public const string TimerService = "TimerService";
    public const string GetTimerDuration = "GetTimerDuration";
    public const string SetTimerDuration = "SetTimerDuration";
    public const string TakeSnapshot = "TakeSnapshot";
    public const string Restore = "Restore";
    public const string Mermaid = "Mermaid";
    public const string Dot = "Dot";

    /// <summary>Private members of the generated class all start with this, so user names must not.</summary>
    public const string PrivatePrefix = "__";

    public static readonly HashSet<string> Members = new HashSet<string>(StringComparer.Ordinal)
    {
        State, Event, Timer, Current, IsIn, Start, Fire, CanFire, TimeRemaining, OnUnhandled, OnTransition,
        TimerService, GetTimerDuration, SetTimerDuration, TakeSnapshot, Restore, Mermaid, Dot,
        // Inherited from object: a method of the same name would hide it (CS0108/CS0114).
        "Equals", "GetHashCode", "GetType", "ToString", "MemberwiseClone", "ReferenceEquals", "Finalize",
    };
}
