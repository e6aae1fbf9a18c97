using System;
using Microsoft.Extensions.Logging;
using TcpFsmGen.Runtime;

namespace TcpFsmGen.Orleans;

/// <summary>
/// Sends what <see cref="FsmTelemetry"/> observes (transitions, unhandled events, timer expiries) to an
/// <see cref="ILogger"/>, such as the silo's: set it as <see cref="FsmTelemetry.Observer"/> and turn
/// <see cref="FsmTelemetry.Enabled"/> on. The telemetry's meter and activity source need no bridge: OpenTelemetry or a
/// <c>MeterListener</c> reads them beside Orleans' own.
/// </summary>
public sealed class FsmLoggingObserver : IFsmObserver
{
    private readonly ILogger _logger;

    /// <summary>Creates an observer that logs to <paramref name="logger"/>: transitions and expiries at Debug, unhandled events at Warning.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="logger"/> is null.</exception>
    public FsmLoggingObserver(ILogger logger)
    {
        _logger = logger ?? throw new ArgumentNullException(nameof(logger));
    }

    /// <inheritdoc />
    public void OnTransition(object machine, string from, string to)
        => _logger.LogDebug("{Machine}: {From} -> {To}", machine.GetType().Name, from, to);

    /// <inheritdoc />
    public void OnUnhandled(object machine, string state, string e)
        => _logger.LogWarning("{Machine}: {Event} not handled in {State}", machine.GetType().Name, e, state);

    /// <inheritdoc />
    public void OnTimerElapsed(object machine, string state, int slot)
        => _logger.LogDebug("{Machine}: timer slot {Slot} elapsed in {State}", machine.GetType().Name, slot, state);
}
