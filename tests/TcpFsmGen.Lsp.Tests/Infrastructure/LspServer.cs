using System;
using System.Diagnostics;
using System.IO;
using System.Text;
using System.Threading.Tasks;
using Nerdbank.Streams;
using TcpFsmGen.Cli.Lsp;

namespace TcpFsmGen.Lsp.Tests.Infrastructure;

/// <summary>A running server and a client connected to it: in this process over a pair of pipes, or as <c>fsm lsp</c>.</summary>
public sealed class LspServer : IAsyncDisposable
{
    private readonly Task<int>? _inProcess;
    private readonly Process? _process;
    private readonly StringWriter _log = new();

    private LspServer(LspClient client, Task<int>? inProcess, Process? process)
    {
        Client = client;
        _inProcess = inProcess;
        _process = process;
    }

    public LspClient Client { get; }

    /// <summary>What the server wrote to its log (standard error), for an in-process server.</summary>
    public string Log => _log.ToString();

    /// <summary>A server in this process, not yet initialized.</summary>
    public static LspServer StartInProcess()
    {
        var (serverSide, clientSide) = FullDuplexStream.CreatePair();
        var log = new StringWriter();
        var run = Task.Run(() => LanguageServer.RunAsync(serverSide, serverSide, TextWriter.Synchronized(log)));
        var server = new LspServer(new LspClient(clientSide, clientSide), run, null);
        return server;
    }

    /// <summary>A server in this process, initialized.</summary>
    public static async Task<LspServer> StartAsync()
    {
        var server = StartInProcess();
        await server.Client.InitializeAsync();
        return server;
    }

    /// <summary><c>dotnet fsm.dll lsp</c> as a child process, not yet initialized.</summary>
    public static LspServer StartProcess()
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(RepoPaths.FsmDll);
        start.ArgumentList.Add("lsp");
        start.ArgumentList.Add("--stdio");
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["DOTNET_NOLOGO"] = "1";
        var process = Process.Start(start)!;
        var server = new LspServer(new LspClient(process.StandardOutput.BaseStream, process.StandardInput.BaseStream), null, process);
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not null) lock (server._log) server._log.WriteLine(e.Data);
        };
        process.BeginErrorReadLine();
        return server;
    }

    /// <summary>The exit code, once the server has ended (after <c>exit</c>, or when its input closed).</summary>
    public async Task<int> ExitCodeAsync()
    {
        if (_inProcess is not null) return await _inProcess.WaitAsync(LspClient.Timeout);
        await _process!.WaitForExitAsync().WaitAsync(LspClient.Timeout);
        return _process.ExitCode;
    }

    public bool HasExited => _inProcess?.IsCompleted ?? _process!.HasExited;

    public async ValueTask DisposeAsync()
    {
        if (!HasExited && !Client.Closed)
        {
            try
            {
                await Client.ShutdownAsync();
            }
            catch (Exception e) when (e is IOException or LspErrorException or TimeoutException or ObjectDisposedException)
            {
                // Already shut down, or gone: the streams are closed below either way.
            }
        }
        await Client.DisposeAsync();
        if (_process is not null)
        {
            if (!_process.WaitForExit(TimeSpan.FromSeconds(30))) _process.Kill(entireProcessTree: true);
            _process.Dispose();
        }
        else if (_inProcess is not null)
        {
            await _inProcess.WaitAsync(LspClient.Timeout);
        }
    }
}
