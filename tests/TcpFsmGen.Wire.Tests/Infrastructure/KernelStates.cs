using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Threading.Tasks;

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

    /// <summary>Polls the states of the sockets whose <c>ss</c> line matches <paramref name="match"/>.</summary>
    public KernelStates(NetNamespace ns, Func<string, bool> match)
    {
        _match = match;
        var start = new ProcessStartInfo("ip") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in new[] { "netns", "exec", ns.Name, "sh", "-c", "while :; do ss -tanH; done" }) start.ArgumentList.Add(a);
        _process = new Process { StartInfo = start };
        _process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is null || !_match(e.Data)) return;
            var state = e.Data.Split(' ', StringSplitOptions.RemoveEmptyEntries).FirstOrDefault();
            if (state is null) return;
            lock (_states)
            {
                if (_states.Count == 0 || _states[^1] != state) _states.Add(state);
            }
        };
        _process.Start();
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
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
    public async Task<bool> WaitForAsync(string state, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            if (States.Contains(state)) return true;
            await Task.Delay(10);                               // the poller is a real process: check its findings now and then
        }
        return States.Contains(state);
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
        _process.Dispose();
    }
}
