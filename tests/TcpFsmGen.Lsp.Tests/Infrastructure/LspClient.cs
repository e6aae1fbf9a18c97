using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Threading;
using System.Threading.Tasks;

namespace TcpFsmGen.Lsp.Tests.Infrastructure;

/// <summary>An error response from the server.</summary>
public sealed class LspErrorException(int code, string message) : Exception($"{code}: {message}")
{
    public int Code { get; } = code;

    public string ErrorMessage { get; } = message;
}

/// <summary>
/// A language client that speaks raw JSON-RPC, so the tests see exactly what goes over the wire: it frames
/// messages itself, matches responses to requests by id, and keeps every notification the server sends.
/// </summary>
public sealed class LspClient : IAsyncDisposable
{
    /// <summary>How long any wait for the server may take before the test fails (a generous bound, not a sleep).</summary>
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    private readonly Stream _input;
    private readonly Stream _output;
    private readonly SemaphoreSlim _writeLock = new(1, 1);
    private readonly ConcurrentDictionary<long, TaskCompletionSource<JsonObject>> _pending = new();
    private readonly List<JsonObject> _notifications = new();
    private readonly List<JsonObject> _uncorrelated = new();
    private readonly object _gate = new();
    private readonly Task _reader;
    private TaskCompletionSource _arrived = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private long _nextId;

    /// <param name="input">What the server writes.</param>
    /// <param name="output">What the server reads.</param>
    public LspClient(Stream input, Stream output)
    {
        _input = input;
        _output = output;
        _reader = Task.Run(ReadLoopAsync);
    }

    /// <summary>Set when the server's output ended.</summary>
    public bool Closed { get; private set; }

    public async Task<JsonObject> InitializeAsync()
    {
        var result = await RequestAsync("initialize", new JsonObject { ["processId"] = null, ["capabilities"] = new JsonObject() });
        await NotifyAsync("initialized", new JsonObject());
        return result!.AsObject();
    }

    /// <summary>Sends a request and returns its result; an error response throws <see cref="LspErrorException"/>.</summary>
    public async Task<JsonNode?> RequestAsync(string method, JsonNode? parameters)
    {
        var response = await RequestRawAsync(method, parameters);
        if (response["error"] is { } error) throw new LspErrorException((int)error["code"]!, (string?)error["message"] ?? "");
        return response["result"];
    }

    /// <summary>Sends a request and returns the whole response.</summary>
    public async Task<JsonObject> RequestRawAsync(string method, JsonNode? parameters)
    {
        var id = Interlocked.Increment(ref _nextId);
        var response = new TaskCompletionSource<JsonObject>(TaskCreationOptions.RunContinuationsAsynchronously);
        _pending[id] = response;
        var message = new JsonObject { ["jsonrpc"] = "2.0", ["id"] = id, ["method"] = method };
        if (parameters is not null) message["params"] = parameters;
        await SendAsync(message);
        return await response.Task.WaitAsync(Timeout);
    }

    /// <summary>Sends a request without waiting; its id, for <see cref="ResponseAsync"/> or <c>$/cancelRequest</c>.</summary>
    public async Task<(long Id, Task<JsonObject> Response)> StartRequestAsync(string method, JsonNode? parameters)
    {
        var id = Interlocked.Increment(ref _nextId);
        var response = new TaskCompletionSource<JsonObject>(TaskCreationOptions.RunContinuationsAsynchronously);
        _pending[id] = response;
        await SendAsync(new JsonObject { ["jsonrpc"] = "2.0", ["id"] = id, ["method"] = method, ["params"] = parameters });
        return (id, response.Task.WaitAsync(Timeout));
    }

    public Task NotifyAsync(string method, JsonNode? parameters)
    {
        var message = new JsonObject { ["jsonrpc"] = "2.0", ["method"] = method };
        if (parameters is not null) message["params"] = parameters;
        return SendAsync(message);
    }

    public Task SendAsync(JsonNode message) => SendRawAsync(Frame(Encoding.UTF8.GetBytes(message.ToJsonString())));

    /// <summary>Writes bytes as they are: for malformed messages.</summary>
    public async Task SendRawAsync(byte[] bytes)
    {
        await _writeLock.WaitAsync();
        try
        {
            await _output.WriteAsync(bytes);
            await _output.FlushAsync();
        }
        finally
        {
            _writeLock.Release();
        }
    }

    public static byte[] Frame(byte[] content)
        => [.. Encoding.ASCII.GetBytes($"Content-Length: {content.Length.ToString(CultureInfo.InvariantCulture)}\r\n\r\n"), .. content];

    /// <summary>The next response that matched no request (an error about a message that had no usable id).</summary>
    public Task<JsonObject> NextUncorrelatedAsync()
        => WaitForAsync(() =>
        {
            if (_uncorrelated.Count == 0) return null;
            var first = _uncorrelated[0];
            _uncorrelated.RemoveAt(0);
            return first;
        });

    /// <summary>The first <c>publishDiagnostics</c> for <paramref name="uri"/> at <paramref name="version"/> (any version when null).</summary>
    public Task<JsonObject> DiagnosticsAsync(string uri, int? version)
        => WaitForAsync(() => _notifications.FirstOrDefault(n =>
            (string?)n["method"] == "textDocument/publishDiagnostics" && (string?)n["params"]!["uri"] == uri
            && (version is null || (int?)n["params"]!["version"] == version))?["params"]!.AsObject());

