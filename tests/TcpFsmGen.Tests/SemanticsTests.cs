using System;
using TcpFsmGen.Tests.Infrastructure;
using Xunit;

namespace TcpFsmGen.Tests;

/// <summary>One test per rule of section 4 of the language reference, on small machines made for the rule.</summary>
public class SemanticsTests
{
    private const string Hierarchy = """
        machine T.Hierarchy;
        events Go, Up, Sub, Self, Inner, X;
        initial A;
        state A {
          entry / EnterA;
          exit / ExitA;
          initial A1;
          on Inner / InnerAction;
          state A1 {
            entry / EnterA1;
            exit / ExitA1;
            initial A11;
            on Sub -> A12;
            on Self -> A1;
            state A11 {
              entry / EnterA11;
              exit / ExitA11;
              on Go -> B2 / Act1, Act2;
              on Up -> A;
            }
            state A12 { entry / EnterA12; exit / ExitA12; }
          }
        }
        state B {
          entry / EnterB;
          exit / ExitB;
          initial B1;
          state B1 { entry / EnterB1; exit / ExitB1; on X -> B2; }
          state B2 { entry / EnterB2; exit / ExitB2; on X -> B1; }
        }
        """;

    [Fact]
    public void StartEntersTheInitialChainOutermostFirstWithoutOnTransition()
    {
        var m = LiveMachine.Create(Hierarchy);
        Assert.Empty(m.Log);
        m.Start();
        Assert.Equal(new[] { "EnterA", "EnterA1", "EnterA11" }, m.TakeLog());
        Assert.Equal("A11", m.Current);
    }

    [Fact]
    public void SecondStartThrowsAndChangesNothing()
    {
        var m = LiveMachine.Create(Hierarchy);
        m.Start();
        m.TakeLog();
        Assert.Throws<InvalidOperationException>(m.Start);
        Assert.Empty(m.Log);
        Assert.Equal("A11", m.Current);
    }

    [Fact]
    public void FirstFireStartsTheMachineAndALaterStartThrows()
    {
        var m = LiveMachine.Create(Hierarchy);
        m.Fire("Inner");
        Assert.Equal(new[] { "EnterA", "EnterA1", "EnterA11", "InnerAction" }, m.TakeLog());
        Assert.Throws<InvalidOperationException>(m.Start);
        Assert.Empty(m.Log);
    }

    [Fact]
    public void ExternalTransitionExitsInnermostFirstUpToTheCommonAncestorThenRunsActionsThenEnters()
    {
        var m = LiveMachine.Create(Hierarchy);
        m.Start();
        m.TakeLog();
        m.Fire("Go");
        Assert.Equal(new[] { "ExitA11", "ExitA1", "ExitA", "Act1", "Act2", "EnterB", "EnterB2", "A11->B2" }, m.TakeLog());
        Assert.True(m.IsIn("B"));
    }

    [Fact]
    public void TransitionBetweenSiblingsLeavesTheParentAlone()
    {
        var m = LiveMachine.Create(Hierarchy);
        m.Fire("Go");
        m.TakeLog();
        m.Fire("X");
        Assert.Equal(new[] { "ExitB2", "EnterB1", "B2->B1" }, m.TakeLog());
    }

    [Fact]
    public void TransitionToAnAncestorExitsAndReEntersIt()
    {
        var m = LiveMachine.Create(Hierarchy);
        m.Start();
        m.TakeLog();
        m.Fire("Up");
        Assert.Equal(new[] { "ExitA11", "ExitA1", "ExitA", "EnterA", "EnterA1", "EnterA11", "A11->A11" }, m.TakeLog());
    }

    [Fact]
    public void TransitionToOwnSubstateExitsAndReEntersTheSource()
    {
        var m = LiveMachine.Create(Hierarchy);
        m.Start();
        m.TakeLog();
        m.Fire("Sub");
        Assert.Equal(new[] { "ExitA11", "ExitA1", "EnterA1", "EnterA12", "A11->A12" }, m.TakeLog());
    }

    [Fact]
    public void SelfTransitionExitsAndReEntersButInternalTransitionDoesNot()
    {
        var m = LiveMachine.Create(Hierarchy);
        m.Start();
        m.TakeLog();
        m.Fire("Self");
        Assert.Equal(new[] { "ExitA11", "ExitA1", "EnterA1", "EnterA11", "A11->A11" }, m.TakeLog());
        Assert.True(m.Fire("Inner"));
        Assert.Equal(new[] { "InnerAction" }, m.TakeLog());
        Assert.Equal("A11", m.Current);
    }

    [Fact]
    public void IsInCoversTheLeafAndEveryAncestor()
    {
        var m = LiveMachine.Create(Hierarchy);
        Assert.True(m.IsIn("A11"));
        Assert.True(m.IsIn("A1"));
        Assert.True(m.IsIn("A"));
        Assert.False(m.IsIn("A12"));
        Assert.False(m.IsIn("B"));
    }

