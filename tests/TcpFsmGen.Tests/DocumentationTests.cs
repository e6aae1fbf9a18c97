using System.IO;
using System.Linq;
using TcpFsmGen.Generator.Diagnostics;
using TcpFsmGen.Tests.Infrastructure;
using Xunit;

namespace TcpFsmGen.Tests;

/// <summary>Every diagnostic is documented, linked and release-tracked.</summary>
public class DocumentationTests
{
    private static string RepositoryRoot() => RepoPaths.Root;

    public static TheoryData<string> Ids() => new(DiagnosticDescriptors.All.Select(d => d.Id));

    [Theory]
    [MemberData(nameof(Ids))]
    public void EachDiagnosticHasAPageItsDescriptorLinksTo(string id)
    {
        var descriptor = DiagnosticDescriptors.ById(id);
        Assert.EndsWith($"/docs/diagnostics/{id}.md", descriptor.HelpLinkUri, System.StringComparison.Ordinal);
        var page = File.ReadAllText(Path.Combine(RepositoryRoot(), "docs", "diagnostics", id + ".md"));
        Assert.StartsWith($"# {id}: {descriptor.Title}", page, System.StringComparison.Ordinal);
        Assert.Contains("## Wrong", page, System.StringComparison.Ordinal);
        Assert.Contains("## Right", page, System.StringComparison.Ordinal);
        Assert.Contains($"dotnet_diagnostic.{id}.severity", page, System.StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Ids))]
    public void EachDiagnosticIsReleaseTracked(string id)
    {
        var unshipped = File.ReadAllText(Path.Combine(RepositoryRoot(), "generator", "AnalyzerReleases.Unshipped.md"));
        var shipped = File.ReadAllText(Path.Combine(RepositoryRoot(), "generator", "AnalyzerReleases.Shipped.md"));
        Assert.Contains(id + " |", unshipped + shipped, System.StringComparison.Ordinal);
    }

    [Fact]
    public void EveryIdIsInTheIndex()
    {
        // The spec's seventeen, the five of its protocol features, and the nine that only the C# side can have.
        Assert.Equal(31, DiagnosticDescriptors.All.Count());
        var index = File.ReadAllText(Path.Combine(RepositoryRoot(), "docs", "diagnostics", "README.md"));
        foreach (var d in DiagnosticDescriptors.All)
        {
            var severity = d.DefaultSeverity.ToString().ToLowerInvariant();
            Assert.Contains($"| [{d.Id}]({d.Id}.md) | {severity} | {d.Title} |", index, System.StringComparison.Ordinal);
        }
    }
}
