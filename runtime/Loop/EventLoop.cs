using System;
using System.Diagnostics;
using System.Threading;
using System.Threading.Channels;
using System.Threading.Tasks;

namespace TcpFsmGen.Runtime;

/// <summary>
/// Delivers events to machines one at a time, in order, from any number of threads: everything the machines
/// on one loop see (posted events and their timers' expiries) runs on the loop, never two at once. Generated
/// <c>Fire</c> is a plain <c>switch</c> and not thread-safe; the loop is how a machine lives among threads.
/// </summary>
/// <remarks>
/// <para>Built on an unbounded <see cref="Channel{T}"/> with a single reader, and a <see cref="SemaphoreSlim"/>
/// for <see cref="EventLoopOptions.Capacity"/>. Events from one producer reach each machine in the order they
/// were posted.</para>
/// <para><b>Timers.</b> Give each machine <see cref="TimerService"/>: its timers run on the service passed to the
/// constructor (a <see cref="TimerWheel"/>, say), and their expiries are queued here like events, so an
/// expiry never runs beside an action. Expiries do not count against the capacity and are never refused.
/// Or give each machine a wheel of the loop's own, from <see cref="CreateTimerWheel"/>: its timers are armed and
/// cancelled only from the loop, without a lock or a clock read, and its ticks and expiries run on the loop.</para>
/// <para><b>Exceptions.</b> An exception thrown by a machine's action or guard ends that one delivery: the
/// machine stays where the transition had got to (actions already run are not undone; the current state may
/// already be the target), its run-to-completion queue is cleared, and it goes on taking events. The
/// exception faults the task of <see cref="FireAsync"/>; for <see cref="Post"/> and timer expiries it goes to
/// <see cref="EventLoopOptions.OnError"/> and is counted in <see cref="Faults"/>. It never stops the loop.</para>
/// <para><b>Shutdown.</b> <see cref="StopAsync"/> with <c>drain: true</c> refuses new events and delivers the
/// ones already queued; with <c>drain: false</c> it discards them, cancelling their <see cref="FireAsync"/>
/// tasks. Either way the returned task completes when the loop has stopped.</para>
/// </remarks>
/// <typeparam name="TEvent">The event enum of the machines on this loop.</typeparam>
public sealed class EventLoop<TEvent> : IAsyncDisposable, ITimerWheelOwner
    where TEvent : struct, Enum
{
    private readonly Channel<Item> _channel;
    private readonly SemaphoreSlim? _space;
    private readonly EventLoopOptions _options;
    private readonly Task _run;
    private volatile bool _discard;
    [ThreadStatic] private static EventLoop<TEvent>? t_delivering;
    private long _dropped;
    private long _faults;
    private long _delivered;
    private int _pending;
    private readonly System.Collections.Generic.List<TimerWheel> _wheels = new();
    private bool _stopped;

    /// <summary>A loop whose machines' timers run on <paramref name="timers"/> (by default <see cref="TimerService.System"/>).</summary>
    /// <exception cref="ArgumentOutOfRangeException">The capacity is not positive.</exception>
    public EventLoop(EventLoopOptions? options = null, TimerService? timers = null)
    {
        _options = options ?? new EventLoopOptions();
        if (_options.Capacity is { } capacity)
        {
            if (capacity <= 0) throw new ArgumentOutOfRangeException(nameof(options), capacity, "The capacity must be positive.");
            _space = new SemaphoreSlim(capacity, capacity);
        }
        _channel = Channel.CreateUnbounded<Item>(new UnboundedChannelOptions { SingleReader = true, AllowSynchronousContinuations = false });
        TimerService = new LoopTimerService(this, timers ?? TimerService.System);
        _run = Task.Run(RunAsync);
    }

    /// <summary>
    /// Timers whose expiries are delivered through this loop: set it as each machine's <c>TimerService</c>. Its
    /// <see cref="TimerService.CallsBackOnOtherThreads"/> is false, so a machine on it takes no lock.
    /// </summary>
    public TimerService TimerService { get; }

    /// <summary>
    /// A timer wheel that belongs to this loop: set it as the <c>TimerService</c> of machines that live on this loop.
    /// Its timers are armed and cancelled only on the loop (in a delivery, or an <see cref="InvokeAsync"/> action), with
    /// no lock and no clock read; from any other thread, <see cref="TimerSlot.Start"/> and <see cref="TimerSlot.Cancel"/>
    /// throw <see cref="InvalidOperationException"/>. The wheel reads the clock once per tick, and its ticks and expiries
    /// run on the loop (an expiry is delivered like a timer expiry queued here, but without a second trip through the queue).
    /// </summary>
    /// <remarks>
    /// A timer never fires early: one armed since the last tick is placed by the next tick, from that tick's reading of
    /// the clock. So it fires at most about two granularities late (instead of one), plus the underlying timer's lateness
    /// and the time the tick waits in the loop's queue. The wheel is disposed when the loop stops; its timers then no longer fire.
    /// </remarks>
    /// <param name="timeProvider">The clock; <see cref="TimeProvider.System"/> when null.</param>
    /// <param name="granularity">The tick, from 1 ms to 1 minute; 10 ms when null.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="granularity"/> is outside 1 ms to 1 minute.</exception>
    public TimerWheel CreateTimerWheel(TimeProvider? timeProvider = null, TimeSpan? granularity = null)
    {
        var wheel = new TimerWheel(timeProvider ?? TimeProvider.System, granularity ?? TimeSpan.FromMilliseconds(10), this);
        bool stopped;
        lock (_wheels)
        {
            stopped = _stopped;
            if (!stopped) _wheels.Add(wheel);
        }
        if (stopped) wheel.Dispose();
        return wheel;
    }

    /// <summary>Completes when the loop has stopped.</summary>
    public Task Completion => _run;

    /// <summary>Events and expiries delivered so far.</summary>
    public long Delivered => Interlocked.Read(ref _delivered);

    /// <summary>Events dropped because the loop was full (<see cref="EventLoopFullMode.Drop"/>).</summary>
    public long Dropped => Interlocked.Read(ref _dropped);

    /// <summary>Exceptions thrown by machines during deliveries that nobody awaited.</summary>
    public long Faults => Interlocked.Read(ref _faults);

    /// <summary>
    /// Queues <paramref name="e"/> for <paramref name="machine"/>; returns at once, from any thread.
    /// </summary>
    /// <returns>True when queued; false when dropped (loop full, <see cref="EventLoopFullMode.Drop"/>) or the loop is stopping.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="machine"/> is null.</exception>
    /// <exception cref="EventLoopFullException">The loop is full and its mode is <see cref="EventLoopFullMode.Fail"/>.</exception>
    public bool Post(IStateMachine<TEvent> machine, TEvent e)
    {
        if (machine is null) throw new ArgumentNullException(nameof(machine));
        if (!TakeSpaceNow()) return false;
        return Write(new Item(machine, e, 0, 0, null));
    }

    /// <summary>Queues <paramref name="e"/> for <paramref name="machine"/>, waiting asynchronously for room when the loop is full.</summary>
    /// <returns>True when queued; false when dropped or the loop is stopping.</returns>
    public async ValueTask<bool> PostAsync(IStateMachine<TEvent> machine, TEvent e, CancellationToken cancellationToken = default)
    {
        if (machine is null) throw new ArgumentNullException(nameof(machine));
        if (!await TakeSpaceAsync(cancellationToken).ConfigureAwait(false)) return false;
        return Write(new Item(machine, e, 0, 0, null));
    }

    /// <summary>
    /// Queues <paramref name="e"/> for <paramref name="machine"/>; the task completes, after the loop has delivered
    /// it, with <c>Fire</c>'s result, or faults with the exception an action threw.
    /// </summary>
    /// <exception cref="InvalidOperationException">(In the task.) The loop is stopping, or the event was dropped.</exception>
    /// <exception cref="OperationCanceledException">(In the task.) The loop stopped without delivering the event.</exception>
    public async Task<bool> FireAsync(IStateMachine<TEvent> machine, TEvent e, CancellationToken cancellationToken = default)
    {
        if (machine is null) throw new ArgumentNullException(nameof(machine));
        if (!await TakeSpaceAsync(cancellationToken).ConfigureAwait(false))
        {
            throw new InvalidOperationException("The event loop is full or stopping; the event was not queued.");
        }
        var completion = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
        if (!Write(new Item(machine, e, 0, 0, completion))) throw new InvalidOperationException("The event loop is stopping; the event was not queued.");
        return await completion.Task.ConfigureAwait(false);
    }

    /// <summary>Queues <paramref name="e"/> with its <paramref name="payload"/> for <paramref name="machine"/>; returns at once, from any thread.</summary>
    /// <remarks>The payload waits in a small holder object (one allocation per event; a value type is not boxed).</remarks>
    /// <returns>True when queued; false when dropped (loop full, <see cref="EventLoopFullMode.Drop"/>) or the loop is stopping.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="machine"/> is null.</exception>
    /// <exception cref="EventLoopFullException">The loop is full and its mode is <see cref="EventLoopFullMode.Fail"/>.</exception>
    public bool Post<TPayload>(IStateMachine<TEvent, TPayload> machine, TEvent e, TPayload payload)
    {
        if (machine is null) throw new ArgumentNullException(nameof(machine));
        return Post(new PayloadDelivery<TPayload>(machine, payload), e);
    }

    /// <summary>Queues <paramref name="e"/> with its <paramref name="payload"/>, waiting asynchronously for room when the loop is full.</summary>
    /// <returns>True when queued; false when dropped or the loop is stopping.</returns>
    public ValueTask<bool> PostAsync<TPayload>(IStateMachine<TEvent, TPayload> machine, TEvent e, TPayload payload, CancellationToken cancellationToken = default)
    {
        if (machine is null) throw new ArgumentNullException(nameof(machine));
        return PostAsync(new PayloadDelivery<TPayload>(machine, payload), e, cancellationToken);
    }

    /// <summary>
    /// Queues <paramref name="e"/> with its <paramref name="payload"/>; the task completes, after the loop has delivered it, with
    /// <c>Fire</c>'s result, or faults with the exception an action threw (an <see cref="ArgumentException"/> for a payload the
    /// event does not carry).
    /// </summary>
    public Task<bool> FireAsync<TPayload>(IStateMachine<TEvent, TPayload> machine, TEvent e, TPayload payload, CancellationToken cancellationToken = default)
    {
        if (machine is null) throw new ArgumentNullException(nameof(machine));
        return FireAsync(new PayloadDelivery<TPayload>(machine, payload), e, cancellationToken);
    }

    /// <summary>An event's payload on its way through the loop: delivered, it calls the machine's <c>Fire(e, payload)</c>.</summary>
    private sealed class PayloadDelivery<TPayload> : IStateMachine<TEvent>, IPayloadDelivery
    {
        public object Machine => _machine;

        private readonly IStateMachine<TEvent, TPayload> _machine;
        private readonly TPayload _payload;

        public PayloadDelivery(IStateMachine<TEvent, TPayload> machine, TPayload payload)
        {
            _machine = machine;
            _payload = payload;
        }

        public bool Fire(TEvent e) => _machine.Fire(e, _payload);
    }

    /// <summary>What telemetry names a delivery after: the machine, not its payload's holder.</summary>
    private interface IPayloadDelivery
    {
        object Machine { get; }
    }

    /// <summary>
    /// Runs <paramref name="action"/> on the loop, after what is queued, never beside a delivery: for work that
    /// must see the machines quietly (reading their state, or calls that carry data, like a segment). It allocates,
    /// so it is not for the hot path; the task faults with the action's exception.
    /// </summary>
    /// <exception cref="InvalidOperationException">(In the task.) The loop is stopping.</exception>
    public Task InvokeAsync(Action action)
    {
        if (action is null) throw new ArgumentNullException(nameof(action));
        var completion = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
        if (!TryWrite(new Item(action, default, 0, 0, completion, ItemKind.Work)))
        {
            return Task.FromException(new InvalidOperationException("The event loop is stopping; the action was not queued."));
        }
        return completion.Task;
    }

    /// <summary>How many events, expiries and actions wait to be delivered.</summary>
    public int Pending => Volatile.Read(ref _pending);

    /// <summary>Stops the loop: new events are refused, and the queued ones are delivered (<paramref name="drain"/>) or discarded.</summary>
    public Task StopAsync(bool drain = true)
    {
        if (!drain) _discard = true;
        _channel.Writer.TryComplete();
        return _run;
    }

    /// <summary>Stops the loop after delivering what is queued (as <see cref="StopAsync"/> with <c>drain: true</c>).</summary>
    public async ValueTask DisposeAsync() => await StopAsync(drain: true).ConfigureAwait(false);

    private bool TakeSpaceNow()
    {
        if (_space is null) return true;
        if (_space.Wait(0)) return true;
        switch (_options.FullMode)
        {
            case EventLoopFullMode.Wait:
                // Waiting on the loop's own thread would wait for itself.
                if (t_delivering == this) throw new InvalidOperationException("The event loop is full, and Post was called from one of its own deliveries, which would wait forever; call the machine's Fire, or use PostAsync.");
                _space.Wait();
                return true;
            case EventLoopFullMode.Drop:
                Interlocked.Increment(ref _dropped);
                return false;
            default:
                throw new EventLoopFullException(_options.Capacity!.Value);
        }
    }

    private async ValueTask<bool> TakeSpaceAsync(CancellationToken cancellationToken)
    {
        if (_space is null || _options.FullMode != EventLoopFullMode.Wait) return TakeSpaceNow();
        await _space.WaitAsync(cancellationToken).ConfigureAwait(false);
        return true;
    }

    private bool TryWrite(in Item item)
    {
        Interlocked.Increment(ref _pending);
        if (_channel.Writer.TryWrite(item)) return true;
        Interlocked.Decrement(ref _pending);
        return false;
    }

    private bool Write(Item item)
    {
        if (TryWrite(item)) return true;
        if (item.Kind == ItemKind.Event) _space?.Release();
        return false;
    }

    private void PostExpiry(ITimerTarget target, int slot, int generation)
        => TryWrite(new Item(target, default, slot, generation, null, ItemKind.Timer));

    void ITimerWheelOwner.ScheduleTick(TimerWheel wheel)
        => TryWrite(new Item(wheel, default, 0, 0, null, ItemKind.Tick));

    void ITimerWheelOwner.DeliverExpiry(ITimerTarget target, int slot, int generation)
        => Deliver(new Item(target, default, slot, generation, null, ItemKind.Timer));

    private async Task RunAsync()
    {
        var reader = _channel.Reader;
        try
        {
            while (await reader.WaitToReadAsync().ConfigureAwait(false))
            {
                // For the loop's own wheels: their timers may be armed and cancelled here, until the next wait.
                var previous = TimerWheel.EnterOwner(this);
                try
                {
                    while (reader.TryRead(out var item))
                    {
                        Interlocked.Decrement(ref _pending);
                        if (item.Kind == ItemKind.Tick)
                        {
                            // Each expiry it collects is delivered (and its exceptions handled) as a timer item.
                            if (!_discard) ((TimerWheel)item.Target).RunOwnedTick();
                        }
                        else if (_discard) Discard(item);
                        else Deliver(item);
                    }
                }
                finally
                {
                    TimerWheel.EnterOwner(previous);
                }
            }
        }
        finally
        {
            TimerWheel[] wheels;
            lock (_wheels)
            {
                _stopped = true;
                wheels = _wheels.ToArray();
                _wheels.Clear();
            }
            foreach (var wheel in wheels) wheel.Dispose();
        }
    }

    private void Deliver(in Item item)
    {
        using var activity = FsmTelemetry.Enabled && FsmTelemetry.Source.HasListeners() ? StartActivity(item) : null;
        t_delivering = this;
        try
        {
            if (item.Kind == ItemKind.Timer)
            {
                ((ITimerTarget)item.Target).OnTimerElapsed(item.Slot, item.Generation);
            }
            else if (item.Kind == ItemKind.Work)
            {
                ((Action)item.Target).Invoke();
                item.Completion!.TrySetResult(true);
            }
            else
            {
                var handled = ((IStateMachine<TEvent>)item.Target).Fire(item.Event);
                item.Completion?.TrySetResult(handled);
            }
        }
        catch (Exception exception)
        {
            activity?.SetStatus(ActivityStatusCode.Error, exception.Message);
            if (item.Completion is { } completion)
            {
                completion.TrySetException(exception);
            }
            else
            {
                Interlocked.Increment(ref _faults);
                try
                {
                    _options.OnError?.Invoke(exception, item.Target);
                }
                catch
                {
                    // The handler's own failure must not stop the loop either.
                }
            }
        }
        finally
        {
            t_delivering = null;
            Interlocked.Increment(ref _delivered);
            if (item.Kind == ItemKind.Event) _space?.Release();
        }
    }

    private static Activity? StartActivity(in Item item)
    {
        var activity = FsmTelemetry.Source.StartActivity("TcpFsmGen.Deliver");
        if (activity is null || item.Kind == ItemKind.Work) return activity;
        activity.SetTag("machine", (item.Target is IPayloadDelivery delivery ? delivery.Machine : item.Target).GetType().Name);
        if (item.Kind == ItemKind.Timer) activity.SetTag("timer", item.Slot);
        else activity.SetTag("event", item.Event.ToString());
        return activity;
    }

    private void Discard(in Item item)
    {
        item.Completion?.TrySetCanceled();
        if (item.Kind == ItemKind.Event) _space?.Release();
    }

    private enum ItemKind : byte
    {
        Event,
        Timer,
        Work,
        Tick,
    }

    private readonly struct Item
    {
        public Item(object target, TEvent e, int slot, int generation, TaskCompletionSource<bool>? completion, ItemKind kind = ItemKind.Event)
        {
            Target = target;
            Event = e;
            Slot = slot;
            Generation = generation;
            Completion = completion;
            Kind = kind;
        }

        public object Target { get; }
        public TEvent Event { get; }
        public int Slot { get; }
        public int Generation { get; }
        public TaskCompletionSource<bool>? Completion { get; }
        public ItemKind Kind { get; }
    }

    /// <summary>The timers of the inner service, with expiries redirected through the loop.</summary>
    private sealed class LoopTimerService : TimerService
    {
        private readonly EventLoop<TEvent> _loop;
        private readonly TimerService _inner;

        public LoopTimerService(EventLoop<TEvent> loop, TimerService inner)
        {
            _loop = loop;
            _inner = inner;
        }

        public override TimeProvider TimeProvider => _inner.TimeProvider;

        // Expiries are queued and delivered on the loop, like the events posted to it.
        public override bool CallsBackOnOtherThreads => false;

        public override TimerSlot CreateSlot(ITimerTarget target, int slot)
        {
            if (target is null) throw new ArgumentNullException(nameof(target));
            return _inner.CreateSlot(new Forwarder(_loop, target), slot);
        }

        private sealed class Forwarder : ITimerTarget
        {
            private readonly EventLoop<TEvent> _loop;
            private readonly ITimerTarget _target;

            public Forwarder(EventLoop<TEvent> loop, ITimerTarget target)
            {
                _loop = loop;
                _target = target;
            }

            public void OnTimerElapsed(int slot, int generation) => _loop.PostExpiry(_target, slot, generation);
        }
    }
}
