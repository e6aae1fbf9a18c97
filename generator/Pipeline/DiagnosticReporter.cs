using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using TcpFsmGen.Generator.Diagnostics;
using TcpFsmGen.Generator.Helpers;

namespace TcpFsmGen.Generator.Pipeline;

/// <summary>The severities a project set for one <c>.fsm</c> file with <c>fsm_diagnostic.ID.severity</c> (see <see cref="SeverityOptions"/>).</summary>
internal sealed record FileSeverities(string Path, EquatableArray<SeverityOverride> Overrides)
{
    public static FileSeverities Read(string path, AnalyzerConfigOptions options)
        => new(path, DiagnosticDescriptors.All
            .Select(d => new SeverityOverride(d.Id, SeverityOptions.For(options, d.Id)))
            .Where(o => o.Severity != ReportDiagnostic.Default)
            .ToEquatableArray());
}

/// <summary>One <c>fsm_diagnostic.ID.severity</c> setting.</summary>
internal readonly record struct SeverityOverride(string Id, ReportDiagnostic Severity);

/// <summary>
/// Where diagnostics are reported, and how a <see cref="DiagnosticInfo"/> becomes a Roslyn diagnostic.
/// A build reports them from the generator: the compiler reports a generator's diagnostics even when the
/// compilation has errors, where it would skip the analyzers. An IDE reports them from the analyzer, which
/// it runs live as the user types; there the generator reports none. The IDE is told apart by the
/// design-time build that IDEs use to load a project (<c>DesignTimeBuild=true</c>, made visible to the
/// compiler by the package's props), so each diagnostic is reported once, by one of the two.
/// </summary>
internal static class DiagnosticReporter
{
    public const string DesignTimeBuildProperty = "build_property.DesignTimeBuild";

    /// <summary>The MSBuild property <c>TcpFsmGenHelpBase</c>: where the diagnostics' pages are published, if not at the default address.</summary>
    public const string HelpBaseProperty = "build_property.TcpFsmGenHelpBase";

    /// <summary>True in an IDE's design-time build, where the analyzer reports instead of the generator.</summary>
    public static bool IsDesignTime(AnalyzerConfigOptions globalOptions)
        => globalOptions.TryGetValue(DesignTimeBuildProperty, out var value) && string.Equals(value?.Trim(), "true", StringComparison.OrdinalIgnoreCase);

    /// <summary>The help links' base address the project set, or null for the default; a missing trailing slash is added.</summary>
    public static string? HelpBase(AnalyzerConfigOptions globalOptions)
    {
        if (!globalOptions.TryGetValue(HelpBaseProperty, out var value) || string.IsNullOrWhiteSpace(value)) return null;
        var trimmed = value!.Trim();
        if (trimmed == DiagnosticDescriptors.HelpBase) return null;
        return trimmed.EndsWith("/", StringComparison.Ordinal) ? trimmed : trimmed + "/";
    }

    /// <summary>
    /// The Roslyn diagnostic for <paramref name="info"/>, or null when the project turned it off. A span in a
    /// C# file of the compilation becomes a location in that tree (so <c>#pragma</c> and <c>.editorconfig</c>
    /// apply); any other (a <c>.fsm</c> file) an external location, with the file's own severity settings.
    /// </summary>
    public static Diagnostic? ToDiagnostic(DiagnosticInfo info, Func<string, SyntaxTree?> treeOf, Func<string, FileSeverities?> severitiesOf, string? helpBase = null)
    {
        if (treeOf(info.Span.FilePath) is { } tree) return info.ToDiagnostic(tree, helpBase);
        var setting = severitiesOf(info.Span.FilePath)?.Overrides.FirstOrDefault(o => o.Id == info.Id).Severity ?? ReportDiagnostic.Default;
        if (setting == ReportDiagnostic.Suppress) return null;
        return info.ToDiagnostic(SeverityOptions.ToSeverity(setting), helpBase);
    }

    /// <summary>Reports each distinct diagnostic once (a machine read twice, from two declarations of one class, reports the same ones).</summary>
    public static void Report(IEnumerable<DiagnosticInfo> diagnostics, Func<string, SyntaxTree?> treeOf, Func<string, FileSeverities?> severitiesOf,
        string? helpBase, Action<Diagnostic> report)
    {
        foreach (var info in diagnostics.Distinct())
        {
            if (ToDiagnostic(info, treeOf, severitiesOf, helpBase) is { } diagnostic) report(diagnostic);
        }
    }
}
