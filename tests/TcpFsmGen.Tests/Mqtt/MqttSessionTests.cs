using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using TcpFsmGen.Runtime;
using TcpFsmGen.Samples.Mqtt;
using TcpFsmGen.Tests.Infrastructure;
using Xunit;
using State = TcpFsmGen.Samples.Mqtt.MqttSession.State;
using Event = TcpFsmGen.Samples.Mqtt.MqttSession.Event;
using Timer = TcpFsmGen.Samples.Mqtt.MqttSession.Timer;

namespace TcpFsmGen.Tests.Mqtt;

/// <summary>The MQTT 3.1.1 session sample (mqtt.fsm) against the scripted broker, on a manual clock.</summary>
public class MqttSessionTests
{
    private static readonly TimeSpan Latency = TimeSpan.FromMilliseconds(10);

    /// <summary>A session wired to a scripted broker; both run on one manual clock.</summary>
    private sealed class Harness
    {
        public ManualTimeProvider Clock { get; } = new();
        public DateTimeOffset Start { get; }
        public ScriptedBroker Broker { get; }
        public MqttSession Session { get; }
        public List<string> Changes { get; } = new();
        public List<string> Notes { get; } = new();

        public Harness()
            : this(Latency)
        {
        }

        public Harness(TimeSpan latency)
        {
            Start = Clock.GetUtcNow();
            Broker = new ScriptedBroker(Clock, latency);
            Session = new MqttSession(Broker, "sensor-1", new TimeProviderTimerService(Clock));
            Session.StateChanged += (from, to) => Changes.Add($"{from}->{to}");
            Session.Noted += Notes.Add;
        }

        public void Advance(TimeSpan time) => Clock.Advance(time);

        /// <summary>Connects and lets the CONNACK arrive.</summary>
        public void Connected()
        {
            Assert.True(Session.Connect());
            Advance(Latency);
            Assert.Equal(State.Idle, Session.Current);
        }

        public List<Publish> Publishes => Broker.Received.OfType<Publish>().ToList();

        public int Count<T>() => Broker.Received.OfType<T>().Count();
    }

    [Fact]
    public void ConnectSendsConnectAndTheConnAckMakesTheSessionConnected()
    {
        var h = new Harness();
        Assert.Equal(State.Disconnected, h.Session.Current);
        Assert.True(h.Session.Connect());
        Assert.Equal(State.Connecting, h.Session.Current);
        Assert.True(h.Broker.IsOpen);
        Assert.Equal(new Packet[] { new Connect("sensor-1", CleanSession: false, KeepAliveSeconds: 60) }, h.Broker.Received);
        Assert.Equal(TimeSpan.FromSeconds(10), h.Session.TimeRemaining(Timer.ConnectTimeout));

        h.Advance(Latency);
        Assert.Equal(State.Idle, h.Session.Current);
        Assert.True(h.Session.IsIn(State.Connected));
        Assert.Equal(new ConnAck(false, ConnectReturnCode.Accepted), h.Session.LastConnAck);
        Assert.Null(h.Session.LastError);
        Assert.Null(h.Session.TimeRemaining(Timer.ConnectTimeout));
        Assert.Equal(TimeSpan.FromSeconds(60), h.Session.TimeRemaining(Timer.KeepAlive));
        Assert.Equal(new[] { "Disconnected->Connecting", "Connecting->Idle" }, h.Changes);

        // Connect while connected is ignored: nothing is sent, nothing changes.
        Assert.True(h.Session.Connect());
        Assert.Single(h.Broker.Received);
        Assert.Equal(1, h.Broker.Connections);
    }

    [Fact]
    public void WithoutAConnAckWithinTheTimeoutTheSessionClosesTheConnectionAndIsDisconnected()
    {
        var h = new Harness();
        h.Broker.IgnoreConnect();
        h.Session.Connect();
        h.Advance(TimeSpan.FromSeconds(10) - TimeSpan.FromMilliseconds(1));
        Assert.Equal(State.Connecting, h.Session.Current);
        Assert.Equal(TimeSpan.FromMilliseconds(1), h.Session.TimeRemaining(Timer.ConnectTimeout));

        h.Advance(TimeSpan.FromMilliseconds(1));
        Assert.Equal(State.Disconnected, h.Session.Current);
        Assert.False(h.Broker.IsOpen);
        Assert.Equal("no CONNACK within 10 s", h.Session.LastError);
        Assert.Null(h.Session.TimeRemaining(Timer.ConnectTimeout));

        // The next attempt is a new connection with its own CONNECT, and the broker answers it.
        h.Connected();
        Assert.Equal(2, h.Broker.Connections);
        Assert.Equal(2, h.Count<Connect>());
    }

