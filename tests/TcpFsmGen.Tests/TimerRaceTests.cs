using System;
using System.Collections.Concurrent;
using System.Diagnostics;
using System.Threading;
using TcpFsmGen.Runtime;
using TcpFsmGen.Tests.Infrastructure;
using Xunit;

namespace TcpFsmGen.Tests;

/// <summary>
/// A machine whose timer expiries come on another thread (a <see cref="TimeProviderTimerService"/> on a manual clock that a
/// second thread advances), fired at the same time from the test's thread. Each interleaving is forced with handshakes, not
/// timing: an action on one thread lets the other thread call into the machine, then waits until that thread is seen blocked
/// at the machine's lock (its <see cref="System.Threading.ThreadState.WaitSleepJoin"/>, after it said it was calling in), or
/// until it came back out or ran an action beside this one, which are the races: with the machine's <c>__busy</c> flag alone
/// (no lock), a call from the other thread is queued on a queue that is not thread-safe and returns at once, a <c>Fire</c>
/// before its own event was handled; in a narrower window, both threads pass the flag and run two transitions at once.
/// Each interleaving runs a thousand rounds.
/// </summary>
public class TimerRaceTests
{
    private const string Fsm = """
        machine T.Race;
        events Work, Leave, Back, Again;
        timer Tick = 1s;
        initial Idle;
        state Idle { on Back -> Armed; ignore Work, Leave, Again; }
        state Armed {
          entry / EnterArmed;
          exit / ExitArmed;
          on Work / DoWork;
          on Leave -> Idle / DoLeave;
          on Again -> Armed / DoAgain;
          after Tick -> Fired / Expire;
          ignore Back;
        }
        state Fired {
          entry / EnterFired;
          on Work / DoWork;
          on Back -> Armed;
          ignore Leave, Again;
        }
        """;

    private const int Rounds = 1_000;

    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(30);

    private static readonly Lazy<Type> s_type = new(() => LiveMachine.CompileType(Fsm, "race.fsm"));

    [Fact]
    public void AnExpiryArrivingWhileFireRunsWaitsForItThenRuns()
    {
        using var race = new Race();
        for (var round = 0; round < Rounds; round++) race.AnExpiryArrivesWhileFireRuns(round);
    }

    [Fact]
    public void FireArrivingWhileAnExpiryRunsWaitsForItThenRuns()
    {
        using var race = new Race();
        for (var round = 0; round < Rounds; round++) race.FireArrivesWhileAnExpiryRuns(round);
    }

    [Fact]
    public void AnExpiryWaitingWhileItsTimerIsCancelledNeverFires()
    {
        using var race = new Race();
        for (var round = 0; round < Rounds; round++) race.ATimerCancelledWhileItsExpiryWaitsNeverFires(round);
    }

    [Fact]
    public void AnExpiryWaitingWhileItsTimerIsRearmedNeverFiresAndTheNewArmingDoes()
    {
        using var race = new Race();
        for (var round = 0; round < Rounds; round++) race.ATimerRearmedWhileItsExpiryWaitsFiresOnlyOnce(round);
    }

    /// <summary>One machine, the thread that plays the timer's, and what both of them did.</summary>
    private sealed class Race : IDisposable
    {
        private readonly Caller _test = new();
        private readonly Caller _timer = new();
        private readonly TimerThread _timerThread = new();
        private readonly ConcurrentQueue<string> _notes = new();
        private readonly ManualResetEventSlim _goFire = new();
        private readonly ManualResetEventSlim _onItsWay = new();
        private readonly ManualResetEventSlim _deliver = new();
        private int _inside;
        private int _overlaps;
        private volatile Action<string>? _onNote;
        private volatile bool _hold;
        private string? _outcome;

        public Race()
        {
            Machine = LiveMachine.New(s_type.Value);
            Machine.Instance.GetType().GetProperty("TimerService")!.SetValue(Machine.Instance, new Relay(new TimeProviderTimerService(Machine.Clock), this));
            Machine.OnLog = Note;
            _timer.Thread = _timerThread.Thread;
            Machine.Fire("Back");
        }

        public LiveMachine Machine { get; }

