using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Text;
using System.Threading;

namespace TcpFsmGen.Wire.Tests.Infrastructure;

/// <summary>A running process whose output lines are kept, to wait on (never a fixed sleep).</summary>
public sealed class NsProcess : IDisposable
{
    private readonly Process _process;
    private readonly List<string> _lines = new();
    private readonly StringBuilder _error = new();

    internal NsProcess(string fileName, IEnumerable<string> arguments)
    {
        var start = new ProcessStartInfo(fileName) { RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true, UseShellExecute = false };
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["DOTNET_NOLOGO"] = "1";
        _process = new Process { StartInfo = start };
        _process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is null) return;
            lock (_lines)
            {
                _lines.Add(e.Data);
                Monitor.PulseAll(_lines);
            }
        };
        _process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is null) return;
            lock (_error) _error.AppendLine(e.Data);
        };
        _process.Start();
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    /// <summary>The process id (of dotnet itself: <c>ip netns exec</c> execs its command).</summary>
    public int Id => _process.Id;

    /// <summary>The lines printed so far.</summary>
    public IReadOnlyList<string> Lines
    {
        get
        {
            lock (_lines) return _lines.ToArray();
        }
    }

    /// <summary>Standard error so far.</summary>
    public string Error
    {
        get
        {
            lock (_error) return _error.ToString();
        }
    }

    /// <summary>Standard input.</summary>
    public System.IO.StreamWriter Input => _process.StandardInput;

    /// <summary>Waits until a line matches <paramref name="match"/>; returns it. Throws, with the output so far, after <paramref name="timeout"/>.</summary>
    public string WaitFor(Func<string, bool> match, TimeSpan timeout, string what)
    {
        var deadline = DateTime.UtcNow + timeout;
        var seen = 0;
        while (true)
        {
            var exited = _process.HasExited;
            if (exited) _process.WaitForExit();                 // an ended process: its last lines are read before they are searched
            lock (_lines)
            {
                for (; seen < _lines.Count; seen++)
                {
                    if (match(_lines[seen])) return _lines[seen];
                }
                var left = deadline - DateTime.UtcNow;
                if (exited || left <= TimeSpan.Zero)
                {
                    var ended = exited ? $" (the process ended with exit code {_process.ExitCode})" : "";
                    throw new TimeoutException($"no line {what} within {timeout.TotalSeconds} s{ended}\n--- output ---\n{string.Join('\n', _lines)}\n--- error ---\n{Error}");
                }
                Monitor.Wait(_lines, left < TimeSpan.FromMilliseconds(200) ? left : TimeSpan.FromMilliseconds(200));
            }
        }
    }

    /// <summary>Waits for the process to end; returns its exit code. Throws (and kills it) after <paramref name="timeout"/>.</summary>
    public int WaitForExit(TimeSpan timeout)
    {
        if (!_process.WaitForExit(timeout))
        {
            Kill();
            throw new TimeoutException($"{_process.StartInfo.FileName} {string.Join(' ', _process.StartInfo.ArgumentList)} did not end within {timeout.TotalSeconds} s\n--- output ---\n{string.Join('\n', Lines)}\n--- error ---\n{Error}");
        }
        _process.WaitForExit();                                 // the output's last lines
        return _process.ExitCode;
    }

    /// <summary>Sends SIGTERM.</summary>
    public void Terminate() => Signal("TERM");

    /// <summary>Sends the signal <paramref name="name"/> (<c>TERM</c>, <c>STOP</c>, <c>CONT</c>) to this process only.</summary>
    public void Signal(string name) => Programs.Run("kill", ["-" + name, _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]);

    /// <summary>
    /// Sends SIGSTOP and returns once every thread of the process is stopped (state <c>T</c> in <c>/proc</c>), so that
    /// what the test does next happens while the process cannot answer. Throws after <paramref name="timeout"/>.
    /// </summary>
    public void Pause(TimeSpan timeout)
    {
        Signal("STOP");
        var deadline = DateTime.UtcNow + timeout;
        while (!AllThreadsStopped())
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"process {Id} did not stop within {timeout.TotalSeconds} s");
            Thread.Yield();                                     // the kernel stops the threads; nothing to wait on but /proc
        }
    }

    /// <summary>Sends SIGCONT.</summary>
    public void Resume() => Signal("CONT");

    private bool AllThreadsStopped()
    {
        try
        {
            return System.IO.Directory.EnumerateDirectories($"/proc/{Id}/task").All(task =>
            {
                var stat = System.IO.File.ReadAllText(System.IO.Path.Combine(task, "stat"));
                var state = stat[(stat.LastIndexOf(')') + 2)..].Split(' ')[0];
                return state is "T" or "t" or "Z" or "X";
            });
        }
        catch (System.IO.IOException)
        {
            return true;                                        // gone: nothing left to answer
        }
        catch (UnauthorizedAccessException)
        {
            return true;
        }
    }

    private void Kill()
    {
        try
        {
            if (!_process.HasExited) _process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
        }
    }

    /// <summary>Kills the process if it still runs.</summary>
    public void Dispose()
    {
        Kill();
        _process.Dispose();
    }

    /// <summary>The output, for messages.</summary>
    public override string ToString() => string.Join('\n', Lines) + "\n--- error ---\n" + Error;
}
