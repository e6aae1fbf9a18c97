using System;
using System.IO;
using System.Reflection;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Threading;
using System.Threading.Tasks;
using StreamJsonRpc;
using StreamJsonRpc.Protocol;
using TcpFsmGen.Cli.Lsp.Analysis;
using TcpFsmGen.Cli.Lsp.Documents;
using TcpFsmGen.Cli.Lsp.Features;
using TcpFsmGen.Cli.Lsp.Protocol;

namespace TcpFsmGen.Cli.Lsp;

/// <summary>
/// <c>fsm lsp</c>: a language server for <c>.fsm</c> files (LSP 3.17, JSON-RPC over a pair of streams). The
/// notifications that change documents are handled in order on the thread that reads messages, and cost only the
/// text edit; the analysis runs in the background (<see cref="AnalysisScheduler"/>), and each request waits,
/// without holding that thread, for the analysis of the document version it is about.
/// </summary>
internal sealed class LanguageServer
{
    /// <summary>LSP's <c>ServerNotInitialized</c>.</summary>
    private const int ServerNotInitialized = -32002;

    /// <summary>LSP's <c>RequestFailed</c>: a valid request the server declines (a rename to a keyword, formatting a broken file).</summary>
    private const int RequestFailed = -32803;

    private readonly JsonRpc _rpc;
    private readonly DocumentStore _documents = new();
    private readonly AnalysisScheduler _analysis;
    private readonly TaskCompletionSource<int> _exit = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TextWriter _log;
    private volatile bool _initialized;
    private volatile bool _shutDown;

    private LanguageServer(JsonRpc rpc, TextWriter log)
    {
        _rpc = rpc;
        _log = log;
        _analysis = new AnalysisScheduler(_documents, Publish, Log);
    }

    /// <summary>The options of the JSON the server reads and writes: the specification's camelCase names, no nulls written.</summary>
    public static JsonSerializerOptions JsonOptions { get; } = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    /// <summary>
    /// Serves one client until it sends <c>exit</c> or closes its end. Returns the process's exit code: 0 after
    /// <c>shutdown</c> then <c>exit</c>, 1 when the client left without asking to shut down (LSP's rule).
    /// </summary>
    /// <param name="log">Where the server writes what it cannot tell the client (standard error for <c>fsm lsp</c>).</param>
    public static async Task<int> RunAsync(Stream input, Stream output, TextWriter log, CancellationToken cancellationToken = default)
    {
        var formatter = new SystemTextJsonFormatter { JsonSerializerOptions = JsonOptions };
        using var handler = new LspMessageHandler(input, output, formatter);
        using var rpc = new LspJsonRpc(handler);
        var server = new LanguageServer(rpc, log);
        rpc.AddLocalRpcTarget(server, new JsonRpcTargetOptions { UseSingleObjectParameterDeserialization = true });
        rpc.StartListening();
        using (cancellationToken.Register(() => server._exit.TrySetResult(1)))
        {
            var ended = await Task.WhenAny(rpc.Completion, server._exit.Task).ConfigureAwait(false);
            var code = ended == server._exit.Task ? await server._exit.Task.ConfigureAwait(false) : server._shutDown ? 0 : 1;
            server._analysis.Stop();
            try
            {
                await server._analysis.Idle.ConfigureAwait(false);
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                server.Log($"The analysis ended with an error: {e.Message}");
            }
            return code;
        }
    }

    [JsonRpcMethod("initialize")]
    public InitializeResult Initialize(InitializeParams? parameters)
    {
        _ = parameters;
        _initialized = true;
        var version = typeof(LanguageServer).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "0";
        var plus = version.IndexOf('+');
        return new InitializeResult(new ServerCapabilities(), new ServerInfo("fsm", plus < 0 ? version : version.Substring(0, plus)));
    }

    [JsonRpcMethod("initialized")]
    public void Initialized(JsonElement? parameters = null) => _ = parameters;

    [JsonRpcMethod("shutdown")]
    public object? Shutdown()
    {
        EnsureInitialized();
        _shutDown = true;
        return null;
    }

    [JsonRpcMethod("exit")]
    public void Exit() => _exit.TrySetResult(_shutDown ? 0 : 1);

    [JsonRpcMethod("textDocument/didOpen")]
    public void DidOpen(DidOpenTextDocumentParams? parameters)
    {
        if (!AcceptsNotifications() || parameters?.TextDocument is not { Uri: { } uri } item) return;
        _documents.Open(uri, item.Version, item.Text ?? "");
        _analysis.Schedule();
    }

    [JsonRpcMethod("textDocument/didChange")]
    public void DidChange(DidChangeTextDocumentParams? parameters)
    {
        if (!AcceptsNotifications() || parameters?.TextDocument is not { Uri: { } uri } identifier) return;
        if (_documents.Change(uri, identifier.Version, parameters.ContentChanges ?? []) is null)
        {
            Log($"A change to '{uri}', which is not open, was ignored");
            return;
        }
        _analysis.Schedule();
    }

    [JsonRpcMethod("textDocument/didClose")]
    public void DidClose(DidCloseTextDocumentParams? parameters)
    {
        if (!AcceptsNotifications() || parameters?.TextDocument is not { Uri: { } uri }) return;
        if (_documents.Close(uri)) _analysis.Schedule();
    }

    [JsonRpcMethod("textDocument/hover")]
    public Task<Hover?> HoverAsync(TextDocumentPositionParams? parameters, CancellationToken cancellationToken)
        => AtPositionAsync(parameters, cancellationToken, (analysis, offset) => HoverProvider.At(analysis, offset));

