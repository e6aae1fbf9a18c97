using System.CommandLine;
using System.IO;
using TcpFsmGen.Cli.Formatting;
using TcpFsmGen.Cli.Lsp;

namespace TcpFsmGen.Cli;

/// <summary>
/// <c>fsm check</c>, <c>fsm graph</c>, <c>fsm new</c>, <c>fsm format</c> and <c>fsm lsp</c>. Exit codes: 0 success; 1 the
/// machine has errors (or warnings, with <c>--warnaserror</c>; or, for <c>format</c>, a file that is not formatted or
/// cannot be); 2 the command could not run (bad arguments, unreadable file, Graphviz missing).
/// </summary>
public static class FsmCommand
{
    public const int Success = 0;
    public const int MachineErrors = 1;
    public const int UsageError = 2;

    public static int Run(string[] args, TextWriter output, TextWriter error)
    {
        var root = new RootCommand("Checks, draws, formats and starts TcpFsmGen state machines (.fsm files), and serves them to editors.")
        {
            CheckCommand.Create(output, error),
            GraphCommand.Create(output, error),
            NewCommand.Create(output, error),
            FormatCommand.Create(output, error),
            LspCommand.Create(error),
        };
        var parsed = root.Parse(args);
        var exit = parsed.Invoke(new InvocationConfiguration { Output = output, Error = error });
        // System.CommandLine reports its own parse errors with exit code 1; keep 1 for "the machine is wrong".
        return parsed.Errors.Count > 0 ? UsageError : exit;
    }
}
