using System;
using System.Collections.Generic;
using TcpFsmGen;

namespace TcpFsmGen.Samples.Smtp;

/// <summary>Where an SMTP session is (RFC 5321 §3-4): each state waits for the server's reply to one command.</summary>
public enum SmtpState
{
    /// <summary>The whole conversation with the server, until QUIT is sent or something fails.</summary>
    Session,
    /// <summary>Connected; waiting for the server's 220 greeting.</summary>
    Greeting,
    /// <summary>EHLO sent.</summary>
    Hello,
    /// <summary>MAIL FROM sent.</summary>
    MailFrom,
    /// <summary>RCPT TO sent, for one recipient after another.</summary>
    RcptTo,
    /// <summary>DATA sent; waiting for 354.</summary>
    Data,
    /// <summary>The message and its final "." sent.</summary>
    Body,
    /// <summary>QUIT sent; waiting for 221 or for the server to hang up.</summary>
    Quitting,
    /// <summary>The connection is closed after a clean QUIT.</summary>
    Closed,
    /// <summary>The connection was lost or the server stopped answering.</summary>
    Aborted,
}

/// <summary>What the server says, by the first digit of its reply code (RFC 5321 §4.2.1), or that it hung up.</summary>
public enum SmtpReply
{
    /// <summary>2yz: the command was accepted.</summary>
    Positive,
    /// <summary>3yz: go on (the 354 after DATA).</summary>
    Intermediate,
    /// <summary>4yz: refused for now; try again later.</summary>
    TransientFailure,
    /// <summary>5yz: refused.</summary>
    PermanentFailure,
    /// <summary>The connection closed.</summary>
    Disconnected,
}

/// <summary>
/// The client side of an SMTP session that sends one message. The machine is declared with attributes, next
/// to the methods it calls; the generator adds <c>Fire</c>, <c>Current</c> and the dispatch.
/// </summary>
[StateMachine(typeof(SmtpState), typeof(SmtpReply), Initial = SmtpState.Session)]
[Timer("Reply", Milliseconds = 5 * 60_000)]          // RFC 5321 §4.5.3.2: 5 minutes for the greeting, MAIL and RCPT
[Timer("DataEnd", Milliseconds = 10 * 60_000)]       // and 10 minutes for the reply to the final "."

// The session: a failure at any step ends it politely; a lost connection, or no reply in time, ends it at once.
// Each waiting state has its own timer, restarted whenever the state is entered (RCPT TO once per recipient).
[Substate(SmtpState.Greeting, SmtpState.Session, Initial = true)]
[Substate(SmtpState.Hello, SmtpState.Session)]
[Substate(SmtpState.MailFrom, SmtpState.Session)]
[Substate(SmtpState.RcptTo, SmtpState.Session)]
[Substate(SmtpState.Data, SmtpState.Session)]
[Substate(SmtpState.Body, SmtpState.Session)]
[Transition(SmtpState.Session, SmtpReply.TransientFailure, SmtpState.Quitting, Actions = new[] { nameof(RecordFailure) })]
[Transition(SmtpState.Session, SmtpReply.PermanentFailure, SmtpState.Quitting, Actions = new[] { nameof(RecordFailure) })]
[Transition(SmtpState.Session, SmtpReply.Intermediate, SmtpState.Quitting, Actions = new[] { nameof(RecordProtocolError) })]
[Transition(SmtpState.Session, SmtpReply.Disconnected, SmtpState.Aborted)]
[After(SmtpState.Greeting, "Reply", SmtpState.Aborted, Actions = new[] { nameof(RecordTimeout) })]
[After(SmtpState.Hello, "Reply", SmtpState.Aborted, Actions = new[] { nameof(RecordTimeout) })]
[After(SmtpState.MailFrom, "Reply", SmtpState.Aborted, Actions = new[] { nameof(RecordTimeout) })]
[After(SmtpState.RcptTo, "Reply", SmtpState.Aborted, Actions = new[] { nameof(RecordTimeout) })]
[After(SmtpState.Data, 2 * 60_000, SmtpState.Aborted, Actions = new[] { nameof(RecordTimeout) })]
[After(SmtpState.Body, "DataEnd", SmtpState.Aborted, Actions = new[] { nameof(RecordTimeout) })]

// The happy path, one command per state.
[Transition(SmtpState.Greeting, SmtpReply.Positive, SmtpState.Hello)]
[Entry(SmtpState.Hello, nameof(SendEhlo))]
[Transition(SmtpState.Hello, SmtpReply.Positive, SmtpState.MailFrom)]
[Entry(SmtpState.MailFrom, nameof(SendMailFrom))]
[Transition(SmtpState.MailFrom, SmtpReply.Positive, SmtpState.RcptTo)]
[Entry(SmtpState.RcptTo, nameof(SendRcptTo))]
[Transition(SmtpState.RcptTo, SmtpReply.Positive, SmtpState.RcptTo, Guard = nameof(HasMoreRecipients), Actions = new[] { nameof(NextRecipient) })]
[Transition(SmtpState.RcptTo, SmtpReply.Positive, SmtpState.Data)]
[Entry(SmtpState.Data, nameof(SendData))]
[Transition(SmtpState.Data, SmtpReply.Intermediate, SmtpState.Body)]
[Transition(SmtpState.Data, SmtpReply.Positive, SmtpState.Quitting, Actions = new[] { nameof(RecordProtocolError) })]
[Entry(SmtpState.Body, nameof(SendBody))]
[Transition(SmtpState.Body, SmtpReply.Positive, SmtpState.Quitting, Actions = new[] { nameof(MarkDelivered) })]

