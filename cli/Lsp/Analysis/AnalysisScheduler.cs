using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using StreamJsonRpc;
using StreamJsonRpc.Protocol;
using TcpFsmGen.Cli.Lsp.Documents;
using TcpFsmGen.Cli.Lsp.Features;
using TcpFsmGen.Cli.Lsp.Protocol;
using TcpFsmGen.Generator.Analysis;
using TcpFsmGen.Generator.Parsing;
using TcpFsmGen.Generator.Pipeline;

namespace TcpFsmGen.Cli.Lsp.Analysis;

/// <summary>
/// Runs the generator's pipeline over the open documents, off the thread that reads messages. Each version of a
/// document is parsed and analysed on its own (<see cref="MachineAnalysis"/>), once, in the background; a change
/// cancels the analysis of that document's previous version, and nothing else. Then the open machines are checked
/// together, as one project's are (<see cref="MachinePipeline"/>: indexed together, then each completed), and the
/// diagnostics of every document whose version or diagnostics changed are published. A request waits only for its
/// own document's analysis.
/// </summary>
internal sealed class AnalysisScheduler
{
    /// <summary>LSP's <c>ContentModified</c>: the document changed before the answer was ready.</summary>
    public const int ContentModified = -32801;

    private readonly DocumentStore _store;
    private readonly Func<PublishDiagnosticsParams, Task> _publish;
    private readonly Action<string> _log;
    private readonly object _gate = new();
    /// <summary>By URI: the analysis of the document's current version, finished or under way.</summary>
    private readonly Dictionary<string, Own> _own = new(StringComparer.Ordinal);
    /// <summary>By URI: the last version checked together with the other machines, and what was published for it.</summary>
    private readonly Dictionary<string, DocumentAnalysis> _published = new(StringComparer.Ordinal);
    private Task _publishing = Task.CompletedTask;
    private int _generation;

    public AnalysisScheduler(DocumentStore store, Func<PublishDiagnosticsParams, Task> publish, Action<string> log)
    {
        _store = store;
        _publish = publish;
        _log = log;
    }

    /// <summary>The publication that follows the last change; complete when its diagnostics are sent.</summary>
    public Task Idle
    {
        get { lock (_gate) return _publishing; }
    }

    /// <summary>
    /// After an open, a change or a close: starts the analysis of each document version not yet analysed (cancelling
    /// the one it replaces), and a publication once every open document's analysis is done.
    /// </summary>
    public void Schedule()
    {
        lock (_gate)
        {
            var open = _store.Snapshot;
            foreach (var document in open.Values)
            {
                if (_own.TryGetValue(document.Uri, out var own) && ReferenceEquals(own.Document, document)) continue;
                own?.Cancellation.Cancel();
                _own[document.Uri] = Own.Start(document);
            }
            foreach (var closed in _own.Keys.Where(uri => !open.ContainsKey(uri)).ToList())
            {
                _own[closed].Cancellation.Cancel();
                _own.Remove(closed);
            }
            var generation = ++_generation;
            _publishing = _publishing.ContinueWith(_ => PublishAsync(generation), CancellationToken.None,
                TaskContinuationOptions.DenyChildAttach, TaskScheduler.Default).Unwrap();
        }
    }

    /// <summary>Cancels every analysis under way and publishes nothing more: the server is ending.</summary>
    public void Stop()
    {
        lock (_gate)
        {
            _generation++;
            foreach (var own in _own.Values) own.Cancellation.Cancel();
        }
    }

    /// <summary>
    /// The analysis of the document's current version, when it is done: with the diagnostics of the machines
    /// checked together once they are, else with the document's own. Fails with <see cref="ContentModified"/> when
    /// the document changes or closes first.
    /// </summary>
    public async Task<DocumentAnalysis> GetAsync(string uri, CancellationToken cancellationToken)
    {
        Own own;
        lock (_gate)
        {
            if (!_own.TryGetValue(uri, out var found) || !ReferenceEquals(_store.Find(uri), found.Document))
            {
                throw new LocalRpcException($"Document '{uri}' is not open") { ErrorCode = (int)JsonRpcErrorCode.InvalidParams };
            }
            own = found;
        }
        AnalyzedMachine machine;
        try
        {
            machine = await own.Machine.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new LocalRpcException("The document changed before the answer was ready") { ErrorCode = ContentModified };
        }
        catch (Exception e) when (e is not OperationCanceledException and not LocalRpcException)
        {
            throw new LocalRpcException("The analysis failed: " + e.Message) { ErrorCode = (int)JsonRpcErrorCode.InternalError };
        }
        lock (_gate)
        {
            return _published.TryGetValue(uri, out var checkedTogether) && ReferenceEquals(checkedTogether.Document, own.Document)
                ? checkedTogether
                : new DocumentAnalysis(own.Document, machine, machine.Diagnostics, own.Source);
        }
    }

