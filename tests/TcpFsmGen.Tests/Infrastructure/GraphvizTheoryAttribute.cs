using Xunit;

namespace TcpFsmGen.Tests.Infrastructure;

/// <summary>
/// A test that needs Graphviz's <c>dot</c>. Skipped, with the reason, where it is not installed;
/// <c>.ci/run</c> installs it, so CI always runs these.
/// </summary>
public sealed class GraphvizTheoryAttribute : TheoryAttribute
{
    public GraphvizTheoryAttribute()
    {
        if (ProcessRunner.Find("dot") is null) Skip = "Graphviz's 'dot' is not on PATH (apt-get install graphviz; .ci/run does this)";
    }
}
