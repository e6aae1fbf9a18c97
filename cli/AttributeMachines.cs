using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace TcpFsmGen.Cli;

/// <summary>
/// What <c>fsm graph</c> says about a C# file: a machine declared with attributes is drawn by the build
/// itself, in its generated <c>Mermaid</c> and <c>Dot</c> constants, so the tool names them instead of
/// reading the file as <c>.fsm</c> text.
/// </summary>
internal static class AttributeMachines
{
    public static bool IsCSharp(string path) => string.Equals(Path.GetExtension(path), ".cs", StringComparison.OrdinalIgnoreCase);

    /// <summary>One line: where the diagrams of the file's <c>[StateMachine]</c> classes are.</summary>
    public static string Explain(string path, string text)
    {
        var machines = Classes(text);
        if (machines.Count == 0)
        {
            return $"fsm: '{path}' is C# and declares no [StateMachine] class; fsm graph draws .fsm files, and a machine declared with attributes carries its diagram in its generated Mermaid and Dot constants";
        }
        var constants = string.Join(", ", machines.Select(m => $"{m}.Mermaid and {m}.Dot"));
        return machines.Count == 1
            ? $"fsm: '{path}' declares the machine {machines[0]} with attributes: its diagram is in the generated constants {constants} (or build with -p:TcpFsmGenWriteDiagrams=true for a .md file); fsm graph draws .fsm files"
            : $"fsm: '{path}' declares the machines {string.Join(", ", machines)} with attributes: their diagrams are in the generated constants {constants} (or build with -p:TcpFsmGenWriteDiagrams=true for .md files); fsm graph draws .fsm files";
    }

    /// <summary>The names of the classes that carry <c>[StateMachine]</c>, in the order they are declared.</summary>
    internal static IReadOnlyList<string> Classes(string text)
        => CSharpSyntaxTree.ParseText(text).GetRoot().DescendantNodes()
            .OfType<TypeDeclarationSyntax>()
            .Where(type => type.AttributeLists.SelectMany(list => list.Attributes).Any(attribute => IsStateMachine(attribute.Name)))
            .Select(type => type.Identifier.ValueText)
            .Distinct(StringComparer.Ordinal)
            .ToList();

    private static bool IsStateMachine(NameSyntax name)
    {
        var simple = name switch
        {
            QualifiedNameSyntax qualified => qualified.Right.Identifier.ValueText,
            AliasQualifiedNameSyntax alias => alias.Name.Identifier.ValueText,
            SimpleNameSyntax plain => plain.Identifier.ValueText,
            _ => "",
        };
        return simple is "StateMachine" or "StateMachineAttribute";
    }
}
