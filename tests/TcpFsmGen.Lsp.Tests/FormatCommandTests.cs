using System;
using System.IO;
using System.Linq;
using TcpFsmGen.Cli;
using TcpFsmGen.Cli.Formatting;
using Xunit;

namespace TcpFsmGen.Lsp.Tests;

/// <summary><c>fsm format FILE... [--check]</c>.</summary>
public sealed class FormatCommandTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("lsp-format-command-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private string Write(string name, string text)
    {
        var path = Path.Combine(_folder, name);
        File.WriteAllText(path, text);
        return path;
    }

    private static (int Exit, string Output, string Error) Fsm(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var exit = FsmCommand.Run(args, output, error);
        return (exit, output.ToString().Replace("\r\n", "\n"), error.ToString().Replace("\r\n", "\n"));
    }

    private const string Messy = "machine M;events A;initial S;state S{on A->S;}\n";
    private const string Canonical = "machine M;\nevents A;\ninitial S;\nstate S {\n  on A -> S;\n}\n";

    [Fact]
    public void CheckNamesTheFilesThatWouldChangeAndExitsWithOne()
    {
        var messy = Write("messy.fsm", Messy);
        var tidy = Write("tidy.fsm", Canonical);
        var (exit, output, error) = Fsm("format", "--check", messy, tidy);
        Assert.Equal(1, exit);
        Assert.Equal($"{messy}: not formatted\n", output);
        Assert.Equal("2 file(s): 1 would be reformatted, 0 with syntax errors left alone\n", error);
        Assert.Equal(Messy, File.ReadAllText(messy));

        Assert.Equal(0, Fsm("format", "--check", tidy).Exit);
    }

    [Fact]
    public void FormatRewritesTheFilesInPlaceKeepingAByteOrderMark()
    {
        var messy = Write("messy.fsm", Messy);
        var marked = Path.Combine(_folder, "marked.fsm");
        File.WriteAllText(marked, Messy, new System.Text.UTF8Encoding(encoderShouldEmitUTF8Identifier: true));
        var (exit, output, _) = Fsm("format", messy, marked);
        Assert.Equal(0, exit);
        Assert.Equal($"{messy}: formatted\n{marked}: formatted\n", output);
        Assert.Equal(Canonical, File.ReadAllText(messy));
        var bytes = File.ReadAllBytes(marked);
        Assert.Equal([0xEF, 0xBB, 0xBF], bytes.Take(3));
        Assert.Equal(Canonical, File.ReadAllText(marked));
        Assert.Equal(0, Fsm("format", "--check", messy, marked).Exit);
    }

    [Fact]
    public void AFileWithASyntaxErrorIsLeftAloneAndNamed()
    {
        var broken = Write("broken.fsm", "machine M;\nevents A\n");
        var (exit, output, error) = Fsm("format", broken);
        Assert.Equal(1, exit);
        Assert.Equal("", output);
        Assert.StartsWith($"{broken}: Not formatted: line 2 has a syntax error (TFSM0001", error);
        Assert.Equal("machine M;\nevents A\n", File.ReadAllText(broken));
    }

    [Fact]
    public void AMissingFileIsAUsageError()
        => Assert.Equal(2, Fsm("format", Path.Combine(_folder, "none.fsm")).Exit);

    [Fact]
    public void TheCommandAndTheFormatterAgree()
    {
        var tcp = Write("tcp.fsm", Infrastructure.RepoPaths.Tcp);
        Fsm("format", tcp);
        Assert.Equal(FsmFormatter.Format("tcp.fsm", Infrastructure.RepoPaths.Tcp).Text, File.ReadAllText(tcp));
    }
}
