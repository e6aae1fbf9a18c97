using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using TcpFsmGen.Generator.Analysis;
using TcpFsmGen.Generator.Parsing;
using TcpFsmGen.Generator.Pipeline;

namespace TcpFsmGen.Generator;

/// <summary>The <c>.fsm</c> files of a project or of a command line, read through the one pipeline.</summary>
internal static class FsmFiles
{
    public static bool IsFsm(string path) => path.EndsWith(".fsm", StringComparison.OrdinalIgnoreCase);

    /// <summary>One file on its own: its model and its own diagnostics (nothing that spans files, nothing about C#).</summary>
    public static AnalyzedMachine Analyze(string path, string text, CancellationToken cancellationToken)
        => MachineAnalysis.Run(FsmParser.Parse(path, text, cancellationToken), cancellationToken);

    /// <summary>
    /// Files compiled together (one <c>fsm check</c> run), by path: every diagnostic the build reports for them
    /// that can be known without the project's C#, which the command line does not see.
    /// </summary>
    public static Dictionary<string, MachineResult> AnalyzeAll(IEnumerable<(string Path, string Text)> files, CancellationToken cancellationToken)
    {
        var parsed = files.Select(f => FsmParser.Parse(f.Path, f.Text, cancellationToken)).ToList();
        var results = MachinePipeline.RunAll(parsed, userClasses: null, cancellationToken);
        var byPath = new Dictionary<string, MachineResult>(StringComparer.Ordinal);
        for (var i = 0; i < parsed.Count; i++) byPath[parsed[i].Machine.HeaderSpan.FilePath] = results[i];
        return byPath;
    }
}
