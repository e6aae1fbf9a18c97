using System;
using System.Threading;

namespace TcpFsmGen.Runtime;

/// <summary>
/// A <see cref="TimerService"/> on any <see cref="System.TimeProvider"/>: each slot owns one
/// <see cref="ITimer"/>, created on its first start and re-armed with <see cref="ITimer.Change"/> afterwards.
/// </summary>
/// <remarks>
/// Expiries are delivered on the provider's timer thread (for <see cref="ManualTimeProvider"/>, on the
/// thread that advances the clock), so <see cref="TimerService.CallsBackOnOtherThreads"/> is true and a
/// generated machine on this service locks around its transitions. A timer never fires before its due
/// time: an early or stale callback from the underlying timer is re-armed for the remaining time or dropped.
/// </remarks>
public sealed class TimeProviderTimerService : TimerService
{
    /// <summary>Creates a service on <paramref name="timeProvider"/>.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="timeProvider"/> is null.</exception>
    public TimeProviderTimerService(TimeProvider timeProvider)
    {
        TimeProvider = timeProvider ?? throw new ArgumentNullException(nameof(timeProvider));
    }

    /// <inheritdoc />
    public override TimeProvider TimeProvider { get; }

    /// <inheritdoc />
    public override TimerSlot CreateSlot(ITimerTarget target, int slot)
    {
        if (target is null) throw new ArgumentNullException(nameof(target));
        return new Slot(TimeProvider, target, slot);
    }

    private sealed class Slot : TimerSlot
    {
        private static readonly TimerCallback s_callback = state => ((Slot)state!).OnCallback();

        private readonly TimeProvider _clock;
        private readonly ITimerTarget _target;
        private readonly int _slot;
        private readonly object _gate = new();
        private ITimer? _timer;
        private long _deadline;
        private int _generation;
        private bool _armed;

        public Slot(TimeProvider clock, ITimerTarget target, int slot)
        {
            _clock = clock;
            _target = target;
            _slot = slot;
        }

        public override int Generation => Volatile.Read(ref _generation);

        public override bool IsArmed
        {
            get
            {
                lock (_gate) return _armed;
            }
        }

        public override void Start(TimeSpan dueTime)
        {
            if (dueTime < TimeSpan.Zero || dueTime.TotalMilliseconds > uint.MaxValue - 1)
            {
                throw new ArgumentOutOfRangeException(nameof(dueTime), dueTime, "A timer's due time must be between zero and about 49.7 days.");
            }
            lock (_gate)
            {
                _generation++;
                _armed = true;
                _deadline = _clock.GetTimestamp() + ToTimestampTicks(dueTime);
                if (_timer is null) _timer = _clock.CreateTimer(s_callback, this, dueTime, Timeout.InfiniteTimeSpan);
                else _timer.Change(dueTime, Timeout.InfiniteTimeSpan);
            }
        }

        public override TimeSpan? Remaining
        {
            get
            {
                lock (_gate)
                {
                    if (!_armed) return null;
                    var ticks = _deadline - _clock.GetTimestamp();
                    return ticks <= 0 ? TimeSpan.Zero : TimeSpan.FromTicks((long)(ticks * ((double)TimeSpan.TicksPerSecond / _clock.TimestampFrequency)));
                }
            }
        }

        public override void Cancel()
        {
            lock (_gate)
            {
                _generation++;
                if (!_armed) return;
                _armed = false;
                _timer!.Change(Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
            }
        }

        private void OnCallback()
        {
            int generation;
            lock (_gate)
            {
                if (!_armed) return;
                var remaining = _deadline - _clock.GetTimestamp();
                if (remaining > 0)
                {
                    // Early, or a callback of an earlier arming that was already running: wait out the rest.
                    _timer!.Change(FromTimestampTicks(remaining), Timeout.InfiniteTimeSpan);
                    return;
                }
                _armed = false;
                generation = _generation;
            }
            _target.OnTimerElapsed(_slot, generation);
        }

        private long ToTimestampTicks(TimeSpan span)
            => (long)Math.Ceiling(span.Ticks * (double)_clock.TimestampFrequency / TimeSpan.TicksPerSecond);

        private TimeSpan FromTimestampTicks(long ticks)
            => TimeSpan.FromTicks((long)Math.Ceiling(ticks * (double)TimeSpan.TicksPerSecond / _clock.TimestampFrequency));
    }
}
