using System.Linq;
using System.Text.Json.Nodes;
using System.Threading.Tasks;
using TcpFsmGen.Lsp.Tests.Infrastructure;
using Xunit;
using static TcpFsmGen.Lsp.Tests.Infrastructure.TextPositions;

namespace TcpFsmGen.Lsp.Tests;

/// <summary>
/// Incremental sync: after each edit the server's text is the client's. Each test ends with a mistake whose place
/// only a synchronized text gives, and checks the diagnostic's range against the client's own text.
/// </summary>
public sealed class TextSyncTests
{
    private const string Uri = Machines.DoorUri;

    [Fact]
    public async Task AnEditAcrossLinesReplacesExactlyItsRange()
    {
        await using var server = await LspServer.StartAsync();
        var text = RepoPaths.Door;
        await server.Client.OpenAsync(Uri, text);
        // From inside 'state Opened {' to inside 'exit / LightOff;', two lines down: the new text has line breaks of its own.
        var start = Find(text, "Opened {") + 2;
        var end = Find(text, "LightOff") + 5;
        const string replacement = "ened {\n  entry / LightOn;\n  exit / Light";
        var edited = text.Substring(0, start) + replacement + text.Substring(end);
        Assert.Empty(await server.Client.ChangeAsync(Uri, 2, LspClient.Change(Range(text, start, end), replacement)));

        var mistake = Find(edited, "on Close -> Closed;") + 12;
        var diagnostics = await server.Client.ChangeAsync(Uri, 3, LspClient.Change(Range(edited, mistake, mistake + 6), "Closd"));
        edited = edited.Remove(mistake, 6).Insert(mistake, "Closd");
        var error = Assert.Single(diagnostics);
        Assert.Equal(RangeOf(edited, "Closd"), Format(error!["range"]));
        Assert.Equal("11:14-11:19", Format(error["range"]));
    }

    [Fact]
    public async Task PositionsAfterNonAsciiTextCountUtf16CodeUnits()
    {
        await using var server = await LspServer.StartAsync();
        // 'é' is one code unit, '日本' two, '😀' two (a surrogate pair): the unknown state after them is at UTF-16 column 29.
        var text = RepoPaths.Door.Replace("on Lock -> Locked;", "/* é 日本 😀 */ on Lock -> Lockd;");
        var diagnostics = await server.Client.OpenAsync(Uri, text);
        var line = Of(text, Find(text, "Lockd")).Line;
        Assert.Equal($"{line}:29-{line}:34", Format(Assert.Single(diagnostics)!["range"]));

        // An edit right after the emoji, by UTF-16 position (column 14).
        var afterEmoji = Find(text, "😀") + 2;
        Assert.Equal((line, 14), Of(text, afterEmoji));
        var edited = text.Insert(afterEmoji, " ü");
        diagnostics = await server.Client.ChangeAsync(Uri, 2, LspClient.Change(Range(text, afterEmoji, afterEmoji), " ü"));
        Assert.Equal($"{line}:31-{line}:36", Format(Assert.Single(diagnostics)!["range"]));

        // Replacing the surrogate pair as a whole with one character moves the name left by one.
        var emoji = Find(edited, "😀");
        var before = edited;
        edited = edited.Remove(emoji, 2).Insert(emoji, "x");
        diagnostics = await server.Client.ChangeAsync(Uri, 3, LspClient.Change(Range(before, emoji, emoji + 2), "x"));
        Assert.Equal($"{line}:30-{line}:35", Format(Assert.Single(diagnostics)!["range"]));
        Assert.Equal(RangeOf(edited, "Lockd"), $"{line}:30-{line}:35");
    }

    [Fact]
    public async Task ACrlfDocumentKeepsItsLinesThroughEditsThatAddAndRemoveLineBreaks()
    {
        await using var server = await LspServer.StartAsync();
        var text = RepoPaths.Door.Replace("\r\n", "\n").Replace("\n", "\r\n");
        await server.Client.OpenAsync(Uri, text);

        // Insert a line (with CRLF) at the end of a line: the position is the line's length, before its \r\n.
        var endOfLine = Find(text, "ignore Open, Knock, Lock, Unlock;") + "ignore Open, Knock, Lock, Unlock;".Length;
        Assert.Equal("\r\n", text.Substring(endOfLine, 2));
        const string inserted = "\r\n  on Knock -> Shutt;";
        var edited = text.Insert(endOfLine, inserted);
        var diagnostics = await server.Client.ChangeAsync(Uri, 2, LspClient.Change(Range(text, endOfLine, endOfLine), inserted));
        Assert.Contains(diagnostics, d => (string?)d!["code"] == "TFSM0002" && Format(d["range"]) == RangeOf(edited, "Shutt"));

        // Join two lines by deleting a whole \r\n: everything after moves up one line.
        var lineBreak = Find(edited, "\r\n", 3);
        var joined = edited.Remove(lineBreak, 2);
        diagnostics = await server.Client.ChangeAsync(Uri, 3, LspClient.Change(Range(edited, lineBreak, lineBreak + 2), ""));
        Assert.Contains(diagnostics, d => (string?)d!["code"] == "TFSM0002" && Format(d["range"]) == RangeOf(joined, "Shutt"));
        Assert.Equal(Of(edited, Find(edited, "Shutt")).Line - 1, Of(joined, Find(joined, "Shutt")).Line);
    }

    [Fact]
    public async Task SeveralChangesInOneNotificationApplyInOrderEachToTheTextBeforeIt()
    {
        await using var server = await LspServer.StartAsync();
        var text = RepoPaths.Door;
        await server.Client.OpenAsync(Uri, text);
        // First rename the event in the events line, then (on the text after that) its use: positions shift by two.
        var declaration = Find(text, "Knock;");
        var step1 = text.Remove(declaration, 5).Insert(declaration, "Rap");
        var use = Find(step1, "on Knock") + 3;
        var step2 = step1.Remove(use, 5).Insert(use, "Rap");
        var diagnostics = await server.Client.ChangeAsync(Uri, 2,
            LspClient.Change(Range(text, declaration, declaration + 5), "Rap"),
            LspClient.Change(Range(step1, use, use + 5), "Rap"));
        // 'Knock' is still ignored in Opened: the one place not edited is unknown, where the client's text has it.
        var unknown = Assert.Single(diagnostics);
        Assert.Equal("TFSM0003", (string?)unknown!["code"]);
        Assert.Equal(RangeOf(step2, "Knock"), Format(unknown["range"]));
    }

    [Fact]
    public async Task AChangeWithoutARangeReplacesTheWholeText()
    {
        await using var server = await LspServer.StartAsync();
        await server.Client.OpenAsync(Uri, RepoPaths.Door);
        var diagnostics = await server.Client.ChangeAsync(Uri, 2, LspClient.WholeText(Machines.BrokenDoor));
        Assert.Equal(["TFSM0003", "TFSM0002"], diagnostics.Select(d => (string?)d!["code"]));
    }

    [Fact]
    public async Task AChangeToADocumentThatIsNotOpenIsIgnoredAndTheServerGoesOn()
    {
        await using var server = await LspServer.StartAsync();
        await server.Client.NotifyAsync("textDocument/didChange", new JsonObject
        {
            ["textDocument"] = new JsonObject { ["uri"] = "file:///nowhere.fsm", ["version"] = 2 },
            ["contentChanges"] = new JsonArray(LspClient.WholeText("machine X;")),
        });
        Assert.Equal(2, (await server.Client.OpenAsync(Uri, Machines.BrokenDoor)).Count);
    }
}
