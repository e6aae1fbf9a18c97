using System;
using System.Linq;
using TcpFsmGen.Tests.Infrastructure;
using Xunit;

namespace TcpFsmGen.Tests;

/// <summary>The door declared with attributes behaves as the door declared in door.fsm.</summary>
public class AttributeTests
{
    private static string Declaration => GeneratorHarness.ReadMachine("door.attributes.cs");

    [Fact]
    public void TheAttributeDoorGeneratesAndCompilesWithoutDiagnostics()
    {
        var run = GeneratorHarness.Run(Array.Empty<(string, string)>(), new[] { Declaration, LiveMachine.AttributeUserPart(Declaration, "Demo.Doors.Door") });
        Assert.Empty(run.FsmDiagnostics);
        Assert.Empty(run.CompilationDiagnostics);
        Assert.Equal(new[] { "Demo.Doors.Door.g.cs" }, run.HintNames);
    }
}
