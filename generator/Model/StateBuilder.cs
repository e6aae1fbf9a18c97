using System.Collections.Generic;
using TcpFsmGen.Generator.Helpers;

namespace TcpFsmGen.Generator.Model;

/// <summary>
/// One state while a front end reads it: both the <c>.fsm</c> parser and the attribute reader fill these
/// lists as they meet the state's members, and <see cref="Build"/> freezes them into a <see cref="StateModel"/>.
/// </summary>
internal sealed class StateBuilder
{
    public StateBuilder(Name name, bool isFinal = false)
    {
        Name = name;
        IsFinal = isFinal;
    }

    /// <summary>The state's name; the attribute reader moves it to the state's own declaration once it is known.</summary>
    public Name Name { get; set; }

    public bool IsFinal { get; set; }

    public List<Name> Initials { get; } = new();

    public List<Name> Entry { get; } = new();

    public List<Name> Exit { get; } = new();

    public List<TransitionModel> Transitions { get; } = new();

    public List<Name> Ignores { get; } = new();

    public List<Name> Defers { get; } = new();

    public List<HistoryModel> Histories { get; } = new();

    /// <param name="parent">The index of the parent in <see cref="MachineModel.States"/>, or -1.</param>
    public StateModel Build(int parent) => new(
        Name, parent, IsFinal, Initials.ToEquatableArray(), Entry.ToEquatableArray(), Exit.ToEquatableArray(),
        Transitions.ToEquatableArray(), Ignores.ToEquatableArray())
    {
        Defers = Defers.ToEquatableArray(),
        Histories = Histories.ToEquatableArray(),
    };
}
