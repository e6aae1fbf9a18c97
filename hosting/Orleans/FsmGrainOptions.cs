using System;
namespace TcpFsmGen.Orleans;

/// <summary>When an <see cref="FsmGrain{TMachine, TEvent}"/> writes its state.</summary>
public enum FsmPersistence
{
    /// <summary>
    /// After every call and every timer expiry that changed the machine, before the call returns: a caller whose call
    /// returned knows that every transition it caused is stored. The default.
    /// </summary>
    EveryCall,

    /// <summary>
    /// At most once per <see cref="FsmGrainOptions.BatchInterval"/>, and when the grain deactivates: fewer writes, but a
    /// silo that dies loses what was not written yet.
    /// </summary>
    Batched,
}

/// <summary>How an <see cref="FsmGrain{TMachine, TEvent}"/> persists its machine and backs its timers.</summary>
public sealed record FsmGrainOptions
{
    /// <summary>The options a grain has unless it overrides <c>Options</c>.</summary>
    public static FsmGrainOptions Default { get; } = new();

    /// <summary>When the state is written. <see cref="FsmPersistence.EveryCall"/> unless set.</summary>
    public FsmPersistence Persistence { get; init; } = FsmPersistence.EveryCall;

    /// <summary>With <see cref="FsmPersistence.Batched"/>, how often a changed state is written. 5 seconds unless set.</summary>
    public TimeSpan BatchInterval { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// A timer armed for at least this long is backed by a reminder as well as by a grain timer, so that it fires even if
    /// the grain is no longer active when it is due. 1 minute unless set; <see cref="TimeSpan.Zero"/> backs every timer
    /// by a reminder. See <c>docs/orleans.md</c> for the rule.
    /// </summary>
    public TimeSpan ReminderThreshold { get; init; } = TimeSpan.FromMinutes(1);

    /// <summary>
    /// The period of the reminders: after a silo dies, the silo that takes a reminder over delivers it at its next
    /// period boundary, so an expiry can come up to this much late. Not below the silo's
    /// <c>ReminderOptions.MinimumReminderPeriod</c> (1 minute by default). 1 minute unless set.
    /// </summary>
    public TimeSpan ReminderPeriod { get; init; } = TimeSpan.FromMinutes(1);
}
