using System.IO;
using System.Linq;
using TcpFsmGen.Fuzz;
using TcpFsmGen.Tests.Infrastructure;
using Xunit;
using Xunit.Abstractions;

namespace TcpFsmGen.Tests;

/// <summary>
/// The fuzzer's fixed-seed run, and every input it ever found (tests/TcpFsmGen.Fuzz/corpus): each must keep the
/// five properties of <see cref="Oracle"/>. The long run is one command (docs/fuzzing.md).
/// </summary>
public class FuzzTests(ITestOutputHelper output)
{
    /// <summary>How many inputs the fixed-seed run of every test run checks.</summary>
    private const int Inputs = 2000;

    [Fact]
    public void AFixedSeedRunFindsNothing()
    {
        var campaign = new Campaign(RepoPaths.Root);
        var found = campaign.Run(seed: 9293, count: Inputs, budget: System.TimeSpan.FromMinutes(10), log: output.WriteLine);
        Assert.True(found.Count == 0, string.Join("\n", found.Take(5).Select(f =>
            $"input {f.Index}: {string.Join(" | ", f.Findings)}\n{f.Input.Serialize()}")));
    }

    public static TheoryData<string> CorpusFiles()
    {
        var data = new TheoryData<string>();
        foreach (var (name, _) in Corpus.Load(RepoPaths.Combine("tests", "TcpFsmGen.Fuzz", "corpus"))) data.Add(name);
        return data;
    }

    /// <summary>The first compilation of a process loads and compiles Roslyn itself: not an input's time (as in <see cref="Campaign"/>).</summary>
    private static readonly System.Lazy<bool> s_warm = new(() => Oracle.Check(new FuzzInput(
        new[] { ("warm.fsm", "machine Warm.Up;\nevents Go;\ninitial A;\nstate A { on Go -> A; }\n") }, System.Array.Empty<(string, string)>())).Count >= 0);

    [Theory]
    [MemberData(nameof(CorpusFiles))]
    public void EveryInputEverFoundKeepsTheProperties(string name)
    {
        Assert.True(s_warm.Value);
        var input = Corpus.Read(File.ReadAllText(RepoPaths.Combine("tests", "TcpFsmGen.Fuzz", "corpus", name)));
        var findings = Oracle.Check(input);
        Assert.True(findings.Count == 0, string.Join("\n", findings));
    }

    [Fact]
    public void TheCorpusFormatKeepsEveryCharacter()
    {
        var input = new FuzzInput(new[] { ("a \"b\"\n\u2028.fsm", "machine M;\r\n\u0085x\\y\u00AD\n") }, new[] { ("C.cs", "class C { }") });
        var back = Corpus.Read(input.Serialize());
        Assert.Equal(input.Fsm, back.Fsm);
        Assert.Equal(input.CSharp, back.CSharp);
    }
}
