using System;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;

namespace TcpFsmGen.Benchmarks;

/// <summary>A reading: the struct payload of <c>meter.fsm</c>.</summary>
public readonly record struct Sample(int Value);

/// <summary>The same reading as a class: the reference payload of <c>meter.fsm</c>.</summary>
public sealed record SampleRef(int Value);

/// <summary>The user's half of the generated meter (meter.fsm).</summary>
public partial class Meter
{
    public long Total;

    private partial bool High(Sample s) => s.Value > 50;
    private partial bool HighRef(SampleRef r) => r.Value > 50;
    partial void Add(Sample s) => Total += s.Value;
    partial void AddRef(SampleRef r) => Total += r.Value;
    partial void Tick() => Total++;
}

/// <summary>The meter written by hand: a switch on the state, then on the event, the payload a parameter.</summary>
public sealed class HandWrittenMeter
{
    public enum State { Low, Hot }

    public enum Event { Reading, ReadingRef, Count }

    public long Total;

    public State Current { get; private set; }

    public bool Fire(Event e)
    {
        switch (e)
        {
            case Event.Count:
                Total++;
                return true;
            default:
                throw new ArgumentException("This event carries a payload.", nameof(e));
        }
    }

    public bool Fire(Event e, Sample s)
    {
        if (e != Event.Reading) throw new ArgumentException("Not a Sample event.", nameof(e));
        switch (Current)
        {
            case State.Low:
                if (s.Value > 50) Current = State.Hot;
                Total += s.Value;
                return true;
            default:
                if (!(s.Value > 50)) Current = State.Low;
                Total += s.Value;
                return true;
        }
    }

    public bool Fire(Event e, SampleRef r)
    {
        if (e != Event.ReadingRef) throw new ArgumentException("Not a SampleRef event.", nameof(e));
        switch (Current)
        {
            case State.Low:
                if (r.Value > 50) Current = State.Hot;
                Total += r.Value;
                return true;
            default:
                if (!(r.Value > 50)) Current = State.Low;
                Total += r.Value;
                return true;
        }
    }
}

/// <summary>
/// <c>Fire(e, payload)</c> next to <c>Fire(e)</c>, generated and hand-written, on the same meter: each invocation fires
/// <see cref="Ops"/> events, alternating low and high readings so that half of them are transitions with a guard on the
/// payload. The hand-written meter is each category's baseline.
/// </summary>
[MemoryDiagnoser]
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory)]
[CategoriesColumn]
public class PayloadBenchmarks
{
    private const int Ops = 200;
    private static readonly Sample[] s_samples = { new(10), new(90) };
    private static readonly SampleRef[] s_refs = { new(10), new(90) };

    private Meter _generated = null!;
    private HandWrittenMeter _hand = null!;

    [GlobalSetup]
    public void Setup()
    {
        _generated = new Meter();
        _generated.Start();
        _hand = new HandWrittenMeter();
    }

    [Benchmark(OperationsPerInvoke = Ops), BenchmarkCategory("Fire(e)")]
    public long Plain_Generated()
    {
        for (var i = 0; i < Ops; i++) _generated.Fire(Meter.Event.Count);
        return _generated.Total;
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = Ops), BenchmarkCategory("Fire(e)")]
    public long Plain_HandWritten()
    {
        for (var i = 0; i < Ops; i++) _hand.Fire(HandWrittenMeter.Event.Count);
        return _hand.Total;
    }

    [Benchmark(OperationsPerInvoke = Ops), BenchmarkCategory("Fire(e, struct)")]
    public long Struct_Generated()
    {
        for (var i = 0; i < Ops; i++) _generated.Fire(Meter.Event.Reading, s_samples[i & 1]);
        return _generated.Total;
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = Ops), BenchmarkCategory("Fire(e, struct)")]
    public long Struct_HandWritten()
    {
        for (var i = 0; i < Ops; i++) _hand.Fire(HandWrittenMeter.Event.Reading, s_samples[i & 1]);
        return _hand.Total;
    }

    [Benchmark(OperationsPerInvoke = Ops), BenchmarkCategory("Fire(e, class)")]
    public long Class_Generated()
    {
        for (var i = 0; i < Ops; i++) _generated.Fire(Meter.Event.ReadingRef, s_refs[i & 1]);
        return _generated.Total;
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = Ops), BenchmarkCategory("Fire(e, class)")]
    public long Class_HandWritten()
    {
        for (var i = 0; i < Ops; i++) _hand.Fire(HandWrittenMeter.Event.ReadingRef, s_refs[i & 1]);
        return _hand.Total;
    }
}
