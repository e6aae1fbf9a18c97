using System.Collections.Generic;
using System.Linq;
using TcpFsmGen.Generator.Model;

namespace TcpFsmGen.Generator.Analysis;

/// <summary>
/// The fixes that diagnostics suggest, in the syntax of the front end the machine was written in: a
/// <c>.fsm</c> line for a <c>.fsm</c> machine, an attribute for a machine declared with attributes.
/// </summary>
internal static class Advice
{
    /// <summary>TFSM0102's fix: <c>'ignore A, B;'</c> or <c>[Ignore(DoorState.X, DoorEvent.A, DoorEvent.B)]</c>.</summary>
    public static string Ignore(MachineModel model, string state, IEnumerable<string> events)
        => model.UserEnums is { } enums
            ? $"[Ignore({Short(enums.StateType)}.{state}, {string.Join(", ", events.Select(e => $"{Short(enums.EventType)}.{e}"))})]"
            : $"'ignore {string.Join(", ", events)};'";

    /// <summary>TFSM0103's fix: <c>declare it 'final state X'</c> or <c>mark it [Final(DoorState.X)]</c>.</summary>
    public static string Final(MachineModel model, string state)
        => model.UserEnums is { } enums ? $"mark it [Final({Short(enums.StateType)}.{state})]" : $"declare it 'final state {state}'";

    /// <summary>TFSM0005's fix for the machine: name its initial state.</summary>
    public static string MachineInitial(MachineModel model)
        => model.FrontEnd == FrontEnd.Attributes ? "set 'Initial = ' on [StateMachine] to" : "add 'initial <State>;' naming";

    /// <summary>TFSM0005's fix for a composite state: name its initial substate.</summary>
    public static string CompositeInitial(MachineModel model)
        => model.FrontEnd == FrontEnd.Attributes ? "set 'Initial = true' on the [Substate] of" : "add 'initial <State>;' naming";

    /// <summary><c>global::Demo.DoorState</c> as written in the user's code: <c>DoorState</c>.</summary>
    private static string Short(string type) => type.Substring(type.LastIndexOf('.') + 1);
}