        /// <summary>The test's thread fires Work; in its action, the timer elapses on the other thread.</summary>
        public void AnExpiryArrivesWhileFireRuns(int round)
        {
            Begin(name =>
            {
                if (name != "DoWork") return;
                _timerThread.Run(Elapse);
                _outcome = AwaitBlocked(_timer);
            });
            Assert.True(Machine.Fire("Work"));
            _timerThread.Wait();
            End(round, "an expiry while Fire runs", "Fired", "DoWork@test", "ExitArmed@timer", "Expire@timer", "EnterFired@timer", "Armed->Fired@timer");
            Machine.Fire("Back");
        }

        /// <summary>The timer elapses on the other thread; in its transition's action, the test's thread fires Work.</summary>
        public void FireArrivesWhileAnExpiryRuns(int round)
        {
            Begin(name =>
            {
                if (name != "Expire") return;
                _goFire.Set();
                _outcome = AwaitBlocked(_test);
            });
            _timerThread.Run(Elapse);
            Assert.True(_goFire.Wait(Bound), "the expiry's action did not run");
            _test.Phase = Caller.Calling;
            var handled = Machine.Fire("Work");
            _test.Phase = Caller.Returned;
            _timerThread.Wait();
            Assert.True(handled);
            End(round, "Fire while an expiry runs", "Fired", "ExitArmed@timer", "Expire@timer", "EnterFired@timer", "Armed->Fired@timer", "DoWork@test");
            Machine.Fire("Back");
        }

        /// <summary>An expiry taken from its timer waits to be delivered; meanwhile Leave cancels the timer, and the expiry is dropped.</summary>
        public void ATimerCancelledWhileItsExpiryWaitsNeverFires(int round)
        {
            Begin(name =>
            {
                if (name != "DoLeave") return;
                _deliver.Set();
                _outcome = AwaitBlocked(_timer);
            });
            _hold = true;
            _timerThread.Run(Elapse);
            Assert.True(_onItsWay.Wait(Bound), "the expiry did not leave its timer");
            Assert.True(Machine.Fire("Leave"));
            _timerThread.Wait();
            End(round, "a cancelled timer's expiry", "Idle", "ExitArmed@test", "DoLeave@test", "Armed->Idle@test");
            Machine.Fire("Back");
        }

        /// <summary>As above, but Again re-enters Armed, re-arming the timer: the old expiry is dropped, and the new arming fires a second later.</summary>
        public void ATimerRearmedWhileItsExpiryWaitsFiresOnlyOnce(int round)
        {
            Begin(name =>
            {
                if (name != "DoAgain") return;
                _deliver.Set();
                _outcome = AwaitBlocked(_timer);
            });
            _hold = true;
            _timerThread.Run(Elapse);
            Assert.True(_onItsWay.Wait(Bound), "the expiry did not leave its timer");
            Assert.True(Machine.Fire("Again"));
            _timerThread.Wait();
            End(round, "a re-armed timer's old expiry", "Armed", "ExitArmed@test", "DoAgain@test", "EnterArmed@test", "Armed->Armed@test");
            _notes.Clear();
            Machine.Advance(TimeSpan.FromSeconds(1));
            Assert.Equal(new[] { "ExitArmed@test", "Expire@test", "EnterFired@test", "Armed->Fired@test" }, _notes.ToArray());
            Machine.Fire("Back");
        }

        private void Begin(Action<string> onNote)
        {
            _notes.Clear();
            _goFire.Reset();
            _onItsWay.Reset();
            _deliver.Reset();
            _hold = false;
            _outcome = null;
            _test.Thread = Thread.CurrentThread;
            _test.Phase = Caller.Idle;
            _timer.Phase = Caller.Idle;
            _onNote = onNote;
        }

        private void End(int round, string what, string state, params string[] notes)
        {
            _onNote = null;
            var where = $"round {round}, {what}";
            Assert.True(_outcome == "blocked", $"{where}: the other thread {_outcome ?? "never called in"}");
            Assert.True(Volatile.Read(ref _overlaps) == 0, $"{where}: two actions ran at once");
            Assert.Equal(notes, _notes.ToArray());
            Assert.Equal(state, Machine.Current);
        }

        /// <summary>Moves the clock to the timer's due time, on the timer's thread, whose callback delivers the expiry there.</summary>
        private void Elapse() => Machine.Clock.Advance(TimeSpan.FromSeconds(1));