    [JsonRpcMethod("textDocument/definition")]
    public Task<Location[]> DefinitionAsync(TextDocumentPositionParams? parameters, CancellationToken cancellationToken)
        => AtPositionAsync(parameters, cancellationToken, Navigation.Definition);

    [JsonRpcMethod("textDocument/references")]
    public Task<Location[]> ReferencesAsync(ReferenceParams? parameters, CancellationToken cancellationToken)
        => AtPositionAsync(parameters, cancellationToken,
            (analysis, offset) => Navigation.References(analysis, offset, parameters?.Context?.IncludeDeclaration ?? true));

    [JsonRpcMethod("textDocument/prepareRename")]
    public Task<PrepareRenameResult> PrepareRenameAsync(TextDocumentPositionParams? parameters, CancellationToken cancellationToken)
        => AtPositionAsync(parameters, cancellationToken, Renaming.Prepare);

    [JsonRpcMethod("textDocument/rename")]
    public Task<WorkspaceEdit> RenameAsync(RenameParams? parameters, CancellationToken cancellationToken)
    {
        var newName = parameters?.NewName ?? throw InvalidParams("The rename has no 'newName'");
        return AtPositionAsync(parameters, cancellationToken, (analysis, offset) => Renaming.Rename(analysis, offset, newName));
    }

    [JsonRpcMethod("textDocument/completion")]
    public Task<CompletionList> CompletionAsync(TextDocumentPositionParams? parameters, CancellationToken cancellationToken)
        => AtPositionAsync(parameters, cancellationToken, Completion.At);

    [JsonRpcMethod("textDocument/documentSymbol")]
    public Task<DocumentSymbol[]> DocumentSymbolAsync(DocumentParams? parameters, CancellationToken cancellationToken)
        => WholeDocumentAsync(parameters?.TextDocument, cancellationToken, DocumentSymbols.Of);

    [JsonRpcMethod("textDocument/formatting")]
    public Task<TextEdit[]> FormattingAsync(DocumentParams? parameters, CancellationToken cancellationToken)
        => WholeDocumentAsync(parameters?.TextDocument, cancellationToken, DocumentFormatting.Edits);

    [JsonRpcMethod("textDocument/foldingRange")]
    public Task<FoldingRange[]> FoldingRangeAsync(DocumentParams? parameters, CancellationToken cancellationToken)
        => WholeDocumentAsync(parameters?.TextDocument, cancellationToken, FoldingRanges.Of);

    [JsonRpcMethod("textDocument/semanticTokens/full")]
    public Task<SemanticTokensResult> SemanticTokensAsync(DocumentParams? parameters, CancellationToken cancellationToken)
        => WholeDocumentAsync(parameters?.TextDocument, cancellationToken, SemanticTokens.Of);

    [JsonRpcMethod("textDocument/codeAction")]
    public Task<CodeAction[]> CodeActionAsync(CodeActionParams? parameters, CancellationToken cancellationToken)
    {
        var range = parameters?.Range is { Start: not null, End: not null } r ? r : throw InvalidParams("The request has no 'range'");
        return WholeDocumentAsync(parameters?.TextDocument, cancellationToken, analysis => CodeActions.For(analysis, range));
    }

    private Task<T> AtPositionAsync<T>(TextDocumentPositionParams? parameters, CancellationToken cancellationToken, Func<DocumentAnalysis, int, T> feature)
    {
        var position = parameters?.Position ?? throw InvalidParams("The request has no 'position'");
        return WholeDocumentAsync(parameters?.TextDocument, cancellationToken, analysis => feature(analysis, analysis.Document.OffsetAt(position)));
    }

    private async Task<T> WholeDocumentAsync<T>(TextDocumentIdentifier? document, CancellationToken cancellationToken, Func<DocumentAnalysis, T> feature)
    {
        EnsureInitialized();
        var uri = document?.Uri ?? throw InvalidParams("The request has no 'textDocument.uri'");
        var analysis = await _analysis.GetAsync(uri, cancellationToken).ConfigureAwait(false);
        try
        {
            // Off the thread that reads messages even when the analysis was ready: the first request about a large
            // file reads its tokens and names, which takes a while.
            return await Task.Run(() => feature(analysis), cancellationToken).ConfigureAwait(false);
        }
        catch (RequestRefusedException e)
        {
            throw new LocalRpcException(e.Message) { ErrorCode = RequestFailed };
        }
    }

    private void EnsureInitialized()
    {
        if (_shutDown) throw new LocalRpcException("The server is shut down: only 'exit' is accepted") { ErrorCode = (int)JsonRpcErrorCode.InvalidRequest };
        if (!_initialized) throw new LocalRpcException("The server is not initialized: send 'initialize' first") { ErrorCode = ServerNotInitialized };
    }

    /// <summary>Notifications before <c>initialize</c> or after <c>shutdown</c> are dropped, as LSP says.</summary>
    private bool AcceptsNotifications() => _initialized && !_shutDown;

    private static LocalRpcException InvalidParams(string message) => new(message) { ErrorCode = (int)JsonRpcErrorCode.InvalidParams };

    private Task Publish(PublishDiagnosticsParams diagnostics)
        => _rpc.NotifyWithParameterObjectAsync("textDocument/publishDiagnostics", diagnostics);

    private void Log(string message)
    {
        lock (_log)
        {
            _log.WriteLine("fsm lsp: " + message);
            _log.Flush();
        }
    }
}