    [Fact]
    public void ServerUnavailableIsRefusedForNowAndTheSessionCanConnectAgain()
    {
        var h = new Harness();
        h.Broker.AnswerConnect(ConnectReturnCode.ServerUnavailable);
        h.Session.Connect();
        h.Advance(Latency);
        Assert.Equal(State.Disconnected, h.Session.Current);
        Assert.Equal(ConnectReturnCode.ServerUnavailable, h.Session.LastConnAck!.ReturnCode);
        Assert.Equal("connection refused: ServerUnavailable", h.Session.LastError);
        Assert.False(h.Broker.IsOpen);
        Assert.True(h.Session.CanFire(Event.Connect));

        h.Connected();
        Assert.Equal(ConnectReturnCode.Accepted, h.Session.LastConnAck!.ReturnCode);
    }

    [Fact]
    public void NotAuthorizedRejectsTheSessionForGoodAndWhatWasQueuedIsReportedUnhandled()
    {
        var h = new Harness();
        h.Broker.AnswerConnect(ConnectReturnCode.NotAuthorized);
        h.Session.Connect();
        Assert.True(h.Session.Publish("a/b", "queued while connecting"));
        h.Advance(Latency);

        Assert.Equal(State.Rejected, h.Session.Current);
        Assert.Equal("connection refused: NotAuthorized", h.Session.LastError);
        Assert.False(h.Broker.IsOpen);
        Assert.Empty(h.Publishes);
        Assert.Equal(new[] { (State.Rejected, Event.Publish) }, h.Session.Unhandled);

        Assert.False(h.Session.Connect());
        Assert.False(h.Session.Publish("a/b", "after the refusal"));
        Assert.Equal(1, h.Broker.Connections);
    }

    [Fact]
    public void KeepAliveSendsAPingReqEachPeriodWhileThePingRespsCome()
    {
        var h = new Harness();
        h.Connected();
        var connectedAt = h.Clock.GetUtcNow() - h.Start;
        for (var i = 1; i <= 3; i++)
        {
            h.Advance(TimeSpan.FromSeconds(60));
            Assert.Equal(i, h.Count<PingReq>());
            Assert.Equal(State.Idle, h.Session.Current);
        }
        var pingTimes = h.Broker.Timeline.Where(t => t.Packet is PingReq).Select(t => t.At).ToList();
        Assert.Equal(new[] { 60, 120, 180 }.Select(s => connectedAt + TimeSpan.FromSeconds(s)), pingTimes);
        Assert.Null(h.Session.LastError);
    }

    [Fact]
    public void AMissingPingRespClosesTheConnectionAtTheNextKeepAliveInsteadOfPingingAgain()
    {
        var h = new Harness();
        h.Broker.IgnorePingReqs(1);
        h.Connected();
        h.Advance(TimeSpan.FromSeconds(60));
        Assert.Equal(1, h.Count<PingReq>());
        h.Advance(TimeSpan.FromSeconds(59));
        Assert.Equal(State.Idle, h.Session.Current);

        h.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(State.Disconnected, h.Session.Current);
        Assert.Equal("no PINGRESP within the keep-alive period", h.Session.LastError);
        Assert.False(h.Broker.IsOpen);
        Assert.Equal(1, h.Count<PingReq>());
        Assert.Null(h.Session.TimeRemaining(Timer.KeepAlive));

        // The outstanding ping belongs to the old connection: a new one starts afresh.
        h.Connected();
        h.Advance(TimeSpan.FromSeconds(60));
        Assert.Equal(2, h.Count<PingReq>());
        h.Advance(TimeSpan.FromSeconds(60));
        Assert.Equal(State.Idle, h.Session.Current);
    }

    [Fact]
    public void AQos1PublishIsSentAtOnceAndItsPubAckCompletesIt()
    {
        var h = new Harness();
        h.Connected();
        Assert.True(h.Session.Publish("sensors/temp", "21.5"));
        Assert.Equal(State.AwaitingPubAck, h.Session.Current);
        Assert.Equal(new[] { new Publish(1, "sensors/temp", "21.5", Dup: false) }, h.Publishes);
        Assert.Equal(new Publish(1, "sensors/temp", "21.5"), h.Session.InFlight);
        Assert.Equal(TimeSpan.FromSeconds(20), h.Session.TimeRemaining(Timer.AckTimeout));

        h.Advance(Latency);
        Assert.Equal(State.Idle, h.Session.Current);
        Assert.Equal(new[] { new Message("sensors/temp", "21.5") }, h.Session.Delivered);
        Assert.Null(h.Session.InFlight);
        Assert.Null(h.Session.TimeRemaining(Timer.AckTimeout));

        // The next message gets the next packet identifier.
        h.Session.Publish("sensors/temp", "21.6");
        Assert.Equal(2, h.Publishes[^1].PacketId);
    }

