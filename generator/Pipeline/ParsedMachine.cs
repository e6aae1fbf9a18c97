using TcpFsmGen.Generator.Diagnostics;
using TcpFsmGen.Generator.Helpers;
using TcpFsmGen.Generator.Model;
using TcpFsmGen.Generator.UserCode;

namespace TcpFsmGen.Generator.Pipeline;

/// <summary>
/// What each front end hands to the pipeline: the model (partial when the source is broken) and the
/// diagnostics of reading it. The <c>.fsm</c> parser and the attribute reader both produce this, and
/// nothing after them knows which one did, beyond <see cref="MachineModel.FrontEnd"/>.
/// </summary>
/// <param name="Machine">The machine as read.</param>
/// <param name="Diagnostics">What reading it found: syntax errors, misused attributes, a class that cannot take members.</param>
/// <param name="IsComplete">
/// False when reading stopped short somewhere (a syntax error, an attribute that could not be read): the
/// model lacks what the source meant there, so the analysis reports only what such a gap cannot cause.
/// </param>
/// <param name="RecoveredNames">
/// Every identifier in source text that the parser skipped to recover from a syntax error. A name there
/// may have been a declaration, so it is never reported as unknown.
/// </param>
/// <param name="ClassUsable">False when the class cannot take generated members (attributes on a class that is not partial, say).</param>
/// <param name="UserClass">
/// The user's half of the class, when the front end read it itself (the attribute front end reads the
/// class symbol). Null for a <c>.fsm</c> machine, whose class the pipeline finds among the project's classes.
/// </param>
internal sealed record ParsedMachine(
    MachineModel Machine,
    EquatableArray<DiagnosticInfo> Diagnostics,
    bool IsComplete,
    EquatableArray<string> RecoveredNames,
    bool ClassUsable,
    UserClass? UserClass);
