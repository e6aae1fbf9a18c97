using System;
using TcpFsmGen.Tests.Infrastructure;
using Xunit;

namespace TcpFsmGen.Tests;

/// <summary><c>after</c> transitions under the manual clock: start on entry, cancel on exit, never stale.</summary>
public class TimerTests
{
    private const string Machine = """
        machine T.Timers;
        events Go, Stay, Back, Ping, Rewind;
        timer Short = 100ms;
        timer Unset;
        initial Idle;
        state Idle { on Go -> Waiting; on Rewind -> Manual; ignore Stay, Back, Ping; }
        state Waiting {
          after Short -> Done / TimedOut;
          on Back -> Idle;
          on Stay -> Waiting;
          on Ping / Pinged;
          on Rewind / Tick;
          ignore Go;
        }
        state Done { after 2s -> Idle; ignore Go, Stay, Back, Ping, Rewind; }
        state Manual { after Unset -> Idle; ignore Go, Stay, Back, Ping, Rewind; }
        """;

    private static LiveMachine Enter()
    {
        var m = LiveMachine.Create(Machine);
        m.Fire("Go");
        m.TakeLog();
        return m;
    }

    [Fact]
    public void TheTimerFiresAtItsDueTimeAndNotBefore()
    {
        var m = Enter();
        m.Advance(TimeSpan.FromMilliseconds(99));
        Assert.Equal("Waiting", m.Current);
        m.Advance(TimeSpan.FromMilliseconds(1));
        Assert.Equal(new[] { "TimedOut", "Waiting->Done" }, m.TakeLog());
    }

    [Fact]
    public void LeavingTheStateCancelsItsTimer()
    {
        var m = Enter();
        m.Advance(TimeSpan.FromMilliseconds(50));
        m.Fire("Back");
        m.TakeLog();
        m.Advance(TimeSpan.FromSeconds(10));
        Assert.Empty(m.Log);
        Assert.Equal("Idle", m.Current);
        Assert.Equal(0, m.Clock.ArmedTimers);
    }

    [Fact]
    public void ASelfTransitionRestartsTheTimer()
    {
        var m = Enter();
        m.Advance(TimeSpan.FromMilliseconds(60));
        m.Fire("Stay");
        m.Advance(TimeSpan.FromMilliseconds(60));
        Assert.Equal("Waiting", m.Current);
        m.Advance(TimeSpan.FromMilliseconds(40));
        Assert.Equal("Done", m.Current);
    }

    [Fact]
    public void AnInternalTransitionDoesNotRestartTheTimer()
    {
        var m = Enter();
        m.Advance(TimeSpan.FromMilliseconds(60));
        m.Fire("Ping");
        m.Advance(TimeSpan.FromMilliseconds(40));
        Assert.Equal("Done", m.Current);
    }

    [Fact]
    public void ALiteralDurationWorksLikeANamedTimer()
    {
        var m = Enter();
        m.Advance(TimeSpan.FromMilliseconds(100));
        m.Advance(TimeSpan.FromMilliseconds(1999));
        Assert.Equal("Done", m.Current);
        m.Advance(TimeSpan.FromMilliseconds(1));
        Assert.Equal("Idle", m.Current);
    }

    [Fact]
    public void ChainedTimersFireInOneAdvanceEachAtItsOwnTime()
    {
        var m = Enter();
        m.Advance(TimeSpan.FromSeconds(5));
        Assert.Equal(new[] { "TimedOut", "Waiting->Done", "Done->Idle" }, m.TakeLog());
    }

    [Fact]
    public void ADurationSetOnTheInstanceAppliesFromTheNextStart()
    {
        var m = LiveMachine.Create(Machine);
        m.SetTimerDuration("Short", TimeSpan.FromSeconds(1));
        m.Fire("Go");
        m.Advance(TimeSpan.FromMilliseconds(999));
        Assert.Equal("Waiting", m.Current);
        m.Advance(TimeSpan.FromMilliseconds(1));
        Assert.Equal("Done", m.Current);
    }

    [Fact]
    public void ATimerWithoutADefaultNeedsADurationBeforeItsStateIsEntered()
    {
        var m = LiveMachine.Create(Machine);
        m.Start();
        Assert.Throws<InvalidOperationException>(() => m.Fire("Rewind"));

        m = LiveMachine.Create(Machine);
        m.SetTimerDuration("Unset", TimeSpan.FromSeconds(3));
        m.Fire("Rewind");
        m.Advance(TimeSpan.FromSeconds(3));
        Assert.Equal("Idle", m.Current);
    }

    [Fact]
    public void AnExpiryDuringATransitionIsQueuedAndHandledAfterIt()
    {
        var m = Enter();
        m.OnLog = entry =>
        {
            if (entry == "Tick") m.Advance(TimeSpan.FromMilliseconds(100));
        };
        m.Fire("Rewind");
        Assert.Equal(new[] { "Tick", "TimedOut", "Waiting->Done" }, m.TakeLog());
    }

    [Fact]
    public void AnExpiryQueuedBeforeItsStateWasLeftIsDropped()
    {
        var m = Enter();
        m.OnLog = entry =>
        {
            if (entry == "Tick")
            {
                m.Fire("Back");                                  // queued first: leaves Waiting
                m.Advance(TimeSpan.FromMilliseconds(100));       // the expiry is queued behind it
            }
        };
        m.Fire("Rewind");
        Assert.Equal(new[] { "Tick", "Waiting->Idle" }, m.TakeLog());
        Assert.Equal("Idle", m.Current);
    }

    [Fact]
    public void DurationsOutOfRangeAreRejected()
    {
        var m = LiveMachine.Create(Machine);
        Assert.Throws<ArgumentOutOfRangeException>(() => m.SetTimerDuration("Short", TimeSpan.Zero));
        Assert.Throws<ArgumentOutOfRangeException>(() => m.SetTimerDuration("Short", TimeSpan.FromDays(50)));
    }
}
