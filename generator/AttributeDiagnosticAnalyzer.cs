using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using TcpFsmGen.Generator.Attributes;
using TcpFsmGen.Generator.Diagnostics;
using TcpFsmGen.Generator.Parsing;

namespace TcpFsmGen.Generator;

/// <summary>
/// Reports every diagnostic of the machines declared with <c>[StateMachine]</c>, at the attribute argument
/// that causes it, while the user types. It reads the class with the same <see cref="AttributeMachineReader"/>
/// as <see cref="FsmGenerator"/>, and the reader runs the same analysis as for a <c>.fsm</c> file.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class AttributeDiagnosticAnalyzer : DiagnosticAnalyzer
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
            var attribute = start.Compilation.GetTypeByMetadataName(AttributeMachineReader.StateMachineAttribute);
            if (attribute is null) return;
            var trees = start.Compilation.SyntaxTrees.GroupBy(t => t.FilePath, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
            // The one check that spans front ends: a class declared by a .fsm file and by attributes.
            var fsmMachines = new Lazy<Dictionary<string, string>>(() => start.Options.AdditionalFiles
                .Where(f => FsmFiles.IsFsm(f.Path))
                .Select(f => FsmParser.Parse(f.Path, f.GetText(start.CancellationToken)?.ToString() ?? "", start.CancellationToken).Machine)
                .Where(m => m.ClassName is not null)
                .GroupBy(m => m.FullName, StringComparer.Ordinal)
                .ToDictionary(g => g.Key, g => g.First().HeaderSpan.FilePath, StringComparer.Ordinal), LazyThreadSafetyMode.ExecutionAndPublication);

            start.RegisterSymbolAction(symbol =>
            {
                var type = (INamedTypeSymbol)symbol.Symbol;
                var attributes = type.GetAttributes();
                if (!attributes.Any(a => SymbolEqualityComparer.Default.Equals(a.AttributeClass, attribute)))
                {
                    // A companion attribute without [StateMachine] would silently do nothing.
                    if (attributes.FirstOrDefault(AttributeMachineReader.IsOurs) is { ApplicationSyntaxReference: { } orphan } first)
                    {
                        var name = first.AttributeClass!.Name;
                        name = name.EndsWith("Attribute", StringComparison.Ordinal) ? name.Substring(0, name.Length - "Attribute".Length) : name;
                        symbol.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.InvalidAttribute,
                            ((Microsoft.CodeAnalysis.CSharp.Syntax.AttributeSyntax)orphan.GetSyntax(symbol.CancellationToken)).Name.GetLocation(),
                            $"[{name}] has no effect without [StateMachine] on class '{type.Name}'; add [StateMachine(typeof(States), typeof(Events))]"));
                    }
                    return;
                }
                var machine = AttributeMachineReader.Read(type, symbol.CancellationToken).Analyzed;
                var diagnostics = machine.Diagnostics.AsEnumerable();
                if (fsmMachines.Value.TryGetValue(machine.Machine.FullName, out var fsmFile))
                {
                    diagnostics = diagnostics.Append(DiagnosticInfo.Create(DiagnosticDescriptors.Duplicate, machine.Machine.HeaderSpan,
                        "Machine", machine.Machine.FullName, $" in {fsmFile}"));
                }
                foreach (var info in diagnostics)
                {
                    if (trees.TryGetValue(info.Span.FilePath, out var tree)) symbol.ReportDiagnostic(info.ToDiagnostic(tree));
                }
            }, SymbolKind.NamedType);
        });
    }
}
