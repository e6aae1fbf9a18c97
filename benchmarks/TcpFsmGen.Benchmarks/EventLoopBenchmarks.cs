using System.Linq;
using System.Threading.Tasks;
using BenchmarkDotNet.Attributes;
using Demo.Doors;
using TcpFsmGen.Runtime;

namespace TcpFsmGen.Benchmarks;

/// <summary>
/// Event-loop throughput: 1,000,000 events (a knock, which runs the door's Answer action) posted to 1,000
/// generated doors from 1 or 4 producer threads, until the loop has delivered them all.
/// </summary>
[MemoryDiagnoser]
public class EventLoopBenchmarks
{
    private const int Events = 1_000_000;
    private EventLoop<Door.Event> _loop = null!;
    private Door[] _doors = null!;

    [Params(1, 4)]
    public int Producers { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _loop = new EventLoop<Door.Event>();
        _doors = Enumerable.Range(0, 1_000).Select(_ => new Door()).ToArray();
    }

    [GlobalCleanup]
    public void Cleanup() => _loop.StopAsync().GetAwaiter().GetResult();

    [Benchmark(OperationsPerInvoke = Events)]
    public async Task Post()
    {
        var perProducer = Events / Producers;
        var producers = new Task[Producers];
        for (var p = 0; p < Producers; p++)
        {
            var offset = p;
            producers[p] = Task.Run(() =>
            {
                var doors = _doors;
                for (var i = 0; i < perProducer; i++) _loop.Post(doors[(i + offset) % doors.Length], Door.Event.Knock);
            });
        }
        await Task.WhenAll(producers);
        // Delivered in order after everything posted before it: when it completes, the loop has caught up.
        await _loop.FireAsync(_doors[0], Door.Event.Knock);
    }
}