        /// <summary>Every action and transition of the machine: counts the ones that overlap, then runs the round's own step.</summary>
        private void Note(string name)
        {
            if (Interlocked.Increment(ref _inside) != 1) Interlocked.Increment(ref _overlaps);
            try
            {
                _notes.Enqueue(name + (Thread.CurrentThread == _timer.Thread ? "@timer" : "@test"));
                _onNote?.Invoke(name);
            }
            finally
            {
                Interlocked.Decrement(ref _inside);
            }
        }

        /// <summary>
        /// Called in an action, after letting <paramref name="other"/> call into the machine: waits until it is blocked there
        /// (what must happen), or has come back out, or has run an action beside this one (both races). The bound only turns
        /// a hang into a failure.
        /// </summary>
        private string AwaitBlocked(Caller other)
        {
            var spinner = new SpinWait();
            var clock = Stopwatch.StartNew();
            while (true)
            {
                if (Volatile.Read(ref _inside) > 1) return "ran an action beside this one";
                var phase = other.Phase;
                if (phase == Caller.Returned) return "came back out while a transition ran on another thread";
                if (phase == Caller.Calling && (other.Thread!.ThreadState & System.Threading.ThreadState.WaitSleepJoin) != 0) return "blocked";
                if (clock.Elapsed > Bound) return "neither blocked nor came back within " + Bound;
                spinner.SpinOnce(sleep1Threshold: -1);
            }
        }

        public void Dispose() => _timerThread.Dispose();

        /// <summary>The service the machine sees: the real one, with each expiry marked just before it enters the machine.</summary>
        private sealed class Relay : TimerService
        {
            private readonly TimerService _inner;
            private readonly Race _race;

            public Relay(TimerService inner, Race race)
            {
                _inner = inner;
                _race = race;
            }

            public override TimeProvider TimeProvider => _inner.TimeProvider;

            public override TimerSlot CreateSlot(ITimerTarget target, int slot) => _inner.CreateSlot(new Forwarder(target, _race), slot);

            private sealed class Forwarder : ITimerTarget
            {
                private readonly ITimerTarget _machine;
                private readonly Race _race;

                public Forwarder(ITimerTarget machine, Race race)
                {
                    _machine = machine;
                    _race = race;
                }

                public void OnTimerElapsed(int slot, int generation)
                {
                    if (_race._hold)
                    {
                        // Taken from its timer, with its generation, and not yet delivered: as a wheel's tick holds it.
                        _race._onItsWay.Set();
                        if (!_race._deliver.Wait(Bound)) throw new TimeoutException("the test never let the expiry go on");
                    }
                    _race._timer.Phase = Caller.Calling;
                    _machine.OnTimerElapsed(slot, generation);
                    _race._timer.Phase = Caller.Returned;
                }
            }
        }
    }

    /// <summary>A thread about to call into the machine, or back from it.</summary>
    private sealed class Caller
    {
        public const int Idle = 0;
        public const int Calling = 1;
        public const int Returned = 2;

        private int _phase;

        public Thread? Thread { get; set; }

        public int Phase
        {
            get => Volatile.Read(ref _phase);
            set => Volatile.Write(ref _phase, value);
        }
    }

    /// <summary>One long-lived thread that runs one job at a time for the test, standing for a timer's thread.</summary>
    private sealed class TimerThread : IDisposable
    {
        private readonly BlockingCollection<Action> _jobs = new();
        private readonly SemaphoreSlim _done = new(0);
        private Exception? _failure;

        public TimerThread()
        {
            Thread = new Thread(Loop) { IsBackground = true, Name = "timer" };
            Thread.Start();
        }

        public Thread Thread { get; }

        public void Run(Action job) => _jobs.Add(job);

        /// <summary>Waits for the job to finish, and rethrows what it threw.</summary>
        public void Wait()
        {
            Assert.True(_done.Wait(Bound), "the timer's thread did not finish its job");
            if (Interlocked.Exchange(ref _failure, null) is { } failure) throw new InvalidOperationException("The timer's thread failed.", failure);
        }

        private void Loop()
        {
            foreach (var job in _jobs.GetConsumingEnumerable())
            {
                try
                {
                    job();
                }
                catch (Exception e)
                {
                    _failure = e;
                }
                _done.Release();
            }
        }

        public void Dispose()
        {
            _jobs.CompleteAdding();
            Thread.Join(Bound);
        }
    }
}
