using System;
using System.Collections.Generic;
using System.Threading;

namespace TcpFsmGen.Runtime;

/// <summary>
/// A hierarchical timer wheel: any number of timers on one underlying <see cref="ITimer"/>. Arming and
/// cancelling are O(1) (a timer is unlinked from, or linked into, one bucket of one of six levels of 64
/// buckets), so a server can hold a timer per connection without an OS timer per connection.
/// </summary>
/// <remarks>
/// <para>Time is counted in ticks of <see cref="Granularity"/>. A timer never fires early: it fires at the
/// first tick at or after its due time. It fires at most one granularity late, plus however late the
/// underlying timer's own callback runs (for <see cref="TimeProvider.System"/>, the operating system's timer
/// resolution and thread-pool scheduling); under <see cref="ManualTimeProvider"/> the lateness is below one
/// granularity exactly.</para>
/// <para>Expiries are delivered on the underlying timer's thread, outside the wheel's lock, to each slot's
/// <see cref="ITimerTarget"/>, with the generation of the arming that elapsed. A slot that was cancelled
/// or re-armed is unlinked at once, so its old arming never fires; a generated machine also checks the
/// generation, for an expiry already on its way.</para>
/// <para>The wheel wakes once per tick while it holds a timer that is due within 64 ticks, and otherwise only
/// when the next level must be cascaded, so an idle wheel does not wake at all.</para>
/// <para>A wheel made with this class's constructor may be used from any thread: each arm and cancel takes its
/// lock, and each arm reads the clock. A wheel made by <see cref="EventLoop{TEvent}.CreateTimerWheel"/> belongs to
/// that loop instead: its timers are armed and cancelled only on the loop (in a delivery, or an
/// <see cref="EventLoop{TEvent}.InvokeAsync"/> action), without a lock or a clock read, and its expiries are
/// delivered on the loop; an arm or cancel from anywhere else throws <see cref="InvalidOperationException"/>.</para>
/// </remarks>
public sealed class TimerWheel : TimerService, IDisposable
{
    private const int LevelBits = 6;
    private const int BucketsPerLevel = 1 << LevelBits;
    private const int Levels = 6;
    private const int MaxSlotNumber = 0xFFFF;
    // An owned wheel's timers armed since its last tick wait here, in one more list after the levels' buckets,
    // for the tick's clock reading to place them (counted as a seventh level).
    private const int PendingBucket = Levels * BucketsPerLevel;

    // The owner (an event loop) whose deliveries are running on this thread, if any.
    [ThreadStatic] private static ITimerWheelOwner? t_owner;

    private readonly object _gate = new();
    private readonly Slot?[] _buckets = new Slot?[Levels * BucketsPerLevel + 1];
    private readonly int[] _levelCounts = new int[Levels + 1];
    private readonly ITimerWheelOwner? _owner;
    private readonly long _start;
    private readonly long _granularityTicks;
    private readonly ITimer _timer;
    private List<(Slot Slot, int Generation)> _due = new();
    private List<(Slot Slot, int Generation)>? _spare;
    private long _now;          // the last tick processed
    private long _wakeTick = long.MaxValue;
    private int _count;
    private bool _disposed;
    private bool _tickSoon;     // owned wheel: a tick is on its way within about one granularity

    /// <summary>A wheel on <paramref name="timeProvider"/> with ticks of <paramref name="granularity"/>.</summary>
    /// <param name="timeProvider">The clock: <see cref="TimeProvider.System"/>, or a <see cref="ManualTimeProvider"/> in tests.</param>
    /// <param name="granularity">The tick: from 1 ms to 1 minute. Coarser ticks wake the process less; finer ones are more punctual.</param>
    /// <exception cref="ArgumentNullException"><paramref name="timeProvider"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="granularity"/> is outside 1 ms to 1 minute.</exception>
    public TimerWheel(TimeProvider timeProvider, TimeSpan granularity)
        : this(timeProvider, granularity, owner: null)
    {
    }

    /// <summary>A wheel on <paramref name="timeProvider"/> with 10 ms ticks.</summary>
    public TimerWheel(TimeProvider timeProvider)
        : this(timeProvider, TimeSpan.FromMilliseconds(10))
    {
    }

