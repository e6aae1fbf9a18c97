using System.Linq;
using System.Text.Json.Nodes;
using System.Threading.Tasks;
using TcpFsmGen.Lsp.Tests.Infrastructure;
using Xunit;
using static TcpFsmGen.Lsp.Tests.Infrastructure.TextPositions;

namespace TcpFsmGen.Lsp.Tests;

/// <summary>Hover, definition, references and the outline, on <see cref="Machines.Light"/>.</summary>
public sealed class NavigationTests
{
    private const string Text = Machines.Light;
    private const string Uri = Machines.LightUri;

    private static async Task<LspServer> OpenLightAsync()
    {
        var server = await LspServer.StartAsync();
        Assert.Empty(await server.Client.OpenAsync(Uri, Text));
        return server;
    }

    private static Task<JsonNode?> Request(LspServer server, string method, string needle, int delta = 0, int occurrence = 0, JsonObject? extra = null)
    {
        var parameters = LspClient.At(Uri, PositionIn(Text, needle, delta, occurrence));
        foreach (var (key, value) in extra ?? new JsonObject()) parameters[key] = value?.DeepClone();
        return server.Client.RequestAsync(method, parameters);
    }

    private static async Task<(string Markdown, string Range)> Hover(LspServer server, string needle, int delta = 0, int occurrence = 0)
    {
        var hover = await Request(server, "textDocument/hover", needle, delta, occurrence);
        Assert.Equal("markdown", (string?)hover!["contents"]!["kind"]);
        return ((string)hover["contents"]!["value"]!, Format(hover["range"]));
    }

    [Fact]
    public async Task HoverOnAStateSaysWhatItIsAndWhereItIsEntered()
    {
        await using var server = await OpenLightAsync();
        var (markdown, range) = await Hover(server, "state Off", 7);
        Assert.Equal(RangeOf(Text, "Off", 1), range);
        Assert.Equal("**state** `Off`: a leaf state, at the top level\n\nDeclared at line 8.\n\nThe machine's initial state.\n\n" +
                     "Entered by transitions (2): On (line 17), Dimmed (line 24)", markdown);

        (markdown, range) = await Hover(server, "-> On", 4);
        Assert.Equal("8:26-8:28", range);
        Assert.Equal("**state** `On`: a composite state, at the top level; substates `Bright`, `Dimmed`\n\nDeclared at line 14.\n\n" +
                     "Entered by transitions (1): Off (line 9)", markdown);

        (markdown, _) = await Hover(server, "initial Bright", 9);
        Assert.Equal("**state** `Bright`: a leaf state, in `On`\n\nDeclared at line 19.\n\nInitial state of (1): On (line 15)\n\n" +
                     "Entered by transitions (1): Dimmed (line 23)", markdown);

        (markdown, _) = await Hover(server, "Broken;", 0, 1);
        Assert.StartsWith("**state** `Broken`: a final state, at the top level", markdown);
    }

    [Fact]
    public async Task HoverOnAnEventATimerAGuardAnActionAndTheClass()
    {
        await using var server = await OpenLightAsync();
        var (markdown, range) = await Hover(server, "Dim,");
        Assert.Equal("2:15-2:18", range);
        Assert.Equal("**event** `Dim`\n\nDeclared at line 3.\n\nHandled (2): Bright (line 20), Dimmed (line 23)\n\nIgnored (1): Off (line 11)", markdown);

        (markdown, range) = await Hover(server, "after Cool", 8);
        Assert.Equal("23:10-23:14", range);
        Assert.Equal("**timer** `Cool` = 5s by default\n\nDeclared at line 4.\n\nStarted (1): Dimmed (line 24)", markdown);

        (markdown, range) = await Hover(server, "HasPower");
        Assert.Equal("8:13-8:21", range);
        Assert.Equal("**guard** `HasPower`: `private partial bool HasPower();`, implemented in the class\n\nTested (1): Off on Switch (line 9)", markdown);

        (markdown, _) = await Hover(server, "Click", 2, 1);
        Assert.Equal("**action** `Click`: `partial void Click();`, implemented in the class (or left out: it then does nothing)\n\n" +
                     "Runs (3): Off on Switch (line 9), On entry (line 16), On on Switch (line 17)", markdown);

        (markdown, range) = await Hover(server, "Light;");
        Assert.Equal("0:13-0:18", range);
        Assert.Equal("**machine** `Demo.Light`: class `Light` in namespace `Demo`\n\n5 states, 3 events, 1 timer, 7 transitions", markdown);
    }

