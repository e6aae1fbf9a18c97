using System;
using System.Collections.Generic;
using System.ComponentModel;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace TcpFsmGen.Runtime;

/// <summary>
/// What generated <c>TakeSnapshot</c> and <c>Restore</c> methods share: payloads to and from JSON, and the exceptions
/// they throw. Used by generated code; not meant to be called directly.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class SnapshotSupport
{
    /// <summary>Writes the payload of the deferred event <paramref name="eventName"/> as JSON.</summary>
    /// <exception cref="NotSupportedException">System.Text.Json cannot write a <typeparamref name="T"/> with <see cref="FsmSnapshot.PayloadSerializerOptions"/>.</exception>
    public static JsonElement PayloadToJson<T>(T payload, string eventName)
    {
        try
        {
            var info = (JsonTypeInfo<T>)FsmSnapshot.PayloadSerializerOptions.GetTypeInfo(typeof(T));
            return JsonSerializer.SerializeToElement(payload, info);
        }
        catch (Exception e) when (e is NotSupportedException or InvalidOperationException or JsonException or ArgumentException)
        {
            throw new NotSupportedException(
                $"The deferred event '{eventName}' carries a '{typeof(T)}' that System.Text.Json cannot write ({e.Message}); no snapshot was taken. "
                + "Make the type serializable, or set FsmSnapshot.PayloadSerializerOptions to options that can write it.", e);
        }
    }

    /// <summary>Reads the payload of the deferred event <paramref name="eventName"/> from <paramref name="json"/>.</summary>
    /// <exception cref="ArgumentException">The JSON is missing or does not read as a <typeparamref name="T"/>.</exception>
    public static T PayloadFromJson<T>(JsonElement? json, string eventName)
    {
        if (json is not { } element)
        {
            throw new ArgumentException($"The snapshot's deferred event '{eventName}' has no payload, but the event carries a '{typeof(T)}'.", "snapshot");
        }
        try
        {
            var info = (JsonTypeInfo<T>)FsmSnapshot.PayloadSerializerOptions.GetTypeInfo(typeof(T));
            return element.Deserialize(info)!;
        }
        catch (Exception e) when (e is NotSupportedException or InvalidOperationException or JsonException or ArgumentException)
        {
            throw new ArgumentException($"The payload of the snapshot's deferred event '{eventName}' does not read as a '{typeof(T)}': {e.Message}", "snapshot", e);
        }
    }

    /// <summary>The exception for a name the snapshot holds and <paramref name="machine"/> does not declare.</summary>
    public static FsmSnapshotNameException Missing(FsmSnapshotNameKind kind, string? name, string machine)
    {
        var what = kind.ToString().ToLowerInvariant();
        var hint = kind switch
        {
            FsmSnapshotNameKind.State => "RenameState",
            FsmSnapshotNameKind.Event => "RenameEvent",
            _ => "RenameTimer",
        };
        return new FsmSnapshotNameException(kind, name ?? "",
            $"The snapshot names the {what} '{name}', which {machine} does not declare; nothing was restored. "
            + $"If it was renamed, map the old name with snapshot.{hint}(\"{name}\", \"NewName\") and restore again.");
    }

    /// <summary>
    /// Adds <paramref name="slot"/> to <paramref name="snapshot"/> when it is armed, or when it is an overdue timer of a
    /// restore that has yet to elapse.
    /// </summary>
    /// <exception cref="InvalidOperationException">The timer service cannot tell when the armed timer elapses.</exception>
    /// <param name="snapshot">The snapshot being taken.</param>
    /// <param name="slot">The timer's slot; null when it never started.</param>
    /// <param name="overdue">The overdue timers of a restore that have yet to elapse, or null.</param>
    /// <param name="state">The name of the state whose timer it is.</param>
    /// <param name="timer">Its trigger as written.</param>
    /// <param name="index">Which of the state's <c>every</c> lines with that trigger it is.</param>
    /// <param name="period">An <c>every</c> line's period; null for <c>after</c> lines.</param>
    /// <param name="now">The time on the timer service's clock.</param>
    /// <param name="armedAt">When the machine last armed the slot, counted in armings: timers due at one instant are listed in this order.</param>
    public static void AddTimer(FsmSnapshot snapshot, TimerSlot? slot, OverdueTimers? overdue, string state, string timer, int index, TimeSpan? period, DateTimeOffset now, long armedAt)
    {
        if (snapshot is null) throw new ArgumentNullException(nameof(snapshot));
        if (slot is null) return;
        DateTimeOffset due;
        long order = armedAt;
        var read = false;
        if (overdue?.PendingDue(slot) is { } pending)
        {
            // Overdue since a restore: before every other timer due at the same instant, in their own order.
            due = pending;
            order = long.MinValue + overdue.PositionOf(slot);
        }
        else if (slot.IsArmed)
        {
            var left = slot.Remaining ?? throw new InvalidOperationException(
                $"The timer service cannot tell when the timer '{timer}' of state '{state}' elapses (its TimerSlot.Remaining is null), so no snapshot can be taken.");
            due = now + left;
            read = true;
        }
        else
        {
            return;
        }
        snapshot.Timers.Add(new FsmSnapshotTimer { State = state, Timer = timer, Index = index, Due = due, Period = period, ArmedAt = order, ReadFromSlot = read });
    }

    /// <summary>
    /// Moves the due times read from running timers later by <paramref name="reading"/>, then orders the snapshot's
    /// timers soonest first, and timers due at one instant in the order they were armed.
    /// </summary>
    /// <param name="snapshot">The snapshot whose timers <see cref="AddTimer"/> added.</param>
    /// <param name="reading">
    /// How long the timers took to read: the clock after the last <see cref="AddTimer"/> less the <c>now</c> passed to
    /// them. Each running timer's due time is <c>now</c> plus its remaining time, and that remaining time was read up to
    /// <paramref name="reading"/> after <c>now</c>, so without the move a due time read from a real clock could come out
    /// that much before the deadline, and a restored timer elapse early. With it a due time is never early, and late by
    /// less than <paramref name="reading"/>; on a manual clock <paramref name="reading"/> is zero and nothing moves.
    /// </param>
    public static void SortTimers(FsmSnapshot snapshot, TimeSpan reading)
    {
        if (snapshot is null) throw new ArgumentNullException(nameof(snapshot));
        var timers = snapshot.Timers;
        if (reading > TimeSpan.Zero)
        {
            foreach (var t in timers)
            {
                if (t.ReadFromSlot) t.Due += reading;
            }
        }
        // An insertion sort: stable, and a machine has few timers armed at once.
        for (var i = 1; i < timers.Count; i++)
        {
            var t = timers[i];
            var j = i - 1;
            while (j >= 0 && (timers[j].Due > t.Due || (timers[j].Due == t.Due && timers[j].ArmedAt > t.ArmedAt)))
            {
                timers[j + 1] = timers[j];
                j--;
            }
            timers[j + 1] = t;
        }
    }

    /// <summary>
    /// Arms the restored timers (<paramref name="due"/>[slot], null: not armed) soonest first, timers due at one instant
    /// in their <paramref name="rank"/> (their place in the snapshot): each one due after <paramref name="now"/> through
    /// <paramref name="start"/>; the overdue ones are returned in that order (with their slots made by
    /// <paramref name="slotOf"/>) as an <see cref="OverdueTimers"/>, or null when none is overdue.
    /// </summary>
    public static OverdueTimers? ArmRestoredTimers(DateTimeOffset?[] due, int[] rank, DateTimeOffset now, Action<int, TimeSpan> start, Func<int, TimerSlot> slotOf)
    {
        if (due is null) throw new ArgumentNullException(nameof(due));
        if (rank is null) throw new ArgumentNullException(nameof(rank));
        if (start is null) throw new ArgumentNullException(nameof(start));
        if (slotOf is null) throw new ArgumentNullException(nameof(slotOf));
        var order = new List<int>();
        for (var slot = 0; slot < due.Length; slot++)
        {
            if (due[slot] is not null) order.Add(slot);
        }
        order.Sort((a, b) => due[a]!.Value != due[b]!.Value ? due[a]!.Value.CompareTo(due[b]!.Value) : rank[a].CompareTo(rank[b]));
        List<TimerSlot>? overdueSlots = null;
        List<DateTimeOffset>? overdueDue = null;
        foreach (var slot in order)
        {
            var at = due[slot]!.Value;
            if (at > now)
            {
                start(slot, at - now);
                continue;
            }
            (overdueSlots ??= new List<TimerSlot>()).Add(slotOf(slot));
            (overdueDue ??= new List<DateTimeOffset>()).Add(at);
        }
        return overdueSlots is null ? null : new OverdueTimers(overdueSlots.ToArray(), overdueDue!.ToArray());
    }

    /// <summary>The exception for a snapshot that does not fit the machine, with nothing restored.</summary>
    public static ArgumentException Invalid(string message) => new(message + " Nothing was restored.", "snapshot");
}

