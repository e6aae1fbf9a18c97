using System;
using System.IO;
using System.Linq;
using System.Text.Json.Nodes;
using System.Threading.Tasks;
using TcpFsmGen.Lsp.Tests.Infrastructure;
using Xunit;
using static TcpFsmGen.Lsp.Tests.Infrastructure.TextPositions;

namespace TcpFsmGen.Lsp.Tests;

/// <summary>publishDiagnostics: exactly the build's diagnostics of each open document, at their spans.</summary>
public sealed class DiagnosticsTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("lsp-diagnostics-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private string Uri(string name) => new Uri(Path.Combine(_folder, name)).AbsoluteUri;

    [Fact]
    public async Task OpeningABrokenDoorPublishesItsTwoErrorsWithCodeRangeSeverityAndHelpLink()
    {
        await using var server = await LspServer.StartAsync();
        var diagnostics = await server.Client.OpenAsync(Machines.DoorUri, Machines.BrokenDoor);
        Assert.Equal(2, diagnostics.Count);

        Assert.Equal("TFSM0003", (string?)diagnostics[0]!["code"]);
        Assert.Equal("22:7-22:10", Format(diagnostics[0]!["range"]));
        Assert.Equal(1, (int)diagnostics[0]!["severity"]!);
        Assert.Equal("Event 'Lok' is not declared; did you mean 'Lock'?", (string?)diagnostics[0]!["message"]);
        Assert.Equal("fsm", (string?)diagnostics[0]!["source"]);
        Assert.Equal("https://github.com/tcpfsmgen/tcpfsmgen/blob/main/docs/diagnostics/TFSM0003.md", (string?)diagnostics[0]!["codeDescription"]!["href"]);

        Assert.Equal("TFSM0002", (string?)diagnostics[1]!["code"]);
        Assert.Equal("22:14-22:19", Format(diagnostics[1]!["range"]));
        Assert.Equal("State 'Lockd' is not declared; did you mean 'Locked'?", (string?)diagnostics[1]!["message"]);
    }

    [Fact]
    public async Task FixingTheMistakeClearsTheDiagnostics()
    {
        await using var server = await LspServer.StartAsync();
        var text = Machines.BrokenDoor;
        await server.Client.OpenAsync(Machines.DoorUri, text);
        var at = Find(text, "Lok ->");
        var afterEvent = await server.Client.ChangeAsync(Machines.DoorUri, 2, LspClient.Change(Range(text, at, at + 3), "Lock"));
        Assert.Equal(["TFSM0002"], afterEvent.Select(d => (string?)d!["code"]));
        text = text.Remove(at, 3).Insert(at, "Lock");
        at = Find(text, "Lockd");
        Assert.Equal(RangeOf(text, "Lockd"), Format(afterEvent[0]!["range"]));
        var fixedDoor = await server.Client.ChangeAsync(Machines.DoorUri, 3, LspClient.Change(Range(text, at + 4, at + 5), "ed"));
        Assert.Empty(fixedDoor);
    }

    [Fact]
    public async Task WarningsHaveSeverityTwoAndTheUnnecessaryOnesAreTagged()
    {
        await using var server = await LspServer.StartAsync();
        var text = "machine M;\nevents Go, Unused;\ninitial A;\nstate A { on Go -> B; }\nstate B { on Go -> A; }\n";
        var diagnostics = await server.Client.OpenAsync(Machines.LightUri, text);
        var unused = Assert.Single(diagnostics);
        Assert.Equal("TFSM0104", (string?)unused!["code"]);
        Assert.Equal(2, (int)unused["severity"]!);
        Assert.Equal(RangeOf(text, "Unused"), Format(unused["range"]));
        Assert.Equal([1], unused["tags"]!.AsArray().Select(t => (int)t!));
    }

    [Fact]
    public async Task ASyntaxErrorIsReportedWhereTheMissingTokenBelongs()
    {
        await using var server = await LspServer.StartAsync();
        var text = RepoPaths.Door.Replace("on Close -> Closed;", "on Close -> Closed");
        var diagnostics = await server.Client.OpenAsync(Machines.DoorUri, text);
        var error = Assert.Single(diagnostics);
        Assert.Equal("TFSM0001", (string?)error!["code"]);
        var end = Find(text, "on Close -> Closed") + "on Close -> Closed".Length;
        Assert.Equal(Format(Of(text, end), Of(text, end)), Format(error["range"]));
        Assert.StartsWith("Expected ';'", (string?)error["message"]);
    }

    [Fact]
    public async Task MachinesOpenTogetherAreCheckedTogetherAndClosingOneClearsTheClash()
    {
        await using var server = await LspServer.StartAsync();
        var first = Uri("a.fsm");
        var second = Uri("b.fsm");
        var text = "machine Demo.Same;\nevents Go;\ninitial A;\nstate A { on Go -> B; }\nstate B { on Go -> A; }\n";
        Assert.Empty(await server.Client.OpenAsync(first, text));
        var clash = Assert.Single(await server.Client.OpenAsync(second, text));
        Assert.Equal("TFSM0004", (string?)clash!["code"]);
        Assert.Equal(RangeOf(text, "Demo.Same"), Format(clash["range"]));
        Assert.Contains(Path.Combine(_folder, "a.fsm"), (string?)clash["message"]);

        await server.Client.NotifyAsync("textDocument/didClose", new JsonObject { ["textDocument"] = LspClient.Document(first) });
        // The closed document's diagnostics are cleared; the other one's are published again without the clash.
        await server.Client.WaitUntilAsync(() => server.Client.Notifications("textDocument/publishDiagnostics").Count(p => (string?)p["uri"] == second) == 2);
        Assert.Empty(server.Client.LastDiagnostics(second)!["diagnostics"]!.AsArray());
        var cleared = server.Client.LastDiagnostics(first)!;
        Assert.Empty(cleared["diagnostics"]!.AsArray());
        Assert.Null(cleared["version"]);
    }

    [Theory]
    [InlineData("samples/Tcp/tcp.fsm")]
    [InlineData("tests/TcpFsmGen.Tests/Machines/door.fsm")]
    public async Task TheDiagnosticsOfEveryMistakeInASampleAreFsmChecks(string sample)
    {
        // A sample with one statement broken at a time: the server says what 'fsm check' says.
        var original = File.ReadAllText(RepoPaths.Combine(sample.Split('/')));
        var path = Path.Combine(_folder, Path.GetFileName(sample));
        var uri = new Uri(path).AbsoluteUri;
        await using var server = await LspServer.StartAsync();
        await server.Client.OpenAsync(uri, original);
        var version = 1;
        var statements = original.Split(';').Length - 1;
        for (var i = 0; i < statements; i += Math.Max(1, statements / 25))
        {
            var at = Find(original, ";", i);
            var broken = original.Remove(at, 1).Insert(at, i % 2 == 0 ? "" : " Nope;");
            var diagnostics = await server.Client.ChangeAsync(uri, ++version, LspClient.WholeText(broken));
            Assert.Equal(FsmCheck.Lines(path, (path, broken)), FsmCheck.Lines(diagnostics));
        }
    }
}
