using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using TcpFsmGen.Generator.Attributes;
using TcpFsmGen.Generator.Diagnostics;
using TcpFsmGen.Generator.Model;
using TcpFsmGen.Generator.Parsing;

namespace TcpFsmGen.Generator.UserCode;

/// <summary>
/// TFSM0209: <c>Current</c> is always a leaf, so comparing it with a composite state (<c>==</c>, <c>!=</c>,
/// <c>is</c>, or a <c>case</c> of a <c>switch</c>) is always false, or always true. The warning is at the
/// comparison; <c>IsIn(X)</c> is what was meant (the code fix in <c>TcpFsmGen.CodeFixes</c> writes it). Which states
/// are composites comes from the machine's own model, read by the same front ends as the generator's.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class CompositeComparisonAnalyzer : DiagnosticAnalyzer
{
    /// <summary>The property the generated class exposes.</summary>
    private const string CurrentProperty = GeneratedNames.Current;

    /// <inheritdoc />
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } =
        ImmutableArray.Create(DiagnosticDescriptors.CurrentComparedWithComposite);

    /// <inheritdoc />
    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.RegisterCompilationStartAction(start =>
        {
            // The composites of every .fsm machine, by class, read once; attribute machines are read when first met.
            var fsm = new Lazy<Dictionary<string, HashSet<string>>>(() => start.Options.AdditionalFiles
                .Where(f => FsmFiles.IsFsm(f.Path))
                .Select(f => FsmParser.Parse(f.Path, f.GetText(start.CancellationToken)?.ToString() ?? "", start.CancellationToken).Machine)
                .Where(m => m.ClassName is not null)
                .GroupBy(m => m.FullName, StringComparer.Ordinal)
                .ToDictionary(g => g.Key, g => Composites(g.First()), StringComparer.Ordinal), LazyThreadSafetyMode.ExecutionAndPublication);
            var attributeMachines = new ConcurrentDictionary<INamedTypeSymbol, HashSet<string>>(SymbolEqualityComparer.Default);

            HashSet<string>? CompositesOf(INamedTypeSymbol type, CancellationToken cancellationToken)
            {
                if (fsm.Value.TryGetValue(FullName(type), out var fromFsm)) return fromFsm;
                if (!type.GetAttributes().Any(AttributeMachineReader.IsStateMachine)) return null;
                return attributeMachines.GetOrAdd(type, t => Composites(AttributeMachineReader.Read(t, cancellationToken).Machine));
            }

            start.RegisterOperationAction(operation =>
            {
                foreach (var (current, state, at) in Comparisons(operation.Operation))
                {
                    if (CompositesOf(current.Property.ContainingType, operation.CancellationToken) is not { } composites || !composites.Contains(state.Name)) continue;
                    operation.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.CurrentComparedWithComposite, at.Syntax.GetLocation(),
                        state.Name, $"{state.ContainingType.Name}.{state.Name}"));
                }
            }, OperationKind.Binary, OperationKind.IsPattern, OperationKind.Switch, OperationKind.SwitchExpression);
        });
    }

    /// <summary>Each comparison of <c>Current</c> with an enum member in <paramref name="operation"/>, with the node to report at.</summary>
    private static IEnumerable<(IPropertyReferenceOperation Current, IFieldSymbol State, IOperation At)> Comparisons(IOperation operation)
    {
        switch (operation)
        {
            case IBinaryOperation { OperatorKind: BinaryOperatorKind.Equals or BinaryOperatorKind.NotEquals } binary:
                if (CurrentOf(binary.LeftOperand) is { } left && MemberOf(binary.RightOperand) is { } right) yield return (left, right, binary);
                else if (CurrentOf(binary.RightOperand) is { } right2 && MemberOf(binary.LeftOperand) is { } left2) yield return (right2, left2, binary);
                break;
            case IIsPatternOperation isPattern when CurrentOf(isPattern.Value) is { } current:
                if (ConstantOf(isPattern.Pattern) is { } tested) yield return (current, tested, isPattern);
                break;
            case ISwitchOperation switchStatement when CurrentOf(switchStatement.Value) is { } current:
                foreach (var clause in switchStatement.Cases.SelectMany(c => c.Clauses))
                {
                    var label = clause switch
                    {
                        ISingleValueCaseClauseOperation single => MemberOf(single.Value),
                        IPatternCaseClauseOperation pattern => ConstantOf(pattern.Pattern),
                        _ => null,
                    };
                    if (label is not null) yield return (current, label, clause);
                }
                break;
            case ISwitchExpressionOperation switchExpression when CurrentOf(switchExpression.Value) is { } current:
                foreach (var arm in switchExpression.Arms)
                {
                    if (ConstantOf(arm.Pattern) is { } armMember) yield return (current, armMember, arm.Pattern);
                }
                break;
        }
    }

    private static IPropertyReferenceOperation? CurrentOf(IOperation? operation)
        => Unwrap(operation) is IPropertyReferenceOperation { Property.Name: CurrentProperty } property ? property : null;

    private static IFieldSymbol? MemberOf(IOperation? operation)
        => Unwrap(operation) is IFieldReferenceOperation { Field: { IsConst: true, ContainingType.TypeKind: TypeKind.Enum } field } ? field : null;

    /// <summary>The enum member of a constant pattern, also under <c>not</c>.</summary>
    private static IFieldSymbol? ConstantOf(IPatternOperation pattern) => pattern switch
    {
        IConstantPatternOperation constant => MemberOf(constant.Value),
        INegatedPatternOperation negated => ConstantOf(negated.Pattern),
        _ => null,
    };

    private static IOperation? Unwrap(IOperation? operation)
    {
        while (operation is IConversionOperation conversion) operation = conversion.Operand;
        return operation;
    }

    private static string FullName(INamedTypeSymbol type)
        => type.ContainingNamespace is { IsGlobalNamespace: false } ns ? ns.ToDisplayString() + "." + type.Name : type.Name;

    /// <summary>The states of a model that have substates.</summary>
    private static HashSet<string> Composites(MachineModel model)
        => new(model.States.Where(s => s.Parent >= 0).Select(s => model.States[s.Parent].Name.Text), StringComparer.Ordinal);
}
