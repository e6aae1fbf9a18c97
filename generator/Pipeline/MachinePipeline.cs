using Microsoft.CodeAnalysis;
using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using TcpFsmGen.Generator.Analysis;
using TcpFsmGen.Generator.Diagnostics;
using TcpFsmGen.Generator.Helpers;
using TcpFsmGen.Generator.Model;
using TcpFsmGen.Generator.UserCode;

namespace TcpFsmGen.Generator.Pipeline;

/// <summary>
/// The steps after the front ends, the same for both: each machine is analysed on its own
/// (<see cref="MachineAnalysis"/>); the machines are indexed together (<see cref="MachineIndex"/>); then each
/// one is completed against the index and the user's half of its class, which makes its one emit decision.
/// <see cref="FsmGenerator"/> runs these steps incrementally; <see cref="RunAll"/> runs them in one go for the
/// analyzer and the command line, so every caller reports the same diagnostics.
/// </summary>
internal static class MachinePipeline
{
    /// <summary>
    /// The last step for one machine. <paramref name="userClasses"/> is the project's classes for a <c>.fsm</c>
    /// machine, or null when the C# is not known (the command line sees only <c>.fsm</c> files): then the
    /// user's half is not checked.
    /// </summary>
    /// <param name="payloadTypes">What <see cref="PayloadTypes.Check"/> found (empty where no compilation is at hand, as in <c>fsm check</c>).</param>
    public static MachineResult Complete(AnalyzedMachine machine, EquatableArray<MachineKey> keys, EquatableArray<UserClass>? userClasses,
        EquatableArray<DiagnosticInfo> payloadTypes = default)
    {
        var model = machine.Machine;
        var diagnostics = new List<DiagnosticInfo>(machine.Diagnostics);
        diagnostics.AddRange(payloadTypes);
        var owner = MachineIndex.EarlierOwner(model, keys);
        if (owner is not null) diagnostics.Add(MachineIndex.Duplicate(model, owner));
        var clash = owner is null ? MachineIndex.NamespaceClash(model, keys) : null;
        if (clash is not null) diagnostics.Add(MachineIndex.Duplicate(model, clash, asNamespace: true));
        var emittable = owner is null && clash is null && machine.Parsed.ClassUsable && InvalidNames.CanDeclareClass(model);

        UserCodeResult? user = null;
        if (emittable)
        {
            var userClass = machine.Parsed.UserClass
                            ?? (userClasses is { } classes ? classes.FirstOrDefault(c => c.FullName == model.FullName) : null);
            if (machine.Parsed.UserClass is not null || userClasses is not null) user = UserCodeCheck.Check(model, userClass, machine.Parsed.RecoveredNames);
            if (user is not null) diagnostics.AddRange(user.Diagnostics);
        }

        var sorted = diagnostics
            .OrderBy(d => d.Span.FilePath, StringComparer.Ordinal)
            .ThenBy(d => d.Span.Start)
            .ThenBy(d => d.Id, StringComparer.Ordinal)
            .ToEquatableArray();
        if (!emittable) return new MachineResult(sorted, null);

        var kind = sorted.Any(d => d.IsError) ? EmitKind.Outline : EmitKind.Machine;
        var request = new EmitRequest(
            model,
            kind,
            MachineIndex.HintName(model, keys),
            user?.DeclaredByUser ?? EquatableArray<string>.Empty,
            (kind == EmitKind.Machine ? user?.Definitions : user?.OutlineDefinitions) ?? EquatableArray<string>.Empty);
        return new MachineResult(sorted, request);
    }

    /// <summary>
    /// Every step over a whole set of machines at once: what the analyzer and <c>fsm check</c> use. The
    /// results are in the order of <paramref name="machines"/>.
    /// </summary>
    /// <param name="compilation">The compilation the machines belong to, for the payload types; null where there is none.</param>
    public static IReadOnlyList<MachineResult> RunAll(IEnumerable<ParsedMachine> machines, IEnumerable<UserClass>? userClasses, CancellationToken cancellationToken,
        Compilation? compilation = null)
    {
        var analyzed = machines.Select(m => MachineAnalysis.Run(m, cancellationToken)).ToList();
        var keys = MachineIndex.Keys(analyzed);
        var classes = userClasses is null ? (EquatableArray<UserClass>?)null : UserClass.Merge(userClasses).ToEquatableArray();
        return analyzed.Select(m => Complete(m, keys, classes, PayloadTypes.Check(m.Machine, compilation, cancellationToken))).ToList();
    }
}
