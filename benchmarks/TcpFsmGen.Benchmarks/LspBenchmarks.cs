using System;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using BenchmarkDotNet.Attributes;
using Nerdbank.Streams;
using StreamJsonRpc;
using TcpFsmGen.Cli.Lsp;

namespace TcpFsmGen.Benchmarks;

/// <summary>
/// The language server on the 1,000-state machine of <see cref="LargeMachine"/>: the time from a one-character
/// <c>didChange</c> (one digit of a transition's target, as in <see cref="IncrementalBenchmarks"/>) to the
/// <c>publishDiagnostics</c> of that version at the client, through JSON-RPC over an in-process pipe: the text edit,
/// the parse and analysis (the whole pipeline), the 950 diagnostics serialized and read back by the client.
/// </summary>
[MemoryDiagnoser]
public class LspBenchmarks
{
    private LspSession _session = null!;

    [GlobalSetup]
    public void Setup() => _session = LspSession.StartAsync().GetAwaiter().GetResult();

    [GlobalCleanup]
    public void Cleanup() => _session.DisposeAsync().AsTask().GetAwaiter().GetResult();

    /// <summary>One keystroke, and its diagnostics back at the client.</summary>
    [Benchmark]
    public int OneCharacterChangeToDiagnostics() => _session.EditAsync().GetAwaiter().GetResult();
}

/// <summary>A server in this process and a StreamJsonRpc client for it, with the large machine open.</summary>
public sealed class LspSession : IAsyncDisposable
{
    public const string Uri = "file:///bench/large.fsm";

    private readonly JsonRpc _client;
    private readonly Task<int> _server;
    private readonly DiagnosticsListener _listener = new();
    /// <summary>Where the edited digit is, and the digit the text has there.</summary>
    private readonly int _line, _character;
    private readonly string _digit;
    private int _version = 1;

    private LspSession(JsonRpc client, Task<int> server, int line, int character, string digit)
    {
        _client = client;
        _server = server;
        _line = line;
        _character = character;
        _digit = digit;
    }

    public static async Task<LspSession> StartAsync()
    {
        var (serverSide, clientSide) = FullDuplexStream.CreatePair();
        var server = Task.Run(() => LanguageServer.RunAsync(serverSide, serverSide, Console.Error));
        var client = new JsonRpc(new HeaderDelimitedMessageHandler(clientSide, clientSide, new SystemTextJsonFormatter()));
        var text = LargeMachine.Text();
        // The first target of a transition past the first thousand characters: one digit there is edited back and forth.
        var at = text.IndexOf("-> L", 1000, StringComparison.Ordinal) + 4;
        var lineStart = text.LastIndexOf('\n', at) + 1;
        var line = 0;
        for (var i = 0; i < lineStart; i++) if (text[i] == '\n') line++;
        var session = new LspSession(client, server, line, at - lineStart, text.Substring(at, 1));
        client.AddLocalRpcTarget(session._listener, new JsonRpcTargetOptions { UseSingleObjectParameterDeserialization = true });
        client.StartListening();
        await client.InvokeWithParameterObjectAsync<JsonElement>("initialize", new { processId = (int?)null, capabilities = new { } });
        await client.NotifyWithParameterObjectAsync("initialized", new { });
        var opened = session._listener.Expect(1);
        await client.NotifyWithParameterObjectAsync("textDocument/didOpen",
            new { textDocument = new { uri = Uri, languageId = "fsm", version = 1, text } });
        await opened;
        return session;
    }

    /// <summary>Replaces one digit (with another, then back), and waits for that version's diagnostics; returns their number.</summary>
    public async Task<int> EditAsync()
    {
        var version = ++_version;
        var published = _listener.Expect(version);
        await _client.NotifyWithParameterObjectAsync("textDocument/didChange", new
        {
            textDocument = new { uri = Uri, version },
            contentChanges = new[]
            {
                new
                {
                    range = new { start = new { line = _line, character = _character }, end = new { line = _line, character = _character + 1 } },
                    text = version % 2 == 0 ? (_digit == "9" ? "8" : "9") : _digit,
                },
            },
        });
        return await published;
    }

    public async ValueTask DisposeAsync()
    {
        await _client.InvokeAsync<object?>("shutdown");
        await _client.NotifyAsync("exit");
        await _server;
        _client.Dispose();
    }

    /// <summary>The client's handler of <c>publishDiagnostics</c>: completes the wait for a version.</summary>
    private sealed class DiagnosticsListener
    {
        private TaskCompletionSource<int>? _waiting;
        private int _version;

        public Task<int> Expect(int version)
        {
            var waiting = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
            Volatile.Write(ref _version, version);
            Volatile.Write(ref _waiting, waiting);
            return waiting.Task;
        }

        [JsonRpcMethod("textDocument/publishDiagnostics")]
        public void Publish(JsonElement parameters)
        {
            if (!parameters.TryGetProperty("version", out var version) || version.ValueKind != JsonValueKind.Number) return;
            if (version.GetInt32() != Volatile.Read(ref _version)) return;
            Volatile.Read(ref _waiting)?.TrySetResult(parameters.GetProperty("diagnostics").GetArrayLength());
        }
    }
}
