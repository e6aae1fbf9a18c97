using System;
using System.Diagnostics;
using System.Threading;
using System.Threading.Tasks;
using TcpFsmGen.Generator.Analysis;
using TcpFsmGen.Generator.Parsing;
using TcpFsmGen.Generator.Pipeline;

namespace TcpFsmGen.Benchmarks;

/// <summary>
/// The language server's managed memory over 1,000 one-character edits of the 1,000-state machine, each waited for
/// until its diagnostics are published: measured after a full collection, after 20 edits of warm-up and after the
/// thousand. Flat means the server keeps only the current version of each document.
/// </summary>
public static class LspMemory
{
    private const int WarmUp = 20;
    private const int Edits = 1000;

    public static async Task ReportAsync()
    {
        await using var session = await LspSession.StartAsync();
        for (var i = 0; i < WarmUp; i++) await session.EditAsync();
        var before = Measure();
        var clock = Stopwatch.StartNew();
        var diagnostics = 0;
        for (var i = 0; i < Edits; i++) diagnostics = await session.EditAsync();
        clock.Stop();
        var after = Measure();
        Console.WriteLine($"{Edits:N0} edits of the 1,000-state machine ({diagnostics} diagnostics each), {clock.Elapsed.TotalMilliseconds / Edits:N1} ms an edit on average");
        // For scale, on the same machine at the same time: the pipeline alone, without the protocol.
        var text = LargeMachine.Text();
        clock.Restart();
        for (var i = 0; i < 20; i++)
        {
            var machine = MachineAnalysis.Run(FsmParser.Parse("/bench/large.fsm", text, CancellationToken.None));
            MachinePipeline.Complete(machine, MachineIndex.Keys([machine]), null);
        }
        Console.WriteLine($"the pipeline alone (parse, analysis, completion) on the same text: {clock.Elapsed.TotalMilliseconds / 20:N1} ms");
        Console.WriteLine($"managed memory after a full collection: {before / 1048576.0:N1} MB after {WarmUp} edits, {after / 1048576.0:N1} MB after {WarmUp + Edits:N0} ({(after - before) / 1048576.0:+0.0;-0.0} MB)");
    }

    private static long Measure()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        return GC.GetTotalMemory(forceFullCollection: true);
    }
}
