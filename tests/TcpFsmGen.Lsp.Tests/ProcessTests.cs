using System.Linq;
using System.Text;
using System.Text.Json.Nodes;
using System.Threading.Tasks;
using TcpFsmGen.Lsp.Tests.Infrastructure;
using Xunit;
using static TcpFsmGen.Lsp.Tests.Infrastructure.TextPositions;

namespace TcpFsmGen.Lsp.Tests;

/// <summary><c>fsm lsp</c> as an editor starts it: a process speaking over its standard input and output.</summary>
public sealed class ProcessTests
{
    [Fact]
    public async Task TheServerProcessPublishesAnswersSurvivesGarbageAndExitsCleanly()
    {
        var server = LspServer.StartProcess();
        try
        {
            var capabilities = await server.Client.InitializeAsync();
            Assert.Equal("fsm", (string?)capabilities["serverInfo"]!["name"]);

            var text = Machines.BrokenDoor;
            var diagnostics = await server.Client.OpenAsync(Machines.DoorUri, text);
            Assert.Equal(["TFSM0003 22:7-22:10", "TFSM0002 22:14-22:19"], diagnostics.Select(d => $"{(string?)d!["code"]} {Format(d["range"])}"));

            await server.Client.SendRawAsync(LspClient.Frame(Encoding.ASCII.GetBytes("not json")));
            Assert.Equal(-32700, (int)(await server.Client.NextUncorrelatedAsync())["error"]!["code"]!);

            var hover = await server.Client.RequestAsync("textDocument/hover", LspClient.At(Machines.DoorUri, PositionIn(text, "AutoClose")));
            Assert.StartsWith("**timer** `AutoClose` = 30s by default", (string?)hover!["contents"]!["value"]);

            var fixedText = text.Replace("on Lok -> Lockd;", "on Lock -> Locked;");
            Assert.Empty(await server.Client.ChangeAsync(Machines.DoorUri, 2, LspClient.WholeText(fixedText)));

            await server.Client.ShutdownAsync();
            Assert.Equal(0, await server.ExitCodeAsync());
            Assert.DoesNotContain("Exception", server.Log);
        }
        finally
        {
            await server.DisposeAsync();
        }
    }

    [Fact]
    public async Task StandardInputClosingEndsTheProcess()
    {
        var server = LspServer.StartProcess();
        await server.Client.InitializeAsync();
        await server.Client.DisposeAsync();
        Assert.Equal(1, await server.ExitCodeAsync());
        await server.DisposeAsync();
    }
}
