using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace TcpFsmGen.Generator.UserCode;

/// <summary>
/// A parameterless partial method in the user's half of a top-level class, read from syntax only.
/// The outline of a broken machine declares the ones the user implements, so that their code keeps
/// compiling (otherwise CS0759, a declaration error, would stop the compiler before the analyzer
/// could report the .fsm's own errors).
/// </summary>
internal sealed record UserPartialMethod(string ClassFullName, string Name, bool ReturnsBool, bool ReturnsVoid, bool IsPrivate, bool HasBody)
{
    public static bool IsCandidate(MethodDeclarationSyntax method)
        => method.Modifiers.Any(SyntaxKind.PartialKeyword)
           && method.ParameterList.Parameters.Count == 0
           && method.TypeParameterList is null
           && method.Parent is ClassDeclarationSyntax { Parent: BaseNamespaceDeclarationSyntax or CompilationUnitSyntax };

    public static UserPartialMethod From(MethodDeclarationSyntax method)
    {
        var type = (ClassDeclarationSyntax)method.Parent!;
        var names = type.Ancestors().OfType<BaseNamespaceDeclarationSyntax>().Select(n => n.Name.ToString()).Reverse().ToList();
        names.Add(type.Identifier.ValueText);
        var returnType = method.ReturnType is PredefinedTypeSyntax predefined ? predefined.Keyword.Kind() : SyntaxKind.None;
        return new UserPartialMethod(
            string.Join(".", names),
            method.Identifier.ValueText,
            returnType == SyntaxKind.BoolKeyword,
            returnType == SyntaxKind.VoidKeyword,
            method.Modifiers.Any(SyntaxKind.PrivateKeyword),
            method.Body is not null || method.ExpressionBody is not null);
    }
}
