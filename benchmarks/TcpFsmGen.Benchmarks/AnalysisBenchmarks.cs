using System;
using System.Linq;
using BenchmarkDotNet.Attributes;
using TcpFsmGen.Generator.Analysis;
using TcpFsmGen.Generator.Emit;
using TcpFsmGen.Generator.Model;
using TcpFsmGen.Generator.Parsing;

namespace TcpFsmGen.Benchmarks;

/// <summary>The analysis, parser and emitter on a machine of 1,000 states, 50 events and 20,000 transitions.</summary>
[MemoryDiagnoser]
public class AnalysisBenchmarks
{
    private string _text = "";
    private MachineModel _model = null!;

    [GlobalSetup]
    public void Setup()
    {
        _text = LargeMachine.Text();
        var parsed = FsmParser.Parse("large.fsm", _text);
        _model = parsed.Machine;
        var analyzed = MachineAnalysis.Run(_model, parsed.Diagnostics);
        var transitions = _model.States.Sum(s => s.Transitions.Count);
        if (_model.States.Count != 1000 || _model.Events.Count != 50 || transitions != 20_000 || analyzed.HasErrors)
        {
            throw new InvalidOperationException(
                $"The benchmark machine is not what it claims: {_model.States.Count} states, {_model.Events.Count} events, {transitions} transitions, errors: {string.Join("; ", analyzed.Diagnostics.Where(d => d.IsError).Take(3).Select(d => d.Message))}");
        }
    }

    /// <summary>Every check, errors and warnings, on the parsed model.</summary>
    [Benchmark(Baseline = true)]
    public int Analyze() => MachineAnalysis.Run(_model, default).Diagnostics.Count;

    [Benchmark]
    public int Parse() => FsmParser.Parse("large.fsm", _text).Machine.States.Count;

    [Benchmark]
    public int Emit() => MachineEmitter.Emit(_model).Text.Length;
}
