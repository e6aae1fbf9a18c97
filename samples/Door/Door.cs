using System;

namespace Demo.Doors;

/// <summary>The actions and the guard of door.fsm.</summary>
public partial class Door
{
    /// <summary>When true, the door refuses to open and complains instead.</summary>
    public bool Blocked { get; set; }

    private partial bool IsNotBlocked() => !Blocked;

    partial void LightOn() => Console.WriteLine("    action: light on");
    partial void LightOff() => Console.WriteLine("    action: light off");
    partial void Beep() => Console.WriteLine("    action: beep");
    partial void Answer() => Console.WriteLine("    action: answer the knock");
    partial void Complain() => Console.WriteLine("    action: complain (blocked)");

    partial void OnTransition(State from, State to) => Console.WriteLine($"    {from} -> {to}");

    partial void OnUnhandled(State state, Event e) => Console.WriteLine($"    unhandled: {e} in {state}");
}
