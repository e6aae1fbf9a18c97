using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace TcpFsmGen.Generator.Diagnostics;

/// <summary>
/// Per-file severities from <c>.editorconfig</c>. Roslyn applies <c>dotnet_diagnostic.ID.severity</c> from
/// <c>.editorconfig</c> only to C# files (dotnet/roslyn#31916), and keeps those keys from analyzers, so a
/// <c>[*.fsm]</c> section uses <c>fsm_diagnostic.ID.severity</c>, applied here. <c>.globalconfig</c>
/// files work with the standard key, as for any diagnostic.
/// </summary>
internal static class SeverityOptions
{
    public static ReportDiagnostic For(AnalyzerConfigOptions options, string id)
    {
        // Editorconfig keys are lower-cased when parsed.
        if (!options.TryGetValue($"fsm_diagnostic.{id.ToLowerInvariant()}.severity", out var value)) return ReportDiagnostic.Default;
        return value.Trim().ToLowerInvariant() switch
        {
            "error" => ReportDiagnostic.Error,
            "warning" or "warn" => ReportDiagnostic.Warn,
            "suggestion" or "info" => ReportDiagnostic.Info,
            "silent" or "hidden" or "refactoring" => ReportDiagnostic.Hidden,
            "none" => ReportDiagnostic.Suppress,
            _ => ReportDiagnostic.Default,
        };
    }

    /// <summary>The severity to report with, or null to keep the descriptor's (and let global options decide).</summary>
    public static DiagnosticSeverity? ToSeverity(ReportDiagnostic severity) => severity switch
    {
        ReportDiagnostic.Error => DiagnosticSeverity.Error,
        ReportDiagnostic.Warn => DiagnosticSeverity.Warning,
        ReportDiagnostic.Info => DiagnosticSeverity.Info,
        ReportDiagnostic.Hidden => DiagnosticSeverity.Hidden,
        _ => null,
    };
}
