using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using TcpFsmGen.Generator.Analysis;
using TcpFsmGen.Generator.Parsing;

namespace TcpFsmGen.Generator;

/// <summary>How both the generator and the analyzer pick and read <c>.fsm</c> files.</summary>
internal static class FsmFiles
{
    public static bool IsFsm(string path) => path.EndsWith(".fsm", StringComparison.OrdinalIgnoreCase);

    public static AnalyzedMachine Analyze(string path, string text, CancellationToken cancellationToken)
    {
        var parsed = FsmParser.Parse(path, text, cancellationToken);
        return MachineAnalysis.Run(parsed.Machine, parsed.Diagnostics, cancellationToken);
    }

    public static Dictionary<string, AnalyzedMachine> AnalyzeAll(IEnumerable<AdditionalText> files, CancellationToken cancellationToken)
        => AnalyzeAll(files
            .GroupBy(f => f.Path, StringComparer.Ordinal)
            .Select(g => (g.Key, g.First().GetText(cancellationToken)?.ToString() ?? "")), cancellationToken);

    /// <summary>
    /// Analyses a set of files that are compiled together (one project, or one <c>fsm check</c> run):
    /// each alone, and then the one check that spans files (two machines with one class name).
    /// </summary>
    public static Dictionary<string, AnalyzedMachine> AnalyzeAll(IEnumerable<(string Path, string Text)> files, CancellationToken cancellationToken)
    {
        var analyzed = files.Select(f => Analyze(f.Path, f.Text, cancellationToken)).ToList();
        var names = DuplicateMachines.Names(analyzed);
        return analyzed.ToDictionary(m => m.Machine.HeaderSpan.FilePath, m => DuplicateMachines.Check(m, names), StringComparer.Ordinal);
    }
}
