using System.Collections.Immutable;
using System.Composition;
using System.Linq;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace TcpFsmGen.CodeFixes;

/// <summary>
/// For TFSM0209: <c>m.Current == State.X</c> becomes <c>m.IsIn(State.X)</c>, and <c>!=</c> or <c>is not</c> its
/// negation. A <c>case</c> of a <c>switch</c> on <c>Current</c> has no one-line rewrite and gets no fix.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(CompositeComparisonCodeFix)), Shared]
public sealed class CompositeComparisonCodeFix : CodeFixProvider
{
    /// <summary>The diagnostic this fixes.</summary>
    public const string DiagnosticId = "TFSM0209";

    /// <inheritdoc />
    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(DiagnosticId);

    /// <inheritdoc />
    public override FixAllProvider GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

    /// <inheritdoc />
    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        if (root is null) return;
        foreach (var diagnostic in context.Diagnostics)
        {
            var node = root.FindNode(diagnostic.Location.SourceSpan);
            if (Rewrite(node) is not { } rewrite) continue;
            context.RegisterCodeFix(
                CodeAction.Create($"Use {rewrite.Replacement.NormalizeWhitespace()}",
                    _ => Task.FromResult(context.Document.WithSyntaxRoot(root.ReplaceNode(rewrite.Original, rewrite.Replacement.WithTriviaFrom(rewrite.Original)))),
                    equivalenceKey: DiagnosticId),
                diagnostic);
        }
    }

    /// <summary>The comparison and what replaces it, or null for a comparison with no one-line rewrite.</summary>
    internal static (ExpressionSyntax Original, ExpressionSyntax Replacement)? Rewrite(SyntaxNode node)
    {
        switch (node)
        {
            case BinaryExpressionSyntax binary when binary.IsKind(SyntaxKind.EqualsExpression) || binary.IsKind(SyntaxKind.NotEqualsExpression):
            {
                var (current, state) = IsCurrent(binary.Left) ? (binary.Left, binary.Right) : (binary.Right, binary.Left);
                if (!IsCurrent(current)) return null;
                return (binary, Negate(IsIn(current, state), binary.IsKind(SyntaxKind.NotEqualsExpression)));
            }
            // 'Current is State.X': parsed as a type test, bound as a constant pattern.
            case BinaryExpressionSyntax isType when isType.IsKind(SyntaxKind.IsExpression) && IsCurrent(isType.Left):
                return (isType, IsIn(isType.Left, isType.Right));
            case IsPatternExpressionSyntax isPattern when IsCurrent(isPattern.Expression):
                return isPattern.Pattern switch
                {
                    ConstantPatternSyntax constant => (isPattern, IsIn(isPattern.Expression, constant.Expression)),
                    UnaryPatternSyntax { Pattern: ConstantPatternSyntax negated } => (isPattern, Negate(IsIn(isPattern.Expression, negated.Expression), true)),
                    _ => null,
                };
            default:
                return node.Parent is { } parent && parent is BinaryExpressionSyntax or IsPatternExpressionSyntax ? Rewrite(parent) : null;
        }
    }

    private static bool IsCurrent(ExpressionSyntax expression)
        => expression is MemberAccessExpressionSyntax { Name.Identifier.ValueText: "Current" } or IdentifierNameSyntax { Identifier.ValueText: "Current" };

    /// <summary><c>m.Current</c> → <c>m.IsIn(state)</c>; a bare <c>Current</c> (inside the class) → <c>IsIn(state)</c>.</summary>
    private static ExpressionSyntax IsIn(ExpressionSyntax current, ExpressionSyntax state)
    {
        ExpressionSyntax method = current is MemberAccessExpressionSyntax access
            ? access.WithName(SyntaxFactory.IdentifierName("IsIn"))
            : SyntaxFactory.IdentifierName("IsIn");
        return SyntaxFactory.InvocationExpression(method.WithoutTrivia(),
            SyntaxFactory.ArgumentList(SyntaxFactory.SingletonSeparatedList(SyntaxFactory.Argument(state.WithoutTrivia()))));
    }

    private static ExpressionSyntax Negate(ExpressionSyntax expression, bool negate)
        => negate ? SyntaxFactory.PrefixUnaryExpression(SyntaxKind.LogicalNotExpression, expression) : expression;
}