    [Fact]
    public void ALostPubAckMakesTheSessionSendTheMessageAgainWithDup()
    {
        var h = new Harness();
        h.Broker.DropPubAcks(1);
        h.Connected();
        h.Session.Publish("a/b", "x");
        h.Advance(TimeSpan.FromSeconds(20));
        Assert.Equal(new[] { new Publish(1, "a/b", "x", Dup: false), new Publish(1, "a/b", "x", Dup: true) }, h.Publishes);
        Assert.Contains("AwaitingPubAck->AwaitingPubAck", h.Changes);
        h.Advance(Latency);
        Assert.Equal(State.Idle, h.Session.Current);
        Assert.Equal(new[] { new Message("a/b", "x") }, h.Session.Delivered);
        Assert.Empty(h.Session.Abandoned);
    }

    [Fact]
    public void WhenEveryPubAckIsLostTheMessageIsSentAgainUpToTheRetryLimitAndThenAbandoned()
    {
        var h = new Harness();
        h.Session.MaxRetries = 3;
        h.Broker.DropPubAcks(100);
        h.Connected();
        h.Session.Publish("a/b", "lost");
        h.Session.Publish("a/b", "next");
        for (var retry = 1; retry <= 3; retry++)
        {
            h.Advance(TimeSpan.FromSeconds(20));
            Assert.Equal(State.AwaitingPubAck, h.Session.Current);
            Assert.Equal(1 + retry, h.Publishes.Count);
        }
        Assert.Equal(new[] { false, true, true, true }, h.Publishes.Select(p => p.Dup));
        Assert.All(h.Publishes, p => Assert.Equal(new Publish(1, "a/b", "lost", p.Dup), p));

        h.Advance(TimeSpan.FromSeconds(20));
        Assert.Equal(new[] { new Message("a/b", "lost") }, h.Session.Abandoned);
        Assert.Contains("gave up on PUBLISH id=1 after 4 sends without a PUBACK", h.Notes);
        // The deferred message is next: it goes out at once, with a new identifier.
        Assert.Equal(new Publish(2, "a/b", "next"), h.Publishes[^1]);
        Assert.Equal(State.AwaitingPubAck, h.Session.Current);
        Assert.Equal(5, h.Publishes.Count);
    }

    [Fact]
    public void APubAckForAnAbandonedMessageIsDroppedAsStray()
    {
        var h = new Harness();
        h.Session.MaxRetries = 0;
        h.Broker.DropPubAcks(1);
        h.Connected();
        h.Session.Publish("a/b", "x");
        h.Advance(TimeSpan.FromSeconds(20));
        Assert.Equal(State.Idle, h.Session.Current);
        Assert.Single(h.Session.Abandoned);
        Assert.True(h.Session.CanFire(Event.PubAckReceived, new PubAck(1)));
    }

    [Fact]
    public void PublishesFiredWhileConnectingAreDeferredAndSentAfterTheConnAckInOrderWithTheirPayloads()
    {
        var h = new Harness();
        Assert.True(h.Session.Publish("t/0", "offline"));   // before Connect: kept too
        h.Session.Connect();
        Assert.True(h.Session.Publish("t/1", "one"));
        Assert.True(h.Session.Publish("t/2", "two"));
        Assert.Equal(State.Connecting, h.Session.Current);
        Assert.Equal(new[] { typeof(Connect) }, h.Broker.Received.Select(p => p.GetType()));

        h.Advance(Latency);                                   // CONNACK: the first goes out
        Assert.Equal(new[] { new Publish(1, "t/0", "offline") }, h.Publishes);
        Assert.True(h.Broker.Timeline.Single(t => t.Packet is Publish).At >= Latency);
        h.Advance(TimeSpan.FromSeconds(1));                   // each PUBACK lets the next one go
        Assert.Equal(new[] { new Publish(1, "t/0", "offline"), new Publish(2, "t/1", "one"), new Publish(3, "t/2", "two") }, h.Publishes);
        Assert.Equal(new[] { new Message("t/0", "offline"), new Message("t/1", "one"), new Message("t/2", "two") }, h.Session.Delivered);
        Assert.Equal(State.Idle, h.Session.Current);
    }

