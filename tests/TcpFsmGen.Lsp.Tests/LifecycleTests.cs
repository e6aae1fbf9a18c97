using System.Linq;
using System.Text.Json.Nodes;
using System.Threading.Tasks;
using TcpFsmGen.Lsp.Tests.Infrastructure;
using Xunit;

namespace TcpFsmGen.Lsp.Tests;

/// <summary>initialize, shutdown and exit, as LSP 3.17 orders them.</summary>
public sealed class LifecycleTests
{
    [Fact]
    public async Task InitializeAnnouncesEveryFeatureWithUtf16PositionsAndIncrementalSync()
    {
        await using var server = LspServer.StartInProcess();
        var result = await server.Client.InitializeAsync();
        var capabilities = result["capabilities"]!;
        Assert.Equal("utf-16", (string?)capabilities["positionEncoding"]);
        Assert.True((bool)capabilities["textDocumentSync"]!["openClose"]!);
        Assert.Equal(2, (int)capabilities["textDocumentSync"]!["change"]!);
        foreach (var provider in new[] { "hoverProvider", "definitionProvider", "referencesProvider", "documentSymbolProvider", "documentFormattingProvider", "foldingRangeProvider" })
        {
            Assert.True((bool)capabilities[provider]!, provider);
        }
        Assert.True((bool)capabilities["renameProvider"]!["prepareProvider"]!);
        Assert.Equal(["quickfix"], capabilities["codeActionProvider"]!["codeActionKinds"]!.AsArray().Select(k => (string?)k));
        Assert.Contains(" ", capabilities["completionProvider"]!["triggerCharacters"]!.AsArray().Select(k => (string?)k));
        Assert.Equal("keyword", (string?)capabilities["semanticTokensProvider"]!["legend"]!["tokenTypes"]![0]);
        Assert.True((bool)capabilities["semanticTokensProvider"]!["full"]!);
        Assert.Equal("fsm", (string?)result["serverInfo"]!["name"]);
    }

    [Fact]
    public async Task ARequestBeforeInitializeIsRefusedWithServerNotInitialized()
    {
        await using var server = LspServer.StartInProcess();
        var error = await Assert.ThrowsAsync<LspErrorException>(() => server.Client.RequestAsync("textDocument/hover",
            LspClient.At(Machines.DoorUri, new JsonObject { ["line"] = 0, ["character"] = 0 })));
        Assert.Equal(-32002, error.Code);
        await server.Client.InitializeAsync();
    }

    [Fact]
    public async Task ShutdownThenExitEndsTheServerWithZero()
    {
        var server = LspServer.StartInProcess();
        await server.Client.InitializeAsync();
        Assert.Null(await server.Client.RequestAsync("shutdown", null));
        await server.Client.NotifyAsync("exit", null);
        Assert.Equal(0, await server.ExitCodeAsync());
        await server.DisposeAsync();
    }

    [Fact]
    public async Task ExitWithoutShutdownEndsTheServerWithOne()
    {
        var server = LspServer.StartInProcess();
        await server.Client.InitializeAsync();
        await server.Client.NotifyAsync("exit", null);
        Assert.Equal(1, await server.ExitCodeAsync());
        await server.DisposeAsync();
    }

    [Fact]
    public async Task AfterShutdownARequestIsInvalidAndExitStillEndsTheServer()
    {
        var server = LspServer.StartInProcess();
        await server.Client.InitializeAsync();
        await server.Client.RequestAsync("shutdown", null);
        var error = await Assert.ThrowsAsync<LspErrorException>(() => server.Client.RequestAsync("textDocument/documentSymbol",
            new JsonObject { ["textDocument"] = LspClient.Document(Machines.DoorUri) }));
        Assert.Equal(-32600, error.Code);
        await server.Client.NotifyAsync("exit", null);
        Assert.Equal(0, await server.ExitCodeAsync());
        await server.DisposeAsync();
    }

    [Fact]
    public async Task TheClientClosingItsEndEndsTheServerWithOne()
    {
        var server = LspServer.StartInProcess();
        await server.Client.InitializeAsync();
        await server.Client.DisposeAsync();
        Assert.Equal(1, await server.ExitCodeAsync());
    }
}
