using System.Linq;
using System.Text;
using System.Text.Json.Nodes;
using System.Threading.Tasks;
using TcpFsmGen.Benchmarks;
using TcpFsmGen.Lsp.Tests.Infrastructure;
using Xunit;
using static TcpFsmGen.Lsp.Tests.Infrastructure.TextPositions;

namespace TcpFsmGen.Lsp.Tests;

/// <summary>Malformed messages are answered with JSON-RPC errors, and nothing a client sends ends the server or blocks it.</summary>
public sealed class RobustnessTests
{
    private static byte[] Ascii(string text) => Encoding.ASCII.GetBytes(text);

    /// <summary>The server still answers: the door's diagnostics after a fresh open.</summary>
    private static async Task AssertAliveAsync(LspServer server, string uri = "file:///alive.fsm")
        => Assert.Equal(2, (await server.Client.OpenAsync(uri, Machines.BrokenDoor)).Count);

    [Fact]
    public async Task ABodyThatIsNotJsonIsAParseErrorAndTheServerGoesOn()
    {
        await using var server = await LspServer.StartAsync();
        await server.Client.SendRawAsync(LspClient.Frame(Ascii("{\"jsonrpc\": \"2.0\", \"id\": 1, ")));
        var error = await server.Client.NextUncorrelatedAsync();
        Assert.Null(error["id"]);
        Assert.Equal(-32700, (int)error["error"]!["code"]!);
        await AssertAliveAsync(server);
    }

    [Fact]
    public async Task HeadersWithoutContentLengthAreAnErrorAndTheNextMessageIsReadWhole()
    {
        await using var server = await LspServer.StartAsync();
        // A header block with no length, then a body the server cannot know the end of, then a proper message.
        await server.Client.SendRawAsync(Ascii("Content-Type: application/vscode-jsonrpc\r\n\r\n{\"lost\": true}"));
        await server.Client.SendRawAsync(Ascii("X: y\r\nContent-Length: many\r\n\r\n"));
        var (_, response) = await server.Client.StartRequestAsync("textDocument/foldingRange", new JsonObject { ["textDocument"] = LspClient.Document("file:///none.fsm") });
        Assert.Equal(-32700, (int)(await server.Client.NextUncorrelatedAsync())["error"]!["code"]!);
        Assert.Equal(-32700, (int)(await server.Client.NextUncorrelatedAsync())["error"]!["code"]!);
        // The request after them is answered (the document is not open: invalid params), so nothing was lost in between.
        Assert.Equal(-32602, (int)(await response)["error"]!["code"]!);
        await AssertAliveAsync(server);
    }

    [Fact]
    public async Task JsonThatIsNotARequestIsAnInvalidRequestWithItsIdWhenItHasOne()
    {
        await using var server = await LspServer.StartAsync();
        await server.Client.SendRawAsync(LspClient.Frame(Ascii("[1, 2, 3]")));
        var batch = await server.Client.NextUncorrelatedAsync();
        Assert.Equal(-32600, (int)batch["error"]!["code"]!);
        Assert.Null(batch["id"]);

        await server.Client.SendRawAsync(LspClient.Frame(Ascii("{\"jsonrpc\": \"2.0\", \"id\": 77, \"method\": 5}")));
        var numberMethod = await server.Client.NextUncorrelatedAsync();
        Assert.Equal(-32600, (int)numberMethod["error"]!["code"]!);
        Assert.Equal(77, (int)numberMethod["id"]!);
        await AssertAliveAsync(server);
    }

    [Fact]
    public async Task AnUnknownMethodIsMethodNotFoundAndAnUnknownNotificationIsIgnored()
    {
        await using var server = await LspServer.StartAsync();
        var error = await Assert.ThrowsAsync<LspErrorException>(() => server.Client.RequestAsync("textDocument/teleport", new JsonObject()));
        Assert.Equal(-32601, error.Code);
        await server.Client.NotifyAsync("$/somethingNew", new JsonObject { ["x"] = 1 });
        await server.Client.NotifyAsync("textDocument/didSave", new JsonObject { ["textDocument"] = LspClient.Document(Machines.DoorUri) });
        await AssertAliveAsync(server);
    }

    [Fact]
    public async Task ParametersOfTheWrongShapeAreInvalidParams()
    {
        await using var server = await LspServer.StartAsync();
        await server.Client.OpenAsync(Machines.DoorUri, RepoPaths.Door);
        var wrongType = await Assert.ThrowsAsync<LspErrorException>(() => server.Client.RequestAsync("textDocument/hover",
            new JsonObject { ["textDocument"] = 3, ["position"] = new JsonObject { ["line"] = 0, ["character"] = 0 } }));
        Assert.Equal(-32602, wrongType.Code);
        var missing = await Assert.ThrowsAsync<LspErrorException>(() => server.Client.RequestAsync("textDocument/hover",
            new JsonObject { ["textDocument"] = LspClient.Document(Machines.DoorUri) }));
        Assert.Equal(-32602, missing.Code);
        var notOpen = await Assert.ThrowsAsync<LspErrorException>(() => server.Client.RequestAsync("textDocument/documentSymbol",
            new JsonObject { ["textDocument"] = LspClient.Document("file:///not-open.fsm") }));
        Assert.Equal(-32602, notOpen.Code);
        // A notification with nonsense is dropped; a position far past the end is clamped.
        await server.Client.NotifyAsync("textDocument/didOpen", new JsonObject { ["textDocument"] = "nonsense" });
        Assert.Null(await server.Client.RequestAsync("textDocument/hover",
            LspClient.At(Machines.DoorUri, new JsonObject { ["line"] = 1000, ["character"] = -5 })));
        await AssertAliveAsync(server);
    }

