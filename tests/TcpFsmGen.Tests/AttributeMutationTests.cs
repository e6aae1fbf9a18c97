using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.RegularExpressions;
using Microsoft.CodeAnalysis;
using TcpFsmGen.Tests.Infrastructure;
using Xunit;

namespace TcpFsmGen.Tests;

/// <summary>
/// Misused attributes never crash the generator or the analyzer, and never make the generated code fail to
/// compile: the attribute door, mutated at random in ways that stay valid C#.
/// </summary>
public class AttributeMutationTests
{
    private static readonly string[] s_members =
    {
        "DoorState.Opened", "DoorState.Shut", "DoorState.Closed", "DoorState.Locked", "(DoorState)7",
        "DoorEvent.Open", "DoorEvent.Close", "DoorEvent.Lock", "DoorEvent.Unlock", "DoorEvent.Knock",
    };

    private static readonly string[] s_methods = { "nameof(LightOn)", "nameof(IsNotBlocked)", "\"Missing\"", "\"\"", "nameof(Beep)", "\"class\"", "\"Fire\"", "\"TestNote\"" };

    [Fact]
    public void ThreeHundredMutationsCrashNothingAndEmitNothingThatFailsToCompile()
    {
        var door = GeneratorHarness.ReadMachine("door.attributes.cs");
        var userPart = LiveMachine.AttributeUserPart(door, "Demo.Doors.Door");
        var random = new Random(5321);
        var ids = new HashSet<string>();
        for (var i = 0; i < 300; i++)
        {
            var text = Mutate(door, random);
            var run = GeneratorHarness.RunCSharp(("Door.cs", text), ("Door.User.cs", userPart));
            Assert.Null(run.Result.Results.Single().Exception);
            run.AssertOneReporter();
            var found = run.FsmDiagnostics;
            Assert.True(!found.Any(d => d.Id.StartsWith("AD", StringComparison.Ordinal)), $"{text}\n{string.Join("\n", found)}");
            var generatedErrors = run.CompilationDiagnostics
                .Where(d => d.Severity == DiagnosticSeverity.Error && d.Location.SourceTree?.FilePath.EndsWith(".g.cs", StringComparison.Ordinal) == true)
                .ToList();
            Assert.True(generatedErrors.Count == 0, $"Input:\n{text}\n\nErrors:\n{string.Join("\n", generatedErrors)}");
            ids.UnionWith(found.Select(d => d.Id));
        }
        // The mutations reach the analysis and the C#-only checks, not only one kind of error.
        foreach (var id in new[] { "TFSM0002", "TFSM0006", "TFSM0007", "TFSM0101", "TFSM0102", "TFSM0202", "TFSM0203" })
        {
            Assert.Contains(id, ids);
        }
    }

    private static string Mutate(string text, Random random)
    {
        var lines = text.Split('\n').ToList();
        var attributeLines = Enumerable.Range(0, lines.Count).Where(i => lines[i].StartsWith("[", StringComparison.Ordinal)).ToList();
        for (var edits = random.Next(1, 4); edits > 0; edits--)
        {
            var at = attributeLines[random.Next(attributeLines.Count)];
            switch (random.Next(6))
            {
                case 0: lines[at] = ""; break;
                case 1: lines.Insert(at, lines[at]); attributeLines = attributeLines.Select(l => l > at ? l + 1 : l).Append(at + 1).ToList(); break;
                case 2:
                    lines[at] = Regex.Replace(lines[at], @"(\(DoorState\)7|Door(State|Event)\.\w+)", m => random.Next(3) == 0 ? s_members[random.Next(s_members.Length)] : m.Value);
                    break;
                case 3:
                    lines[at] = Regex.Replace(lines[at], "nameof\\(\\w+\\)|\"\\w*\"", m => random.Next(2) == 0 ? s_methods[random.Next(s_methods.Length)] : m.Value);
                    break;
                case 4: lines[at] = lines[at].Replace(", Initial = true", "").Replace("Milliseconds = 30_000", random.Next(2) == 0 ? "Milliseconds = 0" : "Milliseconds = -5"); break;
                default:
                    var other = attributeLines[random.Next(attributeLines.Count)];
                    (lines[at], lines[other]) = (lines[other], lines[at]);
                    break;
            }
        }
        return string.Join('\n', lines);
    }
}
