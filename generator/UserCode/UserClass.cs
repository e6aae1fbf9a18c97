using System.Collections.Generic;
using System.Linq;
using System.Text;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using TcpFsmGen.Generator.Helpers;
using TcpFsmGen.Generator.Model;

namespace TcpFsmGen.Generator.UserCode;

/// <summary>
/// One method of the user's half of a machine's class, as plain values: what the check against the
/// machine's guards and actions needs, and, for a partial implementation, the declaration that makes it
/// compile when the generated half does not declare it.
/// </summary>
/// <param name="Name">The method's name.</param>
/// <param name="Display">How it reads in a message: <c>private bool IsOpen(int x)</c>.</param>
/// <param name="Accessibility">The accessibility keywords as written (<c>private</c>, <c>protected internal</c>), or empty.</param>
/// <param name="ReturnType">The return type, fully qualified (<c>bool</c>, <c>void</c>, <c>global::System.String</c>).</param>
/// <param name="ParameterTypes">The parameters' types, fully qualified.</param>
/// <param name="IsPartial">Written with <c>partial</c>.</param>
/// <param name="HasBody">Has a body: for a partial method, the implementing declaration.</param>
/// <param name="IsPlain">Neither static, generic, virtual, abstract, override, sealed, extern nor async: an ordinary instance method.</param>
/// <param name="IsGeneric">Has type parameters.</param>
/// <param name="Definition">For a partial implementation: its defining declaration, or null where none can be written for it.</param>
/// <param name="Span">The name's span, where a diagnostic about the method points.</param>
/// <param name="IsInherited">Declared in a base class (the attribute form may call those).</param>
internal sealed record UserMethod(
    string Name,
    string Display,
    string Accessibility,
    string ReturnType,
    EquatableArray<string> ParameterTypes,
    bool IsPartial,
    bool HasBody,
    bool IsPlain,
    bool IsGeneric,
    string? Definition,
    SourceSpan Span,
    bool IsInherited = false)
{
    public bool IsPartialDefinition => IsPartial && !HasBody;

    public bool IsPartialImplementation => IsPartial && HasBody;
}

/// <summary>The user's half of one class: every method it declares, in source order.</summary>
/// <param name="FullName">The class's full name as the generator names it (<c>Demo.Doors.Door</c>; a generic class has its arity appended).</param>
internal sealed record UserClass(string FullName, EquatableArray<UserMethod> Methods)
{
    /// <summary>Joins the parts of a partial class found in several declarations.</summary>
    public static IEnumerable<UserClass> Merge(IEnumerable<UserClass> parts)
        => parts.GroupBy(p => p.FullName, System.StringComparer.Ordinal)
            .Select(g => g.Count() == 1 ? g.First() : new UserClass(g.Key, g.SelectMany(p => p.Methods).ToEquatableArray()));
}

/// <summary>Reads a class's methods into <see cref="UserMethod"/> values; no symbol or syntax node leaves it.</summary>
internal static class UserClassReader
{
    private static readonly SymbolDisplayFormat s_typeFormat = SymbolDisplayFormat.FullyQualifiedFormat
        .AddMiscellaneousOptions(SymbolDisplayMiscellaneousOptions.IncludeNullableReferenceTypeModifier);

    /// <summary>
    /// The syntax that can hold the user's half of a <c>.fsm</c> machine: a top-level partial class (the
    /// generated class is top-level, so no other declaration can be its other half).
    /// </summary>
    public static bool IsCandidate(SyntaxNode node)
        => node is ClassDeclarationSyntax { Parent: BaseNamespaceDeclarationSyntax or CompilationUnitSyntax } type
           && type.Modifiers.Any(SyntaxKind.PartialKeyword);

