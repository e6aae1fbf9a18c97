using System;
using System.IO;
using TcpFsmGen.Runtime;

namespace TcpFsmGen.Samples.Mqtt;

/// <summary>
/// The sample's demo: one session against a <see cref="ScriptedBroker"/> on a manual clock, through a
/// lost CONNACK, deferred and retransmitted messages, keep-alive, a dropped connection and the reconnect
/// that resumes it, a message given up on, a PINGRESP timeout and a refused CONNECT. No network, no waiting.
/// </summary>
public static class Demo
{
    /// <summary>Runs the demo, writing the session's state changes and packets to <paramref name="output"/>.</summary>
    /// <returns>The process exit code: 0.</returns>
    public static int Run(TextWriter output)
    {
        var clock = new ManualTimeProvider();
        var start = clock.GetUtcNow();
        var broker = new ScriptedBroker(clock, TimeSpan.FromMilliseconds(20));
        var session = new MqttSession(broker, "demo-sensor", new TimeProviderTimerService(clock)) { MaxRetries = 2 };

        void Line(string text) => output.WriteLine($"[{clock.GetUtcNow() - start:mm\\:ss\\.fff}]   {text}");
        session.StateChanged += (from, to) => Line($"state: {from} -> {to}");
        session.PacketSent += packet => Line($"C -> S  {packet}");
        session.PacketReceived += packet => Line($"S -> C  {packet}");
        session.Noted += note => Line($"note: {note}");
        broker.Logged += note => Line($"server: {note}");

        void Step(string what, Action action)
        {
            output.WriteLine();
            output.WriteLine($"[{clock.GetUtcNow() - start:mm\\:ss\\.fff}] {what}");
            action();
            output.WriteLine($"            now in {session.Current}");
        }
        void Wait(TimeSpan time) => clock.Advance(time);

        output.WriteLine("An MQTT 3.1.1 client session (mqtt.fsm) against a scripted server, on a manual clock.");
        output.WriteLine("Timers: CONNACK 10 s, keep-alive 60 s, PUBACK 20 s; at most 2 retransmissions; replies take 20 ms.");

        Step("publish sensors/temp while there is no connection (deferred)", () => session.Publish("sensors/temp", "21.5"));
        broker.IgnoreConnect();
        Step("connect; the server never answers", () =>
        {
            session.Connect();
            Wait(TimeSpan.FromSeconds(10));
        });
        Step("connect again; the deferred message goes after the CONNACK", () =>
        {
            session.Connect();
            Wait(TimeSpan.FromMilliseconds(100));
        });
        broker.DropPubAcks(1);
        Step("publish two messages; the first PUBACK is lost, so the first is sent again with DUP", () =>
        {
            session.Publish("sensors/temp", "21.7");
            session.Publish("sensors/humidity", "40%");
            Wait(TimeSpan.FromSeconds(21));
        });
        Step("wait for the keep-alive period", () => Wait(TimeSpan.FromSeconds(40)));
        Step("publish; the server drops the connection before the PUBACK", () =>
        {
            session.Publish("sensors/temp", "22.0");
            broker.DropConnection();
        });
        Step("reconnect: history resumes AwaitingPubAck, and the message is sent again with DUP", () =>
        {
            session.Connect();
            Wait(TimeSpan.FromMilliseconds(100));
        });
        broker.DropPubAcks(3);
        Step("publish a message whose PUBACKs are all lost", () =>
        {
            session.Publish("alerts/door", "open");
            Wait(TimeSpan.FromSeconds(61));
        });
        broker.IgnorePingReqs(1);
        Step("the server stops answering PINGREQ", () => Wait(TimeSpan.FromSeconds(120)));
        broker.AnswerConnect(ConnectReturnCode.NotAuthorized);
        Step("connect; the server refuses this client", () =>
        {
            session.Connect();
            Wait(TimeSpan.FromMilliseconds(100));
        });

        output.WriteLine();
        output.WriteLine($"delivered: {string.Join("; ", session.Delivered)}");
        output.WriteLine($"abandoned: {string.Join("; ", session.Abandoned)}");
        output.WriteLine($"packets the server received: {broker.Received.Count}, over {broker.Connections} connections");
        output.WriteLine($"can connect again: {session.CanFire(MqttSession.Event.Connect)}");
        return 0;
    }
}