    /// <summary>A wheel that belongs to <paramref name="owner"/> (null: a thread-safe wheel).</summary>
    internal TimerWheel(TimeProvider timeProvider, TimeSpan granularity, ITimerWheelOwner? owner)
    {
        TimeProvider = timeProvider ?? throw new ArgumentNullException(nameof(timeProvider));
        if (granularity < TimeSpan.FromMilliseconds(1) || granularity > TimeSpan.FromMinutes(1))
        {
            throw new ArgumentOutOfRangeException(nameof(granularity), granularity, "The granularity must be from 1 ms to 1 minute.");
        }
        Granularity = granularity;
        _granularityTicks = granularity.Ticks;
        _start = timeProvider.GetTimestamp();
        _owner = owner;
        _timer = owner is null
            ? timeProvider.CreateTimer(static state => ((TimerWheel)state!).OnTick(), this, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan)
            : timeProvider.CreateTimer(static state => ((TimerWheel)state!).RequestOwnerTick(), this, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
    }

    /// <inheritdoc />
    public override TimeProvider TimeProvider { get; }

    /// <summary>
    /// The length of one tick: the most a timer fires late, besides the underlying timer's own lateness (on a wheel
    /// that belongs to an event loop, two ticks, besides that and the time its ticks wait in the loop's queue).
    /// </summary>
    public TimeSpan Granularity { get; }

    /// <summary>How many timers are armed (for a wheel that belongs to an event loop, a snapshot when read off the loop).</summary>
    public int Count
    {
        get
        {
            if (_owner is not null) return Volatile.Read(ref _count);
            lock (_gate) return _count;
        }
    }

    /// <summary>True for a wheel made by <see cref="EventLoop{TEvent}.CreateTimerWheel"/>, whose timers are armed and cancelled on that loop only.</summary>
    public bool IsOwnedByLoop => _owner is not null;

    /// <summary>
    /// False for a wheel that belongs to an event loop (its expiries are delivered on the loop); true for a thread-safe
    /// wheel, whose expiries are delivered on the underlying timer's thread.
    /// </summary>
    public override bool CallsBackOnOtherThreads => _owner is null;

    /// <inheritdoc />
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="slot"/> is negative or above 65535.</exception>
    public override TimerSlot CreateSlot(ITimerTarget target, int slot)
    {
        if (target is null) throw new ArgumentNullException(nameof(target));
        if ((uint)slot > MaxSlotNumber) throw new ArgumentOutOfRangeException(nameof(slot), slot, "A wheel's slot number is from 0 to 65535.");
        return new Slot(this, target, slot);
    }

    /// <summary>Stops the underlying timer; armed timers never fire.</summary>
    public void Dispose()
    {
        lock (_gate)
        {
            if (_disposed) return;
            Volatile.Write(ref _disposed, true);
        }
        _timer.Dispose();
    }

    /// <summary>Marks the deliveries of <paramref name="owner"/> as running on this thread; returns what to restore after.</summary>
    internal static ITimerWheelOwner? EnterOwner(ITimerWheelOwner? owner)
    {
        var previous = t_owner;
        t_owner = owner;
        return previous;
    }

    private long ElapsedTicks() => TimeProvider.GetElapsedTime(_start).Ticks;

    // The longest due time a timer takes: about 49.7 days, as for System.Threading.Timer.
    private static readonly long s_maxDueTicks = TimeSpan.FromMilliseconds(uint.MaxValue - 1).Ticks;

    private static void CheckDueTime(TimeSpan dueTime)
    {
        if ((ulong)dueTime.Ticks > (ulong)s_maxDueTicks)
        {
            throw new ArgumentOutOfRangeException(nameof(dueTime), dueTime, "A timer's due time must be between zero and about 49.7 days.");
        }
    }

    private void CheckOwner()
    {
        if (t_owner != _owner) ThrowNotOwner();
    }

    private static void ThrowNotOwner() => throw new InvalidOperationException(
        "This timer wheel belongs to an event loop: arm and cancel its timers only on that loop (in a delivery, or an InvokeAsync action). " +
        "For timers armed from any thread, use a wheel made with new TimerWheel(...).");

    private void Arm(Slot slot, TimeSpan dueTime)
    {
        CheckDueTime(dueTime);
        if (_owner is not null)
        {
            ArmOwned(slot, dueTime);
            return;
        }
        lock (_gate)
        {
            slot.NewGeneration();
            if (slot.IsLinked) Unlink(slot);
            var elapsed = ElapsedTicks();
            // An empty wheel has nothing to catch up on: bring it to the present instead of walking every tick since.
            if (_count == 0) _now = Math.Max(_now, elapsed / _granularityTicks);
            // The first tick that starts at or after the due time: never early.
            var due = elapsed + dueTime.Ticks;
            slot.Deadline = Math.Max((due + _granularityTicks - 1) / _granularityTicks, _now + 1);
            Link(slot);
            Reschedule();
        }
    }

    private void Disarm(Slot slot)
    {
        if (_owner is not null)
        {
            CheckOwner();
            slot.NewGeneration();
            if (slot.IsLinked) Unlink(slot);
            return;
        }
        lock (_gate)
        {
            slot.NewGeneration();
            if (slot.IsLinked) Unlink(slot);
        }
    }

    /// <summary>
    /// Arms a timer of an owned wheel, on its owner: no lock and no clock read. The timer waits in the pending list,
    /// with its due time, until the next tick, which reads the clock and places it from there: the clock then reads
    /// at least the time of this call, so the timer never fires early (and at most about one granularity later than
    /// a timer armed on a thread-safe wheel).
    /// </summary>
    private void ArmOwned(Slot slot, TimeSpan dueTime)
    {
        CheckOwner();
        slot.NewGeneration();
        if (slot.IsLinked) Unlink(slot);
        slot.Deadline = dueTime.Ticks;
        PushFront(slot, PendingBucket, Levels);
        if (!_tickSoon) TickSoon();
    }

    /// <summary>
    /// The time until <paramref name="slot"/> is due: from its tick for a placed timer, or its whole due time for one
    /// that waits in the pending list for its owner's next tick. Null when it is not armed.
    /// </summary>
    private TimeSpan? RemainingOf(Slot slot)
    {
        if (!slot.IsLinked) return null;
        if (slot.Bucket == PendingBucket) return TimeSpan.FromTicks(slot.Deadline);
        var ticks = slot.Deadline * _granularityTicks - ElapsedTicks();
        return ticks <= 0 ? TimeSpan.Zero : TimeSpan.FromTicks(ticks);
    }

    /// <summary>Asks for a tick within about one granularity, for the pending timers (once per tick at most).</summary>
    private void TickSoon()
    {
        _tickSoon = true;
        if (Volatile.Read(ref _disposed)) return;
        _wakeTick = long.MinValue;      // no longer a tick the wheel computed: the next Reschedule sets the timer again
        _timer.Change(Granularity, Timeout.InfiniteTimeSpan);
    }

    /// <summary>The underlying timer of an owned wheel elapsed (on any thread): the tick runs on the owner.</summary>
    private void RequestOwnerTick()
    {
        if (!Volatile.Read(ref _disposed)) _owner!.ScheduleTick(this);
    }

    /// <summary>
    /// The tick of an owned wheel, run by its owner on its own thread: one clock reading places the pending timers
    /// and advances the wheel; the expiries due are handed to <see cref="ITimerWheelOwner.DeliverExpiry"/> one by one.
    /// </summary>
    internal void RunOwnedTick()
    {
        if (Volatile.Read(ref _disposed)) return;
        _tickSoon = false;
        _wakeTick = long.MaxValue;
        var elapsed = ElapsedTicks();
        var target = elapsed / _granularityTicks;
        if (_buckets[PendingBucket] is not null)
        {
            // With no placed timer there is nothing to catch up on: bring the wheel to the present first.
            if (_count == _levelCounts[Levels]) _now = Math.Max(_now, target);
            while (_buckets[PendingBucket] is { } slot)
            {
                Unlink(slot);
                // The first tick that starts at or after the due time, counted from this reading of the clock.
                slot.Deadline = Math.Max((elapsed + slot.Deadline + _granularityTicks - 1) / _granularityTicks, _now + 1);
                Link(slot);
            }
        }
        Advance(target);
        Reschedule(elapsed);
        if (_due.Count == 0) return;
        var due = _due;
        _due = _spare ?? new List<(Slot, int)>();
        _spare = null;
        try
        {
            // A target may arm or cancel timers of this wheel as it handles its expiry.
            foreach (var (slot, generation) in due) _owner!.DeliverExpiry(slot.Target, slot.Number, generation);
        }
        finally
        {
            due.Clear();
            _spare = due;
        }
    }

    private void Link(Slot slot)
    {
        var delta = slot.Deadline - _now;
        var level = 0;
        while (level < Levels - 1 && delta >= 1L << (LevelBits * (level + 1))) level++;
        var bucket = level * BucketsPerLevel + (int)((slot.Deadline >> (LevelBits * level)) & (BucketsPerLevel - 1));
        PushFront(slot, bucket, level);
    }

    /// <summary>Puts <paramref name="slot"/> at the head of <paramref name="bucket"/>'s list, counted in <paramref name="countIndex"/> (a level, or the pending list).</summary>
    private void PushFront(Slot slot, int bucket, int countIndex)
    {
        var head = _buckets[bucket];
        slot.Next = head;
        slot.Previous = null;
        if (head is not null) head.Previous = slot;
        _buckets[bucket] = slot;
        slot.Bucket = bucket;
        _levelCounts[countIndex]++;
        _count++;
    }

    private void Unlink(Slot slot)
    {
        var bucket = slot.Bucket;
        if (slot.Previous is { } previous) previous.Next = slot.Next;
        else _buckets[bucket] = slot.Next;
        if (slot.Next is { } next) next.Previous = slot.Previous;
        slot.Next = slot.Previous = null;
        slot.Bucket = -1;
        _levelCounts[bucket / BucketsPerLevel]--;
        _count--;
    }

    /// <summary>Arms the underlying timer for the next tick that has work: the next tick, or the next cascade of the lowest busy level.</summary>
    /// <param name="elapsed">The clock's reading, when the caller has just taken it; otherwise -1.</param>
    private void Reschedule(long elapsed = -1)
    {
        if (_disposed) return;
        if (_count == 0)
        {
            if (_wakeTick != long.MaxValue) _timer.Change(Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
            _wakeTick = long.MaxValue;
            return;
        }
        var level = 0;
        while (level < Levels && _levelCounts[level] == 0) level++;
        if (level == Levels) return;    // only pending timers: TickSoon has asked for their tick
        var shift = LevelBits * level;
        var wake = ((_now >> shift) + 1) << shift;
        if (wake == _wakeTick) return;
        _wakeTick = wake;
        var wait = Math.Max(0, wake * _granularityTicks - (elapsed >= 0 ? elapsed : ElapsedTicks()));
        _timer.Change(TimeSpan.FromTicks(wait), Timeout.InfiniteTimeSpan);
        // The tick the pending timers need is on its way, if the wheel wakes at the next one anyway.
        if (_owner is not null && wake == _now + 1) _tickSoon = true;
    }

    private void OnTick()
    {
        List<(Slot Slot, int Generation)> due;
        lock (_gate)
        {
            if (_disposed) return;
            _wakeTick = long.MaxValue;
            Advance(ElapsedTicks() / _granularityTicks);
            Reschedule();
            if (_due.Count == 0) return;
            due = _due;
            _due = Interlocked.Exchange(ref _spare, null) ?? new List<(Slot, int)>();
        }
        // Outside the lock: a target may arm or cancel timers of this wheel as it handles the expiry.
        foreach (var (slot, generation) in due) slot.Target.OnTimerElapsed(slot.Number, generation);
        due.Clear();
        Volatile.Write(ref _spare, due);
    }

    /// <summary>Walks the wheel to tick <paramref name="target"/>, collecting the timers due on the way into <c>_due</c>.</summary>
    private void Advance(long target)
    {
        while (_now < target && _count > 0)
        {
            // Skip, in one step, the ticks until the next boundary of the lowest busy level: nothing happens before it.
            var level = 0;
            while (_levelCounts[level] == 0) level++;
            if (level > 0)
            {
                var shift = LevelBits * level;
                _now = Math.Min((((_now >> shift) + 1) << shift) - 1, target);
                if (_now == target) break;
            }
            _now++;
            Cascade(1);
            var bucket = (int)(_now & (BucketsPerLevel - 1));
            while (_buckets[bucket] is { } slot)
            {
                Unlink(slot);
                // The generation is taken now: a re-arming between here and the delivery makes this expiry stale.
                _due.Add((slot, slot.Generation));
            }
        }
        if (_count == 0 && _now < target) _now = target;
    }

    /// <summary>At a boundary of <paramref name="level"/>, moves that level's current bucket down (after the levels above).</summary>
    private void Cascade(int level)
    {
        if (level >= Levels) return;
        var shift = LevelBits * level;
        if ((_now & ((1L << shift) - 1)) != 0) return;
        Cascade(level + 1);
        var bucket = level * BucketsPerLevel + (int)((_now >> shift) & (BucketsPerLevel - 1));
        while (_buckets[bucket] is { } slot)
        {
            Unlink(slot);
            Link(slot);
        }
    }

    /// <summary>One timer of the wheel: 64 bytes, linked into at most one bucket.</summary>
    private sealed class Slot : TimerSlot
    {
        private readonly TimerWheel _wheel;
        private int _generation;
        private int _packed;    // the slot number in the high 16 bits, the bucket + 1 (0: not linked) in the low 16

        public Slot(TimerWheel wheel, ITimerTarget target, int number)
        {
            _wheel = wheel;
            Target = target;
            _packed = number << 16;
        }

        public ITimerTarget Target { get; }
        public Slot? Previous;
        public Slot? Next;
        public long Deadline;

        public int Number => (int)((uint)_packed >> 16);

        public int Bucket
        {
            get => (_packed & 0xFFFF) - 1;
            set => _packed = (_packed & ~0xFFFF) | (value + 1);
        }

        public bool IsLinked => (_packed & 0xFFFF) != 0;

        public override int Generation => Volatile.Read(ref _generation);

        public override bool IsArmed
        {
            get
            {
                if (_wheel._owner is not null) return IsLinked;
                lock (_wheel._gate) return IsLinked;
            }
        }

        public void NewGeneration() => Volatile.Write(ref _generation, _generation + 1);

        public override TimeSpan? Remaining
        {
            get
            {
                if (_wheel._owner is not null) return _wheel.RemainingOf(this);
                lock (_wheel._gate) return _wheel.RemainingOf(this);
            }
        }

        public override void Start(TimeSpan dueTime) => _wheel.Arm(this, dueTime);

        public override void Cancel() => _wheel.Disarm(this);
    }
}