    [Fact]
    public async Task AHugeFileDoesNotDelayAnswersAboutAnotherDocument()
    {
        await using var server = await LspServer.StartAsync();
        await server.Client.OpenAsync(Machines.LightUri, Machines.Light);
        const string large = "file:///large.fsm";
        await server.Client.NotifyAsync("textDocument/didOpen", new JsonObject
        {
            ["textDocument"] = new JsonObject { ["uri"] = large, ["languageId"] = "fsm", ["version"] = 1, ["text"] = LargeMachine.Text() },
        });
        var hover = await server.Client.RequestAsync("textDocument/hover", LspClient.At(Machines.LightUri, PositionIn(Machines.Light, "HasPower")));
        Assert.NotNull(hover);
        // Which comes first, this answer or the large file's diagnostics, depends on how busy the machine is, so only
        // the answer itself is asserted here: it does not wait for the large file's analysis.
        Assert.Equal(950, (await server.Client.DiagnosticsAsync(large, 1))["diagnostics"]!.AsArray().Count);
    }

    [Fact]
    public async Task ARequestAboutAChangedDocumentDoesNotWaitForAnotherDocumentsAnalysis()
    {
        await using var server = await LspServer.StartAsync();
        const string large = "file:///large.fsm";
        var text = LargeMachine.Text();
        await server.Client.OpenAsync(large, text);
        await server.Client.OpenAsync(Machines.LightUri, Machines.Light);
        // Both documents change at once; the hover about the small one is answered from its own analysis.
        var at = Find(text, "-> L", 1000) + 4;
        await server.Client.NotifyAsync("textDocument/didChange", new JsonObject
        {
            ["textDocument"] = new JsonObject { ["uri"] = large, ["version"] = 2 },
            ["contentChanges"] = new JsonArray(LspClient.Change(Range(text, at, at), "9")),
        });
        var light = Machines.Light.Replace("Beep", "Buzz");
        await server.Client.NotifyAsync("textDocument/didChange", new JsonObject
        {
            ["textDocument"] = new JsonObject { ["uri"] = Machines.LightUri, ["version"] = 2 },
            ["contentChanges"] = new JsonArray(LspClient.WholeText(light)),
        });
        var hover = await server.Client.RequestAsync("textDocument/hover", LspClient.At(Machines.LightUri, PositionIn(light, "Buzz")));
        // The answer is about the changed text (Buzz): it came from the small document's own analysis. Whether the large
        // document's diagnostics came before it depends on the machine's load, so that order is not asserted.
        Assert.StartsWith("**action** `Buzz`", (string?)hover!["contents"]!["value"]);
        // A digit added to a target names a state that does not exist.
        var unknown = Assert.Single((await server.Client.DiagnosticsAsync(large, 2))["diagnostics"]!.AsArray());
        Assert.Equal("TFSM0002", (string?)unknown!["code"]);
        Assert.Empty((await server.Client.DiagnosticsAsync(Machines.LightUri, 2))["diagnostics"]!.AsArray());
    }

    [Fact]
    public async Task AChangeCancelsTheAnalysisOfThePreviousVersion()
    {
        await using var server = await LspServer.StartAsync();
        const string uri = "file:///large.fsm";
        var text = LargeMachine.Text();
        await server.Client.OpenAsync(uri, text);
        // Version 2, a hover on it, and version 3 at once: version 2 is never analysed to the end, so it is never
        // published, and the hover that waited for it is told the content was modified.
        var at = Find(text, "-> L", 1000) + 4;
        var change2 = new JsonObject
        {
            ["jsonrpc"] = "2.0", ["method"] = "textDocument/didChange",
            ["params"] = new JsonObject
            {
                ["textDocument"] = new JsonObject { ["uri"] = uri, ["version"] = 2 },
                ["contentChanges"] = new JsonArray(LspClient.Change(Range(text, at, at), "9")),
            },
        };
        var hover = new JsonObject
        {
            ["jsonrpc"] = "2.0", ["id"] = 9001, ["method"] = "textDocument/hover",
            ["params"] = LspClient.At(uri, PositionIn(text, "E1")),
        };
        var change3 = change2.DeepClone().AsObject();
        change3["params"]!["textDocument"]!["version"] = 3;
        change3["params"]!["contentChanges"] = new JsonArray(LspClient.Change(Range(text, at, at + 1), ""));
        await server.Client.SendRawAsync([.. Frame(change2), .. Frame(hover), .. Frame(change3)]);

        Assert.Equal(950, (await server.Client.DiagnosticsAsync(uri, 3))["diagnostics"]!.AsArray().Count);
        var modified = await server.Client.NextUncorrelatedAsync();
        Assert.Equal(9001, (int)modified["id"]!);
        Assert.Equal(-32801, (int)modified["error"]!["code"]!);
        Assert.DoesNotContain(server.Client.Notifications("textDocument/publishDiagnostics"), p => (int?)p["version"] == 2);

        static byte[] Frame(JsonObject message) => LspClient.Frame(Encoding.UTF8.GetBytes(message.ToJsonString()));
    }
}
