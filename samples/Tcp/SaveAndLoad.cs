using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using TcpFsmGen.Runtime;

namespace TcpFsmGen.Samples.Tcp;

/// <summary>
/// The <c>save</c> and <c>load</c> commands: an endpoint in TIME-WAIT written to a JSON file, and brought back in another
/// process, where its 2MSL timer elapses at the deadline it had before.
/// </summary>
public static class SaveAndLoad
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    /// <summary>
    /// Peer A (ISS 100) connects to peer B (ISS 300) over an in-memory link and closes first, so that it ends in
    /// TIME-WAIT, its 2MSL timer on <paramref name="clock"/>; A is then written to <paramref name="file"/>.
    /// </summary>
    /// <returns>The exit code: 0, or 1 when the file cannot be written.</returns>
    public static int Save(string file, TimeSpan msl, TimeProvider clock, TextWriter output, TextWriter error)
    {
        var timers = new TimeProviderTimerService(clock);
        var a = new TcpEndpoint(100, timers) { Msl = msl };
        var b = new TcpEndpoint(300, timers) { Msl = msl };
        var wire = new Queue<(TcpEndpoint To, Segment Segment)>();
        a.Transmit += s => wire.Enqueue((b, s));
        b.Transmit += s => wire.Enqueue((a, s));
        void Deliver()
        {
            while (wire.TryDequeue(out var item)) item.To.Receive(item.Segment);
        }

        b.Listen();
        a.Connect();
        Deliver();
        a.Close();
        Deliver();
        b.Close();
        Deliver();

        var saved = a.Save();
        var due = saved.Machine.Timers[0].Due;
        try
        {
            File.WriteAllText(file, JsonSerializer.Serialize(saved, Indented) + "\n");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            error.WriteLine($"error: {e.Message}");
            return 1;
        }
        output.WriteLine($"peer A: {a.RfcState}, peer B: {b.RfcState}.");
        output.WriteLine($"Saved peer A to {file}: its 2MSL timer is due at {Stamp(due)}, {Seconds(due - clock.GetUtcNow())} from now.");
        return 0;
    }

    /// <summary>
    /// Reads the endpoint <paramref name="file"/> holds, restores it with its timers on <paramref name="clock"/>, and
    /// waits until it leaves TIME-WAIT.
    /// </summary>
    /// <returns>The exit code: 0 when the endpoint closed, 1 when the file cannot be read or does not hold an endpoint.</returns>
    public static async Task<int> LoadAsync(string file, TimeProvider clock, TextWriter output, TextWriter error, CancellationToken cancellationToken = default)
    {
        SavedEndpoint saved;
        try
        {
            saved = JsonSerializer.Deserialize<SavedEndpoint>(File.ReadAllText(file)) ?? throw new JsonException("The file holds null.");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or JsonException)
        {
            error.WriteLine($"error: {file}: {e.Message}");
            return 1;
        }

        var closed = new TaskCompletionSource<DateTimeOffset>(TaskCreationOptions.RunContinuationsAsynchronously);
        TcpEndpoint endpoint;
        try
        {
            endpoint = TcpEndpoint.Load(saved, new TimeProviderTimerService(clock), e => e.StateChanged += (_, to) =>
            {
                if (to == TcpEndpoint.State.Closed) closed.TrySetResult(clock.GetUtcNow());
            });
        }
        catch (ArgumentException e)
        {
            error.WriteLine($"error: {file}: {e.Message}");
            return 1;
        }

        var now = clock.GetUtcNow();
        output.WriteLine($"Restored peer A from {file}: {endpoint.RfcState}, SND.NXT {endpoint.SndNxt}, RCV.NXT {endpoint.RcvNxt}.");
        if (saved.Machine.Timers.Count == 0)
        {
            output.WriteLine("It has no timer running.");
            return 0;
        }
        var due = saved.Machine.Timers[0].Due;
        output.WriteLine(due > now
            ? $"Its 2MSL timer is due at {Stamp(due)}, {Seconds(due - now)} from now."
            : $"Its 2MSL timer was due at {Stamp(due)}, {Seconds(now - due)} ago: it elapses at once.");
        var at = await closed.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
        output.WriteLine($"TIME-WAIT -> CLOSED at {Stamp(at)}: {Seconds(at - due)} after the deadline.");
        return 0;
    }

    private static string Stamp(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss.fff", CultureInfo.InvariantCulture) + " UTC";

    private static string Seconds(TimeSpan time) => time.TotalSeconds.ToString("0.000", CultureInfo.InvariantCulture) + " s";
}
