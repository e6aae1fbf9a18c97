using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using System.Reflection;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Orleans;
using Orleans.Runtime;
using TcpFsmGen.Runtime;

namespace TcpFsmGen.Orleans;

/// <summary>
/// A grain that owns one generated machine: events come as grain calls (Orleans runs one call at a time, which is the
/// machine's run to completion), timers are grain timers and, where they must outlive the activation, reminders, and
/// the machine's snapshot is kept in grain storage through <see cref="IPersistentState{TState}"/>.
/// </summary>
/// <typeparam name="TMachine">The generated machine class.</typeparam>
/// <typeparam name="TEvent">Its <c>Event</c> enum.</typeparam>
/// <remarks>
/// <para>On activation the grain creates the machine (<see cref="CreateMachine"/>), gives it a <see cref="GrainTimerService"/>,
/// and restores the stored snapshot, if any: timers are re-armed for their absolute due times, and those that fell due
/// while no activation existed elapse at once, in due order.</para>
/// <para>A derived grain adds its own typed grain methods and implements them with <see cref="FireAsync(TEvent, long)"/>
/// and <see cref="FireAsync{TPayload}(TEvent, TPayload, long)"/>; <see cref="IFsmGrain.Fire"/> takes events by name.
/// What the machine's own half of the class keeps (fields its guards and actions use) is not in the snapshot: save it
/// with <see cref="SaveData"/> and <see cref="RestoreData"/>.</para>
/// <para>See <c>docs/orleans.md</c> for the timer and reminder rule, persistence, and what happens when a silo dies.</para>
/// </remarks>
public abstract class FsmGrain<TMachine, TEvent> : Grain, IFsmGrain, IRemindable
    where TMachine : class, IStateMachine<TEvent>, ISnapshotStateMachine
    where TEvent : struct, Enum
{
    /// <summary>The prefix of the names of the reminders that back the machine's timers; the slot number follows it.</summary>
    public const string ReminderPrefix = "tcpfsmgen-timer-";

    private static readonly Func<TMachine, TEvent, string, bool>? s_firePayload = MakePayloadFirer();

    private readonly IPersistentState<FsmGrainState> _state;
    private GrainTimerService? _timers;
    private TMachine? _machine;
    private IGrainTimer? _batchTimer;
    private bool _dirty;
    private bool _broken;

    /// <summary>Creates the grain.</summary>
    /// <param name="state">
    /// Where the machine is stored: inject it with <c>[PersistentState("fsm", "storage name")]</c> on the derived grain's
    /// constructor parameter.
    /// </param>
    /// <param name="logger">Where the grain logs its calls, expiries and reminders (Orleans' logging).</param>
    /// <exception cref="ArgumentNullException"><paramref name="state"/> or <paramref name="logger"/> is null.</exception>
    protected FsmGrain(IPersistentState<FsmGrainState> state, ILogger logger)
    {
        _state = state ?? throw new ArgumentNullException(nameof(state));
        Logger = logger ?? throw new ArgumentNullException(nameof(logger));
    }

    /// <summary>The grain's logger.</summary>
    protected ILogger Logger { get; }

    /// <summary>The machine of this activation.</summary>
    /// <exception cref="InvalidOperationException">The grain is not active.</exception>
    protected TMachine Machine => _machine ?? throw new InvalidOperationException("The grain has no machine before it is activated.");

    /// <summary>The grain's timer service: the machine's, when it has timers.</summary>
    /// <exception cref="InvalidOperationException">The grain is not active.</exception>
    protected GrainTimerService Timers => _timers ?? throw new InvalidOperationException("The grain has no timers before it is activated.");

    /// <summary>How this grain persists the machine and backs its timers; <see cref="FsmGrainOptions.Default"/> unless overridden.</summary>
    protected virtual FsmGrainOptions Options => FsmGrainOptions.Default;

    /// <summary>The stored state (read on activation, written as <see cref="FsmGrainOptions.Persistence"/> says).</summary>
    protected FsmGrainState StoredState => _state.State;

    /// <summary>Creates a new machine that has not started; its timer service is set after this returns.</summary>
    protected abstract TMachine CreateMachine();

    /// <summary>
    /// What the grain keeps beside the snapshot (the machine's own fields), written with every snapshot; null for nothing.
    /// Called between transitions only.
    /// </summary>
    protected virtual string? SaveData() => null;

    /// <summary>
    /// Restores what <see cref="SaveData"/> returned, on activation: <see cref="Machine"/> is created and has its timer
    /// service, and its snapshot is restored right after this returns.
    /// </summary>
    protected virtual void RestoreData(string data)
    {
    }

    /// <summary>
    /// Delivers an event with a payload given as JSON (an <see cref="FsmCall"/> with a payload). By default it reads the
    /// JSON as the machine's one payload type (with <see cref="FsmSnapshot.PayloadSerializerOptions"/>); a machine whose
    /// events carry payloads of more than one type needs this overridden.
    /// </summary>
    /// <exception cref="NotSupportedException">The machine has no payload type, or more than one.</exception>
    protected virtual bool FirePayload(TMachine machine, TEvent e, string payloadJson)
    {
        if (s_firePayload is null)
        {
            throw new NotSupportedException($"{typeof(TMachine).Name} does not have exactly one payload type: override FirePayload to read {e}'s payload.");
        }
        return s_firePayload(machine, e, payloadJson);
    }

    /// <summary>Called for a reminder that is not one of the machine's timers.</summary>
    protected virtual Task OnReminder(string reminderName, TickStatus status) => Task.CompletedTask;

    /// <inheritdoc />
    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        var clock = ServiceProvider.GetKeyedService<TimeProvider>(TimeProviderNames.Grains) ?? TimeProvider.System;
        _timers = new GrainTimerService(this, clock, RunExpiryAsync);
        var machine = CreateMachine();
        if (machine is ITimedStateMachine timed) timed.TimerService = _timers;
        _machine = machine;
        var stored = _state.State;
        if (stored.Data is not null) RestoreData(stored.Data);
        if (stored.Snapshot is not null)
        {
            var snapshot = JsonSerializer.Deserialize<FsmSnapshot>(stored.Snapshot)
                ?? throw new InvalidOperationException($"The stored snapshot of {this.GetPrimaryKeyString()} is null.");
            machine.Restore(snapshot);
            Logger.LogDebug("{Grain} restored in {State} with {Timers} armed timer(s) on {Silo}", this.GetPrimaryKeyString(), snapshot.State, snapshot.Timers.Count, RuntimeIdentity);
        }
        // Only new reminders here: a timer that fell due while no activation existed is armed again only once the one
        // due before it has elapsed, and its reminder stays until then.
        if (await SyncRemindersAsync(removeStale: false).ConfigureAwait(true)) _dirty = true;
        if (Options.Persistence == FsmPersistence.Batched)
        {
            _batchTimer = this.RegisterGrainTimer(
                static (grain, _) => grain.FlushAsync(),
                this,
                new GrainTimerCreationOptions(Options.BatchInterval, Options.BatchInterval));
        }
        await base.OnActivateAsync(cancellationToken).ConfigureAwait(true);
    }

    /// <inheritdoc />
    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        _batchTimer?.Dispose();
        if (_timers is not null && _machine is not null && !_broken)
        {
            _timers.Detach();
            // Grain timers end here: every armed timer gets a reminder, so that it fires although no activation exists.
            try
            {
                if (await SyncRemindersAsync(everyTimer: true).ConfigureAwait(true)) _dirty = true;
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                Logger.LogWarning(ex, "{Grain} could not back its timers by reminders on deactivation ({Reason}); they fire at its next activation", this.GetPrimaryKeyString(), reason);
            }
            try
            {
                if (_dirty) await WriteAsync().ConfigureAwait(true);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                Logger.LogWarning("{Grain} could not write its state on deactivation ({Reason}): {Error}; what changed since the last write is lost", this.GetPrimaryKeyString(), reason, ex.Message);
            }
        }
        await base.OnDeactivateAsync(reason, cancellationToken).ConfigureAwait(true);
    }

    /// <inheritdoc />
    public async Task<FsmCallResult> Fire(FsmCall call)
    {
        if (call is null) throw new ArgumentNullException(nameof(call));
        // Names only: not a number, nor a list of names that would parse as flags.
        if (!Enum.TryParse<TEvent>(call.Event, ignoreCase: false, out var e) || !Enum.IsDefined(e) || e.ToString() != call.Event)
        {
            throw new ArgumentException($"'{call.Event}' is not an event of {typeof(TMachine).Name}.", nameof(call));
        }
        var payload = call.Payload;
        var (handled, duplicate) = await ApplyAsync(call.Sequence, payload is null ? m => m.Fire(e) : m => FirePayload(m, e, payload)).ConfigureAwait(true);
        return new FsmCallResult(handled, duplicate, Machine.TakeSnapshot().State, _state.State.Sequence);
    }

    /// <inheritdoc />
    public Task<FsmGrainStatus> GetStatus()
    {
        var stored = _state.State;
        var snapshot = Machine.TakeSnapshot();
        return Task.FromResult(new FsmGrainStatus(
            snapshot.State, stored.Sequence, stored.Applied, stored.Expiries, JsonSerializer.Serialize(snapshot), SaveData(), RuntimeIdentity));
    }

    /// <inheritdoc />
    public async Task ReceiveReminder(string reminderName, TickStatus status)
    {
        if (!reminderName.StartsWith(ReminderPrefix, StringComparison.Ordinal)
            || !int.TryParse(reminderName.AsSpan(ReminderPrefix.Length), out var slot))
        {
            await OnReminder(reminderName, status).ConfigureAwait(true);
            return;
        }
        // The activation (this one, or one this reminder just made) has restored the machine: an overdue timer is
        // already armed to elapse now on its grain timer. A reminder whose timer is gone is dropped here.
        foreach (var armed in Timers.Armed)
        {
            if (armed.Key == slot)
            {
                Logger.LogDebug("{Grain}: reminder for timer slot {Slot} (due {Due}) on {Silo}", this.GetPrimaryKeyString(), slot, armed.Value, RuntimeIdentity);
                return;
            }
        }
        await AfterChangeAsync().ConfigureAwait(true);
        var stale = await this.GetReminder(reminderName).ConfigureAwait(true);
        if (stale is not null) await this.UnregisterReminder(stale).ConfigureAwait(true);
    }

    /// <summary>Delivers <paramref name="e"/> to the machine and persists it; see <see cref="FsmCall.Sequence"/> for <paramref name="sequence"/>.</summary>
    /// <returns>What <c>Fire</c> returned; false for a duplicate.</returns>
    protected async Task<bool> FireAsync(TEvent e, long sequence = 0)
        => (await ApplyAsync(sequence, m => m.Fire(e)).ConfigureAwait(true)).Handled;

    /// <summary>Delivers <paramref name="e"/> with <paramref name="payload"/> to the machine and persists it.</summary>
    /// <returns>What <c>Fire</c> returned; false for a duplicate.</returns>
    /// <exception cref="NotSupportedException">The machine has no event with a payload of this type.</exception>
    protected async Task<bool> FireAsync<TPayload>(TEvent e, TPayload payload, long sequence = 0)
    {
        if (Machine is not IStateMachine<TEvent, TPayload>)
        {
            throw new NotSupportedException($"{typeof(TMachine).Name} has no event with a payload of type {typeof(TPayload).Name}.");
        }
        return (await ApplyAsync(sequence, m => ((IStateMachine<TEvent, TPayload>)m).Fire(e, payload)).ConfigureAwait(true)).Handled;
    }

    /// <inheritdoc />
    public Task Flush() => FlushAsync();

    /// <summary>
    /// Writes the machine's snapshot and <see cref="SaveData"/> now if they changed since the last write (with
    /// <see cref="FsmPersistence.Batched"/>, the write that would come at the next interval).
    /// </summary>
    protected async Task FlushAsync()
    {
        if (_dirty && !_broken) await WriteAsync().ConfigureAwait(true);
    }

    private async Task<(bool Handled, bool Duplicate)> ApplyAsync(long sequence, Func<TMachine, bool> fire)
    {
        var stored = _state.State;
        if (sequence > 0 && sequence <= stored.Sequence)
        {
            Logger.LogDebug("{Grain}: event {Sequence} already applied (last {Last}); not applied again", this.GetPrimaryKeyString(), sequence, stored.Sequence);
            return (false, true);
        }
        bool handled;
        try
        {
            handled = fire(Machine);
        }
        catch
        {
            // An action threw: the machine may be half-way through a transition. The stored state is the last good one,
            // so the next call finds it in a fresh activation; this one writes nothing more.
            _broken = true;
            this.DeactivateOnIdle();
            throw;
        }
        stored.Applied++;
        if (sequence > 0) stored.Sequence = sequence;
        try
        {
            await AfterChangeAsync().ConfigureAwait(true);
        }
        catch
        {
            // Not stored: this activation is ahead of storage, so it goes, and the caller's retry (same sequence) is
            // applied by a fresh one.
            this.DeactivateOnIdle();
            throw;
        }
        return (handled, false);
    }

    private async Task RunExpiryAsync(Action expiry)
    {
        try
        {
            expiry();
        }
        catch (Exception ex)
        {
            Logger.LogError(ex, "{Grain}: a timer expiry's action threw; the grain deactivates and restores its last stored state", this.GetPrimaryKeyString());
            _broken = true;
            this.DeactivateOnIdle();
            return;
        }
        _state.State.Expiries++;
        try
        {
            await AfterChangeAsync().ConfigureAwait(true);
        }
        catch (Exception ex)
        {
            // Not stored: the stored snapshot still has the timer armed, so the next activation delivers it again.
            Logger.LogError(ex, "{Grain}: the state after a timer expiry could not be stored; the grain deactivates and the expiry comes again", this.GetPrimaryKeyString());
            this.DeactivateOnIdle();
        }
    }

    private async Task AfterChangeAsync()
    {
        _dirty = true;
        await SyncRemindersAsync().ConfigureAwait(true);
        if (Options.Persistence == FsmPersistence.EveryCall) await WriteAsync().ConfigureAwait(true);
    }

    private async Task WriteAsync()
    {
        var stored = _state.State;
        stored.Snapshot = JsonSerializer.Serialize(Machine.TakeSnapshot());
        stored.Data = SaveData();
        await _state.WriteStateAsync().ConfigureAwait(true);
        _dirty = false;
    }

    /// <summary>Registers a reminder for each armed timer that needs one, and unregisters those of timers no longer armed.</summary>
    /// <returns>True when the set of reminders changed.</returns>
    private async Task<bool> SyncRemindersAsync(bool everyTimer = false, bool removeStale = true)
    {
        var options = Options;
        var registered = _state.State.Reminders;
        var now = Timers.TimeProvider.GetUtcNow();
        var changed = false;
        var wanted = new HashSet<int>();
        foreach (var (slot, due) in Timers.Armed)
        {
            var has = registered.TryGetValue(slot, out var registeredDue);
            // The same due time (a restored timer's is computed again, to the microsecond), or both overdue.
            if (has && (Math.Abs((registeredDue - due).TotalMilliseconds) < 50 || (registeredDue <= now && due <= now + TimeSpan.FromMilliseconds(50))))
            {
                wanted.Add(slot);
                continue;
            }
            var left = due - now;
            if (!everyTimer && !has && left < options.ReminderThreshold) continue;
            wanted.Add(slot);
            await this.RegisterOrUpdateReminder(ReminderPrefix + slot, left > TimeSpan.Zero ? left : TimeSpan.Zero, options.ReminderPeriod).ConfigureAwait(true);
            registered[slot] = due;
            changed = true;
        }
        List<int>? gone = null;
        foreach (var slot in registered.Keys)
        {
            if (removeStale && !wanted.Contains(slot)) (gone ??= new()).Add(slot);
        }
        if (gone is not null)
        {
            foreach (var slot in gone)
            {
                var reminder = await this.GetReminder(ReminderPrefix + slot).ConfigureAwait(true);
                if (reminder is not null) await this.UnregisterReminder(reminder).ConfigureAwait(true);
                registered.Remove(slot);
                changed = true;
            }
        }
        return changed;
    }

    private static Func<TMachine, TEvent, string, bool>? MakePayloadFirer()
    {
        Type? payloadType = null;
        foreach (var type in typeof(TMachine).GetInterfaces())
        {
            if (type.IsGenericType && type.GetGenericTypeDefinition() == typeof(IStateMachine<,>) && type.GetGenericArguments()[0] == typeof(TEvent))
            {
                if (payloadType is not null) return null;
                payloadType = type.GetGenericArguments()[1];
            }
        }
        if (payloadType is null) return null;
        var method = typeof(FsmGrain<TMachine, TEvent>).GetMethod(nameof(FireJson), BindingFlags.NonPublic | BindingFlags.Static)!.MakeGenericMethod(payloadType);
        return method.CreateDelegate<Func<TMachine, TEvent, string, bool>>();
    }

    private static bool FireJson<TPayload>(TMachine machine, TEvent e, string json)
    {
        var payload = JsonSerializer.Deserialize<TPayload>(json, FsmSnapshot.PayloadSerializerOptions)
            ?? throw new ArgumentException($"The payload of {e} is null.", nameof(json));
        return ((IStateMachine<TEvent, TPayload>)machine).Fire(e, payload);
    }
}
