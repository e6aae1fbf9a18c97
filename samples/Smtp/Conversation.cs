using System;
using System.Collections.Generic;
using System.IO;
using TcpFsmGen.Runtime;

namespace TcpFsmGen.Samples.Smtp;

/// <summary>How the in-memory server behaves.</summary>
public enum Scenario
{
    /// <summary>Every command is accepted: the message is delivered to both recipients.</summary>
    Deliver,
    /// <summary>The second recipient is refused with 550: the client gives up and quits.</summary>
    Reject,
    /// <summary>The server never greets: after five minutes the client's timer aborts the session.</summary>
    Silent,
}

/// <summary>An <see cref="SmtpClient"/> talking to a scripted in-memory server, time driven by a manual clock.</summary>
public sealed class Conversation
{
    private readonly TextWriter _out;
    private readonly Scenario _scenario;
    private readonly ManualTimeProvider _clock = new();
    private readonly DateTimeOffset _start;
    private bool _inBody;
    private bool _open = true;

    private Conversation(Scenario scenario, TextWriter output)
    {
        _scenario = scenario;
        _out = output;
        _start = _clock.GetUtcNow();
        Client = new SmtpClient(FromClient, "client.example", "alice@client.example",
            new[] { "bob@mail.example", "carol@mail.example" },
            new[] { "Subject: state machines", "", "Declared with attributes.", ".a line that starts with a dot" })
        {
            TimerService = new TimeProviderTimerService(_clock),
        };
        Client.Transitioned += (from, to) => _out.WriteLine($"{Time}           [{from} -> {to}]");
        Client.HungUp += () => { _open = false; _out.WriteLine($"{Time}   client hangs up"); };
    }

    /// <summary>The client under test.</summary>
    public SmtpClient Client { get; }

    private string Time => $"{_clock.GetUtcNow() - _start:mm\\:ss}";

    /// <summary>Runs <paramref name="scenario"/> to its end, writing the transcript to <paramref name="output"/>.</summary>
    public static Conversation Run(Scenario scenario, TextWriter output)
    {
        var conversation = new Conversation(scenario, output);
        conversation.Start();
        return conversation;
    }

    private void Start()
    {
        _out.WriteLine($"{Time}   connected");
        Client.Start();
        if (_scenario == Scenario.Silent)
        {
            _out.WriteLine($"{Time}   (the server says nothing; the clock moves on)");
            _clock.Advance(TimeSpan.FromMinutes(5));
            return;
        }
        FromServer("220 mail.example ESMTP ready");
    }

    private void FromServer(string line)
    {
        _out.WriteLine($"{Time}   S: {line}");
        Client.Receive(line);
    }

    private void FromClient(string line)
    {
        _out.WriteLine($"{Time}   C: {line}");
        if (!_open) return;
        if (_inBody)
        {
            if (line != ".") return;
            _inBody = false;
            FromServer("250 2.0.0 queued as 4711");
            return;
        }
        var command = line.Split(' ', ':')[0];
        switch (command)
        {
            case "EHLO":
                FromServer("250-mail.example greets client.example");
                FromServer("250 8BITMIME");
                break;
            case "MAIL":
                FromServer("250 2.1.0 sender ok");
                break;
            case "RCPT":
                FromServer(_scenario == Scenario.Reject && line.Contains("carol", StringComparison.Ordinal)
                    ? "550 5.1.1 carol: no such user"
                    : "250 2.1.5 recipient ok");
                break;
            case "DATA":
                _inBody = true;
                FromServer("354 end data with <CR><LF>.<CR><LF>");
                break;
            case "QUIT":
                FromServer("221 2.0.0 bye");
                break;
            default:
                FromServer("500 5.5.1 command unrecognized");
                break;
        }
    }
}