    /// <summary>The methods one declaration of a partial class holds (the other declarations are read on their own).</summary>
    public static UserClass ReadPart(ClassDeclarationSyntax type, SemanticModel semanticModel, CancellationToken cancellationToken)
    {
        var methods = new List<UserMethod>();
        foreach (var member in type.Members)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (member is MethodDeclarationSyntax syntax && semanticModel.GetDeclaredSymbol(syntax, cancellationToken) is { } method)
            {
                methods.Add(Read(method, syntax));
            }
        }
        return new UserClass(FullName(type), methods.ToEquatableArray());
    }

    /// <summary>Every ordinary method of <paramref name="type"/>, and the non-private ones of its base classes.</summary>
    public static UserClass ReadSymbol(INamedTypeSymbol type, string fullName, CancellationToken cancellationToken)
    {
        var methods = new List<UserMethod>();
        for (var t = type; t is not null && t.SpecialType != SpecialType.System_Object; t = t.BaseType)
        {
            foreach (var method in t.GetMembers().OfType<IMethodSymbol>())
            {
                cancellationToken.ThrowIfCancellationRequested();
                if (method.MethodKind != MethodKind.Ordinary || method.IsImplicitlyDeclared) continue;
                var inherited = !SymbolEqualityComparer.Default.Equals(t, type);
                if (inherited && method.DeclaredAccessibility == Microsoft.CodeAnalysis.Accessibility.Private) continue;
                var reference = method.DeclaringSyntaxReferences.FirstOrDefault();
                // What the generator itself wrote is not the user's (an analyzer sees the generated half too).
                if (reference is not null && Emit.ClassFrame.IsGenerated(reference.SyntaxTree, cancellationToken)) continue;
                var syntax = reference?.GetSyntax(cancellationToken) as MethodDeclarationSyntax;
                // No span: nothing reports at an attribute machine's methods, and without one an edit elsewhere in the file changes nothing here.
                methods.Add(Read(method, syntax) with { IsInherited = inherited, Span = default });
            }
        }
        return new UserClass(fullName, methods.ToEquatableArray());
    }

    /// <summary>The name the generator gives the class: namespaces and name, with <c>`n</c> for a generic class (which no machine can be).</summary>
    public static string FullName(ClassDeclarationSyntax type)
    {
        var names = type.Ancestors().OfType<BaseNamespaceDeclarationSyntax>().Select(n => n.Name.ToString()).Reverse().ToList();
        var arity = type.TypeParameterList is { } parameters ? "`" + parameters.Parameters.Count : "";
        names.Add(type.Identifier.ValueText + arity);
        return string.Join(".", names);
    }

    private static UserMethod Read(IMethodSymbol method, MethodDeclarationSyntax? syntax)
    {
        var modifiers = syntax?.Modifiers ?? default;
        var isPartial = modifiers.Any(SyntaxKind.PartialKeyword);
        var hasBody = syntax is null || syntax.Body is not null || syntax.ExpressionBody is not null;
        var accessibility = string.Join(" ", modifiers.Where(m => SyntaxFacts.IsAccessibilityModifier(m.Kind())).Select(m => m.ValueText));
        var returnType = (method.ReturnsByRef ? "ref " : method.ReturnsByRefReadonly ? "ref readonly " : "")
                         + (method.ReturnsVoid ? "void" : method.ReturnType.ToDisplayString(s_typeFormat));
        var isPlain = !method.IsStatic && !method.IsGenericMethod && !method.IsVirtual && !method.IsAbstract && !method.IsOverride
                      && !method.IsExtern && !method.IsAsync && !method.IsSealed;
        var span = syntax is not null ? SourceSpan.From(syntax.Identifier.GetLocation()) : default;
        return new UserMethod(
            method.Name,
            Display(syntax, method),
            accessibility,
            returnType,
            method.Parameters.Select(p => p.Type.ToDisplayString(s_typeFormat)).ToEquatableArray(),
            isPartial,
            hasBody,
            isPlain,
            method.IsGenericMethod,
            isPartial && hasBody && syntax is not null ? Definition(method, syntax) : null,
            span);
    }

    /// <summary>The method as the user wrote its signature, for messages.</summary>
    private static string Display(MethodDeclarationSyntax? syntax, IMethodSymbol method)
    {
        if (syntax is null) return method.ToDisplayString(SymbolDisplayFormat.MinimallyQualifiedFormat);
        var text = new StringBuilder();
        foreach (var modifier in syntax.Modifiers) text.Append(modifier.ValueText).Append(' ');
        text.Append(syntax.ReturnType.ToString()).Append(' ').Append(syntax.Identifier.ValueText);
        if (syntax.TypeParameterList is { } typeParameters) text.Append(typeParameters.ToString());
        text.Append('(').Append(string.Join(", ", syntax.ParameterList.Parameters.Select(p => p.WithDefault(null).ToString().Trim()))).Append(')');
        return text.ToString();
    }

    /// <summary>
    /// The defining declaration of a partial implementation: its modifiers (less <c>async</c>), its return
    /// type and its parameters, every type fully qualified, so that it compiles in the generated file whatever
    /// <c>using</c> directives the user's file has. Null where that cannot be written faithfully.
    /// </summary>
    private static string? Definition(IMethodSymbol method, MethodDeclarationSyntax syntax)
    {
        if (method.IsGenericMethod || method.IsExtern || method.IsExtensionMethod || syntax.ExplicitInterfaceSpecifier is not null) return null;
        if (!SyntaxFacts.IsValidIdentifier(method.Name)) return null;
        if (method.ReturnType.TypeKind == TypeKind.Error || method.Parameters.Any(p => p.Type.TypeKind == TypeKind.Error)) return null;
        // Without an accessibility modifier a partial method must return void and have no out parameter (CS8796,
        // CS8797): the compiler reports that at the user's own method, and a declaration would only repeat it here.
        var hasAccessibility = syntax.Modifiers.Any(m => SyntaxFacts.IsAccessibilityModifier(m.Kind()));
        if (!hasAccessibility && (!method.ReturnsVoid || method.Parameters.Any(p => p.RefKind == RefKind.Out))) return null;
        var text = new StringBuilder();
        foreach (var modifier in syntax.Modifiers)
        {
            if (modifier.IsKind(SyntaxKind.AsyncKeyword)) continue;
            text.Append(modifier.ValueText).Append(' ');
        }
        if (method.ReturnsByRef) text.Append("ref ");
        else if (method.ReturnsByRefReadonly) text.Append("ref readonly ");
        text.Append(method.ReturnsVoid ? "void" : method.ReturnType.ToDisplayString(s_typeFormat)).Append(' ').Append(Escape(method.Name)).Append('(');
        for (var i = 0; i < method.Parameters.Length; i++)
        {
            var parameter = method.Parameters[i];
            if (i > 0) text.Append(", ");
            if (parameter.IsParams) text.Append("params ");
            text.Append(parameter.RefKind switch
            {
                RefKind.Ref => "ref ",
                RefKind.Out => "out ",
                RefKind.In => "in ",
                _ => "",
            });
            text.Append(parameter.Type.ToDisplayString(s_typeFormat)).Append(' ').Append(Escape(parameter.Name));
        }
        return text.Append(");").ToString();
    }

    private static string Escape(string name) => SyntaxFacts.GetKeywordKind(name) != SyntaxKind.None ? "@" + name : name;
}