// QUIT: whatever the server answers, or if it says nothing for 10 s, the connection is closed.
[Entry(SmtpState.Quitting, nameof(SendQuit))]
[Transition(SmtpState.Quitting, SmtpReply.Positive, SmtpState.Closed)]
[Transition(SmtpState.Quitting, SmtpReply.Disconnected, SmtpState.Closed)]
[Transition(SmtpState.Quitting, SmtpReply.TransientFailure, SmtpState.Closed)]
[Transition(SmtpState.Quitting, SmtpReply.PermanentFailure, SmtpState.Closed)]
[Ignore(SmtpState.Quitting, SmtpReply.Intermediate)]
[After(SmtpState.Quitting, 10_000, SmtpState.Closed)]
[Entry(SmtpState.Closed, nameof(Hangup))]
[Entry(SmtpState.Aborted, nameof(Hangup))]
[Final(SmtpState.Closed)]
[Final(SmtpState.Aborted)]
[Ignore(SmtpState.Closed, SmtpReply.Positive, SmtpReply.Intermediate, SmtpReply.TransientFailure, SmtpReply.PermanentFailure, SmtpReply.Disconnected)]
[Ignore(SmtpState.Aborted, SmtpReply.Positive, SmtpReply.Intermediate, SmtpReply.TransientFailure, SmtpReply.PermanentFailure, SmtpReply.Disconnected)]
public partial class SmtpClient
{
    private readonly Action<string> _send;
    private readonly string _client;
    private readonly string _from;
    private readonly IReadOnlyList<string> _recipients;
    private readonly IReadOnlyList<string> _body;
    private int _recipient;
    private string? _lastReply;

    /// <summary>A client that will send one message over <paramref name="send"/>, which writes one line to the server.</summary>
    public SmtpClient(Action<string> send, string client, string from, IReadOnlyList<string> recipients, IReadOnlyList<string> body)
    {
        if (recipients.Count == 0) throw new ArgumentException("A message needs at least one recipient.", nameof(recipients));
        _send = send;
        _client = client;
        _from = from;
        _recipients = recipients;
        _body = body;
    }

    /// <summary>True once the server has accepted the message (250 after the final ".").</summary>
    public bool Delivered { get; private set; }

    /// <summary>The reply that ended the session early, or null.</summary>
    public string? Failure { get; private set; }

    /// <summary>Raised when the client closes the connection.</summary>
    public event Action? HungUp;

    /// <summary>Raised after each change of state, with the state before and after.</summary>
    public event Action<SmtpState, SmtpState>? Transitioned;

    partial void OnTransition(SmtpState from, SmtpState to) => Transitioned?.Invoke(from, to);

    /// <summary>
    /// Feeds one line from the server. A multi-line reply (<c>250-...</c>) is complete at its last line
    /// (<c>250 ...</c>), which alone becomes an event.
    /// </summary>
    public void Receive(string line)
    {
        if (line.Length < 3 || !char.IsDigit(line[0])) return;
        if (line.Length > 3 && line[3] == '-') return;
        _lastReply = line;
        Fire(line[0] switch
        {
            '2' => SmtpReply.Positive,
            '3' => SmtpReply.Intermediate,
            '4' => SmtpReply.TransientFailure,
            _ => SmtpReply.PermanentFailure,
        });
    }

    /// <summary>Tells the client that the server closed the connection.</summary>
    public void ConnectionLost() => Fire(SmtpReply.Disconnected);

    private bool HasMoreRecipients() => _recipient + 1 < _recipients.Count;

    private void NextRecipient() => _recipient++;

    private void SendEhlo() => _send($"EHLO {_client}");

    private void SendMailFrom() => _send($"MAIL FROM:<{_from}>");

    private void SendRcptTo() => _send($"RCPT TO:<{_recipients[_recipient]}>");

    private void SendData() => _send("DATA");

    private void SendBody()
    {
        foreach (var line in _body) _send(line.StartsWith('.') ? "." + line : line);   // dot-stuffing, RFC 5321 §4.5.2
        _send(".");
    }

    private void SendQuit() => _send("QUIT");

    private void MarkDelivered() => Delivered = true;

    private void RecordFailure() => Failure = _lastReply;

    private void RecordTimeout() => Failure = $"no reply in {Current}";

    private void RecordProtocolError() => Failure = $"unexpected reply: {_lastReply}";

    private void Hangup() => HungUp?.Invoke();
}
