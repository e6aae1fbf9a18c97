using System;
using TcpFsmGen.Tests.Infrastructure;
using Xunit;

namespace TcpFsmGen.Tests;

/// <summary>Events fired from inside a transition wait until it is complete (section 4, run to completion).</summary>
public class RunToCompletionTests
{
    private const string Machine = """
        machine T.Rtc;
        events Go, Next, Ping, Nope;
        initial S1;
        state S1 { exit / LeaveS1; on Go -> S2 / Act; }
        state S2 { entry / EnterS2; on Next -> S3; on Ping / Pong; }
        state S3 { entry / EnterS3; ignore Ping, Go; }
        """;

    [Fact]
    public void AnEventFiredByAnActionIsQueuedAndHandledAfterTheTransitionIncludingOnTransition()
    {
        var m = LiveMachine.Create(Machine);
        var inner = (bool?)null;
        m.OnLog = entry =>
        {
            if (entry == "Act") inner = m.Fire("Next");
        };
        Assert.True(m.Fire("Go"));
        Assert.True(inner);
        Assert.Equal(new[] { "LeaveS1", "Act", "EnterS2", "S1->S2", "EnterS3", "S2->S3" }, m.TakeLog());
        Assert.Equal("S3", m.Current);
    }

    [Fact]
    public void QueuedEventsAreHandledInOrder()
    {
        var m = LiveMachine.Create(Machine);
        m.OnLog = entry =>
        {
            if (entry == "Act")
            {
                m.Fire("Ping");
                m.Fire("Next");
                m.Fire("Ping");
            }
        };
        m.Fire("Go");
        Assert.Equal(new[] { "LeaveS1", "Act", "EnterS2", "S1->S2", "Pong", "EnterS3", "S2->S3" }, m.TakeLog());
    }

    [Fact]
    public void AQueuedEventThatNothingHandlesCallsOnUnhandled()
    {
        var m = LiveMachine.Create(Machine);
        m.OnLog = entry =>
        {
            if (entry == "Act") Assert.True(m.Fire("Nope"));
        };
        Assert.True(m.Fire("Go"));
        Assert.Equal(new[] { "LeaveS1", "Act", "EnterS2", "S1->S2", "unhandled Nope in S2" }, m.TakeLog());
    }

    [Fact]
    public void TheOutermostFireReturnsTheResultForItsOwnEvent()
    {
        var m = LiveMachine.Create(Machine);
        m.OnLog = entry =>
        {
            if (entry == "unhandled Nope in S1") m.Fire("Go");
        };
        Assert.False(m.Fire("Nope"));
        Assert.Equal("S2", m.Current);
    }

    private const string Boot = """
        machine T.Boot;
        events Boot, Ready;
        initial Init;
        state Init { entry / InitEntry; on Boot -> Run; ignore Ready; }
        state Run { entry / RunEntry; on Ready / GotReady; ignore Boot; }
        """;

    [Fact]
    public void EventsFiredDuringStartAreDrainedBeforeStartReturns()
    {
        var m = LiveMachine.Create(Boot);
        m.OnLog = entry =>
        {
            if (entry == "InitEntry") m.Fire("Boot");
        };
        m.Start();
        Assert.Equal(new[] { "InitEntry", "RunEntry", "Init->Run" }, m.TakeLog());
        Assert.Equal("Run", m.Current);
    }

    [Fact]
    public void AnImplicitStartDrainsItsEventsBeforeTheFirstFiresOwnEvent()
    {
        var m = LiveMachine.Create(Boot);
        m.OnLog = entry =>
        {
            if (entry == "InitEntry") m.Fire("Boot");
        };
        Assert.True(m.Fire("Ready"));
        Assert.Equal(new[] { "InitEntry", "RunEntry", "Init->Run", "GotReady" }, m.TakeLog());
    }

    [Fact]
    public void AnActionThatThrowsPropagatesDropsTheQueueAndLeavesTheMachineUsable()
    {
        var m = LiveMachine.Create(Machine);
        var fail = true;
        m.OnLog = entry =>
        {
            if (entry == "Act" && fail)
            {
                m.Fire("Next");
                throw new InvalidOperationException("boom");
            }
        };
        var error = Assert.Throws<InvalidOperationException>(() => m.Fire("Go"));
        Assert.Equal("boom", error.Message);
        // The transition stopped inside its actions, before the new leaf was set, and the queued Next was dropped.
        Assert.Equal("S1", m.Current);
        Assert.Equal(new[] { "LeaveS1", "Act" }, m.TakeLog());

        fail = false;
        Assert.True(m.Fire("Go"));
        Assert.Equal(new[] { "LeaveS1", "Act", "EnterS2", "S1->S2" }, m.TakeLog());
    }
}
