using System.Linq;
using TcpFsmGen.Tests.Infrastructure;
using Xunit;

namespace TcpFsmGen.Tests;

/// <summary>The emitted code, compared with reviewed snapshots (<c>Snapshots/*.verified.cs</c>).</summary>
public class SnapshotTests
{
    [Fact]
    public void Door()
    {
        var run = GeneratorHarness.Run("door.fsm", GeneratorHarness.ReadMachine("door.fsm"), LiveMachine.UserPart(GeneratorHarness.ReadMachine("door.fsm")));
        Assert.Empty(run.CompilationDiagnostics);
        Snapshot.Match(run.GeneratedSource("Demo.Doors.Door.g.cs"), "Demo.Doors.Door.g.cs");
    }

    [Fact]
    public void Hierarchy()
    {
        var fsm = GeneratorHarness.ReadMachine("hierarchy.fsm");
        var run = GeneratorHarness.Run("hierarchy.fsm", fsm, LiveMachine.UserPart(fsm, "hierarchy.fsm"));
        Assert.Empty(run.FsmDiagnostics);
        Assert.Empty(run.CompilationDiagnostics);
        Snapshot.Match(run.GeneratedSource("Demo.Jobs.Job.g.cs"), "Demo.Jobs.Job.g.cs");
    }

    [Fact]
    public void EveryProtocolFeature()
    {
        var fsm = GeneratorHarness.ReadMachine("protocol.fsm");
        var run = GeneratorHarness.Run("protocol.fsm", fsm,
            LiveMachine.UserPart(fsm, "protocol.fsm"), "namespace Demo.Protocol { public sealed record Message(string Topic); }");
        Assert.Empty(run.FsmDiagnostics);
        Assert.Empty(run.CompilationDiagnostics);
        Snapshot.Match(run.GeneratedSource("Demo.Protocol.Session.g.cs"), "Demo.Protocol.Session.g.cs");
    }

    [Fact]
    public void OutlineOfABrokenMachine()
    {
        var run = GeneratorHarness.Run("broken.fsm", GeneratorHarness.ReadMachine("broken.fsm"));
        Snapshot.Match(run.GeneratedSource("Demo.Broken.g.cs"), "Demo.Broken.g.cs");
    }

    [Fact]
    public void DoorWithAttributes()
    {
        var declaration = GeneratorHarness.ReadMachine("door.attributes.cs");
        var run = GeneratorHarness.RunCSharp(("Door.cs", declaration), ("Door.User.cs", LiveMachine.AttributeUserPart(declaration, "Demo.Doors.Door")));
        Assert.Empty(run.FsmDiagnostics);
        Assert.Empty(run.CompilationDiagnostics);
        Snapshot.Match(run.GeneratedSource("Demo.Doors.Door.g.cs"), "Demo.Doors.Door.g.cs");
    }

    [Fact]
    public void OutlineOfABrokenAttributeMachine()
    {
        // An unknown target state: the machine has an error, so only its outline is generated, typed with the user's enums.
        var declaration = GeneratorHarness.ReadMachine("door.attributes.cs")
            .Replace("[Transition(DoorState.Locked, DoorEvent.Unlock, DoorState.Closed)]", "[Transition(DoorState.Locked, DoorEvent.Unlock, (DoorState)42)]");
        var run = GeneratorHarness.RunCSharp(("Door.cs", declaration), ("Door.User.cs", LiveMachine.AttributeUserPart(declaration, "Demo.Doors.Door")));
        Assert.Equal(new[] { "TFSM0002" }, run.FsmDiagnostics.Select(d => d.Id));
        Assert.Empty(run.CompilationDiagnostics);
        Snapshot.Match(run.GeneratedSource("Demo.Doors.Door.g.cs"), "Demo.Doors.Door.g.cs");
    }
}
