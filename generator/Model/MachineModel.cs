using TcpFsmGen.Generator.Helpers;

namespace TcpFsmGen.Generator.Model;

/// <summary>
/// One machine as declared, before any name is resolved: what both front ends (the <c>.fsm</c> text
/// and attributes) produce and what the analysis and the emitter consume. Every field is a
/// value, so two parses of the same text are equal and the incremental pipeline can cache.
/// </summary>
/// <param name="SourceName">The file name shown in generated comments (<c>door.fsm</c>).</param>
/// <param name="Namespace">The namespace, or empty for the global namespace.</param>
/// <param name="ClassName">The class name; null when the header is missing or malformed.</param>
/// <param name="HeaderSpan">The header's name (or the first token when the header is broken).</param>
/// <param name="ClassNameSpan">The class name's token, the last part of the header's name.</param>
/// <param name="States">Every state in source order (pre-order), nested ones included.</param>
internal sealed record MachineModel(
    string SourceName,
    string Namespace,
    string? ClassName,
    bool IsInternal,
    SourceSpan HeaderSpan,
    SourceSpan ClassNameSpan,
    EquatableArray<Name> NamespaceParts,
    EquatableArray<Name> Events,
    EquatableArray<TimerModel> Timers,
    EquatableArray<Name> Initials,
    EquatableArray<StateModel> States)
{
    public string FullName => Namespace.Length == 0 ? ClassName ?? "" : Namespace + "." + ClassName;

    /// <summary>Which front end read the machine: advice is phrased in that front end's own syntax.</summary>
    public FrontEnd FrontEnd { get; init; }

    /// <summary>
    /// For a machine declared with attributes: the user's own enums, which the generated API uses instead
    /// of generating <c>State</c> and <c>Event</c>. Null for a <c>.fsm</c> machine.
    /// </summary>
    public UserEnums? UserEnums { get; init; }

    /// <summary>The payload of every event that declares one (<c>events Segment(Segment seg);</c>), in source order.</summary>
    public EquatableArray<PayloadModel> Payloads { get; init; } = EquatableArray<PayloadModel>.Empty;
}

/// <summary>An event's payload: <c>Segment(Segment seg)</c>.</summary>
/// <param name="Event">The event's name.</param>
/// <param name="Type">The C# type as written, with canonical spacing (<c>Dictionary&lt;string, int&gt;</c>).</param>
/// <param name="TypeSpan">The type's tokens.</param>
/// <param name="Parameter">The parameter's name, which guards and actions write as their argument.</param>
internal sealed record PayloadModel(Name Event, string Type, SourceSpan TypeSpan, Name Parameter);

/// <summary>A <c>history;</c> or <c>history deep;</c> line.</summary>
/// <param name="Keyword">The <c>history</c> keyword's span.</param>
internal sealed record HistoryModel(SourceSpan Keyword, bool Deep);

/// <summary>Where a machine was declared.</summary>
internal enum FrontEnd
{
    /// <summary>A <c>.fsm</c> file.</summary>
    Fsm,
    /// <summary><c>[StateMachine]</c> and its companion attributes on a partial class.</summary>
    Attributes,
}

/// <summary>The user's state and event enums, as fully qualified C# type names (<c>global::Demo.DoorState</c>).</summary>
internal sealed record UserEnums(string StateType, string EventType);

/// <summary>A declared timer: <c>timer AutoClose = 30s;</c>.</summary>
/// <param name="DurationMs">The default duration in milliseconds, or null when none was given.</param>
internal sealed record TimerModel(Name Name, long? DurationMs);

/// <summary>A state; <paramref name="Parent"/> is the index of its parent in <see cref="MachineModel.States"/>, or -1.</summary>
/// <param name="Initials">The composite's <c>initial</c> lines (normally one).</param>
internal sealed record StateModel(
    Name Name,
    int Parent,
    bool IsFinal,
    EquatableArray<Name> Initials,
    EquatableArray<Name> EntryActions,
    EquatableArray<Name> ExitActions,
    EquatableArray<TransitionModel> Transitions,
    EquatableArray<Name> Ignores)
{
    /// <summary>The events named by <c>defer</c> lines, in source order.</summary>
    public EquatableArray<Name> Defers { get; init; } = EquatableArray<Name>.Empty;

    /// <summary>Every <c>history</c> line of the state (more than one is an error).</summary>
    public EquatableArray<HistoryModel> Histories { get; init; } = EquatableArray<HistoryModel>.Empty;
}

/// <summary>What triggers a transition.</summary>
internal enum TriggerKind
{
    /// <summary><c>on Event</c>.</summary>
    Event,
    /// <summary><c>after TimerName</c>.</summary>
    Timer,
    /// <summary><c>after 30s</c>.</summary>
    Duration,
}

/// <summary>An <c>on</c>, <c>after</c> or <c>every</c> line.</summary>
/// <param name="Trigger">The event, the timer, or the duration literal as written.</param>
/// <param name="DurationMs">For <see cref="TriggerKind.Duration"/>: the literal in milliseconds (null if malformed).</param>
/// <param name="Target">The target state, or null for an internal transition.</param>
/// <param name="Line">Zero-based line of the keyword, for the comments in generated code.</param>
internal sealed record TransitionModel(
    TriggerKind Kind,
    Name Trigger,
    long? DurationMs,
    GuardModel? Guard,
    Name? Target,
    EquatableArray<ActionModel> Actions,
    int Line)
{
    /// <summary>An <c>every</c> line: a periodic internal timer.</summary>
    public bool Periodic { get; init; }

    /// <summary>The target of an <c>every</c> line that has one, which is an error (TFSM0014); otherwise null.</summary>
    public Name? StrayTarget { get; init; }

    public bool IsTimer => Kind != TriggerKind.Event;
}

/// <summary>An action of a transition: <c>Log</c> or <c>Log(seg)</c>.</summary>
/// <param name="Argument">The argument, which must be the event's parameter name, or null.</param>
internal sealed record ActionModel(Name Name, Name? Argument)
{
    public override string ToString() => Argument is { } a ? $"{Name.Text}({a.Text})" : Name.Text;
}

/// <summary><c>[G]</c>, <c>[!G]</c>, <c>[G(seg)]</c> or <c>[!G(seg)]</c>.</summary>
/// <param name="Argument">The argument, which must be the event's parameter name, or null.</param>
internal sealed record GuardModel(Name Name, bool Negated, Name? Argument = null)
{
    /// <summary>The guard as it reads in a comment or a diagnostic; <c>[G]</c> and <c>[!G]</c> differ.</summary>
    public override string ToString() => (Negated ? "!" : "") + Name.Text + (Argument is { } a ? $"({a.Text})" : "");
}
