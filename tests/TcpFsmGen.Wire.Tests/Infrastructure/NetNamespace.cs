using System;
using System.Collections.Generic;
using System.IO;
using System.Threading;

namespace TcpFsmGen.Wire.Tests.Infrastructure;

/// <summary>
/// A network namespace of the test's own, with loopback up and a TUN device <c>fsm0</c> at 10.7.0.1/24 (the kernel's side;
/// the sample takes 10.7.0.2). Deleted, with every process started in it, on <see cref="Dispose"/>, even after a failure.
/// Nothing here touches the host's own namespace.
/// </summary>
public sealed class NetNamespace : IDisposable
{
    private static int s_count;
    private readonly List<NsProcess> _processes = new();

    /// <summary>Our address in the namespace.</summary>
    public const string Ours = "10.7.0.2";

    /// <summary>The kernel's address in the namespace.</summary>
    public const string Kernel = "10.7.0.1";

    /// <summary>The TUN device.</summary>
    public const string Device = "fsm0";

    /// <summary>Creates the namespace <c>wire-TEST-PID-N</c> and its device.</summary>
    public NetNamespace(string test)
    {
        Name = $"wire-{test}-{Environment.ProcessId}-{Interlocked.Increment(ref s_count)}";
        if (Name.Length > 60) Name = Name[..60];
        Ip("netns", "add", Name);
        try
        {
            Exec("ip", "link", "set", "lo", "up");
            Exec("ip", "tuntap", "add", "dev", Device, "mode", "tun");
            Exec("ip", "addr", "add", Kernel + "/24", "dev", Device);
            Exec("ip", "link", "set", Device, "up");
        }
        catch
        {
            Dispose();
            throw;
        }
    }

    /// <summary>The namespace's name.</summary>
    public string Name { get; }

    /// <summary>Runs a command inside the namespace to its end; throws when it fails.</summary>
    public string Exec(params string[] command)
    {
        var (code, output, error) = Programs.Run("ip", ["netns", "exec", Name, .. command]);
        if (code != 0) throw new InvalidOperationException($"{string.Join(' ', command)} in {Name}: exit {code}: {error}");
        return output;
    }

    /// <summary>Runs a command inside the namespace to its end.</summary>
    public (int ExitCode, string Output, string Error) Try(TimeSpan timeout, params string[] command)
        => Programs.Run("ip", ["netns", "exec", Name, .. command], timeout);

    /// <summary>Starts a command inside the namespace; it is killed on <see cref="Dispose"/> if still running.</summary>
    public NsProcess Start(params string[] command)
    {
        var process = new NsProcess("ip", ["netns", "exec", Name, .. command]);
        lock (_processes) _processes.Add(process);
        return process;
    }

    /// <summary>Starts the sample (<c>dotnet TcpFsmGen.Samples.Tcp.dll ARGS</c>) inside the namespace.</summary>
    public NsProcess StartSample(params string[] args) => Start(["dotnet", SamplePath, .. args]);

    /// <summary>The sample's assembly, beside this test assembly.</summary>
    public static string SamplePath { get; } = Path.Combine(AppContext.BaseDirectory, "TcpFsmGen.Samples.Tcp.dll");

    private static void Ip(params string[] args)
    {
        var (code, _, error) = Programs.Run("ip", args);
        if (code != 0) throw new InvalidOperationException($"ip {string.Join(' ', args)}: exit {code}: {error}");
    }

    /// <summary>Kills what is still running and deletes the namespace (its devices and sockets go with it).</summary>
    public void Dispose()
    {
        lock (_processes)
        {
            foreach (var process in _processes) process.Dispose();
            _processes.Clear();
        }
        Programs.Run("ip", ["netns", "del", Name]);
    }
}
