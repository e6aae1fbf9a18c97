using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using StreamJsonRpc;
using TcpFsmGen.Cli.Lsp.Documents;
using TcpFsmGen.Cli.Lsp.Features;
using TcpFsmGen.Cli.Lsp.Protocol;
using TcpFsmGen.Generator.Analysis;
using TcpFsmGen.Generator.Diagnostics;
using TcpFsmGen.Generator.Helpers;
using TcpFsmGen.Generator.Parsing;
using TcpFsmGen.Generator.Pipeline;

namespace TcpFsmGen.Cli.Lsp.Analysis;

/// <summary>
/// Runs the generator's pipeline over the open documents, off the thread that reads messages, one run at a
/// time. Every open, change or close schedules a run and cancels the one in progress, whose results would be
/// stale: a burst of keystrokes costs one analysis of the last text. The open machines are checked together, as
/// one project's are (<see cref="MachinePipeline"/>: each analysed on its own, then indexed together, then
/// completed), and a document that did not change since the last run is not parsed again.
/// </summary>
internal sealed class AnalysisScheduler
{
    /// <summary>LSP's <c>ContentModified</c>: the document changed before the answer was ready.</summary>
    public const int ContentModified = -32801;

    private readonly DocumentStore _store;
    private readonly Func<PublishDiagnosticsParams, Task> _publish;
    private readonly Action<string> _log;
    private readonly object _gate = new();
    private readonly Dictionary<string, (TextDocument Document, AnalyzedMachine Machine)> _own = new(StringComparer.Ordinal);
    private readonly Dictionary<string, DocumentAnalysis> _latest = new(StringComparer.Ordinal);
    private readonly Dictionary<string, (int Version, EquatableArray<DiagnosticInfo> Diagnostics)> _published = new(StringComparer.Ordinal);
    private readonly List<(TextDocument Document, TaskCompletionSource<DocumentAnalysis> Result)> _waiters = new();
    private CancellationTokenSource _current = new();
    private Task _last = Task.CompletedTask;

    public AnalysisScheduler(DocumentStore store, Func<PublishDiagnosticsParams, Task> publish, Action<string> log)
    {
        _store = store;
        _publish = publish;
        _log = log;
    }

    /// <summary>The run that follows the last change; complete when its diagnostics are published.</summary>
    public Task Idle
    {
        get { lock (_gate) return _last; }
    }

    /// <summary>Cancels the run in progress and starts one over the documents as they are now, once it has stopped.</summary>
    public void Schedule()
    {
        lock (_gate)
        {
            _current.Cancel();
            _current = new CancellationTokenSource();
            var token = _current.Token;
            FailStaleWaiters();
            _last = _last.ContinueWith(_ => RunAsync(token), CancellationToken.None, TaskContinuationOptions.DenyChildAttach, TaskScheduler.Default).Unwrap();
        }
    }

    /// <summary>Cancels the run in progress and schedules none: the server is ending.</summary>
    public void Stop()
    {
        lock (_gate)
        {
            _current.Cancel();
            FailWaiters(w => true, new LocalRpcException("The server is ending") { ErrorCode = ContentModified });
        }
    }

