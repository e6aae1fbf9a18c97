using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using TcpFsmGen.Generator.Model;

namespace TcpFsmGen.Generator.Attributes;

/// <summary>
/// Where each argument of one attribute is written, so a diagnostic points at the argument that causes it.
/// Anything that cannot be matched (an argument the compiler itself rejects, say) falls back to the attribute's name.
/// </summary>
internal sealed class AttributeSpans
{
    private readonly AttributeSyntax _syntax;
    private readonly AttributeArgumentSyntax[] _positional;

    public AttributeSpans(AttributeSyntax syntax)
    {
        _syntax = syntax;
        _positional = syntax.ArgumentList?.Arguments.Where(a => a.NameEquals is null && a.NameColon is null).ToArray()
                      ?? new AttributeArgumentSyntax[0];
    }

    /// <summary>The attribute's name (<c>Transition</c> in <c>[Transition(...)]</c>).</summary>
    public SourceSpan Name => Of(_syntax.Name);

    /// <summary>Zero-based line of the attribute, for the comments in generated code.</summary>
    public int Line => Name.StartLine;

    /// <summary>The positional argument at <paramref name="index"/>, or for a <c>params</c> array, its element.</summary>
    public SourceSpan Positional(int index)
        => index < _positional.Length ? Of(_positional[index].Expression) : Name;

    /// <summary>The <paramref name="element"/>-th value of the argument at <paramref name="index"/>, which is an array.</summary>
    public SourceSpan Element(int index, int element)
    {
        if (index >= _positional.Length) return Name;
        // A params array written out as separate arguments...
        if (!IsArray(_positional[index].Expression)) return Positional(index + element);
        // ... or as one array expression.
        return ElementOf(_positional[index].Expression, element);
    }

    /// <summary>The value of the named argument <paramref name="name"/> (<c>Guard = ...</c>).</summary>
    public SourceSpan NamedValue(string name)
        => FindNamed(name) is { } arg ? Of(arg.Expression) : Name;

    /// <summary>The <paramref name="element"/>-th value of the named array argument <paramref name="name"/>.</summary>
    public SourceSpan NamedElement(string name, int element)
        => FindNamed(name) is { } arg ? ElementOf(arg.Expression, element) : Name;

    private AttributeArgumentSyntax? FindNamed(string name)
        => _syntax.ArgumentList?.Arguments.FirstOrDefault(a => a.NameEquals?.Name.Identifier.ValueText == name);

    private static bool IsArray(ExpressionSyntax expression)
        => expression is ArrayCreationExpressionSyntax or ImplicitArrayCreationExpressionSyntax
           || expression.IsKind(Microsoft.CodeAnalysis.CSharp.SyntaxKind.CollectionExpression);

    private static SourceSpan ElementOf(ExpressionSyntax expression, int element)
    {
        var initializer = expression switch
        {
            ArrayCreationExpressionSyntax a => a.Initializer,
            ImplicitArrayCreationExpressionSyntax i => i.Initializer,
            _ => null,
        };
        if (initializer is not null && element < initializer.Expressions.Count) return Of(initializer.Expressions[element]);
        if (expression is CollectionExpressionSyntax collection && element < collection.Elements.Count) return Of(collection.Elements[element]);
        return Of(expression);
    }

    public static SourceSpan Of(SyntaxNode node) => SourceSpan.From(node.GetLocation());

    public static SourceSpan Of(SyntaxToken token) => SourceSpan.From(token.GetLocation());
}
