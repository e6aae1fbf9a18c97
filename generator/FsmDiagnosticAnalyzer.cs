using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using TcpFsmGen.Generator.Analysis;
using TcpFsmGen.Generator.Diagnostics;

namespace TcpFsmGen.Generator;

/// <summary>
/// Reports every TFSM diagnostic of the project's <c>.fsm</c> files. Analyzers, not generators, report
/// diagnostics: the IDE runs them live on additional files, so errors appear while the user edits.
/// It shares the parser and the analysis with <see cref="FsmGenerator"/>, which only generates.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class FsmDiagnosticAnalyzer : DiagnosticAnalyzer
{
    /// <inheritdoc />
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = DiagnosticDescriptors.All.ToImmutableArray();

    /// <inheritdoc />
    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.RegisterCompilationStartAction(start =>
        {
            var files = start.Options.AdditionalFiles.Where(f => FsmFiles.IsFsm(f.Path)).ToImmutableArray();
            if (files.IsEmpty) return;
            // Every file is needed for the one check that spans files (two machines, one class), so all are read once.
            var machines = new Lazy<Dictionary<string, AnalyzedMachine>>(
                () => FsmFiles.AnalyzeAll(files, start.CancellationToken), LazyThreadSafetyMode.ExecutionAndPublication);
            start.RegisterAdditionalFileAction(file =>
            {
                if (!machines.Value.TryGetValue(file.AdditionalFile.Path, out var machine)) return;
                var options = file.Options.AnalyzerConfigOptionsProvider.GetOptions(file.AdditionalFile);
                foreach (var info in machine.Diagnostics)
                {
                    var severity = SeverityOptions.For(options, info.Id);
                    if (severity == ReportDiagnostic.Suppress) continue;
                    file.ReportDiagnostic(info.ToDiagnostic(SeverityOptions.ToSeverity(severity)));
                }
            });
        });
    }
}