    /// <summary>
    /// The analysis of the document's current version, when it is ready. Fails with <see cref="ContentModified"/>
    /// when the document changes first, and when it is closed.
    /// </summary>
    public Task<DocumentAnalysis> GetAsync(string uri, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            if (_store.Find(uri) is not { } document)
            {
                throw new LocalRpcException($"Document '{uri}' is not open") { ErrorCode = (int)StreamJsonRpc.Protocol.JsonRpcErrorCode.InvalidParams };
            }
            if (_latest.TryGetValue(uri, out var ready) && ReferenceEquals(ready.Document, document)) return Task.FromResult(ready);
            var result = new TaskCompletionSource<DocumentAnalysis>(TaskCreationOptions.RunContinuationsAsynchronously);
            _waiters.Add((document, result));
            if (cancellationToken.CanBeCanceled) cancellationToken.Register(() => result.TrySetCanceled(cancellationToken));
            return result.Task;
        }
    }

    private async Task RunAsync(CancellationToken cancellationToken)
    {
        if (cancellationToken.IsCancellationRequested) return;
        var documents = _store.Snapshot.Values.OrderBy(d => d.Uri, StringComparer.Ordinal).ToList();
        List<PublishDiagnosticsParams> toPublish;
        try
        {
            var machines = new List<AnalyzedMachine>(documents.Count);
            foreach (var document in documents)
            {
                cancellationToken.ThrowIfCancellationRequested();
                machines.Add(Analyze(document, cancellationToken));
            }
            var keys = MachineIndex.Keys(machines);
            var analyses = new List<DocumentAnalysis>(documents.Count);
            for (var i = 0; i < documents.Count; i++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var result = MachinePipeline.Complete(machines[i], keys, userClasses: null);
                analyses.Add(new DocumentAnalysis(documents[i], machines[i], result.Diagnostics));
            }
            toPublish = Complete(analyses, cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return;
        }
        catch (Exception e)
        {
            _log($"The analysis failed: {e}");
            lock (_gate) FailWaiters(w => true, new LocalRpcException("The analysis failed: " + e.Message) { ErrorCode = (int)StreamJsonRpc.Protocol.JsonRpcErrorCode.InternalError });
            return;
        }

        foreach (var diagnostics in toPublish)
        {
            try
            {
                await _publish(diagnostics).ConfigureAwait(false);
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                _log($"Could not publish the diagnostics of {diagnostics.Uri}: {e.Message}");
            }
        }
    }

    /// <summary>A document's own analysis, from the last run when its text has not changed since.</summary>
    private AnalyzedMachine Analyze(TextDocument document, CancellationToken cancellationToken)
    {
        lock (_own)
        {
            if (_own.TryGetValue(document.Uri, out var cached) && ReferenceEquals(cached.Document, document)) return cached.Machine;
        }
        var machine = MachineAnalysis.Run(FsmParser.Parse(document.Path, document.Text, cancellationToken), cancellationToken);
        lock (_own) _own[document.Uri] = (document, machine);
        return machine;
    }

    /// <summary>
    /// Makes a finished run's results current, unless a newer run was scheduled meanwhile; returns what to publish:
    /// each document whose version or diagnostics changed since last published, and an empty list for each closed one.
    /// </summary>
    private List<PublishDiagnosticsParams> Complete(List<DocumentAnalysis> analyses, CancellationToken cancellationToken)
    {
        var toPublish = new List<PublishDiagnosticsParams>();
        lock (_gate)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var open = _store.Snapshot;
            foreach (var analysis in analyses)
            {
                var uri = analysis.Document.Uri;
                _latest[uri] = analysis;
                foreach (var waiter in _waiters.Where(w => ReferenceEquals(w.Document, analysis.Document))) waiter.Result.TrySetResult(analysis);
                _waiters.RemoveAll(w => ReferenceEquals(w.Document, analysis.Document));

                var version = analysis.Document.Version;
                if (_published.TryGetValue(uri, out var last) && last.Version == version && last.Diagnostics.Equals(analysis.Diagnostics)) continue;
                _published[uri] = (version, analysis.Diagnostics);
                toPublish.Add(new PublishDiagnosticsParams(uri, version, DiagnosticConverter.ToLsp(analysis)));
            }
            foreach (var closed in _published.Keys.Where(uri => !open.ContainsKey(uri)).ToList())
            {
                _published.Remove(closed);
                _latest.Remove(closed);
                toPublish.Add(new PublishDiagnosticsParams(closed, null, []));
            }
            lock (_own)
            {
                foreach (var closed in _own.Keys.Where(uri => !open.ContainsKey(uri)).ToList()) _own.Remove(closed);
            }
        }
        return toPublish;
    }

    /// <summary>Waiters for a version that is no longer the document's (changed or closed) will never get it.</summary>
    private void FailStaleWaiters()
        => FailWaiters(w => !ReferenceEquals(_store.Find(w.Document.Uri), w.Document),
            new LocalRpcException("The document changed before the answer was ready") { ErrorCode = ContentModified });

    private void FailWaiters(Func<(TextDocument Document, TaskCompletionSource<DocumentAnalysis> Result), bool> which, Exception error)
    {
        foreach (var waiter in _waiters.Where(which)) waiter.Result.TrySetException(error);
        _waiters.RemoveAll(w => which(w));
    }
}
