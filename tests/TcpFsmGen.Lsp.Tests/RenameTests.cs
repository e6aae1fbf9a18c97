using System.Linq;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using System.Threading.Tasks;
using TcpFsmGen.Lsp.Tests.Infrastructure;
using Xunit;
using static TcpFsmGen.Lsp.Tests.Infrastructure.TextPositions;

namespace TcpFsmGen.Lsp.Tests;

/// <summary>prepareRename and rename: states, events and timers everywhere; keywords, taken names and C# names refused.</summary>
public sealed class RenameTests
{
    private const string Text = Machines.Light;
    private const string Uri = Machines.LightUri;

    private static async Task<JsonArray> RenameAsync(LspServer server, string needle, int delta, int occurrence, string newName)
    {
        var parameters = LspClient.At(Uri, PositionIn(Text, needle, delta, occurrence));
        parameters["newName"] = newName;
        var edit = await server.Client.RequestAsync("textDocument/rename", parameters);
        var changes = edit!["changes"]!.AsObject();
        Assert.Equal([Uri], changes.Select(c => c.Key));
        return changes[Uri]!.AsArray();
    }

    private static async Task<LspErrorException> RefusedAsync(LspServer server, string needle, int delta, string newName)
    {
        var parameters = LspClient.At(Uri, PositionIn(Text, needle, delta));
        parameters["newName"] = newName;
        var error = await Assert.ThrowsAsync<LspErrorException>(() => server.Client.RequestAsync("textDocument/rename", parameters));
        Assert.Equal(-32803, error.Code);
        return error;
    }

    [Fact]
    public async Task PrepareRenameGivesTheNameAndItsRange()
    {
        await using var server = await LspServer.StartAsync();
        await server.Client.OpenAsync(Uri, Text);
        var result = await server.Client.RequestAsync("textDocument/prepareRename", LspClient.At(Uri, PositionIn(Text, "-> Dimmed", 9)));
        Assert.Equal("Dimmed", (string?)result!["placeholder"]);
        Assert.Equal("19:14-19:20", Format(result["range"]));
    }

    [Fact]
    public async Task RenamingAStateChangesItsDeclarationAndEveryUse()
    {
        await using var server = await LspServer.StartAsync();
        await server.Client.OpenAsync(Uri, Text);
        var edits = await RenameAsync(server, "state Off", 6, 0, "Dark");
        Assert.Equal(["5:8-5:11", "7:6-7:9", "16:15-16:18", "23:18-23:21"], edits.Select(e => Format(e!["range"])));
        Assert.All(edits, e => Assert.Equal("Dark", (string?)e!["newText"]));
        var renamed = Apply(Text, edits);
        Assert.Equal(Regex.Replace(Text, @"\bOff\b", "Dark"), renamed);
        // The result is a machine that checks clean.
        Assert.Empty(await server.Client.ChangeAsync(Uri, 2, LspClient.WholeText(renamed)));
    }

    [Fact]
    public async Task RenamingAnEventOrATimerChangesEveryLineThatNamesIt()
    {
        await using var server = await LspServer.StartAsync();
        await server.Client.OpenAsync(Uri, Text);
        var dim = await RenameAsync(server, "ignore Dim", 8, 0, "Lower");
        Assert.Equal(Regex.Replace(Text, @"\bDim\b", "Lower"), Apply(Text, dim));
        Assert.Equal(4, dim.Count);

        var cool = await RenameAsync(server, "Cool", 0, 0, "Rest");
        Assert.Equal(["3:6-3:10", "23:10-23:14"], cool.Select(e => Format(e!["range"])));
    }

    [Fact]
    public async Task ACSharpKeywordATakenNameOrANonIdentifierIsRefused()
    {
        await using var server = await LspServer.StartAsync();
        await server.Client.OpenAsync(Uri, Text);
        Assert.Equal("'class' is a C# keyword, which cannot name a state (TFSM0007)", (await RefusedAsync(server, "state Off", 6, "class")).ErrorMessage);
        Assert.Equal("A state named 'On' is already declared at line 14", (await RefusedAsync(server, "state Off", 6, "On")).ErrorMessage);
        Assert.Equal("An event named 'Fail' is already declared at line 3", (await RefusedAsync(server, "Dim,", 0, "Fail")).ErrorMessage);
        Assert.Equal("'2Dim' is not a valid name: an event is named like a C# identifier", (await RefusedAsync(server, "Dim,", 0, "2Dim")).ErrorMessage);
        // A contextual keyword is a fine name.
        Assert.NotEmpty(await RenameAsync(server, "Dim,", 0, 0, "async"));
    }

    [Fact]
    public async Task GuardsActionsAndTheClassAreNotRenamedHere()
    {
        await using var server = await LspServer.StartAsync();
        await server.Client.OpenAsync(Uri, Text);
        Assert.Contains("rename it in the C# code", (await RefusedAsync(server, "HasPower", 0, "Powered")).ErrorMessage);
        Assert.Contains("rename it in the C# code", (await RefusedAsync(server, "Click", 0, "Tick")).ErrorMessage);
        Assert.Contains("C# names", (await RefusedAsync(server, "Light;", 0, "Lamp")).ErrorMessage);
        var error = await Assert.ThrowsAsync<LspErrorException>(() => server.Client.RequestAsync("textDocument/prepareRename",
            LspClient.At(Uri, PositionIn(Text, "HasPower"))));
        Assert.Equal(-32803, error.Code);
    }

    [Fact]
    public async Task AFileWithASyntaxErrorIsNotRenamed()
    {
        await using var server = await LspServer.StartAsync();
        var broken = Text.Replace("on Dim -> Dimmed;", "on Dim -> Dimmed");
        await server.Client.OpenAsync(Uri, broken);
        var parameters = LspClient.At(Uri, PositionIn(broken, "state Off", 6));
        parameters["newName"] = "Dark";
        var error = await Assert.ThrowsAsync<LspErrorException>(() => server.Client.RequestAsync("textDocument/rename", parameters));
        Assert.Equal(-32803, error.Code);
        Assert.Equal("Line 20 has a syntax error (TFSM0001), and a name on a line the parser skipped would not be renamed: fix it first", error.ErrorMessage);
    }
}
