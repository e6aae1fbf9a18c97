using System;
using System.Collections.Generic;
using System.Linq;
using TcpFsmGen.Generator.Model;

namespace TcpFsmGen.Cli.Lsp.Analysis;

/// <summary>What a name in a <c>.fsm</c> file names.</summary>
internal enum SymbolKind
{
    Namespace,
    Machine,
    State,
    Event,
    Timer,
    Guard,
    Action,
}

/// <summary>How a name is used where it occurs.</summary>
internal enum Usage
{
    /// <summary>Declared here: <c>state X</c>, <c>events X</c>, <c>timer X</c>, the header.</summary>
    Declaration,
    /// <summary>The machine's <c>initial X;</c>.</summary>
    MachineInitial,
    /// <summary>A composite state's <c>initial X;</c>.</summary>
    StateInitial,
    /// <summary><c>-&gt; X</c>.</summary>
    Target,
    /// <summary><c>on X</c> or <c>after X</c>.</summary>
    Trigger,
    /// <summary><c>ignore X</c>.</summary>
    Ignore,
    /// <summary><c>[X]</c> or <c>[!X]</c>.</summary>
    Guard,
    /// <summary><c>entry / X</c>.</summary>
    Entry,
    /// <summary><c>exit / X</c>.</summary>
    Exit,
    /// <summary><c>/ X</c> on an <c>on</c> or <c>after</c> line.</summary>
    TransitionAction,
}

/// <summary>One name in the text: what it names, how it is used, and in which state (-1: at the top level).</summary>
/// <param name="Transition">The <c>on</c> or <c>after</c> line it is part of, if any.</param>
internal sealed record Occurrence(SymbolKind Kind, string Name, int Start, int Length, Usage Usage, int State, TransitionModel? Transition)
{
    public int End => Start + Length;

    public bool IsDeclaration => Usage == Usage.Declaration;
}

/// <summary>
/// Every name of a machine with its place, read off the generator's model (whose names carry the spans of their
/// tokens): what hover, definition, references, rename and the semantic tokens look up.
/// </summary>
internal sealed class SymbolIndex
{
    private readonly Occurrence[] _occurrences;

    public SymbolIndex(MachineModel model)
    {
        var list = new List<Occurrence>();
        void Add(SymbolKind kind, Name name, Usage usage, int state, TransitionModel? transition = null)
        {
            if (name.Text is null || name.Span.FilePath is null) return;
            list.Add(new Occurrence(kind, name.Text, name.Span.Start, name.Span.Length, usage, state, transition));
        }

        foreach (var part in model.NamespaceParts) Add(SymbolKind.Namespace, part, Usage.Declaration, -1);
        if (model.ClassName is not null) Add(SymbolKind.Machine, new Name(model.ClassName, model.ClassNameSpan), Usage.Declaration, -1);
        foreach (var e in model.Events) Add(SymbolKind.Event, e, Usage.Declaration, -1);
        foreach (var t in model.Timers) Add(SymbolKind.Timer, t.Name, Usage.Declaration, -1);
        foreach (var initial in model.Initials) Add(SymbolKind.State, initial, Usage.MachineInitial, -1);
        for (var s = 0; s < model.States.Count; s++)
        {
            var state = model.States[s];
            Add(SymbolKind.State, state.Name, Usage.Declaration, s);
            foreach (var initial in state.Initials) Add(SymbolKind.State, initial, Usage.StateInitial, s);
            foreach (var action in state.EntryActions) Add(SymbolKind.Action, action, Usage.Entry, s);
            foreach (var action in state.ExitActions) Add(SymbolKind.Action, action, Usage.Exit, s);
            foreach (var transition in state.Transitions)
            {
                if (transition.Kind == TriggerKind.Event) Add(SymbolKind.Event, transition.Trigger, Usage.Trigger, s, transition);
                else if (transition.Kind == TriggerKind.Timer) Add(SymbolKind.Timer, transition.Trigger, Usage.Trigger, s, transition);
                if (transition.Guard is { } guard) Add(SymbolKind.Guard, guard.Name, Usage.Guard, s, transition);
                if (transition.Target is { } target) Add(SymbolKind.State, target, Usage.Target, s, transition);
                foreach (var action in transition.Actions) Add(SymbolKind.Action, action.Name, Usage.TransitionAction, s, transition);
            }
            foreach (var ignored in state.Ignores) Add(SymbolKind.Event, ignored, Usage.Ignore, s);
            // A deferred event is used as an ignored one is: by name, in a state's member list.
            foreach (var deferred in state.Defers) Add(SymbolKind.Event, deferred, Usage.Ignore, s);
        }
        _occurrences = list.OrderBy(o => o.Start).ToArray();
        Model = model;
    }

    public MachineModel Model { get; }

    /// <summary>Every name, in text order.</summary>
    public IReadOnlyList<Occurrence> All => _occurrences;

    /// <summary>The name at <paramref name="offset"/>, or just before it (a caret right after a name is on it).</summary>
    public Occurrence? At(int offset)
    {
        int lo = 0, hi = _occurrences.Length - 1, found = -1;
        while (lo <= hi)
        {
            var mid = (lo + hi) / 2;
            if (_occurrences[mid].Start <= offset) { found = mid; lo = mid + 1; }
            else hi = mid - 1;
        }
        if (found < 0) return null;
        var occurrence = _occurrences[found];
        return offset <= occurrence.End ? occurrence : null;
    }

    /// <summary>The name that starts exactly at <paramref name="offset"/>.</summary>
    public Occurrence? StartingAt(int offset)
    {
        var occurrence = At(offset);
        return occurrence is not null && occurrence.Start == offset ? occurrence : null;
    }

    /// <summary>Every occurrence of the symbol <paramref name="kind"/> <paramref name="name"/>, in text order.</summary>
    public IEnumerable<Occurrence> Of(SymbolKind kind, string name)
        => _occurrences.Where(o => o.Kind == kind && string.Equals(o.Name, name, StringComparison.Ordinal));

    /// <summary>The first declaration of the symbol, or null when it is not declared.</summary>
    public Occurrence? Declaration(SymbolKind kind, string name) => Of(kind, name).FirstOrDefault(o => o.IsDeclaration);

    /// <summary>
    /// The distinct names of one kind in text order: the declared ones for states, events and timers; every one used
    /// for guards and actions, which the class declares, not the file.
    /// </summary>
    public IEnumerable<string> Names(SymbolKind kind)
        => _occurrences
            .Where(o => o.Kind == kind && (o.IsDeclaration || kind is SymbolKind.Guard or SymbolKind.Action))
            .Select(o => o.Name)
            .Distinct(StringComparer.Ordinal);
}
