using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;

namespace TcpFsmGen.Tests.Infrastructure;

/// <summary>The fenced blocks of a Markdown file that a <c>&lt;!-- consumption-test: KIND [NAME] --&gt;</c> comment marks.</summary>
public sealed class ReadmeBlocks
{
    private static readonly Regex Marked = new(@"<!-- consumption-test: (?<kind>\w+)(?: (?<name>\S+))? -->\s*\n```[^\n]*\n(?<body>.*?)```", RegexOptions.Singleline);

    private readonly List<(string Kind, string? Name, string Body)> _blocks;

    private ReadmeBlocks(List<(string, string?, string)> blocks) => _blocks = blocks;

    public static ReadmeBlocks Read(string path)
    {
        var text = File.ReadAllText(path).Replace("\r\n", "\n");
        return new ReadmeBlocks(Marked.Matches(text)
            .Select(m => (m.Groups["kind"].Value, m.Groups["name"].Success ? m.Groups["name"].Value : null, m.Groups["body"].Value))
            .ToList());
    }

    public string Block(string kind) => _blocks.Single(b => b.Kind == kind).Body;

    public IEnumerable<(string Name, string Text)> Files => _blocks.Where(b => b.Kind == "file").Select(b => (b.Name!, b.Body));
}
