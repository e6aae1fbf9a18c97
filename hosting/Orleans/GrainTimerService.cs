using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using Orleans;
using Orleans.Runtime;
using TcpFsmGen.Runtime;

namespace TcpFsmGen.Orleans;

/// <summary>
/// A <see cref="TimerService"/> whose timers are Orleans grain timers of one grain: each expiry is delivered in a turn of
/// that grain, never beside a call, so <see cref="CallsBackOnOtherThreads"/> is false and the machine takes no lock.
/// </summary>
/// <remarks>
/// Grain timers end with the activation. <see cref="FsmGrain{TMachine, TEvent}"/> adds reminders for the timers that must
/// outlive it (see <see cref="FsmGrainOptions.ReminderThreshold"/>); <see cref="Armed"/> tells it which timers are armed.
/// A timer never fires before its due time: a tick that comes early is re-armed for the time left.
/// </remarks>
public sealed class GrainTimerService : TimerService
{
    private readonly IGrainBase _grain;
    private readonly Func<Action, Task> _deliver;
    private readonly SortedDictionary<int, Slot> _slots = new();

    /// <summary>Creates the service of <paramref name="grain"/>; create it and its slots inside the grain's turns only.</summary>
    /// <param name="grain">The grain whose timers these are.</param>
    /// <param name="timeProvider">The clock due times are measured on: the one the silo drives grain timers with.</param>
    /// <param name="deliver">
    /// Runs an expiry (the action it is given) inside the grain's turn and completes when whatever follows it (a state
    /// write) is done; null to run it as it is.
    /// </param>
    /// <exception cref="ArgumentNullException"><paramref name="grain"/> or <paramref name="timeProvider"/> is null.</exception>
    public GrainTimerService(IGrainBase grain, TimeProvider timeProvider, Func<Action, Task>? deliver = null)
    {
        _grain = grain ?? throw new ArgumentNullException(nameof(grain));
        TimeProvider = timeProvider ?? throw new ArgumentNullException(nameof(timeProvider));
        _deliver = deliver ?? (expiry =>
        {
            expiry();
            return Task.CompletedTask;
        });
    }

    /// <inheritdoc />
    public override TimeProvider TimeProvider { get; }

    /// <summary>False: expiries come in the grain's own turns.</summary>
    public override bool CallsBackOnOtherThreads => false;

    /// <summary>Every armed timer: its slot number and its due time on <see cref="TimeProvider"/>, by slot number.</summary>
    public IEnumerable<KeyValuePair<int, DateTimeOffset>> Armed
    {
        get
        {
            foreach (var (number, slot) in _slots)
            {
                if (slot.IsArmed) yield return new(number, slot.Due);
            }
        }
    }

    /// <inheritdoc />
    public override TimerSlot CreateSlot(ITimerTarget target, int slot)
    {
        if (target is null) throw new ArgumentNullException(nameof(target));
        var created = new Slot(this, target, slot);
        _slots[slot] = created;
        return created;
    }

    /// <summary>Stops every grain timer (the grain is deactivating); the slots stay armed for the snapshot.</summary>
    public void Detach()
    {
        foreach (var slot in _slots.Values) slot.Detach();
    }

    private sealed class Slot : TimerSlot
    {
        private readonly GrainTimerService _service;
        private readonly ITimerTarget _target;
        private readonly int _number;
        private IGrainTimer? _timer;
        private int _generation;
        private bool _armed;

        public Slot(GrainTimerService service, ITimerTarget target, int number)
        {
            _service = service;
            _target = target;
            _number = number;
        }

        public DateTimeOffset Due { get; private set; }

        public override int Generation => _generation;

        public override bool IsArmed => _armed;

        public override TimeSpan? Remaining
        {
            get
            {
                if (!_armed) return null;
                var left = Due - _service.TimeProvider.GetUtcNow();
                return left <= TimeSpan.Zero ? TimeSpan.Zero : left;
            }
        }

        public override void Start(TimeSpan dueTime)
        {
            if (dueTime < TimeSpan.Zero || dueTime.TotalMilliseconds > uint.MaxValue - 1)
            {
                throw new ArgumentOutOfRangeException(nameof(dueTime), dueTime, "A timer's due time must be between zero and about 49.7 days.");
            }
            _generation++;
            _armed = true;
            Due = _service.TimeProvider.GetUtcNow() + dueTime;
            Arm(dueTime);
        }

        public override void Cancel()
        {
            _generation++;
            if (!_armed) return;
            _armed = false;
            _timer?.Change(Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        }

        public void Detach()
        {
            _timer?.Dispose();
            _timer = null;
        }

        private void Arm(TimeSpan dueTime)
        {
            if (_timer is null)
            {
                _timer = _service._grain.RegisterGrainTimer(
                    static (slot, _) => slot.OnTickAsync(),
                    this,
                    new GrainTimerCreationOptions(dueTime, Timeout.InfiniteTimeSpan) { KeepAlive = true });
            }
            else
            {
                _timer.Change(dueTime, Timeout.InfiniteTimeSpan);
            }
        }

        private Task OnTickAsync()
        {
            if (!_armed) return Task.CompletedTask;
            var left = Due - _service.TimeProvider.GetUtcNow();
            if (left > TimeSpan.Zero)
            {
                // Early (the timer's resolution), or a tick of an earlier arming: wait out the rest.
                _timer!.Change(left, Timeout.InfiniteTimeSpan);
                return Task.CompletedTask;
            }
            _armed = false;
            var generation = _generation;
            return _service._deliver(() => _target.OnTimerElapsed(_number, generation));
        }
    }
}