    private const string Guards = """
        machine T.Guards;
        events E, F;
        initial Outer;
        state Outer {
          initial Inner;
          on E -> Other / OuterTook;
          state Inner {
            on E [G1] -> Other / TookG1;
            on E [G2] -> Other / TookG2;
            on F [Ready] / WasReady;
            on F [!Ready] / WasNotReady;
          }
        }
        state Other { ignore E, F; }
        """;

    [Fact]
    public void GuardsAreTriedInSourceOrderAndTheFirstThatHoldsIsTaken()
    {
        var m = LiveMachine.Create(Guards);
        m.Start();
        m.Fire("E");
        Assert.Equal(new[] { "?G1", "TookG1", "Inner->Other" }, m.TakeLog());

        m = LiveMachine.Create(Guards);
        m.Guards["G1"] = false;
        m.Fire("E");
        Assert.Equal(new[] { "?G1", "?G2", "TookG2", "Inner->Other" }, m.TakeLog());
    }

    [Fact]
    public void WhenEveryGuardFailsTheLookupGoesOnToTheAncestor()
    {
        var m = LiveMachine.Create(Guards);
        m.Guards["G1"] = false;
        m.Guards["G2"] = false;
        Assert.True(m.Fire("E"));
        Assert.Equal(new[] { "?G1", "?G2", "OuterTook", "Inner->Other" }, m.TakeLog());
    }

    [Fact]
    public void NegatedGuardIsADifferentGuard()
    {
        var m = LiveMachine.Create(Guards);
        m.Guards["Ready"] = false;
        m.Fire("F");
        Assert.Equal(new[] { "?Ready", "?Ready", "WasNotReady" }, m.TakeLog());
        m.Guards["Ready"] = true;
        m.Fire("F");
        Assert.Equal(new[] { "?Ready", "WasReady" }, m.TakeLog());
    }

    private const string Lookup = """
        machine T.Lookup;
        events A, B, C, D;
        initial P;
        state P {
          initial Q;
          ignore A;
          on D -> R / FromP;
          state Q {
            on B;
            ignore D;
          }
        }
        state R { ignore A, B, C, D; }
        """;

    [Fact]
    public void IgnoreConsumesTheEventWithNoActionAndNoHook()
    {
        var m = LiveMachine.Create(Lookup);
        m.Start();
        Assert.True(m.Fire("A"));
        Assert.Empty(m.Log);
    }

    [Fact]
    public void TheInnermostStateThatIgnoresOrHandlesWins()
    {
        var m = LiveMachine.Create(Lookup);
        Assert.True(m.Fire("D"));
        Assert.Empty(m.Log);
        Assert.Equal("Q", m.Current);
    }

    [Fact]
    public void EmptyInternalTransitionHandlesTheEventAndDoesNothing()
    {
        var m = LiveMachine.Create(Lookup);
        Assert.True(m.Fire("B"));
        Assert.Empty(m.Log);
    }

    [Fact]
    public void AnUnhandledEventReturnsFalseAndCallsOnUnhandledWithTheLeaf()
    {
        var m = LiveMachine.Create(Lookup);
        Assert.False(m.Fire("C"));
        Assert.Equal(new[] { "unhandled C in Q" }, m.TakeLog());
        Assert.Equal("Q", m.Current);
    }

    private const string EntryExitLines = """
        machine T.Lines;
        events Go;
        initial S;
        state S {
          entry / A1;
          entry / A2, A3;
          exit / X1;
          exit / X2, X3;
          on Go -> T;
        }
        state T { ignore Go; }
        """;

    [Fact]
    public void SeveralEntryAndExitLinesRunInSourceOrder()
    {
        var m = LiveMachine.Create(EntryExitLines);
        m.Start();
        Assert.Equal(new[] { "A1", "A2", "A3" }, m.TakeLog());
        m.Fire("Go");
        Assert.Equal(new[] { "X1", "X2", "X3", "S->T" }, m.TakeLog());
    }

    private const string Final = """
        machine T.Final;
        events Done, Kick, Poke;
        initial Run;
        state Run {
          initial Busy;
          on Kick -> Run;
          ignore Poke;
          state Busy { on Done -> Finished; }
          final state Finished { entry / Bye; ignore Poke; }
        }
        """;

    [Fact]
    public void AFinalStateStopsTheLookupSoAncestorTransitionsDoNotApply()
    {
        var m = LiveMachine.Create(Final);
        m.Fire("Kick");
        Assert.Equal(new[] { "Busy->Busy" }, m.TakeLog());
        m.Fire("Done");
        Assert.Equal(new[] { "Bye", "Busy->Finished" }, m.TakeLog());
        Assert.False(m.Fire("Kick"));
        Assert.Equal(new[] { "unhandled Kick in Finished" }, m.TakeLog());
        Assert.True(m.Fire("Poke"));
        Assert.Empty(m.Log);
    }
}
