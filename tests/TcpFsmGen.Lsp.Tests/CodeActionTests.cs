using System.Linq;
using System.Text.Json.Nodes;
using System.Threading.Tasks;
using TcpFsmGen.Lsp.Tests.Infrastructure;
using Xunit;
using static TcpFsmGen.Lsp.Tests.Infrastructure.TextPositions;

namespace TcpFsmGen.Lsp.Tests;

/// <summary>Quick fixes: each one applied, and the diagnostic it fixes gone.</summary>
public sealed class CodeActionTests
{
    private const string Uri = Machines.DoorUri;

    /// <summary>The code actions at the diagnostic <paramref name="code"/> of <paramref name="text"/>.</summary>
    private static async Task<(LspServer Server, JsonArray Actions)> ActionsAsync(string text, string code)
    {
        var server = await LspServer.StartAsync();
        var diagnostics = await server.Client.OpenAsync(Uri, text);
        var diagnostic = diagnostics.First(d => (string?)d!["code"] == code)!;
        var actions = (await server.Client.RequestAsync("textDocument/codeAction", new JsonObject
        {
            ["textDocument"] = LspClient.Document(Uri),
            ["range"] = diagnostic["range"]!.DeepClone(),
            ["context"] = new JsonObject { ["diagnostics"] = new JsonArray(diagnostic.DeepClone()) },
        }))!.AsArray();
        Assert.All(actions, a => Assert.Equal("quickfix", (string?)a!["kind"]));
        return (server, actions);
    }

    private static string Applied(string text, JsonNode? action) => Apply(text, action!["edit"]!["changes"]![Uri]!.AsArray());

    private static async Task<JsonArray> CheckAsync(LspServer server, string text)
        => await server.Client.ChangeAsync(Uri, 2, LspClient.WholeText(text));

    [Fact]
    public async Task TheSuggestedNameReplacesAnUnknownStateOrEvent()
    {
        var text = Machines.BrokenDoor;
        var (server, actions) = await ActionsAsync(text, "TFSM0002");
        await using (server)
        {
            var action = actions.Single(a => (string?)a!["diagnostics"]![0]!["code"] == "TFSM0002");
            Assert.Equal("Change to 'Locked'", (string?)action!["title"]);
            Assert.True((bool)action["isPreferred"]!);
            var fixedState = Applied(text, action);
            Assert.Equal(text.Replace("Lockd", "Locked"), fixedState);
            var remaining = await CheckAsync(server, fixedState);
            Assert.Equal(["TFSM0003"], remaining.Select(d => (string?)d!["code"]));
        }

        (server, actions) = await ActionsAsync(text, "TFSM0003");
        await using (server)
        {
            var action = actions.Single(a => (string?)a!["diagnostics"]![0]!["code"] == "TFSM0003");
            Assert.Equal("Change to 'Lock'", (string?)action!["title"]);
            Assert.Equal(text.Replace("Lok ->", "Lock ->"), Applied(text, action));
        }
    }

    [Fact]
    public async Task MissingEventsAreAddedToTheStatesIgnoreLine()
    {
        var text = "machine M;\nevents Go, Stop, Pause;\ninitial A;\nstate A {\n  on Go -> B;\n  ignore Stop;\n}\nstate B {\n  on Stop -> A;\n  on Pause -> A;\n}\n";
        var (server, actions) = await ActionsAsync(text, "TFSM0102");
        await using (server)
        {
            var action = Assert.Single(actions);
            Assert.Equal("Ignore Pause in 'A'", (string?)action!["title"]);
            var fixedText = Applied(text, action);
            Assert.Contains("  ignore Stop, Pause;\n", fixedText);
            Assert.DoesNotContain(await CheckAsync(server, fixedText), d => (string?)d!["code"] == "TFSM0102" && Format(d["range"]) == RangeOf(fixedText, "A {"[..1], 2));
        }
    }

