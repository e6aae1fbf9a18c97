using System;
using System.Linq;
using TcpFsmGen.Tests.Infrastructure;
using Xunit;

namespace TcpFsmGen.Tests;

/// <summary>The README's side-by-side door is the one the parity tests check against door.fsm.</summary>
public class ReadmeAttributeTests
{
    [Fact]
    public void TheReadmesAttributeDoorIsTheTestedOne()
    {
        var readme = System.IO.File.ReadAllText(RepoPaths.Combine("README.md")).Replace("\r\n", "\n");
        var tested = GeneratorHarness.ReadMachine("door.attributes.cs").Replace("\r\n", "\n");
        var attributes = tested[tested.IndexOf("[StateMachine", StringComparison.Ordinal)..tested.IndexOf("public partial class Door", StringComparison.Ordinal)];
        Assert.Contains(attributes, readme, StringComparison.Ordinal);
        foreach (var line in tested.Split('\n').Where(l => l.StartsWith("public enum", StringComparison.Ordinal)))
        {
            Assert.Contains(line, readme, StringComparison.Ordinal);
        }
        var door = GeneratorHarness.ReadMachine("door.fsm").Replace("\r\n", "\n");
        // The .fsm beside it is the same machine (the README drops the comments).
        foreach (var line in door.Split('\n').Select(l => l.Split("//")[0].TrimEnd()).Where(l => l.Length > 0))
        {
            Assert.Contains(line, readme, StringComparison.Ordinal);
        }
    }
}
