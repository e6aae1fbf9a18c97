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

    /// <summary>
    /// The diagnostic at its span as an external file (a <c>.fsm</c> file). With <paramref name="severity"/>, the
    /// project set it explicitly: it is reported at that severity even when it is off by default (TFSM0207).
    /// With <paramref name="helpBase"/>, its help link is that address followed by <c>ID.md</c>.
    /// </summary>
    public Diagnostic ToDiagnostic(DiagnosticSeverity? severity = null, string? helpBase = null)
        => ToDiagnostic(Span.ToLocation(), severity, helpBase);

    /// <summary>The diagnostic at its span in <paramref name="tree"/>, a C# file of the compilation.</summary>
    public Diagnostic ToDiagnostic(SyntaxTree tree, string? helpBase = null) => ToDiagnostic(Span.ToLocation(tree), null, helpBase);

    private Diagnostic ToDiagnostic(Location location, DiagnosticSeverity? severity, string? helpBase)
    {
        var descriptor = Descriptor;
        if (severity is null && helpBase is null) return Diagnostic.Create(descriptor, location, Arguments.Cast<object>().ToArray());
        var effective = severity ?? descriptor.DefaultSeverity;
        return Diagnostic.Create(descriptor.Id, descriptor.Category, Message, effective, descriptor.DefaultSeverity,
            isEnabledByDefault: severity is not null || descriptor.IsEnabledByDefault, warningLevel: effective == DiagnosticSeverity.Error ? 0 : 1,
            title: descriptor.Title, description: descriptor.Description,
            helpLink: helpBase is null ? descriptor.HelpLinkUri : helpBase + descriptor.Id + ".md",
            location: location, customTags: descriptor.CustomTags);
    }

    /// <summary>The message with its arguments filled in (for tests and the command line).</summary>
    public string Message => string.Format(
        System.Globalization.CultureInfo.InvariantCulture,
        Descriptor.MessageFormat.ToString(System.Globalization.CultureInfo.InvariantCulture),
        Arguments.Cast<object>().ToArray());
}
