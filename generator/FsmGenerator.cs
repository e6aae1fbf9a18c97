using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using TcpFsmGen.Generator.Analysis;
using TcpFsmGen.Generator.Attributes;
using TcpFsmGen.Generator.Emit;
using TcpFsmGen.Generator.Helpers;
using TcpFsmGen.Generator.Parsing;
using TcpFsmGen.Generator.Pipeline;
using TcpFsmGen.Generator.UserCode;

namespace TcpFsmGen.Generator;

/// <summary>
/// The incremental pipeline. Two front ends, the <c>.fsm</c> files and the classes that carry
/// <c>[StateMachine]</c>, each read a machine into the same <see cref="ParsedMachine"/>; from there every
/// machine goes the same way: analysed on its own, indexed with the others, completed against the user's
/// half of its class (which makes the one emit decision), then emitted and reported. Each step's output is
/// an equatable value, so an edit that does not touch a machine regenerates nothing.
/// </summary>
[Generator(LanguageNames.CSharp)]
public sealed class FsmGenerator : IIncrementalGenerator
{
    /// <inheritdoc />
    public void Initialize(IncrementalGeneratorInitializationContext context)
    {
        // 1. The front ends.
        var fsmFiles = context.AdditionalTextsProvider.Where(static file => FsmFiles.IsFsm(file.Path));
        var fromFsm = fsmFiles
            .Select(static (file, cancellationToken) =>
                FsmParser.Parse(file.Path, file.GetText(cancellationToken)?.ToString() ?? "", cancellationToken))
            .WithTrackingName(TrackingNames.Parse);
        var fromAttributes = context.SyntaxProvider
            .ForAttributeWithMetadataName(
                AttributeMachineReader.StateMachineAttribute,
                static (node, _) => node is TypeDeclarationSyntax,
                static (syntax, cancellationToken) => AttributeMachineReader.Read((INamedTypeSymbol)syntax.TargetSymbol, cancellationToken))
            .WithTrackingName(TrackingNames.ReadAttributes);

        // 2. One stream of machines, each analysed on its own.
        var analyzed = fromFsm.Collect()
            .Combine(fromAttributes.Collect())
            // One class with [StateMachine] on two of its declarations is read twice, the same: once is enough.
            .SelectMany(static (both, _) => both.Left.AddRange(both.Right).Distinct())
            .Select(static (parsed, cancellationToken) => MachineAnalysis.Run(parsed, cancellationToken))
            .WithTrackingName(TrackingNames.Analyze);

        // 3. What spans machines: which one owns a class name, and each one's file name.
        var keys = analyzed.Collect()
            .Select(static (all, _) => MachineIndex.Keys(all))
            .WithTrackingName(TrackingNames.ClassNames);

        // 4. The user's half of each class, read once per declaration.
        var userClasses = context.SyntaxProvider
            .CreateSyntaxProvider(
                static (node, _) => UserClassReader.IsCandidate(node),
                static (syntax, cancellationToken) => UserClassReader.ReadPart((ClassDeclarationSyntax)syntax.Node, syntax.SemanticModel, cancellationToken))
            .Collect()
            .Select(static (parts, _) => UserClass.Merge(parts).ToEquatableArray())
            .WithTrackingName(TrackingNames.UserClasses);

        // 5. Each machine completed: every diagnostic, and the one emit decision.
        // Payload types need the compilation, which changes with every edit; the check's result is a value, so what
        // follows it stays cached while the result does not change.
        var typed = analyzed
            .Combine(context.CompilationProvider)
            .Select(static (input, cancellationToken) => (Machine: input.Left, PayloadTypes: PayloadTypes.Check(input.Left.Machine, input.Right, cancellationToken)))
            .WithTrackingName(TrackingNames.PayloadTypes);

        var results = typed
            .Combine(keys)
            .Combine(userClasses)
            .Select(static (input, _) => MachinePipeline.Complete(input.Left.Left.Machine, input.Left.Right, input.Right, input.Left.Left.PayloadTypes))
            .WithTrackingName(TrackingNames.Machines);

        // 6. One emitter.
        var sources = results
            .Select(static (result, _) => result.Emit)
            .Where(static request => request is not null)
            .Select(static (request, cancellationToken) => Emitter.Emit(request!, cancellationToken))
            .WithTrackingName(TrackingNames.Emit);
        context.RegisterSourceOutput(sources, static (spc, source) => spc.AddSource(source.HintName, source.Text));

        // 7. Reporting: here for a build, by FsmDiagnosticAnalyzer in an IDE (see DiagnosticReporter). It needs the
        //    compilation's trees, which change with every edit, so it is an implementation output: IDEs do not run
        //    those, and it never holds up the generated sources, which stay cached.
        var severities = fsmFiles
            .Combine(context.AnalyzerConfigOptionsProvider)
            .Select(static (pair, _) => FileSeverities.Read(pair.Left.Path, pair.Right.GetOptions(pair.Left)))
            .Collect();
        var orphans = context.SyntaxProvider
            .CreateSyntaxProvider(
                static (node, _) => AttributeMachineReader.MayCarryAttributes(node),
                static (syntax, cancellationToken) => syntax.SemanticModel.GetDeclaredSymbol(syntax.Node, cancellationToken) is INamedTypeSymbol type
                    ? AttributeMachineReader.OrphanCompanion(type, cancellationToken)
                    : null)
            .Where(static diagnostic => diagnostic is not null)
            .Collect();
        var diagnostics = results
            .Select(static (result, _) => result.Diagnostics)
            .Collect()
            .Combine(orphans)
            .Combine(severities)
            .Combine(context.AnalyzerConfigOptionsProvider.Select(static (options, _) =>
                (DesignTime: DiagnosticReporter.IsDesignTime(options.GlobalOptions), HelpBase: DiagnosticReporter.HelpBase(options.GlobalOptions))))
            .Combine(context.CompilationProvider);
        context.RegisterImplementationSourceOutput(diagnostics, static (spc, input) =>
        {
            var ((((perMachine, orphanDiagnostics), fileSeverities), reporting), compilation) = input;
            if (reporting.DesignTime) return;
            var all = perMachine.SelectMany(d => d).Concat(orphanDiagnostics!).ToList();
            if (all.Count == 0) return;
            var trees = compilation.SyntaxTrees.GroupBy(t => t.FilePath, System.StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First(), System.StringComparer.Ordinal);
            DiagnosticReporter.Report(all!,
                path => trees.TryGetValue(path, out var tree) ? tree : null,
                path => fileSeverities.FirstOrDefault(s => s.Path == path),
                reporting.HelpBase,
                spc.ReportDiagnostic);
        });
    }
}
