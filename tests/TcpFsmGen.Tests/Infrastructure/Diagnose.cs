using System.Collections.Generic;
using System.Linq;
using TcpFsmGen.Generator.Analysis;
using TcpFsmGen.Generator.Parsing;

namespace TcpFsmGen.Tests.Infrastructure;

/// <summary>A diagnostic as a test states it: one-based line and column, as an IDE shows them.</summary>
public sealed record Reported(string Id, int Line, int Column, string Message)
{
    public override string ToString() => $"{Id} ({Line},{Column}): {Message}";
}

/// <summary>Parses and analyses a .fsm text directly (no compilation), returning every diagnostic in order.</summary>
public static class Diagnose
{
    public static List<Reported> Fsm(string text, string path = "test.fsm")
    {
        var parsed = FsmParser.Parse(path, text);
        var analyzed = MachineAnalysis.Run(parsed);
        return analyzed.Diagnostics
            .Select(d => new Reported(d.Id, d.Span.StartLine + 1, d.Span.StartColumn + 1, d.Message))
            .ToList();
    }
}