    /// <summary>Once every open document is analysed, checks them together and publishes what changed; nothing if a newer change came.</summary>
    private async Task PublishAsync(int generation)
    {
        List<Own> documents;
        lock (_gate)
        {
            if (generation != _generation) return;
            documents = _own.Values.OrderBy(o => o.Document.Uri, StringComparer.Ordinal).ToList();
        }
        // Wait for all, whatever becomes of each: a cancelled one means a newer change, which publishes in its turn.
        await Task.WhenAll(documents.Select(d => d.Machine.ContinueWith(_ => { }, CancellationToken.None,
            TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default))).ConfigureAwait(false);

        var analysed = new List<(Own Own, AnalyzedMachine Machine)>(documents.Count);
        foreach (var document in documents)
        {
            if (document.Machine.IsCanceled) return;
            if (document.Machine.Exception is { } error)
            {
                _log($"The analysis of {document.Document.Uri} failed: {error.InnerException ?? error}");
                continue;
            }
            analysed.Add((document, document.Machine.Result));
        }
        var keys = MachineIndex.Keys(analysed.Select(a => a.Machine));
        var analyses = analysed
            .Select(a => new DocumentAnalysis(a.Own.Document, a.Machine, MachinePipeline.Complete(a.Machine, keys, userClasses: null).Diagnostics, a.Own.Source))
            .ToList();

        var toPublish = new List<PublishDiagnosticsParams>();
        lock (_gate)
        {
            if (generation != _generation) return;
            var open = _store.Snapshot;
            foreach (var analysis in analyses)
            {
                var uri = analysis.Document.Uri;
                if (_published.TryGetValue(uri, out var last) && last.Document.Version == analysis.Document.Version
                    && last.Diagnostics.Equals(analysis.Diagnostics))
                {
                    _published[uri] = analysis;
                    continue;
                }
                _published[uri] = analysis;
                toPublish.Add(new PublishDiagnosticsParams(uri, analysis.Document.Version, DiagnosticConverter.ToLsp(analysis)));
            }
            foreach (var closed in _published.Keys.Where(uri => !open.ContainsKey(uri)).ToList())
            {
                _published.Remove(closed);
                toPublish.Add(new PublishDiagnosticsParams(closed, null, []));
            }
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

    /// <summary>One version of one document: its own analysis (under way or done), and its tokens and names when asked for.</summary>
    private sealed class Own
    {
        private Own(TextDocument document, Task<AnalyzedMachine> machine, CancellationTokenSource cancellation, Lazy<SourceMap> source)
        {
            Document = document;
            Machine = machine;
            Cancellation = cancellation;
            Source = source;
        }

        public TextDocument Document { get; }

        public Task<AnalyzedMachine> Machine { get; }

        public CancellationTokenSource Cancellation { get; }

        /// <summary>Shared by every <see cref="DocumentAnalysis"/> of this version, so it is read once.</summary>
        public Lazy<SourceMap> Source { get; }

        public static Own Start(TextDocument document)
        {
            var cancellation = new CancellationTokenSource();
            var token = cancellation.Token;
            var machine = Task.Run(() => MachineAnalysis.Run(FsmParser.Parse(document.Path, document.Text, token), token), token);
            var source = new Lazy<SourceMap>(() => new SourceMap(document.Path, document.Text, machine.Result.Machine, CancellationToken.None),
                LazyThreadSafetyMode.ExecutionAndPublication);
            return new Own(document, machine, cancellation, source);
        }
    }
}
