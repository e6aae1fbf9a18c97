using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using System.Text.RegularExpressions;

namespace TcpFsmGen.Fuzz;

/// <summary>
/// Grammar-aware mutations: a <c>.fsm</c> text is cut into the language's tokens (names, numbers with units,
/// punctuation, comments, line breaks), and tokens are deleted, repeated, swapped or replaced by others of
/// the language, by names that C# treats specially, and by the characters that have broken generators
/// before (format characters, other line breaks). Attribute classes are mutated argument by argument.
/// </summary>
public sealed class Mutators(Random random)
{
    private static readonly Regex s_tokens = new(@"//[^\n]*|/\*.*?\*/|[A-Za-z_][A-Za-z0-9_]*|[0-9]+[A-Za-z]*|->|\r\n|\s+|.", RegexOptions.Singleline | RegexOptions.Compiled);

    private static readonly string[] s_names =
    {
        "State", "Event", "Fire", "Start", "Current", "IsIn", "OnTransition", "Timer", "Mermaid", "Dot", "__x", "value__",
        "class", "int", "var", "file", "record", "required", "scoped", "nameof", "global", "System", "TcpFsmGen", "door",
        "A\u00ADB", "A\u200BB", "\u00ADA", "AB", "Ab", "aB", "\u0391lpha", "_", "x1", "Equals", "ToString",
    };

    private static readonly string[] s_statements =
    {
        "state X {", "}", "state Y;", "final state Z;", "initial X;", "events X, Y;", "timer T = 1s;", "on E -> X;",
        "after T -> X;", "ignore E;", "entry / A;", "exit / A;", "machine Other.M;", "internal machine N;", "on E [G] -> X / A;",
        "after 0s -> X;", "after 4294967295ms -> X;", "timer U = 1.5s;", "{", ";", "->", "[", "]", "/", ",", "!",
    };

    private static readonly string[] s_breaks = { "\n", "\r\n", "\r", "\u2028", "\u2029", "\u0085", "\u000B", "\u000C" };

    public string MutateFsm(string text)
    {
        var tokens = s_tokens.Matches(text).Select(m => m.Value).ToList();
        var edits = 1 + random.Next(random.Next(2) == 0 ? 3 : 12);
        for (var i = 0; i < edits && tokens.Count > 0; i++)
        {
            var at = random.Next(tokens.Count);
            switch (random.Next(12))
            {
                case 0: tokens.RemoveAt(at); break;
                case 1: tokens.Insert(at, tokens[at]); break;
                case 2: var other = random.Next(tokens.Count); (tokens[at], tokens[other]) = (tokens[other], tokens[at]); break;
                case 3: tokens.Insert(at, " " + s_statements[random.Next(s_statements.Length)] + " "); break;
                case 4: if (IsName(tokens[at])) tokens[at] = s_names[random.Next(s_names.Length)]; break;
                case 5: if (IsName(tokens[at])) tokens[at] = tokens[random.Next(tokens.Count)] is var t && IsName(t) ? t : tokens[at]; break;
                case 6: if (tokens[at].Contains('\n')) tokens[at] = tokens[at].Replace("\n", s_breaks[random.Next(s_breaks.Length)]); break;
                case 7: if (IsName(tokens[at])) tokens[at] = tokens[at] + tokens[at].ToUpperInvariant(); break;
                case 8: if (char.IsDigit(tokens[at][0])) tokens[at] = new[] { "0s", "1x", "99999999999h", "30", "1.5s", "30S", "1ms", "4294967294ms" }[random.Next(8)]; break;
                case 9: tokens.RemoveRange(at, Math.Min(tokens.Count - at, 1 + random.Next(20))); break;
                case 10: if (IsName(tokens[at])) tokens[at] = tokens[at].ToLowerInvariant(); break;
                default: tokens.Insert(at, "\u00AD"); break;
            }
        }
        return string.Concat(tokens);
    }

    /// <summary>Nesting and size: states inside states, and many names, to find what grows faster than the input.</summary>
    public string Grow(string header)
    {
        var text = new StringBuilder(header).Append('\n');
        switch (random.Next(3))
        {
            case 0:
                var depth = 10 + random.Next(300);
                text.Append("events Go;\ninitial S0;\n");
                for (var i = 0; i < depth; i++) text.Append("state S").Append(i).Append(" { initial S").Append(i + 1).Append("; on Go -> S0;\n");
                text.Append("state S").Append(depth).Append(";\n").Append('}', depth).Append('\n');
                break;
            case 1:
                var n = 50 + random.Next(500);
                text.Append("events Go;\ninitial A;\nstate A {");
                for (var i = 0; i < n; i++) text.Append(" on Go -> Missing").Append(i).Append(';');
                text.Append(" }\n");
                break;
            default:
                text.Append("events Go;\ninitial ").Append(new string('A', 1000 + random.Next(20000))).Append(";\nstate B;\n");
                break;
        }
        return text.ToString();
    }

    public string MutateAttributes(string text)
    {
        var lines = text.Split('\n').ToList();
        var attributeLines = Enumerable.Range(0, lines.Count).Where(i => lines[i].TrimStart().StartsWith("[", StringComparison.Ordinal)).ToList();
        if (attributeLines.Count == 0) return text;
        for (var edits = random.Next(1, 4); edits > 0; edits--)
        {
            var at = attributeLines[random.Next(attributeLines.Count)];
            switch (random.Next(7))
            {
                case 0: lines[at] = ""; break;
                case 1: lines.Insert(at, lines[at]); attributeLines = attributeLines.Select(l => l > at ? l + 1 : l).Append(at + 1).ToList(); break;
                case 2:
                    lines[at] = Regex.Replace(lines[at], @"Door(State|Event)\.\w+", m => random.Next(3) == 0
                        ? new[] { "DoorState.Opened", "DoorState.Shut", "(DoorState)7", "(DoorState)(-1)", "DoorEvent.Knock", "default" }[random.Next(6)]
                        : m.Value);
                    break;
                case 3:
                    lines[at] = Regex.Replace(lines[at], "nameof\\(\\w+\\)|\"[^\"]*\"", m => random.Next(2) == 0
                        ? new[] { "nameof(LightOn)", "\"Missing\"", "\"\"", "\"class\"", "\"Fire\"", "\"Auto Close\"", "\"T\\n1\"", "\"a.b\"", "null" }[random.Next(9)]
                        : m.Value);
                    break;
                case 4: lines[at] = lines[at].Replace("30_000", random.Next(2) == 0 ? "0" : "long.MaxValue"); break;
                case 5: lines[at] = lines[at].Replace(")]", ", Guard = \"G\", Guard = \"G\")]"); break;
                default:
                    var other = attributeLines[random.Next(attributeLines.Count)];
                    (lines[at], lines[other]) = (lines[other], lines[at]);
                    break;
            }
        }
        var result = string.Join('\n', lines);
        return random.Next(10) == 0 ? result.Replace("public partial class Door", "public partial class " + s_names[random.Next(s_names.Length)]) : result;
    }

    private static bool IsName(string token) => token.Length > 0 && (char.IsLetter(token[0]) || token[0] == '_');
}