    [Fact]
    public async Task HoverWhereThereIsNoNameIsNull()
    {
        await using var server = await OpenLightAsync();
        Assert.Null(await Request(server, "textDocument/hover", "->"));
        Assert.Null(await Request(server, "textDocument/hover", "events", 2));
    }

    [Fact]
    public async Task DefinitionGoesFromAUseOfAStateEventOrTimerToItsDeclaration()
    {
        await using var server = await OpenLightAsync();
        var target = (await Request(server, "textDocument/definition", "-> Dimmed", 5))!.AsArray();
        Assert.Equal(Uri, (string?)Assert.Single(target)!["uri"]);
        Assert.Equal(RangeOf(Text, "Dimmed {"[..6], 1), Format(target[0]!["range"]));
        Assert.Equal("21:8-21:14", Format(target[0]!["range"]));

        var eventDeclaration = (await Request(server, "textDocument/definition", "on Fail", 4))!.AsArray();
        Assert.Equal("2:20-2:24", Format(Assert.Single(eventDeclaration)!["range"]));

        var timerDeclaration = (await Request(server, "textDocument/definition", "after Cool", 7))!.AsArray();
        Assert.Equal("3:6-3:10", Format(Assert.Single(timerDeclaration)!["range"]));

        // Guards and actions are declared in C#, which the server does not see.
        Assert.Empty((await Request(server, "textDocument/definition", "HasPower"))!.AsArray());
    }

    [Fact]
    public async Task ReferencesListEveryUseWithOrWithoutTheDeclaration()
    {
        await using var server = await OpenLightAsync();
        var withDeclaration = (await Request(server, "textDocument/references", "Off", 1, 0,
            new JsonObject { ["context"] = new JsonObject { ["includeDeclaration"] = true } }))!.AsArray();
        Assert.Equal(["5:8-5:11", "7:6-7:9", "16:15-16:18", "23:18-23:21"], withDeclaration.Select(l => Format(l!["range"])));

        var uses = (await Request(server, "textDocument/references", "Off", 1, 0,
            new JsonObject { ["context"] = new JsonObject { ["includeDeclaration"] = false } }))!.AsArray();
        Assert.Equal(["5:8-5:11", "16:15-16:18", "23:18-23:21"], uses.Select(l => Format(l!["range"])));

        var clicks = (await Request(server, "textDocument/references", "Click"))!.AsArray();
        Assert.Equal(["8:31-8:36", "15:10-15:15", "16:21-16:26"], clicks.Select(l => Format(l!["range"])));
    }

    [Fact]
    public async Task TheOutlineNestsTheStatesAsInTheFile()
    {
        await using var server = await OpenLightAsync();
        var symbols = (await server.Client.RequestAsync("textDocument/documentSymbol",
            new JsonObject { ["textDocument"] = LspClient.Document(Uri) }))!.AsArray();
        string Describe(JsonNode? s) => $"{(string?)s!["name"]} {(int)s["kind"]!} {(string?)s["detail"] ?? "-"} {Format(s["range"])} {Format(s["selectionRange"])}"
            + (s["children"] is JsonArray children ? " [" + string.Join("; ", children.Select(Describe)) + "]" : "");
        Assert.Equal(
        [
            "Switch 24 event 2:7-2:13 2:7-2:13",
            "Dim 24 event 2:15-2:18 2:15-2:18",
            "Fail 24 event 2:20-2:24 2:20-2:24",
            "Cool 14 timer 3:6-3:10 3:6-3:10",
            "Off 5 - 7:0-11:1 7:6-7:9",
            "On 5 composite 13:0-25:1 13:6-13:8 [Bright 5 - 18:2-20:3 18:8-18:14; Dimmed 5 - 21:2-24:3 21:8-21:14]",
            "Broken 5 final 27:0-27:19 27:12-27:18",
        ], symbols.Select(Describe));
    }
}
