using System.Collections.Generic;

namespace TcpFsmGen.Generator.Model;

/// <summary>An action or guard name as it appears in the machine.</summary>
internal readonly record struct MethodName(Name Name, bool IsGuard);

internal static class MethodNames
{
    /// <summary>Every use of an action or guard name, in source order (duplicates included).</summary>
    public static IEnumerable<MethodName> Of(MachineModel model)
    {
        foreach (var state in model.States)
        {
            foreach (var a in state.EntryActions) yield return new MethodName(a, false);
            foreach (var a in state.ExitActions) yield return new MethodName(a, false);
            foreach (var t in state.Transitions)
            {
                if (t.Guard is { } g) yield return new MethodName(g.Name, true);
                foreach (var a in t.Actions) yield return new MethodName(a, false);
            }
        }
    }
}
