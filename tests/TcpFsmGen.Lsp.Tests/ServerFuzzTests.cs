using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json.Nodes;
using System.Threading.Tasks;
using TcpFsmGen.Lsp.Tests.Infrastructure;
using Xunit;
using static TcpFsmGen.Lsp.Tests.Infrastructure.TextPositions;

namespace TcpFsmGen.Lsp.Tests;

/// <summary>
/// Random edits to the TCP machine, sent as incremental changes: the server never fails, never falls out of step
/// with the client, and after every edit publishes exactly what <c>fsm check</c> reports for the client's text.
/// </summary>
public sealed class ServerFuzzTests : IDisposable
{
    private const int Seed = 9293;
    private const int Edits = 300;

    /// <summary>What an edit inserts: pieces of the language, names (known and unknown), line breaks of each kind, and non-ASCII text.</summary>
    private static readonly string[] s_pieces =
    [
        ";", ",", "{", "}", "[", "]", "!", "/", "->", "=", ".", " ", "  ", "\n", "\r\n", "\r", "\t",
        "state ", "final state X;", "on ", "after ", "ignore ", "initial ", "entry / ", "exit / ", "events ", "timer T = 5s;",
        "Segment", "Close", "Closed", "Listen", "TwoMsl", "IsRst", "Segmnt", "Clsed", "4m", "30 s", "0ms", "1.5s",
        "// comment\n", "/* block */", "/*", "é", "日本", "😀", "#", "-", "@",
    ];

    private readonly string _folder = Directory.CreateTempSubdirectory("lsp-fuzz-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public async Task RandomEditsNeverCrashOrDesyncTheServerAndAlwaysMatchFsmCheck()
    {
        var path = Path.Combine(_folder, "tcp.fsm");
        var uri = new Uri(path).AbsoluteUri;
        var text = RepoPaths.Tcp;
        var random = new Random(Seed);
        await using var server = await LspServer.StartAsync();
        var diagnostics = await server.Client.OpenAsync(uri, text);
        Assert.Equal(FsmCheck.Lines(path, (path, text)), FsmCheck.Lines(diagnostics));

        for (var version = 2; version < Edits + 2; version++)
        {
            // One to three changes in one notification, each made on the text the previous one left.
            var changes = new List<JsonObject>();
            for (var n = random.Next(1, 4); n > 0; n--)
            {
                var (start, end, inserted) = RandomEdit(random, text);
                changes.Add(LspClient.Change(Range(text, start, end), inserted));
                text = text.Substring(0, start) + inserted + text.Substring(end);
            }
            diagnostics = await server.Client.ChangeAsync(uri, version, changes.ToArray());
            var expected = FsmCheck.Lines(path, (path, text));
            var actual = FsmCheck.Lines(diagnostics);
            if (!expected.SequenceEqual(actual))
            {
                Assert.Fail($"Edit {version - 1} (seed {Seed}): the server's diagnostics differ from fsm check's.\n" +
                            $"fsm check:\n{string.Join("\n", expected)}\nserver:\n{string.Join("\n", actual)}");
            }
        }

        // Still in step: formatting (or its refusal) and the outline answer about the client's own text.
        var symbols = await server.Client.RequestAsync("textDocument/documentSymbol", new JsonObject { ["textDocument"] = LspClient.Document(uri) });
        Assert.NotNull(symbols);
    }

    /// <summary>Deletes, inserts or replaces a little text at a random place, never inside a surrogate pair or a \r\n.</summary>
    private static (int Start, int End, string Inserted) RandomEdit(Random random, string text)
    {
        var start = Boundary(text, random.Next(text.Length + 1));
        var end = random.Next(3) switch
        {
            0 => start,
            _ => Boundary(text, Math.Min(text.Length, start + random.Next(0, 12))),
        };
        var inserted = random.Next(4) == 0 ? "" : s_pieces[random.Next(s_pieces.Length)];
        if (end == start && inserted.Length == 0) inserted = s_pieces[random.Next(s_pieces.Length)];
        return (start, end, inserted);
    }

    private static int Boundary(string text, int offset)
    {
        while (offset > 0 && offset < text.Length
               && (char.IsLowSurrogate(text[offset]) || (text[offset] == '\n' && text[offset - 1] == '\r')))
        {
            offset--;
        }
        return offset;
    }
}