    /// <summary>Waits until a condition about what the server sent holds (checked each time a message arrives).</summary>
    public Task WaitUntilAsync(Func<bool> condition) => WaitForAsync(() => condition() ? new object() : null);

    /// <summary>The last <c>publishDiagnostics</c> for <paramref name="uri"/> received so far, or null.</summary>
    public JsonObject? LastDiagnostics(string uri)
    {
        lock (_gate)
        {
            return _notifications.LastOrDefault(n => (string?)n["method"] == "textDocument/publishDiagnostics" && (string?)n["params"]!["uri"] == uri)?["params"]!.AsObject();
        }
    }

    /// <summary>Every notification of one method received so far.</summary>
    public IReadOnlyList<JsonObject> Notifications(string method)
    {
        lock (_gate) return _notifications.Where(n => (string?)n["method"] == method).Select(n => n["params"]!.AsObject()).ToList();
    }

    /// <summary>Opens a document and waits for its first diagnostics.</summary>
    public async Task<JsonArray> OpenAsync(string uri, string text, int version = 1)
    {
        await NotifyAsync("textDocument/didOpen", new JsonObject
        {
            ["textDocument"] = new JsonObject { ["uri"] = uri, ["languageId"] = "fsm", ["version"] = version, ["text"] = text },
        });
        return (await DiagnosticsAsync(uri, version))["diagnostics"]!.AsArray();
    }

    /// <summary>Sends one didChange with these changes (each a range and a text, or a whole text) and waits for the diagnostics of the version.</summary>
    public async Task<JsonArray> ChangeAsync(string uri, int version, params JsonObject[] changes)
    {
        await NotifyAsync("textDocument/didChange", new JsonObject
        {
            ["textDocument"] = new JsonObject { ["uri"] = uri, ["version"] = version },
            ["contentChanges"] = new JsonArray(changes.Select(c => (JsonNode)c).ToArray()),
        });
        return (await DiagnosticsAsync(uri, version))["diagnostics"]!.AsArray();
    }

    public static JsonObject Change(JsonObject range, string text) => new() { ["range"] = range, ["text"] = text };

    public static JsonObject WholeText(string text) => new() { ["text"] = text };

    public static JsonObject At(string uri, JsonObject position) => new() { ["textDocument"] = Document(uri), ["position"] = position };

    public static JsonObject Document(string uri) => new() { ["uri"] = uri };

    /// <summary>Sends shutdown and exit.</summary>
    public async Task ShutdownAsync()
    {
        await RequestAsync("shutdown", null);
        await NotifyAsync("exit", null);
    }

    public async ValueTask DisposeAsync()
    {
        _output.Dispose();
        try
        {
            await _reader.WaitAsync(Timeout);
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException or TimeoutException)
        {
            // The server's end is already gone.
        }
        _input.Dispose();
    }

    private async Task<T> WaitForAsync<T>(Func<T?> find) where T : class
    {
        var deadline = DateTime.UtcNow + Timeout;
        while (true)
        {
            Task arrived;
            lock (_gate)
            {
                if (find() is { } found) return found;
                if (Closed) throw new IOException("The server closed its output");
                arrived = _arrived.Task;
            }
            var left = deadline - DateTime.UtcNow;
            if (left <= TimeSpan.Zero) throw new TimeoutException("The server sent nothing that was waited for");
            await arrived.WaitAsync(left);
        }
    }

    private async Task ReadLoopAsync()
    {
        try
        {
            while (await ReadMessageAsync() is { } message)
            {
                lock (_gate)
                {
                    if (message["method"] is not null)
                    {
                        _notifications.Add(message);
                    }
                    else if (message["id"] is JsonValue id && id.TryGetValue<long>(out var number) && _pending.TryRemove(number, out var pending))
                    {
                        pending.TrySetResult(message);
                    }
                    else
                    {
                        _uncorrelated.Add(message);
                    }
                    Signal();
                }
            }
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException or OperationCanceledException or InvalidOperationException)
        {
            // The stream ended, or this client closed it.
        }
        lock (_gate)
        {
            Closed = true;
            foreach (var pending in _pending.Values) pending.TrySetException(new IOException("The server closed its output"));
            Signal();
        }
    }

    private void Signal()
    {
        var arrived = _arrived;
        _arrived = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        arrived.TrySetResult();
    }

    private async Task<JsonObject?> ReadMessageAsync()
    {
        var length = -1;
        while (true)
        {
            var line = await ReadLineAsync();
            if (line is null) return null;
            if (line.Length == 0) break;
            var colon = line.IndexOf(':');
            if (colon > 0 && line.Substring(0, colon).Equals("Content-Length", StringComparison.OrdinalIgnoreCase))
            {
                length = int.Parse(line.Substring(colon + 1).Trim(), CultureInfo.InvariantCulture);
            }
        }
        if (length < 0) throw new IOException("The server sent a message without Content-Length");
        var content = new byte[length];
        await _input.ReadExactlyAsync(content);
        return JsonNode.Parse(content)!.AsObject();
    }

    private async Task<string?> ReadLineAsync()
    {
        var bytes = new List<byte>();
        var one = new byte[1];
        while (true)
        {
            if (await _input.ReadAsync(one) == 0) return bytes.Count == 0 ? null : throw new IOException("The server's output ended inside a header");
            if (one[0] == '\n') break;
            bytes.Add(one[0]);
        }
        if (bytes.Count > 0 && bytes[^1] == '\r') bytes.RemoveAt(bytes.Count - 1);
        return Encoding.ASCII.GetString(bytes.ToArray());
    }
}
