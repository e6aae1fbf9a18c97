using TcpFsmGen.Cli.Lsp.Documents;
using TcpFsmGen.Cli.Lsp.Protocol;
using Xunit;

namespace TcpFsmGen.Lsp.Tests;

/// <summary>The server's document text: LSP positions in and out, and changes applied in order.</summary>
public sealed class TextDocumentTests
{
    private static TextDocument Document(string text) => new("file:///t.fsm", "/t.fsm", 1, text);

    [Fact]
    public void LinesEndAtLfCrLfAndALoneCr()
    {
        var document = Document("a\nbb\r\nccc\rd");
        Assert.Equal(4, document.LineCount);
        Assert.Equal(new Position(1, 2), document.PositionAt(4));
        Assert.Equal(new Position(2, 0), document.PositionAt(6));
        Assert.Equal(new Position(3, 0), document.PositionAt(10));
        Assert.Equal(6, document.OffsetAt(new Position(2, 0)));
        Assert.Equal(10, document.OffsetAt(new Position(3, 0)));
        // Between the \r and the \n of one break, a position is still the end of its line.
        Assert.Equal(new Position(1, 2), document.PositionAt(5));
    }

    [Fact]
    public void APositionPastItsLineOrTheTextIsClamped()
    {
        var document = Document("ab\r\ncd");
        Assert.Equal(2, document.OffsetAt(new Position(0, 99)));
        Assert.Equal(6, document.OffsetAt(new Position(7, 0)));
        Assert.Equal(0, document.OffsetAt(new Position(-1, 3)));
        Assert.Equal(4, document.OffsetAt(new Position(1, -2)));
    }

    [Fact]
    public void ChangesApplyInOrderAndABackwardsRangeIsReadForwards()
    {
        var document = Document("machine M;\nevents A;\n");
        var changed = document.WithChanges(2,
        [
            new TextDocumentContentChangeEvent { Range = new Range(new Position(1, 7), new Position(1, 8)), Text = "Go, Stop" },
            new TextDocumentContentChangeEvent { Range = new Range(new Position(0, 9), new Position(0, 8)), Text = "Machine" },
        ]);
        Assert.Equal(2, changed.Version);
        Assert.Equal("machine Machine;\nevents Go, Stop;\n", changed.Text);
        Assert.Equal("machine M;\nevents A;\n", document.Text);
        Assert.Equal("whole", document.WithChanges(3, [new TextDocumentContentChangeEvent { Text = "whole" }]).Text);
    }
}
