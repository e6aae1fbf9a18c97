using System.Collections.Generic;
using System.CommandLine;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Threading;
using TcpFsmGen.Generator;
using TcpFsmGen.Generator.Diagnostics;

namespace TcpFsmGen.Cli;

/// <summary>
/// <c>fsm check FILE...</c>: the diagnostics the build would report for these files, in the compiler's
/// format, with the same parser, analysis and messages. The files are checked together, as one project
/// would compile them, so two machines with one class name are found too.
/// </summary>
internal static class CheckCommand
{
    public static Command Create(TextWriter output, TextWriter error)
    {
        var files = new Argument<string[]>("files")
        {
            Description = "The .fsm files to check, together as one project would compile them.",
            Arity = ArgumentArity.OneOrMore,
        };
        var warnAsError = new Option<bool>("--warnaserror")
        {
            Description = "Exit with 1 on warnings too, as a build with TreatWarningsAsErrors would fail.",
        };
        var command = new Command("check", "Report every TFSM diagnostic of the given files, as 'dotnet build' would.")
        {
            files,
            warnAsError,
        };
        command.SetAction(parsed => Check(parsed.GetValue(files) ?? [], parsed.GetValue(warnAsError), output, error));
        return command;
    }

    public static int Check(IReadOnlyList<string> paths, bool warnAsError, TextWriter output, TextWriter error)
    {
        var inputs = new List<(string Path, string Text)>();
        foreach (var path in paths.Distinct())
        {
            if (!InputFile.TryRead(path, error, out var text)) return FsmCommand.UsageError;
            inputs.Add((path, text));
        }
        var analyzed = FsmFiles.AnalyzeAll(inputs, CancellationToken.None);
        int errors = 0, warnings = 0;
        foreach (var (path, _) in inputs)
        {
            foreach (var diagnostic in analyzed[path].Diagnostics)
            {
                var isError = diagnostic.IsError || warnAsError;
                if (isError) errors++; else warnings++;
                output.WriteLine(Format(diagnostic, isError));
            }
        }
        var summary = string.Format(CultureInfo.InvariantCulture, "{0} file(s): {1} error(s), {2} warning(s)", inputs.Count, errors, warnings);
        error.WriteLine(summary);
        return errors > 0 ? FsmCommand.MachineErrors : FsmCommand.Success;
    }

    /// <summary><c>door.fsm(23,8): error TFSM0003: Event 'Lok' is not declared; did you mean 'Lock'?</c></summary>
    internal static string Format(DiagnosticInfo diagnostic, bool asError)
        => $"{diagnostic.Span}: {(asError ? "error" : "warning")} {diagnostic.Id}: {diagnostic.Message}";
}
