using System.Linq;
using System.Collections.Generic;
using Microsoft.CodeAnalysis.CSharp;
using TcpFsmGen.Generator.Diagnostics;
using TcpFsmGen.Generator.Model;

namespace TcpFsmGen.Generator.Analysis;

/// <summary>
/// TFSM0007: names that would not compile as written. C# keywords anywhere (never escaped with '@');
/// action and guard names that collide with a generated member or the class; one name used both as
/// an action and as a guard.
/// </summary>
internal static class InvalidNames
{
    public static void Check(MachineGraph graph, List<DiagnosticInfo> diagnostics)
    {
        var model = graph.Model;
        foreach (var part in model.NamespaceParts)
        {
            if (!Keyword(part, "namespace", diagnostics) && ReboundInGeneratedCode(part.Text) is { } why)
            {
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.InvalidName, part.Span,
                    $"A namespace cannot be named '{part.Text}': {why}; choose another name"));
            }
        }
        if (InRuntimeNamespace(model) && model.NamespaceParts.Count > 0)
        {
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.InvalidName, model.NamespaceParts[0].Span,
                $"A machine cannot be in namespace '{model.Namespace}': '{RuntimeNamespace}' is the runtime library's, whose types the generated code uses; choose another namespace"));
        }
        if (model.ClassName is { } className)
        {
            var classToken = new Name(className, model.ClassNameSpan);
            if (!Keyword(classToken, "class", diagnostics) && ClassNameProblem(className, model) is { } problem)
            {
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.InvalidName, model.ClassNameSpan,
                    $"The class cannot be named '{className}': {problem}; choose another class name"));
            }
        }
        foreach (var e in model.Events) EnumMember(e, "event", diagnostics);
        foreach (var t in model.Timers) EnumMember(t.Name, "timer", diagnostics);
        foreach (var s in model.States) EnumMember(s.Name, "state", diagnostics);
        foreach (var payload in model.Payloads) Payload(payload, diagnostics);

        // Actions and guards: report each name once, at its first use.
        var actions = new Dictionary<string, Name>();
        var guards = new Dictionary<string, Name>();
        foreach (var method in MethodNames.Of(model))
        {
            if (method.IsGuard) Method(method.Name, "guard", guards, actions, model.ClassName, diagnostics);
            else Method(method.Name, "action", actions, guards, model.ClassName, diagnostics);
        }
    }

    /// <summary>
    /// True when the generated half of the class can be declared: its name and namespace are identifiers that the
    /// generated code can use (each failing case is a TFSM0007 of <see cref="Check"/>).
    /// </summary>
    public static bool CanDeclareClass(MachineModel model)
        => model.ClassName is { } className
           && SyntaxFacts.IsValidIdentifier(className) && !IsKeyword(className) && ClassNameProblem(className, model) is null
           && model.NamespaceParts.All(p => SyntaxFacts.IsValidIdentifier(p.Text) && !IsKeyword(p.Text) && ReboundInGeneratedCode(p.Text) is null)
           && !InRuntimeNamespace(model);

    /// <summary>The namespace of the runtime library's types, which the generated code names with <c>global::</c>.</summary>
    private const string RuntimeNamespace = "TcpFsmGen.Runtime";

    /// <summary>A class in the runtime's namespace could take the name of a type the generated code uses.</summary>
    private static bool InRuntimeNamespace(MachineModel model)
        => model.Namespace == RuntimeNamespace || model.Namespace.StartsWith(RuntimeNamespace + ".", System.StringComparison.Ordinal);

    /// <summary>Why a class could not have this name in generated code, or null when it can.</summary>
    private static string? ClassNameProblem(string className, MachineModel model)
    {
        if (GeneratedNames.Members.Contains(className)) return "the generated class has a member of that name";
        if (className.StartsWith(GeneratedNames.PrivatePrefix, System.StringComparison.Ordinal))
        {
            return $"names starting with '{GeneratedNames.PrivatePrefix}' are kept for the generated class's private members";
        }
        if (model.Namespace.Length == 0 && className is "System" or "TcpFsmGen")
        {
            return $"in the global namespace it would hide the namespace '{className}', which the generated code uses";
        }
        if (model.FullName == RuntimeNamespace) return $"'{RuntimeNamespace}' is the runtime library's namespace, which the generated code uses";
        if (ReboundInGeneratedCode(className) is { } why) return why;
        // CS8981: a type name of lower-case ASCII letters only is warned about, since such names may become keywords.
        if (className.All(c => c is >= 'a' and <= 'z')) return "C# warns about type names of lower-case letters only (CS8981), since such names may become keywords";
        return null;
    }

    /// <summary>Contextual keywords that C# would read as themselves where the generated code uses the name.</summary>
    private static string? ReboundInGeneratedCode(string name)
        => name is "nameof" or "global" or "var" or "dynamic" or "file" or "scoped" or "required" or "record" or "unmanaged" or "notnull"
            ? $"'{name}' is a contextual keyword that C# would read as itself there"
            : null;

    private static void EnumMember(Name name, string kind, List<DiagnosticInfo> diagnostics)
    {
        if (Keyword(name, kind, diagnostics)) return;
        if (!SyntaxFacts.IsValidIdentifier(name.Text))
        {
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.InvalidName, name.Span,
                $"'{Printable(name.Text)}' is not a C# identifier and cannot name {Article(kind)} {kind}; use letters, digits and '_', not starting with a digit"));
            return;
        }
        if (name.Text == "value__")
        {
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.InvalidName, name.Span,
                $"'value__' is reserved by .NET enums and cannot name a {kind}; choose another name"));
        }
    }

    private static void Method(Name name, string kind, Dictionary<string, Name> sameKind, Dictionary<string, Name> otherKind,
        string? className, List<DiagnosticInfo> diagnostics)
    {
        if (sameKind.ContainsKey(name.Text)) return;
        sameKind.Add(name.Text, name);
        if (Keyword(name, kind, diagnostics)) return;

        string? problem = null;
        if (!SyntaxFacts.IsValidIdentifier(name.Text))
        {
            problem = $"'{Printable(name.Text)}' is not a C# identifier and cannot name {Article(kind)} {kind}; name a method of the class";
        }
        else if (name.Text == "nameof")
        {
            problem = $"{Capital(Article(kind))} {kind} cannot be named 'nameof': C# would read a call to it as the nameof operator; rename the {kind}";
        }
        else if (GeneratedNames.Members.Contains(name.Text) || name.Text == className)
        {
            problem = $"{Capital(Article(kind))} {kind} cannot be named '{name.Text}': the generated class already has a member of that name; rename the {kind}";
        }
        else if (name.Text.StartsWith(GeneratedNames.PrivatePrefix, System.StringComparison.Ordinal))
        {
            problem = $"{Capital(Article(kind))} {kind} name cannot start with '{GeneratedNames.PrivatePrefix}': such names are kept for the generated class's private members; rename '{name.Text}'";
        }
        else if (otherKind.TryGetValue(name.Text, out var other))
        {
            var otherKindName = kind == "action" ? "guard" : "action";
            problem = $"'{name.Text}' is used as {Article(kind)} {kind} here and as {Article(otherKindName)} {otherKindName} at line {other.Span.StartLine + 1}; one method cannot be both, so rename one of them";
        }
        if (problem is not null) diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.InvalidName, name.Span, problem));
    }

    /// <summary>A payload's parameter name is a C# parameter (TFSM0007); its type's keywords must name types (TFSM0016).</summary>
    private static void Payload(PayloadModel payload, List<DiagnosticInfo> diagnostics)
    {
        if (!Keyword(payload.Parameter, "payload parameter", diagnostics)
            && payload.Parameter.Text.StartsWith(GeneratedNames.PrivatePrefix, System.StringComparison.Ordinal))
        {
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.InvalidName, payload.Parameter.Span,
                $"A payload parameter name cannot start with '{GeneratedNames.PrivatePrefix}': such names are kept for the generated class's private members; rename '{payload.Parameter.Text}'"));
        }
        var word = new System.Text.StringBuilder();
        foreach (var c in payload.Type + " ")
        {
            if (SyntaxFacts.IsIdentifierPartCharacter(c))
            {
                word.Append(c);
                continue;
            }
            var text = word.ToString();
            word.Clear();
            // The keywords that name a type (int, string, ...) are fine; every other keyword, void included, is not.
            var kind = SyntaxFacts.GetKeywordKind(text);
            if (text.Length == 0 || kind == SyntaxKind.None || (SyntaxFacts.IsPredefinedType(kind) && kind != SyntaxKind.VoidKeyword)) continue;
            var why = text == "void"
                ? "an event cannot carry 'void'; leave the payload out for an event without one"
                : $"'{text}' is a C# keyword, not a type";
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.BadPayloadType, payload.TypeSpan,
                $"Event '{payload.Event.Text}' cannot carry a '{payload.Type}': {why}"));
            return;
        }
    }

    private static bool Keyword(Name name, string kind, List<DiagnosticInfo> diagnostics)
    {
        if (!IsKeyword(name.Text)) return false;
        diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.InvalidName, name.Span,
            $"'{name.Text}' is a C# keyword and cannot name {Article(kind)} {kind}; choose another name"));
        return true;
    }

    /// <summary>
    /// True when an action or guard name can be declared and called in the generated class: not a keyword,
    /// a generated member, the class's own name or a private prefix (each of those is TFSM0007).
    /// </summary>
    public static bool IsUsableMethodName(string name, MachineModel model)
        => SyntaxFacts.IsValidIdentifier(name) && !IsKeyword(name) && name != "nameof" && !GeneratedNames.Members.Contains(name) && name != model.ClassName
           && !name.StartsWith(GeneratedNames.PrivatePrefix, System.StringComparison.Ordinal);

    public static bool IsKeyword(string text) => SyntaxFacts.GetKeywordKind(text) != SyntaxKind.None;

    /// <summary>A name as a message can show it: line breaks and other control characters escaped.</summary>
    private static string Printable(string text)
        => new(text.SelectMany(c => char.IsControl(c) || c is '\u2028' or '\u2029' or '\u0085' ? $"\\u{(int)c:X4}" : c.ToString()).ToArray());

    private static string Capital(string word) => char.ToUpperInvariant(word[0]) + word.Substring(1);

    private static string Article(string kind) => kind.Length > 0 && "aeiou".IndexOf(kind[0]) >= 0 ? "an" : "a";
}
