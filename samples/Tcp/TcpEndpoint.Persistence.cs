using System;
using TcpFsmGen.Runtime;

namespace TcpFsmGen.Samples.Tcp;

/// <summary>Everything an endpoint holds, as a plain value that System.Text.Json writes and reads with no options.</summary>
public sealed class SavedEndpoint
{
    /// <summary>The machine's own state, timers included (<see cref="TcpEndpoint.TakeSnapshot"/>).</summary>
    public FsmSnapshot Machine { get; set; } = new();

    /// <summary>The maximum segment lifetime the endpoint ran with.</summary>
    public TimeSpan Msl { get; set; }

    /// <summary>ISS.</summary>
    public uint Iss { get; set; }

    /// <summary>SND.UNA.</summary>
    public uint SndUna { get; set; }

    /// <summary>SND.NXT.</summary>
    public uint SndNxt { get; set; }

    /// <summary>IRS.</summary>
    public uint Irs { get; set; }

    /// <summary>RCV.NXT.</summary>
    public uint RcvNxt { get; set; }

    /// <summary>Whether the connection was opened passively (from LISTEN).</summary>
    public bool Passive { get; set; }

    /// <summary>Whether our FIN was sent.</summary>
    public bool FinSent { get; set; }

    /// <summary>Whether the peer's FIN was received.</summary>
    public bool FinReceived { get; set; }

    /// <summary>Bytes written before the connection was established, not yet sent.</summary>
    public int QueuedBytes { get; set; }

    /// <summary>Whether a CLOSE waits for the queued bytes.</summary>
    public bool CloseQueued { get; set; }

    /// <summary>Payload bytes received in order.</summary>
    public long BytesReceived { get; set; }
}

public partial class TcpEndpoint
{
    /// <summary>
    /// The endpoint's whole state: the transmission control block and the machine's snapshot, whose timers (TIME-WAIT's
    /// 2MSL) keep their absolute due times. The user timeout's timer is not part of it: a loaded endpoint starts without one.
    /// </summary>
    /// <exception cref="InvalidOperationException">Called from inside a transition.</exception>
    public SavedEndpoint Save() => new()
    {
        Machine = TakeSnapshot(),
        Msl = Msl,
        Iss = Iss,
        SndUna = _sndUna,
        SndNxt = _sndNxt,
        Irs = _irs,
        RcvNxt = _rcvNxt,
        Passive = _passive,
        FinSent = _finSent,
        FinReceived = _finReceived,
        QueuedBytes = _queuedBytes,
        CloseQueued = _closeQueued,
        BytesReceived = BytesReceived,
    };

    /// <summary>
    /// An endpoint in the state <paramref name="saved"/> describes, its timers re-armed on <paramref name="timers"/> for
    /// their original due times (one already past elapses as soon as the service delivers it). No action runs.
    /// </summary>
    /// <param name="saved">What <see cref="Save"/> returned (perhaps in another process).</param>
    /// <param name="timers">Where the timers come from; <see cref="TimerService.System"/> when null.</param>
    /// <param name="prepare">Called with the endpoint before its machine is restored: subscribe to events there, so that an overdue timer's expiry is not missed.</param>
    /// <exception cref="ArgumentNullException"><paramref name="saved"/> is null.</exception>
    /// <exception cref="ArgumentException">The snapshot names something this machine does not declare.</exception>
    public static TcpEndpoint Load(SavedEndpoint saved, TimerService? timers = null, Action<TcpEndpoint>? prepare = null)
    {
        if (saved is null) throw new ArgumentNullException(nameof(saved));
        var endpoint = new TcpEndpoint(saved.Iss, timers)
        {
            _sndUna = saved.SndUna,
            _sndNxt = saved.SndNxt,
            _irs = saved.Irs,
            _rcvNxt = saved.RcvNxt,
            _passive = saved.Passive,
            _finSent = saved.FinSent,
            _finReceived = saved.FinReceived,
            _queuedBytes = saved.QueuedBytes,
            _closeQueued = saved.CloseQueued,
            BytesReceived = saved.BytesReceived,
        };
        if (saved.Msl > TimeSpan.Zero) endpoint.Msl = saved.Msl;
        prepare?.Invoke(endpoint);
        endpoint.Restore(saved.Machine);
        return endpoint;
    }
}
