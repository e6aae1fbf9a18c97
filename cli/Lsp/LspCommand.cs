using System;
using System.CommandLine;
using System.IO;

namespace TcpFsmGen.Cli.Lsp;

/// <summary><c>fsm lsp</c>: the language server, over standard input and output.</summary>
internal static class LspCommand
{
    public static Command Create(TextWriter error)
    {
        var stdio = new Option<bool>("--stdio")
        {
            Description = "Talk over standard input and output (the default and only transport; accepted because editors pass it).",
        };
        var command = new Command("lsp", "Run the language server for .fsm files (LSP over standard input and output), for an editor to start.")
        {
            stdio,
        };
        // Language clients add arguments of their own (--clientProcessId=N, say): they are no reason not to start.
        command.TreatUnmatchedTokensAsErrors = false;
        command.SetAction(_ => Run(error));
        return command;
    }

    private static int Run(TextWriter error)
    {
        using var input = Console.OpenStandardInput();
        using var output = Console.OpenStandardOutput();
        // Standard output carries the protocol: anything else written there would corrupt it.
        Console.SetOut(TextWriter.Null);
        return LanguageServer.RunAsync(input, output, error).GetAwaiter().GetResult();
    }
}
