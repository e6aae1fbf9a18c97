using System.Collections.Generic;
using System.CommandLine;
using System.IO;
using System.Linq;
using System.Text;

namespace TcpFsmGen.Cli.Formatting;

/// <summary>
/// <c>fsm format FILE... [--check]</c>: rewrites each file in the canonical layout (<see cref="FsmFormatter"/>), or with
/// <c>--check</c> only names the files that are not in it. A file with a syntax error is left alone and named.
/// </summary>
internal static class FormatCommand
{
    public static Command Create(TextWriter output, TextWriter error)
    {
        var files = new Argument<string[]>("files")
        {
            Description = "The .fsm files to format.",
            Arity = ArgumentArity.OneOrMore,
        };
        var check = new Option<bool>("--check")
        {
            Description = "Change nothing: list the files that formatting would change, and exit with 1 if there are any.",
        };
        var command = new Command("format", "Lay out .fsm files in the one canonical layout, keeping every comment.")
        {
            files,
            check,
        };
        command.SetAction(parsed => Format(parsed.GetValue(files) ?? [], parsed.GetValue(check), output, error));
        return command;
    }

    public static int Format(IReadOnlyList<string> paths, bool check, TextWriter output, TextWriter error)
    {
        var changed = 0;
        var refused = 0;
        foreach (var path in paths.Distinct())
        {
            if (!TryRead(path, error, out var text, out var encoding)) return FsmCommand.UsageError;
            var result = FsmFormatter.Format(path, text);
            if (result.Text is not { } formatted)
            {
                error.WriteLine($"{path}: {result.Error}");
                refused++;
                continue;
            }
            if (formatted == text) continue;
            changed++;
            if (check)
            {
                output.WriteLine($"{path}: not formatted");
                continue;
            }
            try
            {
                File.WriteAllText(path, formatted, encoding);
            }
            catch (System.Exception e) when (e is IOException or System.UnauthorizedAccessException)
            {
                error.WriteLine($"fsm: cannot write '{path}': {e.Message}");
                return FsmCommand.UsageError;
            }
            output.WriteLine($"{path}: formatted");
        }
        var verb = check ? "would be reformatted" : "reformatted";
        error.WriteLine($"{paths.Distinct().Count()} file(s): {changed} {verb}, {refused} with syntax errors left alone");
        return (check && changed > 0) || refused > 0 ? FsmCommand.MachineErrors : FsmCommand.Success;
    }

    /// <summary>Reads the file and remembers whether it began with a byte order mark, so that writing it back keeps it.</summary>
    private static bool TryRead(string path, TextWriter error, out string text, out Encoding encoding)
    {
        encoding = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false);
        if (!InputFile.TryRead(path, error, out text)) return false;
        try
        {
            using var stream = File.OpenRead(path);
            var bom = new byte[3];
            if (stream.Read(bom, 0, 3) == 3 && bom[0] == 0xEF && bom[1] == 0xBB && bom[2] == 0xBF) encoding = new UTF8Encoding(encoderShouldEmitUTF8Identifier: true);
        }
        catch (IOException)
        {
            // Read once already: a file that cannot be opened again is written without a mark.
        }
        return true;
    }
}
