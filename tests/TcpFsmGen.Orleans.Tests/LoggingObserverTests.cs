using System;
using System.Collections.Generic;
using Microsoft.Extensions.Logging;
using TcpFsmGen.Runtime;
using Xunit;

namespace TcpFsmGen.Orleans.Tests;

/// <summary><see cref="FsmLoggingObserver"/>: what <see cref="FsmTelemetry"/> sees, as log lines.</summary>
[Collection(nameof(ClusterTests))]      // FsmTelemetry is process-wide: not beside the cluster tests
public sealed class LoggingObserverTests
{
    [Fact]
    public void Transitions_unhandled_events_and_expiries_become_log_lines()
    {
        var logger = new ListLogger();
        var clock = new ManualTimeProvider();
        var meter = new Meter { TimerService = new TimeProviderTimerService(clock) };
        FsmTelemetry.Observer = new FsmLoggingObserver(logger);
        FsmTelemetry.Enabled = true;
        try
        {
            meter.Fire(Meter.Event.Arm);
            clock.Advance(TimeSpan.FromMilliseconds(400));
        }
        finally
        {
            FsmTelemetry.Enabled = false;
            FsmTelemetry.Observer = null;
        }
        Assert.Contains((LogLevel.Debug, "Meter: Idle -> Waiting"), logger.Lines);
        Assert.Contains((LogLevel.Debug, "Meter: timer slot 0 elapsed in Waiting"), logger.Lines);
        Assert.Contains((LogLevel.Debug, "Meter: Waiting -> Done"), logger.Lines);
    }

    private sealed class ListLogger : ILogger
    {
        public List<(LogLevel, string)> Lines { get; } = new();

        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
            => Lines.Add((logLevel, formatter(state, exception)));
    }
}
