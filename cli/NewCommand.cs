using System;
using System.CommandLine;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using System.Threading;
using TcpFsmGen.Generator;

namespace TcpFsmGen.Cli;

/// <summary>
/// <c>fsm new NAME</c>: writes a small, complete machine to start from. It checks clean (no TFSM
/// diagnostic) and, added to a project that references TcpFsmGen, builds as it is. A NAME without a
/// namespace gets the one of <c>--namespace</c>, else that of the nearest project in or above the output folder.
/// </summary>
internal static class NewCommand
{
    /// <summary>The language reference, published; a package user has no docs/ folder.</summary>
    internal const string LanguageReference = "https://github.com/tcpfsmgen/tcpfsmgen/blob/main/docs/language.md";

    private static readonly Regex QualifiedName = new(@"^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)*$", RegexOptions.CultureInvariant);

    public static Command Create(TextWriter output, TextWriter error)
    {
        var name = new Argument<string>("name") { Description = "The machine's class, optionally with its namespace: Light or Demo.Lights.Light." };
        var directory = new Option<string>("--output", "-o")
        {
            Description = "The folder to write NAME.fsm in (the current folder by default).",
            DefaultValueFactory = _ => ".",
        };
        var @namespace = new Option<string?>("--namespace", "-n")
        {
            Description = "The namespace of a NAME given without one (by default: the RootNamespace, else the name, of the nearest .csproj in or above the output folder).",
        };
        var force = new Option<bool>("--force") { Description = "Overwrite the file if it exists." };
        var command = new Command("new", "Write a starter .fsm file.") { name, directory, @namespace, force };
        command.SetAction(parsed => New(parsed.GetValue(name)!, parsed.GetValue(directory)!, parsed.GetValue(@namespace), parsed.GetValue(force), output, error));
        return command;
    }

    public static int New(string name, string directory, string? @namespace, bool force, TextWriter output, TextWriter error)
    {
        if (!QualifiedName.IsMatch(name))
        {
            error.WriteLine($"fsm: '{name}' is not a class name; use letters, digits and '_', with '.' between namespace parts (Demo.Lights.Light)");
            return FsmCommand.UsageError;
        }
        if (@namespace is not null && !QualifiedName.IsMatch(@namespace))
        {
            error.WriteLine($"fsm: '{@namespace}' is not a namespace; use letters, digits and '_', with '.' between parts (Demo.Lights)");
            return FsmCommand.UsageError;
        }
        if (@namespace is not null && name.Contains('.', StringComparison.Ordinal))
        {
            error.WriteLine($"fsm: '{name}' already names its namespace; give it once, in NAME or with --namespace");
            return FsmCommand.UsageError;
        }

        var className = name.Split('.').Last();
        string where;
        if (name.Contains('.', StringComparison.Ordinal))
        {
            where = "";
        }
        else if (@namespace is not null)
        {
            name = @namespace + "." + name;
            where = "";
        }
        else
        {
            var found = ProjectNamespace.Find(directory);
            if (found.Problem is not null)
            {
                error.WriteLine($"fsm: which namespace? {found.Problem}");
                return FsmCommand.UsageError;
            }
            if (found.Namespace is { Length: > 0 } projectNamespace)
            {
                name = projectNamespace + "." + name;
                where = $", in the namespace of {Path.GetFileName(found.Project)}";
            }
            else
            {
                where = " in no namespace (no .csproj in or above the folder; --namespace gives one)";
            }
        }

        var fileName = className.ToLowerInvariant() + ".fsm";
        var path = Path.Combine(directory, fileName);
        var text = Starter(name, fileName);
        // The template is fixed; only the name varies, so the analysis decides whether that name can work
        // (a C# keyword, or a name the generated class already uses).
        var problems = FsmFiles.Analyze(path, text, CancellationToken.None).Diagnostics;
        if (problems.Count > 0)
        {
            error.WriteLine($"fsm: '{name}' cannot name a machine: {problems[0].Message}");
            return FsmCommand.UsageError;
        }
        if (File.Exists(path) && !force)
        {
            error.WriteLine($"fsm: '{path}' already exists; pass --force to overwrite it");
            return FsmCommand.UsageError;
        }
        try
        {
            Directory.CreateDirectory(directory);
            File.WriteAllText(path, text);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            error.WriteLine($"fsm: cannot write '{path}': {e.Message}");
            return FsmCommand.UsageError;
        }
        output.WriteLine($"Wrote {path}: machine {name}{where}. Its actions (LightOn, LightOff, Blink) are partial methods of the partial class {className}.");
        return FsmCommand.Success;
    }

    internal static string Starter(string name, string fileName) => $$"""
        // {{fileName}}: a starting point. In a project that references the TcpFsmGen package, the build
        // turns this file into the partial class {{name}}. The language:
        // {{LanguageReference}}
        machine {{name}};

        events TurnOn, TurnOff, Tick;
        timer Idle = 10m;                 // a default duration; each instance may change it

        initial Off;

        state Off {
          on TurnOn -> On;
          ignore TurnOff, Tick;
        }

        state On {
          entry / LightOn;                // actions and guards are partial methods of the class
          exit / LightOff;
          on TurnOff -> Off;
          after Idle -> Off;              // started on entry, cancelled on exit
          on Tick / Blink;                // an internal transition: no exit, no entry
          ignore TurnOn;
        }

        """.Replace("\r\n", "\n");
}
