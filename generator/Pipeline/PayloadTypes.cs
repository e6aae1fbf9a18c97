using System.Collections.Generic;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using TcpFsmGen.Generator.Diagnostics;
using TcpFsmGen.Generator.Helpers;
using TcpFsmGen.Generator.Model;

namespace TcpFsmGen.Generator.Pipeline;

/// <summary>
/// TFSM0016 for what only the compilation knows: a payload type that names no type in the machine's namespace, and
/// two payload types that are one type written two ways (they would give two identical <c>Fire</c> overloads). The
/// types are bound as the generated class's namespace binds them, global usings included, in a copy of the
/// compilation with one probe declaration added; nothing of the compilation leaves this class.
/// </summary>
internal static class PayloadTypes
{
    private static readonly SymbolDisplayFormat s_format = SymbolDisplayFormat.FullyQualifiedFormat
        .AddMiscellaneousOptions(SymbolDisplayMiscellaneousOptions.IncludeNullableReferenceTypeModifier);

    public static EquatableArray<DiagnosticInfo> Check(MachineModel model, Compilation? compilation, CancellationToken cancellationToken)
    {
        if (compilation is null || model.Payloads.Count == 0 || compilation is not CSharpCompilation csharp) return EquatableArray<DiagnosticInfo>.Empty;
        // The attribute front end reads payload types from typeof and reports them itself.
        if (model.FrontEnd == FrontEnd.Attributes) return EquatableArray<DiagnosticInfo>.Empty;
        // A namespace the generated class cannot be declared in is TFSM0007's; binding in it would only add noise.
        if (!Analysis.InvalidNames.CanDeclareClass(model)) return EquatableArray<DiagnosticInfo>.Empty;
        var types = model.Payloads.Select(p => p.Type).Distinct().ToList();
        var fields = string.Join(" ", types.Select((t, i) => $"{t} __p{i};"));
        var probe = model.Namespace.Length == 0
            ? $"class __TcpFsmGenPayloadProbe {{ {fields} }}"
            : $"namespace {model.Namespace} {{ class __TcpFsmGenPayloadProbe {{ {fields} }} }}";
        var options = compilation.SyntaxTrees.FirstOrDefault()?.Options as CSharpParseOptions ?? CSharpParseOptions.Default;
        var tree = CSharpSyntaxTree.ParseText(probe, options, cancellationToken: cancellationToken);
        var semanticModel = csharp.AddSyntaxTrees(tree).GetSemanticModel(tree);
        var resolved = new Dictionary<string, string?>(System.StringComparer.Ordinal);
        var declarations = tree.GetRoot(cancellationToken).DescendantNodes().OfType<FieldDeclarationSyntax>().ToList();
        for (var i = 0; i < declarations.Count && i < types.Count; i++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var type = semanticModel.GetTypeInfo(declarations[i].Declaration.Type, cancellationToken).Type;
            resolved[types[i]] = type is null || type.TypeKind == TypeKind.Error ? null : type.ToDisplayString(s_format);
        }

        var found = new List<DiagnosticInfo>();
        var firstOfType = new Dictionary<string, PayloadModel>(System.StringComparer.Ordinal);
        var where = model.Namespace.Length == 0 ? "the global namespace" : $"namespace '{model.Namespace}'";
        foreach (var payload in model.Payloads)
        {
            if (!resolved.TryGetValue(payload.Type, out var full)) continue;
            if (full is null)
            {
                found.Add(DiagnosticInfo.Create(DiagnosticDescriptors.BadPayloadType, payload.TypeSpan,
                    $"Event '{payload.Event.Text}' cannot carry a '{payload.Type}': no such type is visible in {where}, where the generated class is declared; add a global using, or qualify the type"));
                continue;
            }
            if (firstOfType.TryGetValue(full, out var first) && first.Type != payload.Type)
            {
                found.Add(DiagnosticInfo.Create(DiagnosticDescriptors.BadPayloadType, payload.TypeSpan,
                    $"Event '{payload.Event.Text}' carries '{payload.Type}', which is the type event '{first.Event.Text}' writes as '{first.Type}'; write one type one way, so the machine has one Fire for it"));
                continue;
            }
            if (!firstOfType.ContainsKey(full)) firstOfType.Add(full, payload);
        }
        return found.ToEquatableArray();
    }
}
