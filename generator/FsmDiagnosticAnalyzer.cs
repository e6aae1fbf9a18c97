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
                foreach (var info in machine.Diagnostics.Concat(UnimplementedGuards(start.Compilation, machine)))
                {
                    var severity = SeverityOptions.For(options, info.Id);
                    if (severity == ReportDiagnostic.Suppress) continue;
                    file.ReportDiagnostic(info.ToDiagnostic(SeverityOptions.ToSeverity(severity)));
                }
            });
        });
    }

    /// <summary>
    /// TFSM0203 for a .fsm machine: a guard whose generated declaration (<c>private partial bool G();</c>)
    /// the user's half of the class does not implement. Reported at the guard in the .fsm file, where the
    /// name is, besides the compiler's own CS8795 in the generated file.
    /// </summary>
    private static IEnumerable<DiagnosticInfo> UnimplementedGuards(Compilation compilation, AnalyzedMachine machine)
    {
        if (!machine.CanEmit || compilation.GetTypeByMetadataName(machine.Machine.FullName) is not { } type) yield break;
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var guard in Model.MethodNames.Of(machine.Machine).Where(m => m.IsGuard))
        {
            if (!seen.Add(guard.Name.Text)) continue;
            var declaration = type.GetMembers(guard.Name.Text).OfType<IMethodSymbol>()
                .FirstOrDefault(m => m.Parameters.Length == 0 && m.IsPartialDefinition);
            if (declaration is null || declaration.PartialImplementationPart is not null) continue;
            yield return DiagnosticInfo.Create(DiagnosticDescriptors.MethodNotFound, guard.Name.Span,
                $"Guard '{guard.Name.Text}' has no implementation; add 'private partial bool {guard.Name.Text}()' with a body to class '{type.Name}'");
        }
    }
}
