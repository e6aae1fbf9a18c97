using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;

namespace TcpFsmGen.Generator.Diagnostics;

/// <summary>Every diagnostic the generator can report, with its stable ID.</summary>
internal static class DiagnosticDescriptors
{
    private const string Category = "TcpFsmGen";
    /// <summary>Where each diagnostic's page is, unless the project sets <c>TcpFsmGenHelpBase</c> (see <see cref="Pipeline.DiagnosticReporter"/>).</summary>
    public const string HelpBase = "https://github.com/tcpfsmgen/tcpfsmgen/blob/main/docs/diagnostics/";

    public static readonly DiagnosticDescriptor SyntaxError = Error(
        "TFSM0001", "Syntax error", "{0}");

    public static readonly DiagnosticDescriptor UnknownState = Error(
        "TFSM0002", "Unknown state", "State '{0}' is not declared{1}");

    public static readonly DiagnosticDescriptor UnknownEventOrTimer = Error(
        "TFSM0003", "Unknown event or timer", "{0} '{1}' is not declared{2}");

    public static readonly DiagnosticDescriptor Duplicate = Error(
        "TFSM0004", "Duplicate declaration", "{0} '{1}' is already declared{2}; rename or remove this one");

    public static readonly DiagnosticDescriptor MissingInitial = Error(
        "TFSM0005", "Missing or misplaced initial state", "{0}");

    public static readonly DiagnosticDescriptor Nondeterminism = Error(
        "TFSM0006", "Nondeterministic transitions",
        "State '{0}' already has {1} for '{2}' (line {3}); give one of them a different guard or remove it");

    public static readonly DiagnosticDescriptor InvalidName = Error(
        "TFSM0007", "Name not allowed", "{0}");

    public static readonly DiagnosticDescriptor BadHeader = Error(
        "TFSM0008", "Missing or malformed machine header", "{0}");

    public static readonly DiagnosticDescriptor BadDuration = Error(
        "TFSM0009", "Malformed duration", "Duration '{0}' is malformed: {1}");

    public static readonly DiagnosticDescriptor TransitionOutOfFinal = Error(
        "TFSM0010", "Transition out of a final state", "{0}");

    public static readonly DiagnosticDescriptor IgnoredAndHandled = Error(
        "TFSM0011", "Event both ignored and handled",
        "State '{0}' both {2} event '{1}'; {3}");

    public static readonly DiagnosticDescriptor NotThePayload = Error(
        "TFSM0012", "Argument that is not the event's payload", "{0}");

    public static readonly DiagnosticDescriptor TwoSignatures = Error(
        "TFSM0013", "Guard or action used with two signatures", "{0}");

    public static readonly DiagnosticDescriptor TargetOnEvery = Error(
        "TFSM0014", "Target on an 'every' line",
        "An 'every' line is a periodic internal timer and cannot leave its state; remove '-> {0}', or write 'after {1} -> {0}' for a timer that fires once");

    public static readonly DiagnosticDescriptor MisplacedHistory = Error(
        "TFSM0015", "Misplaced or repeated history", "{0}");

    public static readonly DiagnosticDescriptor BadPayloadType = Error(
        "TFSM0016", "Payload type not usable", "{0}");

    public static readonly DiagnosticDescriptor UnreachableState = Warning(
        "TFSM0101", "Unreachable state",
        "State '{0}' cannot be reached from the initial state; add a transition to it or remove it");

    public static readonly DiagnosticDescriptor MissingTransitions = Warning(
        "TFSM0102", "Missing transitions",
        "State '{0}' does not handle {1}; add transitions or {2}");

    public static readonly DiagnosticDescriptor DeadEnd = Warning(
        "TFSM0103", "Dead end",
        "State '{0}' has no way out; add a transition to another state, or {1}");

    public static readonly DiagnosticDescriptor Unused = Warning(
        "TFSM0104", "Unused event or timer", "{0} '{1}' is never used in {2}; use it or remove it");

    public static readonly DiagnosticDescriptor Trap = Warning(
        "TFSM0105", "Trap", "No path leads from state '{0}' to {1}{2}; add a transition out of this part of the machine");

    public static readonly DiagnosticDescriptor UnreachableTransition = Warning(
        "TFSM0106", "Transition never taken",
        "This transition for '{0}' is never taken: the unguarded one at line {1} always comes first; move it before that one or remove it");

    // Misuse that only the C# side can have: the attribute front end, and a .fsm guard left unimplemented.

    public static readonly DiagnosticDescriptor NotPartial = Error(
        "TFSM0201", "State machine class is not partial",
        "Class '{0}' must be partial for the generator to add the machine to it; add the 'partial' modifier");

    public static readonly DiagnosticDescriptor WrongType = Error(
        "TFSM0202", "Wrong type in a state machine attribute", "{0}");

    public static readonly DiagnosticDescriptor MethodNotFound = Error(
        "TFSM0203", "Guard or action method missing or of the wrong signature", "{0} '{1}' {2}");

    public static readonly DiagnosticDescriptor UnsupportedClass = Error(
        "TFSM0204", "Unsupported class for a state machine",
        "'{0}' is {1}; declare the state machine on a top-level, non-generic, non-static partial class");

    public static readonly DiagnosticDescriptor UnusableEnum = Error(
        "TFSM0205", "Enum not usable for states or events", "Enum '{0}' cannot be used by state machine '{1}': {2}");

    public static readonly DiagnosticDescriptor InvalidAttribute = Error(
        "TFSM0206", "Invalid state machine attribute", "{0}");

    public static readonly DiagnosticDescriptor ActionNotImplemented = new(
        "TFSM0207", "Action never implemented",
        "Action '{0}' is never implemented, so it does nothing; add '{1}' with a body to class '{2}'",
        Category, DiagnosticSeverity.Warning, isEnabledByDefault: false, helpLinkUri: HelpBase + "TFSM0207.md");

    public static readonly DiagnosticDescriptor UnknownPartialMethod = Error(
        "TFSM0208", "Partial method that the machine does not declare",
        "Partial method '{0}' has no declaration: the machine of class '{1}' ({2}) has no action or guard of that name; correct the name, or remove 'partial'{3}");

    public static readonly DiagnosticDescriptor CurrentComparedWithComposite = Warning(
        "TFSM0209", "Current compared with a composite state",
        "'Current' is always a leaf state, so it never equals composite state '{0}'; use IsIn({1}) to ask whether the machine is inside it");

    private static readonly Dictionary<string, DiagnosticDescriptor> s_byId = typeof(DiagnosticDescriptors)
        .GetFields(System.Reflection.BindingFlags.Public | System.Reflection.BindingFlags.Static)
        .Select(f => f.GetValue(null))
        .OfType<DiagnosticDescriptor>()
        .ToDictionary(d => d.Id, StringComparer.Ordinal);

    public static IEnumerable<DiagnosticDescriptor> All => s_byId.Values.OrderBy(d => d.Id, StringComparer.Ordinal);

    public static DiagnosticDescriptor ById(string id) => s_byId[id];

    private static DiagnosticDescriptor Warning(string id, string title, string message) => Create(id, title, message, DiagnosticSeverity.Warning);

    private static DiagnosticDescriptor Error(string id, string title, string message) => Create(id, title, message, DiagnosticSeverity.Error);

    private static DiagnosticDescriptor Create(string id, string title, string message, DiagnosticSeverity severity)
        => new(id, title, message, Category, severity, isEnabledByDefault: true, helpLinkUri: HelpBase + id + ".md");
}
