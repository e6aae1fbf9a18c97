using System.Linq;
using Microsoft.CodeAnalysis;
using TcpFsmGen.Generator.Helpers;
using TcpFsmGen.Generator.Model;

namespace TcpFsmGen.Generator.Diagnostics;

/// <summary>
/// A diagnostic as plain values, so it can travel through the cached pipeline;
/// <see cref="ToDiagnostic"/> makes the Roslyn one at the end.
/// </summary>
internal sealed record DiagnosticInfo(string Id, SourceSpan Span, EquatableArray<string> Arguments)
{
    public static DiagnosticInfo Create(DiagnosticDescriptor descriptor, SourceSpan span, params string[] arguments)
        => new(descriptor.Id, span, arguments.ToEquatableArray());

    public DiagnosticDescriptor Descriptor => DiagnosticDescriptors.ById(Id);

    public bool IsError => Descriptor.DefaultSeverity == DiagnosticSeverity.Error;

    public Diagnostic ToDiagnostic(DiagnosticSeverity? severity = null)
        => severity is { } effective
            ? Diagnostic.Create(Descriptor, Span.ToLocation(), effective, null, null, Arguments.Cast<object>().ToArray())
            : Diagnostic.Create(Descriptor, Span.ToLocation(), Arguments.Cast<object>().ToArray());

    /// <summary>The diagnostic at its span in <paramref name="tree"/>, a C# file of the compilation.</summary>
    public Diagnostic ToDiagnostic(SyntaxTree tree)
        => Diagnostic.Create(Descriptor, Span.ToLocation(tree), Arguments.Cast<object>().ToArray());

    /// <summary>The message with its arguments filled in (for tests and the command line).</summary>
    public string Message => string.Format(
        System.Globalization.CultureInfo.InvariantCulture,
        Descriptor.MessageFormat.ToString(System.Globalization.CultureInfo.InvariantCulture),
        Arguments.Cast<object>().ToArray());
}
