using System;
using Demo.Doors;
using TcpFsmGen.Runtime;

// The door of the language reference, driven on a manual clock so the 30 s timer takes no real time.
var clock = new ManualTimeProvider();
var door = new Door { TimerService = new TimeProviderTimerService(clock) };

void Step(string what, Action action)
{
    Console.WriteLine($"[t={clock.GetUtcNow() - new DateTimeOffset(2000, 1, 1, 0, 0, 0, TimeSpan.Zero):mm\\:ss}] {what}");
    action();
    Console.WriteLine($"    now in {door.Current}{(door.IsIn(Door.State.Shut) ? " (inside Shut)" : "")}");
}

Step("start", door.Start);
Step("knock", () => door.Fire(Door.Event.Knock));
Step("open", () => door.Fire(Door.Event.Open));
Step("wait 30 s", () => clock.Advance(TimeSpan.FromSeconds(30)));
Step("lock", () => door.Fire(Door.Event.Lock));
Step("open while locked", () => door.Fire(Door.Event.Open));
Step("unlock", () => door.Fire(Door.Event.Unlock));
door.Blocked = true;
Step("open while blocked", () => door.Fire(Door.Event.Open));
