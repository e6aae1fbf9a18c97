using TcpFsmGen.Generator.Diagnostics;
using TcpFsmGen.Generator.Helpers;
using TcpFsmGen.Generator.Model;

namespace TcpFsmGen.Generator.Pipeline;

/// <summary>The one emit decision, made for every machine the same way.</summary>
internal enum EmitKind
{
    /// <summary>Nothing: no class to put members in (no usable class name, a class that another machine has, a class that cannot be partial).</summary>
    Nothing,
    /// <summary>The outline of the class's API, every member throwing: the machine, or the user's half, has an error.</summary>
    Outline,
    /// <summary>The machine.</summary>
    Machine,
}

/// <summary>
/// What the emitter needs and nothing more, so that its cached output survives any change that does not alter
/// the generated text: no diagnostic is in here, only the model, the decision, and what the user's half
/// needs declared.
/// </summary>
/// <param name="Machine">The machine as read.</param>
/// <param name="Kind">Machine or outline (a request is never made for <see cref="EmitKind.Nothing"/>).</param>
/// <param name="HintName">The generated file's name, unique in the project ignoring case.</param>
/// <param name="DeclaredByUser">Guards and actions whose defining declaration the user wrote.</param>
/// <param name="Definitions">
/// Declarations for the user's half: of its partial implementations that the generated half does not otherwise
/// declare, and, in an outline, of the guards and actions its code may call.
/// </param>
internal sealed record EmitRequest(
    MachineModel Machine,
    EmitKind Kind,
    string HintName,
    EquatableArray<string> DeclaredByUser,
    EquatableArray<string> Definitions);

/// <summary>A machine at the end of the pipeline: everything to report about it, and what to emit.</summary>
/// <param name="Diagnostics">Every diagnostic of the machine, in source order: its own, the checks across machines, and the user's half.</param>
/// <param name="Emit">What to emit, or null for nothing.</param>
internal sealed record MachineResult(EquatableArray<DiagnosticInfo> Diagnostics, EmitRequest? Emit);
