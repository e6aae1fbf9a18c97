using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using TcpFsmGen.Runtime;
using TcpFsmGen.Samples.Smtp;
using Xunit;

namespace TcpFsmGen.Tests.Smtp;

/// <summary>The SMTP client sample, a machine declared with attributes, against scripted servers.</summary>
public class SmtpClientTests
{
    private sealed class Harness
    {
        public ManualTimeProvider Clock { get; } = new();
        public List<string> Sent { get; } = new();
        public SmtpClient Client { get; }

        public Harness(params string[] recipients)
        {
            Client = new SmtpClient(Sent.Add, "client.example", "alice@client.example",
                recipients.Length > 0 ? recipients : new[] { "bob@mail.example" }, new[] { "Hello", ".hidden" })
            {
                TimerService = new TimeProviderTimerService(Clock),
            };
            Client.Start();
        }

        public void Reply(string line) => Client.Receive(line);
    }

    private static string[] Commands(string transcript)
        => transcript.Split('\n').Where(l => l.Contains("C: ", StringComparison.Ordinal))
            .Select(l => l[(l.IndexOf("C: ", StringComparison.Ordinal) + 3)..].TrimEnd('\r')).ToArray();

    [Fact]
    public void DeliversAMessageToTwoRecipients()
    {
        var output = new StringWriter();
        var conversation = Conversation.Run(Scenario.Deliver, output);
        Assert.Equal(SmtpState.Closed, conversation.Client.Current);
        Assert.True(conversation.Client.Delivered);
        Assert.Null(conversation.Client.Failure);
        Assert.Equal(new[]
        {
            "EHLO client.example", "MAIL FROM:<alice@client.example>", "RCPT TO:<bob@mail.example>", "RCPT TO:<carol@mail.example>",
            "DATA", "Subject: state machines", "", "Declared with attributes.", "..a line that starts with a dot", ".", "QUIT",
        }, Commands(output.ToString()));
    }

    [Fact]
    public void ARefusedRecipientEndsTheSessionWithQuit()
    {
        var output = new StringWriter();
        var conversation = Conversation.Run(Scenario.Reject, output);
        Assert.Equal(SmtpState.Closed, conversation.Client.Current);
        Assert.False(conversation.Client.Delivered);
        Assert.Equal("550 5.1.1 carol: no such user", conversation.Client.Failure);
        Assert.DoesNotContain("DATA", Commands(output.ToString()));
        Assert.Equal("QUIT", Commands(output.ToString()).Last());
    }

    [Fact]
    public void ASilentServerIsAbandonedAfterFiveMinutesNotBefore()
    {
        var h = new Harness();
        h.Clock.Advance(TimeSpan.FromMinutes(5) - TimeSpan.FromTicks(1));
        Assert.Equal(SmtpState.Greeting, h.Client.Current);
        h.Clock.Advance(TimeSpan.FromTicks(1));
        Assert.Equal(SmtpState.Aborted, h.Client.Current);
        Assert.Equal("no reply in Greeting", h.Client.Failure);
        Assert.Empty(h.Sent);
    }

    [Fact]
    public void EachRecipientRestartsTheReplyTimer()
    {
        var h = new Harness("a@x", "b@x", "c@x");
        h.Reply("220 hi");
        h.Reply("250 hello");
        h.Reply("250 sender ok");
        for (var i = 0; i < 2; i++)
        {
            h.Clock.Advance(TimeSpan.FromMinutes(4));
            h.Reply("250 recipient ok");
        }
        // Twelve minutes since RCPT TO was first entered, but each recipient restarted the five-minute timer.
        h.Clock.Advance(TimeSpan.FromMinutes(4));
        Assert.Equal(SmtpState.RcptTo, h.Client.Current);
        Assert.Equal(new[] { "RCPT TO:<a@x>", "RCPT TO:<b@x>", "RCPT TO:<c@x>" }, h.Sent.Where(s => s.StartsWith("RCPT", StringComparison.Ordinal)));
        h.Clock.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal(SmtpState.Aborted, h.Client.Current);
    }

    [Fact]
    public void TheDataPhaseWaitsTenMinutesForTheFinalReply()
    {
        var h = new Harness();
        foreach (var reply in new[] { "220 hi", "250 hello", "250 ok", "250 ok", "354 go on" }) h.Reply(reply);
        Assert.Equal(SmtpState.Body, h.Client.Current);
        Assert.Equal(new[] { "Hello", "..hidden", "." }, h.Sent.Skip(h.Sent.IndexOf("DATA") + 1));
        h.Clock.Advance(TimeSpan.FromMinutes(9));
        Assert.Equal(SmtpState.Body, h.Client.Current);
        h.Reply("250 queued");
        Assert.True(h.Client.Delivered);
        Assert.Equal(SmtpState.Quitting, h.Client.Current);
        // A server that never answers QUIT is hung up on after ten seconds.
        h.Clock.Advance(TimeSpan.FromSeconds(10));
        Assert.Equal(SmtpState.Closed, h.Client.Current);
    }

    [Fact]
    public void AMultiLineReplyIsOneEventAtItsLastLine()
    {
        var h = new Harness();
        h.Reply("220 hi");
        h.Reply("250-mail.example");
        Assert.Equal(SmtpState.Hello, h.Client.Current);
        h.Reply("250 SIZE");
        Assert.Equal(SmtpState.MailFrom, h.Client.Current);
    }

    [Theory]
    [InlineData("421 closing", "421 closing")]
    [InlineData("554 no service", "554 no service")]
    [InlineData("354 what?", "unexpected reply: 354 what?")]
    public void AnyFailureDuringTheSessionQuits(string reply, string failure)
    {
        var h = new Harness();
        h.Reply("220 hi");
        h.Reply(reply);
        Assert.Equal(SmtpState.Quitting, h.Client.Current);
        Assert.Equal(failure, h.Client.Failure);
        Assert.Equal("QUIT", h.Sent.Last());
    }

    [Fact]
    public void ALostConnectionAbortsAtOnceAndLaterRepliesAreIgnored()
    {
        var h = new Harness();
        h.Reply("220 hi");
        h.Client.ConnectionLost();
        Assert.Equal(SmtpState.Aborted, h.Client.Current);
        Assert.True(h.Client.Fire(SmtpReply.Positive));
        Assert.Equal(SmtpState.Aborted, h.Client.Current);
        Assert.DoesNotContain("QUIT", h.Sent);
    }
}
