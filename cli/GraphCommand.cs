using System;
using System.CommandLine;
using System.ComponentModel;
using System.Diagnostics;
using System.IO;
using System.Threading;
using TcpFsmGen.Generator;
using TcpFsmGen.Generator.Analysis;
using TcpFsmGen.Generator.Diagrams;

namespace TcpFsmGen.Cli;

/// <summary>
/// <c>fsm graph FILE --format mermaid|dot|svg</c>: the same diagram the generated class carries in its
/// <c>Mermaid</c> and <c>Dot</c> constants; <c>svg</c> runs Graphviz's <c>dot</c> over the DOT text. Given a C#
/// file, it says in one line where that file's attribute machines keep their diagrams.
/// </summary>
internal static class GraphCommand
{
    public static Command Create(TextWriter output, TextWriter error)
    {
        var file = new Argument<string>("file") { Description = "The .fsm file to draw. (A machine declared with attributes carries its diagram in its generated Mermaid and Dot constants.)" };
        var format = new Option<string>("--format", "-f")
        {
            Description = "mermaid (a stateDiagram-v2), dot (Graphviz), or svg (needs Graphviz's 'dot' on PATH).",
            DefaultValueFactory = _ => "mermaid",
        };
        format.AcceptOnlyFromAmong("mermaid", "dot", "svg");
        var outputFile = new Option<string?>("--output", "-o") { Description = "Write to this file instead of standard output." };
        var command = new Command("graph", "Draw a machine as Mermaid, Graphviz DOT or SVG.") { file, format, outputFile };
        command.SetAction(parsed => Graph(parsed.GetValue(file)!, parsed.GetValue(format)!, parsed.GetValue(outputFile), output, error));
        return command;
    }

    public static int Graph(string path, string format, string? outputPath, TextWriter output, TextWriter error)
    {
        if (!InputFile.TryRead(path, error, out var text)) return FsmCommand.UsageError;
        if (AttributeMachines.IsCSharp(path))
        {
            error.WriteLine(AttributeMachines.Explain(path, text));
            return FsmCommand.UsageError;
        }
        var machine = FsmFiles.Analyze(path, text, CancellationToken.None);
        if (machine.HasErrors || machine.Machine.ClassName is null)
        {
            foreach (var diagnostic in machine.Diagnostics)
            {
                if (diagnostic.IsError) error.WriteLine(CheckCommand.Format(diagnostic, asError: true));
            }
            error.WriteLine($"fsm: '{path}' has errors; fix them to draw it ('fsm check {path}' lists everything)");
            return FsmCommand.MachineErrors;
        }
        var graph = new MachineGraph(machine.Machine);
        string result;
        switch (format)
        {
            case "mermaid":
                result = MermaidWriter.Write(graph);
                break;
            case "dot":
                result = DotWriter.Write(graph);
                break;
            default:
                if (!TryRenderSvg(DotWriter.Write(graph), error, out result)) return FsmCommand.UsageError;
                break;
        }
        if (outputPath is null)
        {
            output.Write(result);
            return FsmCommand.Success;
        }
        try
        {
            File.WriteAllText(outputPath, result);
            return FsmCommand.Success;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            error.WriteLine($"fsm: cannot write '{outputPath}': {e.Message}");
            return FsmCommand.UsageError;
        }
    }

    private static bool TryRenderSvg(string dot, TextWriter error, out string svg)
    {
        svg = "";
        var start = new ProcessStartInfo("dot", "-Tsvg")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        Process process;
        try
        {
            process = Process.Start(start)!;
        }
        catch (Win32Exception)
        {
            error.WriteLine("fsm: --format svg needs Graphviz's 'dot' on PATH (https://graphviz.org/download/); --format dot writes the graph for it");
            return false;
        }
        using (process)
        {
            var stderr = process.StandardError.ReadToEndAsync();
            var stdout = process.StandardOutput.ReadToEndAsync();
            process.StandardInput.Write(dot);
            process.StandardInput.Close();
            process.WaitForExit();
            if (process.ExitCode != 0)
            {
                error.WriteLine($"fsm: dot failed (exit {process.ExitCode}): {stderr.Result.Trim()}");
                return false;
            }
            svg = stdout.Result;
            return true;
        }
    }
}
