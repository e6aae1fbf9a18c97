using System.Linq;
using System.Threading.Tasks;
using TcpFsmGen.Lsp.Tests.Infrastructure;
using Xunit;
using static TcpFsmGen.Lsp.Tests.Infrastructure.TextPositions;

namespace TcpFsmGen.Lsp.Tests;

/// <summary>Completion by the token before the caret, in <see cref="Machines.Light"/> with one line being typed.</summary>
public sealed class CompletionTests
{
    private const string Uri = Machines.LightUri;

    /// <summary>
    /// The labels offered at the caret <c>|</c> of <paramref name="typed"/>, a line inserted after <paramref name="after"/>
    /// (by default, in the block of state Bright).
    /// </summary>
    private static async Task<string[]> LabelsAsync(string typed, string after = "    on Dim -> Dimmed;\n")
    {
        var caret = typed.IndexOf('|');
        var line = typed.Remove(caret, 1);
        var text = Machines.Light.Replace(after, after + "    " + line + "\n");
        var at = Find(text, after) + after.Length + 4 + caret;
        await using var server = await LspServer.StartAsync();
        await server.Client.OpenAsync(Uri, text);
        var (l, c) = Of(text, at);
        var result = await server.Client.RequestAsync("textDocument/completion",
            LspClient.At(Uri, new System.Text.Json.Nodes.JsonObject { ["line"] = l, ["character"] = c }));
        Assert.False((bool)result!["isIncomplete"]!);
        return result["items"]!.AsArray().Select(i => (string)i!["label"]!).ToArray();
    }

    [Theory]
    [InlineData("on Dim -> |")]
    [InlineData("on Dim -> Dim|")]
    [InlineData("after 5s -> |;")]
    public async Task AfterAnArrowTheStatesAreOffered(string typed)
        => Assert.Equal(["Off", "On", "Bright", "Dimmed", "Broken"], await LabelsAsync(typed));

    [Fact]
    public async Task AfterInitialInABlockItsOwnSubstatesComeFirst()
        => Assert.Equal(["Bright", "Dimmed", "Off", "On", "Broken"], await LabelsAsync("initial |", after: "  entry / Click;\n"));

    [Theory]
    [InlineData("on |")]
    [InlineData("on Sw|")]
    [InlineData("ignore |")]
    [InlineData("ignore Switch, |")]
    [InlineData("defer |")]
    public async Task AfterOnIgnoreOrDeferTheEventsAreOffered(string typed)
        => Assert.Equal(["Switch", "Dim", "Fail"], await LabelsAsync(typed));

    [Theory]
    [InlineData("after |")]
    [InlineData("every |")]
    public async Task AfterAfterOrEveryTheTimersAreOffered(string typed)
        => Assert.Equal(["Cool"], await LabelsAsync(typed));

    [Fact]
    public async Task InABracketTheGuardsAndAfterASlashTheActionsAreOffered()
    {
        Assert.Equal(["HasPower"], await LabelsAsync("on Dim [|"));
        Assert.Equal(["HasPower"], await LabelsAsync("on Dim [!|"));
        Assert.Equal(["Click", "Beep"], await LabelsAsync("on Dim / |"));
        Assert.Equal(["Click", "Beep"], await LabelsAsync("on Dim -> Off / Beep, |"));
    }

    [Fact]
    public async Task AtTheStartOfAStatementTheKeywordsThatFitAreOffered()
    {
        Assert.Equal(["on", "after", "every", "ignore", "defer", "entry", "exit", "initial", "history", "state", "final"], await LabelsAsync("|"));
        Assert.Equal(["state"], await LabelsAsync("final |"));
        Assert.Equal(["deep"], await LabelsAsync("history |"));
    }

    [Fact]
    public async Task AtTheTopLevelTheTopLevelKeywordsAreOffered()
    {
        var text = Machines.Light + "\n";
        await using var server = await LspServer.StartAsync();
        await server.Client.OpenAsync(Uri, text);
        var (line, character) = Of(text, text.Length);
        var result = await server.Client.RequestAsync("textDocument/completion",
            LspClient.At(Uri, new System.Text.Json.Nodes.JsonObject { ["line"] = line, ["character"] = character }));
        Assert.Equal(["events", "timer", "initial", "state", "final"], result!["items"]!.AsArray().Select(i => (string)i!["label"]!));
        Assert.All(result["items"]!.AsArray(), i => Assert.Equal(14, (int)i!["kind"]!));
    }

    [Fact]
    public async Task InACommentNothingIsOffered()
        => Assert.Empty(await LabelsAsync("// on |"));
}
