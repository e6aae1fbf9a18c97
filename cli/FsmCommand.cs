using System.CommandLine;
using System.IO;

namespace TcpFsmGen.Cli;

/// <summary>
/// <c>fsm check</c>, <c>fsm graph</c> and <c>fsm new</c>. Exit codes: 0 success; 1 the machine has errors
/// (or warnings, with <c>--warnaserror</c>); 2 the command could not run (bad arguments, unreadable file,
/// Graphviz missing).
/// </summary>
public static class FsmCommand
{
    public const int Success = 0;
    public const int MachineErrors = 1;
    public const int UsageError = 2;

    public static int Run(string[] args, TextWriter output, TextWriter error)
    {
        var root = new RootCommand("Checks, draws and starts TcpFsmGen state machines (.fsm files).")
        {
            CheckCommand.Create(output, error),
            GraphCommand.Create(output, error),
            NewCommand.Create(output, error),
        };
        var parsed = root.Parse(args);
        var exit = parsed.Invoke(new InvocationConfiguration { Output = output, Error = error });
        // System.CommandLine reports its own parse errors with exit code 1; keep 1 for "the machine is wrong".
        return parsed.Errors.Count > 0 ? UsageError : exit;
    }
}
