using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using TcpFsmGen.Generator.Attributes;
using TcpFsmGen.Generator.Diagnostics;
using TcpFsmGen.Generator.Parsing;
using TcpFsmGen.Generator.Pipeline;
using TcpFsmGen.Generator.UserCode;

namespace TcpFsmGen.Generator;

/// <summary>
/// Reports every TFSM diagnostic live in an IDE, on the <c>.fsm</c> files and the C# files alike. It reads
/// the project with the same front ends and runs the same <see cref="MachinePipeline"/> as
/// <see cref="FsmGenerator"/>, so it reports exactly what a build reports. It reports only in an IDE's
/// design-time build: a command-line build gets them from the generator, which the compiler never skips
/// (see <see cref="DiagnosticReporter"/>).
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
            var global = start.Options.AnalyzerConfigOptionsProvider.GlobalOptions;
            if (!DiagnosticReporter.IsDesignTime(global)) return;
            var helpBase = DiagnosticReporter.HelpBase(global);
            var fsmFiles = start.Options.AdditionalFiles.Where(f => FsmFiles.IsFsm(f.Path)).ToImmutableArray();
            var hasAttributes = start.Compilation.GetTypeByMetadataName(AttributeMachineReader.StateMachineAttribute) is not null;
            if (fsmFiles.IsEmpty && !hasAttributes) return;

            // Everything at once, when first asked: the checks across machines need every machine.
            var byFile = new Lazy<ILookup<string, DiagnosticInfo>>(
                () => Run(start.Compilation, fsmFiles, start.CancellationToken).ToLookup(d => d.Span.FilePath, StringComparer.Ordinal),
                LazyThreadSafetyMode.ExecutionAndPublication);

            start.RegisterAdditionalFileAction(file =>
            {
                var options = file.Options.AnalyzerConfigOptionsProvider.GetOptions(file.AdditionalFile);
                var severities = FileSeverities.Read(file.AdditionalFile.Path, options);
                DiagnosticReporter.Report(byFile.Value[file.AdditionalFile.Path], _ => null, _ => severities, helpBase, file.ReportDiagnostic);
            });
            start.RegisterSyntaxTreeAction(tree =>
            {
                if (!byFile.Value.Contains(tree.Tree.FilePath)) return;
                DiagnosticReporter.Report(byFile.Value[tree.Tree.FilePath], _ => tree.Tree, _ => null, helpBase, tree.ReportDiagnostic);
            });
        });
    }

    /// <summary>The generator's steps over the whole compilation: the same front ends on the same inputs, then <see cref="MachinePipeline.RunAll"/>.</summary>
    // The checks across machines need every machine and every class before any file's diagnostics are known, so
    // this reads the compilation's trees itself, once per compilation, rather than tree by tree as Roslyn calls back.
#pragma warning disable RS1030 // Do not invoke Compilation.GetSemanticModel() method within a diagnostic analyzer
    private static IEnumerable<DiagnosticInfo> Run(Compilation compilation, ImmutableArray<AdditionalText> fsmFiles, CancellationToken cancellationToken)
    {
        var machines = fsmFiles
            .GroupBy(f => f.Path, StringComparer.Ordinal)
            .Select(g => FsmParser.Parse(g.Key, g.First().GetText(cancellationToken)?.ToString() ?? "", cancellationToken))
            .ToList();
        var userClasses = new List<UserClass>();
        var orphans = new List<DiagnosticInfo>();
        var attributed = new HashSet<ISymbol>(SymbolEqualityComparer.Default);
        foreach (var tree in compilation.SyntaxTrees)
        {
            cancellationToken.ThrowIfCancellationRequested();
            // The generator's output is not part of its input.
            if (Emit.ClassFrame.IsGenerated(tree, cancellationToken)) continue;
            SemanticModel? semanticModel = null;
            foreach (var node in tree.GetRoot(cancellationToken).DescendantNodes(n => n is CompilationUnitSyntax or BaseNamespaceDeclarationSyntax or TypeDeclarationSyntax))
            {
                if (UserClassReader.IsCandidate(node))
                {
                    semanticModel ??= compilation.GetSemanticModel(tree);
                    userClasses.Add(UserClassReader.ReadPart((ClassDeclarationSyntax)node, semanticModel, cancellationToken));
                }
                if (!AttributeMachineReader.MayCarryAttributes(node)) continue;
                semanticModel ??= compilation.GetSemanticModel(tree);
                if (semanticModel.GetDeclaredSymbol(node, cancellationToken) is not INamedTypeSymbol type) continue;
                if (type.GetAttributes().Any(a => AttributeMachineReader.IsStateMachine(a)
                                                  && a.ApplicationSyntaxReference?.SyntaxTree == tree
                                                  && node.Span.Contains(a.ApplicationSyntaxReference.Span)))
                {
                    if (attributed.Add(type)) machines.Add(AttributeMachineReader.Read(type, cancellationToken));
                }
                else if (AttributeMachineReader.OrphanCompanion(type, cancellationToken) is { } orphan)
                {
                    orphans.Add(orphan);
                }
            }
        }
        return MachinePipeline.RunAll(machines, userClasses, cancellationToken, compilation).SelectMany(r => r.Diagnostics).Concat(orphans);
    }
#pragma warning restore RS1030
}