    [Fact]
    public async Task WithoutAnIgnoreLineOneIsAddedBeforeTheClosingBrace()
    {
        var text = "machine M;\nevents Go, Stop, Pause;\ninitial A;\nstate A {\n  on Go -> B;\n}\nstate B {\n    on Stop -> A;\n    on Pause -> A;\n    ignore Go;\n}\n";
        var (server, actions) = await ActionsAsync(text, "TFSM0102");
        await using (server)
        {
            var action = Assert.Single(actions);
            Assert.Equal("Ignore Stop, Pause in 'A'", (string?)action!["title"]);
            var fixedText = Applied(text, action);
            Assert.Equal(text.Replace("  on Go -> B;\n}", "  on Go -> B;\n  ignore Stop, Pause;\n}"), fixedText);
            Assert.Empty(await CheckAsync(server, fixedText));
        }
    }

    [Fact]
    public async Task AStateWithoutABlockGetsOneForItsIgnoreLine()
    {
        var text = "machine M;\nevents Go;\ninitial A;\nstate A { on Go -> B; }\n  state B;\n";
        var (server, actions) = await ActionsAsync(text, "TFSM0102");
        await using (server)
        {
            var action = actions.Single(a => ((string?)a!["title"])!.EndsWith("in 'B'", System.StringComparison.Ordinal));
            var fixedText = Applied(text, action);
            Assert.Equal("machine M;\nevents Go;\ninitial A;\nstate A { on Go -> B; }\n  state B {\n    ignore Go;\n  }\n", fixedText);
        }
    }

    [Fact]
    public async Task AMachineWithoutInitialGetsOneNamingATopLevelState()
    {
        var text = "machine M; // the header\nevents Go; // one event\n\n// the states\nstate A { on Go -> B; }\nstate B { on Go -> A; }\n";
        var (server, actions) = await ActionsAsync(text, "TFSM0005");
        await using (server)
        {
            Assert.Equal(["Add 'initial A;'", "Add 'initial B;'"], actions.Select(a => (string?)a!["title"]));
            Assert.True((bool)actions[0]!["isPreferred"]!);
            var fixedText = Applied(text, actions[0]);
            Assert.Equal("machine M; // the header\nevents Go; // one event\ninitial A;\n\n// the states\nstate A { on Go -> B; }\nstate B { on Go -> A; }\n", fixedText);
            Assert.Empty(await CheckAsync(server, fixedText));
        }
    }

    [Fact]
    public async Task ACompositeWithoutInitialGetsOneNamingOneOfItsSubstates()
    {
        var text = "machine M;\nevents Go, Out;\ninitial P;\nstate P {\n  on Out -> Q;\n  state A { on Go -> B; }\n  state B { on Go -> A; }\n}\nstate Q { on Go -> P; ignore Out; }\n";
        var (server, actions) = await ActionsAsync(text, "TFSM0005");
        await using (server)
        {
            Assert.Equal(["Add 'initial A;' to 'P'", "Add 'initial B;' to 'P'"], actions.Select(a => (string?)a!["title"]));
            var fixedText = Applied(text, actions[0]);
            Assert.Equal(text.Replace("state P {\n", "state P {\n  initial A;\n"), fixedText);
            Assert.Empty(await CheckAsync(server, fixedText));
        }
    }

    [Fact]
    public async Task AMissingSemicolonIsAdded()
    {
        var text = RepoPaths.Door.Replace("on Close -> Closed;", "on Close -> Closed");
        var (server, actions) = await ActionsAsync(text, "TFSM0001");
        await using (server)
        {
            var action = Assert.Single(actions);
            Assert.Equal("Add the missing ';'", (string?)action!["title"]);
            Assert.Equal(RepoPaths.Door, Applied(text, action));
        }
    }

    [Fact]
    public async Task ARangeWithoutDiagnosticsHasNoActions()
    {
        await using var server = await LspServer.StartAsync();
        await server.Client.OpenAsync(Uri, RepoPaths.Door);
        var actions = await server.Client.RequestAsync("textDocument/codeAction", new JsonObject
        {
            ["textDocument"] = LspClient.Document(Uri),
            ["range"] = Range(RepoPaths.Door, 0, 10),
            ["context"] = new JsonObject { ["diagnostics"] = new JsonArray() },
        });
        Assert.Empty(actions!.AsArray());
    }
}
