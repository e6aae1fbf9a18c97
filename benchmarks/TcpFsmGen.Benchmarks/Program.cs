using System;
using System.Threading;
using BenchmarkDotNet.Running;
using TcpFsmGen.Runtime;

// dotnet run -c Release --project benchmarks/TcpFsmGen.Benchmarks -- --filter '*'
// dotnet run -c Release --project benchmarks/TcpFsmGen.Benchmarks -- timer-memory
// dotnet run -c Release --project benchmarks/TcpFsmGen.Benchmarks -- lsp-memory
if (args is ["timer-memory"])
{
    TimerMemory.Report();
    return;
}
if (args is ["lsp-memory"])
{
    await TcpFsmGen.Benchmarks.LspMemory.ReportAsync();
    return;
}
BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);

/// <summary>The managed memory 1,000,000 armed timers take: on a wheel, and as ITimers of TimeProvider.System.</summary>
internal static class TimerMemory
{
    private const int Timers = 1_000_000;

    private sealed class Nothing : ITimerTarget
    {
        public void OnTimerElapsed(int slot, int generation)
        {
        }
    }

    public static void Report()
    {
        var wheel = new TimerWheel(TimeProvider.System);
        var target = new Nothing();
        var before = Measure();
        var slots = new TimerSlot[Timers];
        for (var i = 0; i < Timers; i++)
        {
            slots[i] = wheel.CreateSlot(target, i & 0xFFFF);
            slots[i].Start(TimeSpan.FromMinutes(4));
        }
        var after = Measure();
        // The array that holds the slots here is the caller's, not the wheel's: 8 bytes a timer.
        var array = (long)IntPtr.Size * Timers;
        Console.WriteLine($"wheel:  {wheel.Count:N0} armed timers, {(after - before - array) / (double)Timers:N1} bytes each (managed-memory growth, less the test's array of references)");
        GC.KeepAlive(slots);
        wheel.Dispose();
        slots = null;

        before = Measure();
        var timers = new ITimer[Timers];
        for (var i = 0; i < Timers; i++) timers[i] = TimeProvider.System.CreateTimer(static _ => { }, null, TimeSpan.FromMinutes(4), Timeout.InfiniteTimeSpan);
        after = Measure();
        Console.WriteLine($"ITimer: {Timers:N0} armed timers, {(after - before - array) / (double)Timers:N1} bytes each");
        foreach (var timer in timers) timer.Dispose();
    }

    private static long Measure()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        return GC.GetTotalMemory(forceFullCollection: true);
    }
}
