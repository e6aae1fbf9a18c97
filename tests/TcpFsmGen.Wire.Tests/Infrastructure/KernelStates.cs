using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Threading;

namespace TcpFsmGen.Wire.Tests.Infrastructure;

/// <summary>
/// The kernel's states of the sockets that match a filter, read with <c>ss -tan</c> run over and over by one shell inside
/// the namespace: the sequence of distinct states seen. A state that lasts less than one <c>ss</c> run (about a
/// millisecond) can be missed, so tests require the long-lived states and report the rest.
/// </summary>
public sealed class KernelStates : IDisposable
{
    private readonly Func<string, bool> _match;
    private readonly List<string> _states = new();
    private readonly Process _process;
    private readonly Thread _reader;

    /// <summary>Polls the states of the sockets whose <c>ss</c> line matches <paramref name="match"/>.</summary>
    public KernelStates(NetNamespace ns, Func<string, bool> match)
    {
        _match = match;
        var start = new ProcessStartInfo("ip") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in new[] { "netns", "exec", ns.Name, "sh", "-c", "while :; do ss -tanH; done" }) start.ArgumentList.Add(a);
        _process = new Process { StartInfo = start };
        _process.Start();
        _process.BeginErrorReadLine();
        // A thread of its own reads the poller: callbacks on the thread pool fall behind when the tests running beside
        // this one keep the pool busy, and a state would then be seen late or, by a waiter's deadline, not at all.
        _reader = new Thread(Read) { IsBackground = true, Name = "ss poller" };
        _reader.Start();
    }

    private void Read()
    {
        try
        {
            while (_process.StandardOutput.ReadLine() is { } line)
            {
                if (!_match(line)) continue;
                var state = line.Split(' ', StringSplitOptions.RemoveEmptyEntries).FirstOrDefault();
                if (state is null) continue;
                lock (_states)
                {
                    if (_states.Count == 0 || _states[^1] != state)
                    {
                        _states.Add(state);
                        Monitor.PulseAll(_states);
                    }
                }
            }
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException or InvalidOperationException)
        {
        }
    }

    /// <summary>The distinct states seen, in order.</summary>
    public IReadOnlyList<string> States
    {
        get
        {
            lock (_states) return _states.ToArray();
        }
    }

    /// <summary>Waits until <paramref name="state"/> has been seen, up to <paramref name="timeout"/>; false if not.</summary>
    public bool WaitFor(string state, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        lock (_states)
        {
            while (!_states.Contains(state))
            {
                var left = deadline - DateTime.UtcNow;
                if (left <= TimeSpan.Zero) return false;
                Monitor.Wait(_states, left);
            }
            return true;
        }
    }

    /// <summary>Stops polling.</summary>
    public void Dispose()
    {
        try
        {
            if (!_process.HasExited) _process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
        }
        _reader.Join(TimeSpan.FromSeconds(5));                  // its pipe closed with the poller
        _process.Dispose();
    }
}
