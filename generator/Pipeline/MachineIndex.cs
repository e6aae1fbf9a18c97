using System;
using System.Collections.Generic;
using System.Linq;
using TcpFsmGen.Generator.Analysis;
using TcpFsmGen.Generator.Diagnostics;
using TcpFsmGen.Generator.Helpers;
using TcpFsmGen.Generator.Model;

namespace TcpFsmGen.Generator.Pipeline;

/// <summary>One machine's class, as the checks across machines see it.</summary>
/// <param name="FullName">The class's full name.</param>
/// <param name="Header">Where the machine names its class: the <c>.fsm</c> header, or <c>[StateMachine]</c>.</param>
internal sealed record MachineKey(string FullName, SourceSpan Header, FrontEnd FrontEnd);

/// <summary>
/// What spans machines: every machine of the project, from both front ends, by class. It decides which of two
/// machines with one class keeps it (TFSM0004 for the other), and gives each machine a file name that no other
/// one has, ignoring case (the compiler compares generated file names that way).
/// </summary>
internal static class MachineIndex
{
    public static EquatableArray<MachineKey> Keys(IEnumerable<AnalyzedMachine> machines)
        => machines
            .Where(m => m.Machine.ClassName is not null)
            .Select(m => new MachineKey(m.Machine.FullName, m.Machine.HeaderSpan, m.Machine.FrontEnd))
            .Distinct()
            .OrderBy(k => k.FrontEnd)
            .ThenBy(k => k.Header.FilePath, StringComparer.Ordinal)
            .ThenBy(k => k.Header.Start)
            .ToEquatableArray();

    /// <summary>The machine that declares <paramref name="model"/>'s class first (a <c>.fsm</c> file before attributes, then by path), or null when it is this one.</summary>
    public static MachineKey? EarlierOwner(MachineModel model, EquatableArray<MachineKey> keys)
    {
        if (model.ClassName is null) return null;
        var first = keys.FirstOrDefault(k => k.FullName == model.FullName);
        return first is null || (first.Header == model.HeaderSpan && first.FrontEnd == model.FrontEnd) ? null : first;
    }

    /// <summary>A machine whose namespace is, or lies inside, <paramref name="model"/>'s class: C# cannot have a class and a namespace of one name.</summary>
    public static MachineKey? NamespaceClash(MachineModel model, EquatableArray<MachineKey> keys)
        => model.ClassName is null ? null : keys.FirstOrDefault(k => k.FullName.StartsWith(model.FullName + ".", StringComparison.Ordinal));

    /// <summary>TFSM0004 at the header of a machine whose class an earlier machine declares, or that another machine uses as its namespace.</summary>
    public static DiagnosticInfo Duplicate(MachineModel model, MachineKey owner, bool asNamespace = false)
        => DiagnosticInfo.Create(DiagnosticDescriptors.Duplicate, model.HeaderSpan, "Machine", model.FullName,
            asNamespace ? $" as a namespace, by machine '{owner.FullName}' in {owner.Header.FilePath}" : $" in {owner.Header.FilePath}");

    /// <summary>
    /// <c>Namespace.Class.g.cs</c>; a class whose name only differs in case from an earlier machine's gets a
    /// number as well, since hint names must differ whatever their case.
    /// </summary>
    public static string HintName(MachineModel model, EquatableArray<MachineKey> keys)
    {
        var sameIgnoringCase = keys
            .Where(k => string.Equals(k.FullName, model.FullName, StringComparison.OrdinalIgnoreCase))
            .Select(k => k.FullName)
            .Distinct(StringComparer.Ordinal)
            .ToList();
        var index = sameIgnoringCase.IndexOf(model.FullName);
        return index <= 0 ? model.FullName + ".g.cs" : $"{model.FullName}.{index + 1}.g.cs";
    }
}
