using System;
using System.Collections.Generic;
using System.Threading;

namespace TcpFsmGen.Runtime;

/// <summary>
/// A <see cref="TimeProvider"/> whose time moves only when told to: for tests and simulations.
/// Timers fire synchronously, on the thread that calls <see cref="Advance"/>, in due-time order.
/// </summary>
public sealed class ManualTimeProvider : TimeProvider
{
    private readonly object _gate = new();
    private readonly List<ManualTimer> _timers = new();
    private DateTimeOffset _now;
    private long _sequence;

    /// <summary>Starts the clock at 2000-01-01 00:00 UTC.</summary>
    public ManualTimeProvider()
        : this(new DateTimeOffset(2000, 1, 1, 0, 0, 0, TimeSpan.Zero))
    {
    }

    /// <summary>Starts the clock at <paramref name="start"/>.</summary>
    public ManualTimeProvider(DateTimeOffset start) => _now = start;

    /// <inheritdoc />
    public override DateTimeOffset GetUtcNow()
    {
        lock (_gate) return _now;
    }

    /// <inheritdoc />
    public override long TimestampFrequency => TimeSpan.TicksPerSecond;

    /// <inheritdoc />
    public override long GetTimestamp()
    {
        lock (_gate) return _now.UtcTicks;
    }

    /// <summary>
    /// Moves time forward by <paramref name="delta"/>, firing every timer that falls due on the way, each at
    /// its own due time (the clock reads that time in its callback), including timers armed by those callbacks.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="delta"/> is negative.</exception>
    public void Advance(TimeSpan delta)
    {
        if (delta < TimeSpan.Zero) throw new ArgumentOutOfRangeException(nameof(delta), delta, "Time cannot move backwards.");
        DateTimeOffset end;
        lock (_gate) end = _now + delta;
        while (true)
        {
            ManualTimer? next = null;
            lock (_gate)
            {
                foreach (var timer in _timers)
                {
                    if (timer.Due <= end && (next is null || timer.Due < next.Due || (timer.Due == next.Due && timer.Order < next.Order)))
                    {
                        next = timer;
                    }
                }
                if (next is null)
                {
                    _now = end;
                    return;
                }
                if (next.Due > _now) _now = next.Due;
                next.Fired();
            }
            next.Invoke();
        }
    }

    /// <inheritdoc />
    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        if (callback is null) throw new ArgumentNullException(nameof(callback));
        var timer = new ManualTimer(this, callback, state);
        timer.Change(dueTime, period);
        return timer;
    }

    /// <summary>The number of timers currently armed.</summary>
    public int ArmedTimers
    {
        get
        {
            lock (_gate) return _timers.Count;
        }
    }

    private sealed class ManualTimer : ITimer
    {
        private readonly ManualTimeProvider _owner;
        private readonly TimerCallback _callback;
        private readonly object? _state;
        private TimeSpan _period;
        private bool _disposed;

        public ManualTimer(ManualTimeProvider owner, TimerCallback callback, object? state)
        {
            _owner = owner;
            _callback = callback;
            _state = state;
        }

        public DateTimeOffset Due { get; private set; }

        public long Order { get; private set; }

        public bool Change(TimeSpan dueTime, TimeSpan period)
        {
            lock (_owner._gate)
            {
                if (_disposed) return false;
                _owner._timers.Remove(this);
                if (dueTime == Timeout.InfiniteTimeSpan) return true;
                if (dueTime < TimeSpan.Zero) throw new ArgumentOutOfRangeException(nameof(dueTime));
                Due = _owner._now + dueTime;
                Order = ++_owner._sequence;
                _period = period;
                _owner._timers.Add(this);
                return true;
            }
        }

        /// <summary>Called under the owner's lock: re-arms a periodic timer, or removes a one-shot.</summary>
        public void Fired()
        {
            _owner._timers.Remove(this);
            if (_period > TimeSpan.Zero && _period != Timeout.InfiniteTimeSpan)
            {
                Due += _period;
                Order = ++_owner._sequence;
                _owner._timers.Add(this);
            }
        }

        public void Invoke() => _callback(_state);

        public void Dispose()
        {
            lock (_owner._gate)
            {
                _disposed = true;
                _owner._timers.Remove(this);
            }
        }

        public System.Threading.Tasks.ValueTask DisposeAsync()
        {
            Dispose();
            return default;
        }
    }
}
