using System;
using System.Collections.Generic;
using System.Linq;
using TcpFsmGen.Generator.Diagnostics;
using TcpFsmGen.Generator.Helpers;
using TcpFsmGen.Generator.Model;

namespace TcpFsmGen.Generator.Analysis;

/// <summary>A machine's full class name and where its header is, for the one check that spans files.</summary>
internal sealed record MachineName(string FullName, SourceSpan Header);

/// <summary>
/// TFSM0004 across files: two <c>.fsm</c> files that declare one class. The file whose path sorts
/// first keeps the name; each other one gets the error at its header and emits nothing.
/// </summary>
internal static class DuplicateMachines
{
    public static AnalyzedMachine Check(AnalyzedMachine machine, EquatableArray<MachineName> allMachines)
    {
        var model = machine.Machine;
        if (model.ClassName is null) return machine;
        var first = allMachines
            .Where(m => m.FullName == model.FullName)
            .OrderBy(m => m.Header.FilePath, StringComparer.Ordinal)
            .ThenBy(m => m.Header.Start)
            .First();
        if (first.Header == model.HeaderSpan) return machine;
        var duplicate = DiagnosticInfo.Create(DiagnosticDescriptors.Duplicate, model.HeaderSpan,
            "Machine", model.FullName, $" in {first.Header.FilePath}");
        return machine with { Diagnostics = machine.Diagnostics.Concat(new[] { duplicate }).ToEquatableArray() };
    }

    public static EquatableArray<MachineName> Names(IEnumerable<AnalyzedMachine> machines)
        => machines
            .Where(m => m.Machine.ClassName is not null)
            .Select(m => new MachineName(m.Machine.FullName, m.Machine.HeaderSpan))
            .ToEquatableArray();
}
