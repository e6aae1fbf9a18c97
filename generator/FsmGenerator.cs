using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using TcpFsmGen.Generator.Helpers;
using TcpFsmGen.Generator.UserCode;
using TcpFsmGen.Generator.Analysis;
using TcpFsmGen.Generator.Attributes;
using TcpFsmGen.Generator.Emit;
using TcpFsmGen.Generator.Parsing;

namespace TcpFsmGen.Generator;

/// <summary>
/// The incremental pipeline: every additional file ending in <c>.fsm</c> is parsed into a model,
/// analysed, and emitted as a partial class (only its outline, when the machine has errors). Classes
/// carrying <c>[StateMachine]</c> are read into the same model, analysed and emitted the same way. Each
/// step's output is an equatable value, so an edit that does not touch a machine regenerates nothing.
/// The diagnostics found on the way are reported by <see cref="FsmDiagnosticAnalyzer"/>, not here,
/// so that each is reported once and the IDE shows them while the user edits.
/// </summary>
[Generator(LanguageNames.CSharp)]
public sealed class FsmGenerator : IIncrementalGenerator
{
    /// <inheritdoc />
    public void Initialize(IncrementalGeneratorInitializationContext context)
    {
        var analyzed = context.AdditionalTextsProvider
            .Where(static file => FsmFiles.IsFsm(file.Path))
            .Select(static (file, cancellationToken) =>
                FsmParser.Parse(file.Path, file.GetText(cancellationToken)?.ToString() ?? "", cancellationToken))
            .WithTrackingName(TrackingNames.Parse)
            .Select(static (parsed, cancellationToken) => MachineAnalysis.Run(parsed.Machine, parsed.Diagnostics, cancellationToken))
            .WithTrackingName(TrackingNames.Analyze);

        var classNames = analyzed
            .Collect()
            .Select(static (all, _) => DuplicateMachines.Names(all))
            .WithTrackingName(TrackingNames.ClassNames);

        var machines = analyzed
            .Combine(classNames)
            .Select(static (pair, _) => DuplicateMachines.Check(pair.Left, pair.Right))
            .WithTrackingName(TrackingNames.Machines);

        var generated = machines
            .Where(static machine => machine.CanEmit)
            .Select(static (machine, cancellationToken) => MachineEmitter.Emit(machine.Machine, cancellationToken))
            .WithTrackingName(TrackingNames.Emit);
        context.RegisterSourceOutput(generated, static (spc, source) => spc.AddSource(source.HintName, source.Text));

        // Only the outline of a broken machine needs to know what the user's half implements.
        var userMethods = context.SyntaxProvider
            .CreateSyntaxProvider(
                static (node, _) => node is MethodDeclarationSyntax method && UserPartialMethod.IsCandidate(method),
                static (syntax, _) => UserPartialMethod.From((MethodDeclarationSyntax)syntax.Node))
            .Collect()
            .Select(static (all, _) => all.ToEquatableArray())
            .WithTrackingName(TrackingNames.UserMethods);

        var outlines = machines
            .Where(static machine => !machine.CanEmit && OutlineEmitter.CanEmit(machine))
            .Combine(userMethods)
            .Select(static (pair, _) => OutlineEmitter.Emit(pair.Left.Machine, pair.Right))
            .WithTrackingName(TrackingNames.Outline);
        context.RegisterSourceOutput(outlines, static (spc, source) => spc.AddSource(source.HintName, source.Text));

        // The attribute front end: the same model, analysis and emitters.
        var attributed = context.SyntaxProvider
            .ForAttributeWithMetadataName(
                AttributeMachineReader.StateMachineAttribute,
                static (node, _) => node is TypeDeclarationSyntax,
                static (syntax, cancellationToken) => AttributeMachineReader.Read((INamedTypeSymbol)syntax.TargetSymbol, cancellationToken))
            .WithTrackingName(TrackingNames.ReadAttributes);

        var attributeSources = attributed
            .Where(static machine => machine.Emission != AttributeEmission.Nothing)
            .Combine(classNames)
            // A class that a .fsm file also declares is the .fsm's (the analyzer reports TFSM0004 on the attribute).
            .Where(static pair => !pair.Right.Any(m => m.FullName == pair.Left.Analyzed.Machine.FullName))
            .Select(static (pair, cancellationToken) => pair.Left.Emission == AttributeEmission.Machine
                ? MachineEmitter.Emit(pair.Left.Analyzed.Machine, cancellationToken)
                : OutlineEmitter.Emit(pair.Left.Analyzed.Machine))
            .WithTrackingName(TrackingNames.EmitAttributes);
        context.RegisterSourceOutput(attributeSources, static (spc, source) => spc.AddSource(source.HintName, source.Text));
    }
}
