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
        foreach (var part in model.NamespaceParts) Keyword(part, "namespace", diagnostics);
        if (model.ClassName is { } className)
        {
            var classToken = new Name(className, model.ClassNameSpan);
            if (!Keyword(classToken, "class", diagnostics) && GeneratedNames.Members.Contains(className))
            {
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.InvalidName, model.ClassNameSpan,
                    $"The class cannot be named '{className}': the generated class has a member of that name; choose another class name"));
            }
        }
        foreach (var e in model.Events) EnumMember(e, "event", diagnostics);
        foreach (var t in model.Timers) EnumMember(t.Name, "timer", diagnostics);
        foreach (var s in model.States) EnumMember(s.Name, "state", diagnostics);

        // Actions and guards: report each name once, at its first use.
        var actions = new Dictionary<string, Name>();
        var guards = new Dictionary<string, Name>();
        foreach (var method in MethodNames.Of(model))
        {
            if (method.IsGuard) Method(method.Name, "guard", guards, actions, model.ClassName, diagnostics);
            else Method(method.Name, "action", actions, guards, model.ClassName, diagnostics);
        }
    }

    private static void EnumMember(Name name, string kind, List<DiagnosticInfo> diagnostics)
    {
        if (Keyword(name, kind, diagnostics)) return;
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
        if (GeneratedNames.Members.Contains(name.Text) || name.Text == className)
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
        => SyntaxFacts.IsValidIdentifier(name) && !IsKeyword(name) && !GeneratedNames.Members.Contains(name) && name != model.ClassName
           && !name.StartsWith(GeneratedNames.PrivatePrefix, System.StringComparison.Ordinal);

    public static bool IsKeyword(string text) => SyntaxFacts.GetKeywordKind(text) != SyntaxKind.None;

    private static string Capital(string word) => char.ToUpperInvariant(word[0]) + word.Substring(1);

    private static string Article(string kind) => kind.Length > 0 && "aeiou".IndexOf(kind[0]) >= 0 ? "an" : "a";
}