/// <summary>
/// The timers a restored machine found overdue, soonest first. They elapse one at a time, in that order: the next is
/// armed (due at once) only when the one before it has elapsed, been cancelled or been re-armed, so a timer service that
/// reports expiries on thread-pool threads still delivers them in due order. A timer started or cancelled by the machine
/// since the restore is no longer overdue and is skipped. Used by generated code; not meant to be called directly.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public sealed class OverdueTimers
{
    private readonly TimerSlot[] _slots;
    private readonly DateTimeOffset[] _due;
    private readonly int[] _generations;
    private int _next;
    private TimerSlot? _armed;
    private int _armedGeneration;

    /// <summary>Holds <paramref name="slotsInDueOrder"/>, none of them armed yet, which were due at <paramref name="due"/>.</summary>
    /// <exception cref="ArgumentNullException">An array is null.</exception>
    /// <exception cref="ArgumentException">The arrays differ in length.</exception>
    public OverdueTimers(TimerSlot[] slotsInDueOrder, DateTimeOffset[] due)
    {
        _slots = slotsInDueOrder ?? throw new ArgumentNullException(nameof(slotsInDueOrder));
        _due = due ?? throw new ArgumentNullException(nameof(due));
        if (due.Length != _slots.Length) throw new ArgumentException("One due time per slot.", nameof(due));
        _generations = new int[_slots.Length];
        for (var i = 0; i < _slots.Length; i++) _generations[i] = _slots[i].Generation;
    }

    /// <summary>
    /// The original due time of <paramref name="slot"/> while it is overdue and still waits its turn (or is armed for it);
    /// null once it elapsed, was started or cancelled by the machine, or was never overdue.
    /// </summary>
    public DateTimeOffset? PendingDue(TimerSlot slot)
    {
        if (ReferenceEquals(slot, _armed) && _armed!.IsArmed && _armed.Generation == _armedGeneration) return _due[_next - 1];
        for (var i = _next; i < _slots.Length; i++)
        {
            if (ReferenceEquals(_slots[i], slot)) return slot.Generation == _generations[i] ? _due[i] : null;
        }
        return null;
    }

    /// <summary>The place of <paramref name="slot"/> among the overdue timers (0: the soonest), or the count when it is not one.</summary>
    public int PositionOf(TimerSlot slot)
    {
        var i = Array.IndexOf(_slots, slot);
        return i < 0 ? _slots.Length : i;
    }

    /// <summary>
    /// Arms the next overdue timer unless the last one armed is still waiting to elapse.
    /// </summary>
    /// <returns>False when every overdue timer has been armed and the last one is no longer waiting: the machine drops this object.</returns>
    public bool Advance()
    {
        if (_armed is not null && _armed.IsArmed && _armed.Generation == _armedGeneration) return true;
        _armed = null;
        while (_next < _slots.Length)
        {
            var slot = _slots[_next];
            var untouched = slot.Generation == _generations[_next];
            _next++;
            if (!untouched) continue;
            slot.Start(TimeSpan.Zero);
            _armed = slot;
            _armedGeneration = slot.Generation;
            return true;
        }
        return false;
    }
}