    [Fact]
    public void PublishesWhileOneIsInFlightWaitTheirTurnInOrder()
    {
        var h = new Harness();
        h.Connected();
        foreach (var i in Enumerable.Range(1, 5)) h.Session.Publish("seq", i.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Assert.Single(h.Publishes);
        h.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(new[] { "1", "2", "3", "4", "5" }, h.Publishes.Select(p => p.Payload));
        Assert.Equal(new ushort[] { 1, 2, 3, 4, 5 }, h.Publishes.Select(p => p.PacketId));
        Assert.Equal(5, h.Session.Delivered.Count);
    }

    [Fact]
    public void DisconnectingWhilePublishingAndReconnectingResumesAwaitingPubAckThroughHistory()
    {
        var h = new Harness();
        h.Connected();
        h.Session.Publish("a/b", "in flight");
        h.Session.Publish("a/b", "waiting");
        Assert.True(h.Session.Disconnect());                 // the PUBACK is still on its way: it is lost with the connection
        Assert.Equal(State.Disconnected, h.Session.Current);
        Assert.IsType<Disconnect>(h.Broker.Received[^1]);
        Assert.False(h.Broker.IsOpen);
        h.Advance(TimeSpan.FromSeconds(30));
        Assert.Empty(h.Session.Delivered);
        Assert.Null(h.Session.TimeRemaining(Timer.AckTimeout));

        h.Changes.Clear();
        h.Session.Connect();
        h.Advance(Latency);
        // Connected's history resumes AwaitingPubAck (not Idle), whose entry sends the message again with DUP (4.4).
        Assert.Equal(new[] { "Disconnected->Connecting", "Connecting->AwaitingPubAck" }, h.Changes);
        Assert.Equal(State.AwaitingPubAck, h.Session.Current);
        Assert.True(h.Session.LastConnAck!.SessionPresent);
        Assert.Equal(new Publish(1, "a/b", "in flight", Dup: true), h.Publishes[^1]);

        h.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(new[] { new Message("a/b", "in flight"), new Message("a/b", "waiting") }, h.Session.Delivered);
        Assert.Equal(new[] { new Publish(1, "a/b", "in flight"), new Publish(1, "a/b", "in flight", true), new Publish(2, "a/b", "waiting") }, h.Publishes);
        Assert.Equal(State.Idle, h.Session.Current);
    }

    [Fact]
    public void AConnectionLostWhileIdleResumesIdleAfterTheReconnect()
    {
        var h = new Harness();
        h.Connected();
        h.Broker.DropConnection();
        Assert.Equal(State.Disconnected, h.Session.Current);
        Assert.Equal("the connection was closed by the server or the network", h.Session.LastError);
        h.Changes.Clear();
        h.Connected();
        Assert.Equal(new[] { "Disconnected->Connecting", "Connecting->Idle" }, h.Changes);
        Assert.Empty(h.Publishes);
    }

    [Fact]
    public void RepliesWithoutLatencyArriveInsideTheActionThatSentAndAreHandledAfterIt()
    {
        // The broker answers from inside Send, so from inside the session's action: run to completion queues them.
        var h = new Harness(TimeSpan.Zero);
        Assert.True(h.Session.Connect());
        Assert.Equal(State.Idle, h.Session.Current);
        h.Session.Publish("a/b", "1");
        h.Session.Publish("a/b", "2");
        Assert.Equal(State.Idle, h.Session.Current);
        Assert.Equal(2, h.Session.Delivered.Count);
        Assert.Equal(new[] { "Disconnected->Connecting", "Connecting->Idle", "Idle->AwaitingPubAck", "AwaitingPubAck->Idle",
            "Idle->AwaitingPubAck", "AwaitingPubAck->Idle" }, h.Changes);

        // A refusal is followed at once by the server closing its end: expected, so not reported as unhandled.
        var refused = new Harness(TimeSpan.Zero);
        refused.Broker.AnswerConnect(ConnectReturnCode.IdentifierRejected);
        refused.Session.Connect();
        Assert.Equal(State.Rejected, refused.Session.Current);
        Assert.Equal("connection refused: IdentifierRejected", refused.Session.LastError);
        Assert.Empty(refused.Session.Unhandled);
        Assert.False(refused.Broker.IsOpen);
    }

    [Fact]
    public void CanFireAnswersWithoutRunningAnything()
    {
        var h = new Harness();
        var message = new Message("a/b", "x");
        Assert.True(h.Session.CanFire(Event.Connect));
        Assert.True(h.Session.CanFire(Event.Publish, message));            // deferred counts as handled
        Assert.True(h.Session.CanFire(Event.PingRespReceived));            // ignored while disconnected
        Assert.Equal(0, h.Broker.Connections);
        Assert.Equal(State.Disconnected, h.Session.Current);

        h.Session.Connect();
        Assert.True(h.Session.CanFire(Event.ConnAckReceived, new ConnAck(ConnectReturnCode.NotAuthorized)));
        Assert.Equal(State.Connecting, h.Session.Current);                 // guards only: no refusal ran
        Assert.Null(h.Session.LastConnAck);
        h.Advance(Latency);

        h.Session.Publish("a/b", "x");
        Assert.True(h.Session.CanFire(Event.PubAckReceived, new PubAck(1)));
        Assert.Equal(State.AwaitingPubAck, h.Session.Current);
        Assert.Empty(h.Session.Delivered);

        Assert.Throws<ArgumentException>(() => h.Session.CanFire(Event.Publish));          // the payload is missing
        Assert.Throws<ArgumentException>(() => h.Session.CanFire(Event.PubAckReceived, message));

        var rejected = new Harness();
        rejected.Broker.AnswerConnect(ConnectReturnCode.BadUserNameOrPassword);
        rejected.Session.Connect();
        rejected.Advance(Latency);
        Assert.Equal(State.Rejected, rejected.Session.Current);
        Assert.False(rejected.Session.CanFire(Event.Connect));
        Assert.False(rejected.Session.CanFire(Event.Publish, message));
        Assert.False(rejected.Session.CanFire(Event.Disconnect));
        Assert.True(rejected.Session.CanFire(Event.ConnectionLost));         // the refusal closes the connection: expected
        Assert.Empty(rejected.Session.Unhandled);                           // asking is not firing
    }

    [Theory]
    [InlineData("")]
    [InlineData("sensors/+")]
    [InlineData("sensors/#")]
    [InlineData("a\0b")]
    public void AnInvalidTopicIsRefusedAtTheCallAndNothingIsQueued(string topic)
    {
        var h = new Harness();
        h.Connected();
        var error = Assert.Throws<ArgumentException>(() => h.Session.Publish(topic, "x"));
        Assert.Equal("topic", error.ParamName);
        Assert.Empty(h.Publishes);
        Assert.Equal(State.Idle, h.Session.Current);
    }

    [Fact]
    public void TheMachineHasNoDiagnosticsAndTheSampleCompilesWithoutWarnings()
    {
        var directory = RepoPaths.Combine("samples", "Mqtt");
        var fsm = File.ReadAllText(Path.Combine(directory, "mqtt.fsm"));
        Assert.Empty(Diagnose.Fsm(fsm, "mqtt.fsm"));

        var sources = new[] { "MqttSession.cs", "Packets.cs", "ScriptedBroker.cs", "Demo.cs" }
            .Select(f => (Path: f, Text: File.ReadAllText(Path.Combine(directory, f))));
        var run = GeneratorHarness.Run(new[] { ("mqtt.fsm", fsm) }, sources);
        Assert.Empty(run.FsmDiagnostics);
        Assert.Empty(run.CompilationDiagnostics);

        // The diagrams show the protocol features the machine uses.
        var mermaid = (string)typeof(MqttSession).GetField("Mermaid")!.GetValue(null)!;
        Assert.Contains("[H] history", mermaid, StringComparison.Ordinal);
        Assert.Contains("every KeepAlive (1m) / RaiseKeepAliveDue", mermaid, StringComparison.Ordinal);
        Assert.Contains("defer Publish", mermaid, StringComparison.Ordinal);
    }

    [Fact]
    public void TheDemoRunsToTheEndAndExitsWithZero()
    {
        var output = new StringWriter();
        Assert.Equal(0, Demo.Run(output));
        var text = output.ToString();
        Assert.Contains("Connecting -> AwaitingPubAck", text, StringComparison.Ordinal);
        Assert.Contains("PUBLISH id=2 qos=1 dup=1 sensors/temp \"21.7\"", text, StringComparison.Ordinal);
        Assert.Contains("note: no PINGRESP within the keep-alive period", text, StringComparison.Ordinal);
        Assert.Contains("Connecting -> Rejected", text, StringComparison.Ordinal);
        Assert.EndsWith("can connect again: False" + Environment.NewLine, text, StringComparison.Ordinal);
    }
}
