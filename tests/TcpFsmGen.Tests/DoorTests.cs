using System;
using TcpFsmGen.Tests.Infrastructure;
using Xunit;

namespace TcpFsmGen.Tests;

/// <summary>The door of the language reference, copied unchanged, compiled and driven.</summary>
public class DoorTests
{
    private static LiveMachine NewDoor() => LiveMachine.Create(GeneratorHarness.ReadMachine("door.fsm"), "door.fsm");

    [Fact]
    public void ANewDoorIsInTheInitialLeafAndHasRunNothing()
    {
        var door = NewDoor();
        Assert.Equal("Closed", door.Current);
        Assert.True(door.IsIn("Shut"));
        Assert.Empty(door.Log);
    }

    [Fact]
    public void OpeningLeavesShutAndLightsUp()
    {
        var door = NewDoor();
        Assert.True(door.Fire("Open"));
        Assert.Equal(new[] { "?IsNotBlocked", "LightOn", "Closed->Opened" }, door.TakeLog());
        Assert.Equal("Opened", door.Current);
        Assert.False(door.IsIn("Shut"));
    }

    [Fact]
    public void ABlockedDoorFallsBackToTheUnguardedTransition()
    {
        var door = NewDoor();
        door.Guards["IsNotBlocked"] = false;
        Assert.True(door.Fire("Open"));
        Assert.Equal(new[] { "?IsNotBlocked", "Complain", "Closed->Closed" }, door.TakeLog());
        Assert.Equal("Closed", door.Current);
    }

    [Fact]
    public void AutoCloseFiresAfterThirtySecondsAndNotBefore()
    {
        var door = NewDoor();
        door.Fire("Open");
        door.TakeLog();
        door.Advance(TimeSpan.FromSeconds(30) - TimeSpan.FromTicks(1));
        Assert.Equal("Opened", door.Current);
        Assert.Empty(door.Log);
        door.Advance(TimeSpan.FromTicks(1));
        Assert.Equal(new[] { "LightOff", "Beep", "Opened->Closed" }, door.TakeLog());
        Assert.Equal("Closed", door.Current);
    }

    [Fact]
    public void ClosingByHandCancelsAutoClose()
    {
        var door = NewDoor();
        door.Fire("Open");
        door.Advance(TimeSpan.FromSeconds(10));
        door.Fire("Close");
        door.TakeLog();
        Assert.Equal(0, door.Clock.ArmedTimers);
        door.Advance(TimeSpan.FromMinutes(5));
        Assert.Empty(door.Log);
        Assert.Equal("Closed", door.Current);
    }

    [Fact]
    public void KnockIsAnInternalTransitionOfShutInBothSubstates()
    {
        var door = NewDoor();
        door.Start();
        Assert.True(door.Fire("Knock"));
        door.Fire("Lock");
        door.TakeLog();
        Assert.True(door.Fire("Knock"));
        Assert.Equal(new[] { "Answer" }, door.TakeLog());
        Assert.Equal("Locked", door.Current);
    }

    [Fact]
    public void IgnoredEventsAreConsumedSilently()
    {
        var door = NewDoor();
        door.Fire("Open");
        door.TakeLog();
        foreach (var e in new[] { "Open", "Knock", "Lock", "Unlock" }) Assert.True(door.Fire(e));
        Assert.Empty(door.Log);
        Assert.Equal("Opened", door.Current);
    }

    [Fact]
    public void LockAndUnlock()
    {
        var door = NewDoor();
        door.Fire("Lock");
        Assert.True(door.Fire("Open"));
        Assert.Equal("Locked", door.Current);
        door.Fire("Unlock");
        Assert.Equal(new[] { "Closed->Locked", "Locked->Closed" }, door.TakeLog());
    }

    [Fact]
    public void PerInstanceDurationOverridesTheDefault()
    {
        var door = NewDoor();
        door.SetTimerDuration("AutoClose", TimeSpan.FromSeconds(5));
        door.Fire("Open");
        door.Advance(TimeSpan.FromSeconds(5));
        Assert.Equal("Closed", door.Current);

        var other = NewDoor();
        other.Fire("Open");
        other.Advance(TimeSpan.FromSeconds(5));
        Assert.Equal("Opened", other.Current);
    }
}
