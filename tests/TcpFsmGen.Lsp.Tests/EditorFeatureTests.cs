using System.Collections.Generic;
using System.Linq;
using System.Text.Json.Nodes;
using System.Threading.Tasks;
using TcpFsmGen.Cli.Formatting;
using TcpFsmGen.Lsp.Tests.Infrastructure;
using Xunit;
using static TcpFsmGen.Lsp.Tests.Infrastructure.TextPositions;

namespace TcpFsmGen.Lsp.Tests;

/// <summary>Formatting, folding ranges and semantic tokens, over the protocol.</summary>
public sealed class EditorFeatureTests
{
    private static JsonObject Document(string uri) => new() { ["textDocument"] = LspClient.Document(uri) };

    [Fact]
    public async Task FormattingIsOneEditToTheCanonicalLayoutAndThenNothing()
    {
        await using var server = await LspServer.StartAsync();
        var text = RepoPaths.Tcp;
        await server.Client.OpenAsync(Machines.DoorUri, text);
        var edits = (await server.Client.RequestAsync("textDocument/formatting",
            new JsonObject { ["textDocument"] = LspClient.Document(Machines.DoorUri), ["options"] = new JsonObject { ["tabSize"] = 8, ["insertSpaces"] = false } }))!.AsArray();
        var edit = Assert.Single(edits);
        // Only what changes is replaced: the first change is the first line whose comment moves (line 14).
        Assert.Equal(13, (int)edit!["range"]!["start"]!["line"]!);
        var formatted = Apply(text, edits);
        Assert.Equal(FsmFormatter.Format("tcp.fsm", text).Text, formatted);

        await server.Client.ChangeAsync(Machines.DoorUri, 2, LspClient.WholeText(formatted));
        Assert.Empty((await server.Client.RequestAsync("textDocument/formatting", Document(Machines.DoorUri)))!.AsArray());
    }

    [Fact]
    public async Task FormattingAFileWithASyntaxErrorIsRefused()
    {
        await using var server = await LspServer.StartAsync();
        await server.Client.OpenAsync(Machines.DoorUri, RepoPaths.Door.Replace("on Close -> Closed;", "on Close -> Closed"));
        var error = await Assert.ThrowsAsync<LspErrorException>(() => server.Client.RequestAsync("textDocument/formatting", Document(Machines.DoorUri)));
        Assert.Equal(-32803, error.Code);
        Assert.StartsWith("Not formatted: line 12 has a syntax error (TFSM0001: Expected ';'", error.ErrorMessage);
    }

    [Fact]
    public async Task FoldingRangesCoverEveryBlockAndEveryCommentOverSeveralLines()
    {
        await using var server = await LspServer.StartAsync();
        var text = "// one\n// two\nmachine M;\nevents A;\ninitial S;\n/* a\n   block */\nstate S {\n  on A -> S;\n  state T {\n    on A -> S;\n  }\n  state U { on A -> T; }\n}\n";
        await server.Client.OpenAsync(Machines.LightUri, text);
        var ranges = (await server.Client.RequestAsync("textDocument/foldingRange", Document(Machines.LightUri)))!.AsArray();
        Assert.Equal(["0-1 comment", "5-6 comment", "7-12", "9-10"],
            ranges.Select(r => $"{(int)r!["startLine"]!}-{(int)r["endLine"]!}" + (r["kind"] is { } kind ? " " + (string?)kind : "")));
    }

    [Fact]
    public async Task SemanticTokensClassifyEveryWordByWhatItNames()
    {
        await using var server = await LspServer.StartAsync();
        var text = "machine Demo.M; /* two\nlines */\nevents Go;\ntimer T = 5s;\ninitial S;\nstate S { on Go [G] -> S / A; after T -> S; }\n";
        await server.Client.OpenAsync(Machines.LightUri, text);
        var result = await server.Client.RequestAsync("textDocument/semanticTokens/full", Document(Machines.LightUri));
        var data = result!["data"]!.AsArray().Select(n => (int)n!).ToArray();
        var legend = new[] { "keyword", "namespace", "class", "enumMember", "event", "variable", "function", "method", "number", "comment", "operator" };
        // Decode the relative encoding into "line:character length type[+declaration]".
        var tokens = new List<string>();
        int line = 0, character = 0;
        for (var i = 0; i < data.Length; i += 5)
        {
            line += data[i];
            character = data[i] == 0 ? character + data[i + 1] : data[i + 1];
            tokens.Add($"{line}:{character} {data[i + 2]} {legend[data[i + 3]]}{(data[i + 4] == 1 ? "+declaration" : "")}");
        }
        Assert.Equal(
        [
            "0:0 7 keyword", "0:8 4 namespace+declaration", "0:13 1 class+declaration", "0:16 6 comment",
            "1:0 8 comment",
            "2:0 6 keyword", "2:7 2 event+declaration",
            "3:0 5 keyword", "3:6 1 variable+declaration", "3:8 1 operator", "3:10 2 number",
            "4:0 7 keyword", "4:8 1 enumMember",
            "5:0 5 keyword", "5:6 1 enumMember+declaration", "5:10 2 keyword", "5:13 2 event", "5:17 1 function", "5:20 2 operator", "5:23 1 enumMember",
            "5:25 1 operator", "5:27 1 method", "5:30 5 keyword", "5:36 1 variable", "5:38 2 operator", "5:41 1 enumMember",
        ], tokens);
    }
}
