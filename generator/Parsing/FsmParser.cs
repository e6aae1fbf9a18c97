using System.Collections.Generic;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using System.Threading;
using TcpFsmGen.Generator.Diagnostics;
using TcpFsmGen.Generator.Helpers;
using TcpFsmGen.Generator.Model;
using TcpFsmGen.Generator.Pipeline;

namespace TcpFsmGen.Generator.Parsing;

/// <summary>
/// A hand-written recursive-descent parser (nested states excepted: see <see cref="ParseState"/>) for the grammar of the language reference. On a syntax
/// error it reports TFSM0001 and skips to the end of the statement, so one file yields every error.
/// The identifiers of a statement it abandons are kept in <see cref="ParsedMachine.RecoveredNames"/>: one of
/// them may have been a declaration, so the analysis never calls them unknown.
/// </summary>
internal sealed class FsmParser
{
    private static readonly HashSet<string> s_statementKeywords = new()
    {
        "events", "timer", "initial", "state", "final", "entry", "exit", "on", "after", "every", "ignore", "defer",
        "history", "machine",
    };

    private readonly List<Token> _tokens;
    private readonly List<DiagnosticInfo> _diagnostics;
    private readonly List<(StateBuilder State, int Parent)> _states = new();
    private readonly List<Name> _events = new();
    private readonly List<PayloadModel> _payloads = new();
    private readonly List<TimerModel> _timers = new();
    private readonly List<Name> _initials = new();
    private readonly CancellationToken _cancellationToken;
    private readonly HashSet<string> _recovered = new(System.StringComparer.Ordinal);
    private int _pos;
    /// <summary>Where the statement being parsed began: what recovery abandons runs from here.</summary>
    private int _statementStart;

    private FsmParser(List<Token> tokens, List<DiagnosticInfo> diagnostics, CancellationToken cancellationToken)
    {
        _tokens = tokens;
        _diagnostics = diagnostics;
        _cancellationToken = cancellationToken;
    }

    public static ParsedMachine Parse(string path, string text, CancellationToken cancellationToken = default)
    {
        var diagnostics = new List<DiagnosticInfo>();
        var tokens = Lexer.Tokenize(path, text, diagnostics, cancellationToken);
        var parser = new FsmParser(tokens, diagnostics, cancellationToken);
        var machine = parser.ParseFile(SourceNames.Display(path));
        var complete = !diagnostics.Any(d => d.IsError && d.Id == DiagnosticDescriptors.SyntaxError.Id);
        return new ParsedMachine(machine, diagnostics.ToEquatableArray(), complete,
            parser._recovered.OrderBy(n => n, System.StringComparer.Ordinal).ToEquatableArray(),
            ClassUsable: true, UserClass: null);
    }

    private Token Current => _tokens[_pos];

    private Token Previous => _tokens[_pos > 0 ? _pos - 1 : 0];

    private Token Advance()
    {
        var token = _tokens[_pos];
        if (token.Kind != TokenKind.EndOfFile) _pos++;
        return token;
    }

    private MachineModel ParseFile(string sourceName)
    {
        var (ns, nsParts, className, isInternal, headerSpan, classSpan) = ParseHeader();
        while (Current.Kind != TokenKind.EndOfFile)
        {
            _cancellationToken.ThrowIfCancellationRequested();
            ParseTopLevel();
        }

        return new MachineModel(
            sourceName, ns, className, isInternal, headerSpan, classSpan, nsParts,
            _events.ToEquatableArray(), _timers.ToEquatableArray(), _initials.ToEquatableArray(),
            _states.Select(s => s.State.Build(s.Parent)).ToEquatableArray())
        {
            Payloads = _payloads.ToEquatableArray(),
        };
    }

    private (string Namespace, EquatableArray<Name> Parts, string? ClassName, bool IsInternal, SourceSpan Span, SourceSpan ClassSpan) ParseHeader()
    {
        var first = Current;
        var isInternal = false;
        if (Current.Is("internal"))
        {
            isInternal = true;
            Advance();
        }
        if (!Current.Is("machine"))
        {
            var found = first.Kind == TokenKind.EndOfFile ? "the file is empty" : $"found {first.Describe()}";
            Report(DiagnosticDescriptors.BadHeader, first.Span,
                $"A .fsm file must start with 'machine Namespace.ClassName;', but {found}");
            return ("", EquatableArray<Name>.Empty, null, isInternal, first.Span, first.Span);
        }
        Advance();

        var parts = new List<Name>();
        var start = Current.Span;
        while (true)
        {
            if (Current.Kind != TokenKind.Identifier)
            {
                Report(DiagnosticDescriptors.BadHeader, first.Span,
                    $"The machine header needs a class name, optionally qualified ('machine Demo.Doors.Door;'), but found {Current.Describe()}");
                SkipStatement();
                return ("", EquatableArray<Name>.Empty, null, isInternal, first.Span, first.Span);
            }
            var name = Advance();
            parts.Add(new Name(name.Text, name.Span));
            if (Current.Kind != TokenKind.Dot) break;
            Advance();
        }

        var last = parts[parts.Count - 1];
        var span = start with
        {
            Length = last.Span.Start + last.Span.Length - start.Start,
            EndLine = last.Span.EndLine,
            EndColumn = last.Span.EndColumn,
        };
        ExpectSemicolon("after the machine header");
        var ns = string.Join(".", parts.Take(parts.Count - 1).Select(p => p.Text));
        return (ns, parts.Take(parts.Count - 1).ToEquatableArray(), last.Text, isInternal, span, last.Span);
    }

    private void ParseTopLevel()
    {
        _statementStart = _pos;
        var token = Current;
        if (token.Is("events")) ParseEvents();
        else if (token.Is("timer")) ParseTimer();
        else if (token.Is("initial")) ParseInitial(_initials);
        else if (token.Is("state") || token.Is("final")) ParseState(-1);
        else if (token.Is("machine") || token.Is("internal"))
        {
            Error(token.Span, "A .fsm file declares one machine; this second 'machine' header is not allowed");
            SkipUnexpected();
        }
        else
        {
            Error(token.Span, $"Expected 'events', 'timer', 'initial' or 'state', but found {token.Describe()}");
            SkipUnexpected();
        }
    }

    private void ParseNameList(List<Name> into, string what)
    {
        Advance(); // the keyword
        if (!TryParseNameList(into, what)) return;
        ExpectSemicolon($"or ',' after the {what}");
    }

    private bool TryParseNameList(List<Name> into, string what)
    {
        while (true)
        {
            if (!ExpectIdentifier(what, out var name)) return false;
            into.Add(name);
            if (Current.Kind != TokenKind.Comma) return true;
            Advance();
        }
    }

    private void ParseTimer()
    {
        Advance();
        if (!ExpectIdentifier("timer name", out var name)) return;
        long? duration = null;
        if (Current.Kind == TokenKind.Equals)
        {
            Advance();
            if (!TryParseDuration(out duration)) return;
        }
        _timers.Add(new TimerModel(name, duration));
        ExpectSemicolon("after the timer declaration");
    }

    private void ParseInitial(List<Name> into)
    {
        Advance();
        if (!ExpectIdentifier("state name", out var name)) return;
        into.Add(name);
        ExpectSemicolon("after the initial state");
    }

    /// <summary>
    /// A state and everything nested in it. The states being read are kept on a stack of their own rather than on the
    /// call stack, so nesting of any depth parses (a recursive descent would overflow the compiler's stack).
    /// </summary>
    private void ParseState(int parent)
    {
        if (!TryParseStateHeader(parent, out var outer)) return;
        var open = new Stack<OpenState>();
        open.Push(outer);
        while (open.Count > 0)
        {
            _cancellationToken.ThrowIfCancellationRequested();
            var current = open.Peek();
            if (Current.Kind == TokenKind.CloseBrace)
            {
                Advance();
                open.Pop();
                continue;
            }
            if (Current.Kind == TokenKind.EndOfFile)
            {
                Error(Current.Span, $"Expected '}}' to close state '{current.Name.Text}' (opened at line {current.Open.Span.StartLine + 1}), but found end of file");
                open.Pop();
                continue;
            }
            _statementStart = _pos;
            if (Current.Is("state") || Current.Is("final"))
            {
                if (TryParseStateHeader(current.Index, out var inner)) open.Push(inner);
            }
            else
            {
                ParseMember(current.State);
            }
        }
    }

    /// <summary>A state whose block is open: its members are read until its <c>}</c>.</summary>
    private readonly record struct OpenState(int Index, StateBuilder State, Name Name, Token Open);

    /// <summary>Reads <c>[final] state Name</c> and then <c>;</c> or <c>{</c>; true when a block was opened.</summary>
    private bool TryParseStateHeader(int parent, out OpenState opened)
    {
        opened = default;
        var isFinal = false;
        if (Current.Is("final"))
        {
            isFinal = true;
            Advance();
            if (!Current.Is("state"))
            {
                ErrorExpected("'state' after 'final'");
                SkipStatement();
                return false;
            }
        }
        Advance(); // 'state'
        if (!ExpectIdentifier("state name", out var name)) return false;

        var index = _states.Count;
        var state = new StateBuilder(name, isFinal);
        _states.Add((state, parent));

        if (Current.Kind == TokenKind.Semicolon)
        {
            Advance();
            return false;
        }
        if (Current.Kind != TokenKind.OpenBrace)
        {
            ErrorExpected($"';' or '{{' after state '{name.Text}'");
            // Skip the stray tokens but still read the block if there is one.
            var stray = _pos;
            while (Current.Kind is not (TokenKind.OpenBrace or TokenKind.Semicolon or TokenKind.CloseBrace or TokenKind.EndOfFile)
                   && !IsStatementStart(Current))
            {
                Advance();
            }
            Recovered(stray, _pos);
            if (Current.Kind == TokenKind.Semicolon) Advance();
            if (Current.Kind != TokenKind.OpenBrace) return false;
        }

        opened = new OpenState(index, state, name, Advance());
        return true;
    }

    /// <summary>A member of a state other than a nested state (<see cref="ParseState"/> reads those).</summary>
    private void ParseMember(StateBuilder state)
    {
        var token = Current;
        if (token.Is("initial")) ParseInitial(state.Initials);
        else if (token.Is("entry")) ParseActionLine(state.Entry);
        else if (token.Is("exit")) ParseActionLine(state.Exit);
        else if (token.Is("on")) ParseOn(state);
        else if (token.Is("after")) ParseTimerLine(state, periodic: false);
        else if (token.Is("every")) ParseTimerLine(state, periodic: true);
        else if (token.Is("ignore")) ParseNameList(state.Ignores, "event name");
        else if (token.Is("defer")) ParseNameList(state.Defers, "event name");
        else if (token.Is("history")) ParseHistory(state);
        else
        {
            Error(token.Span,
                $"Expected 'on', 'after', 'every', 'ignore', 'defer', 'history', 'entry', 'exit', 'initial', 'state' or '}}', but found {token.Describe()}");
            SkipUnexpected();
        }
    }

    private void ParseActionLine(List<Name> into)
    {
        var keyword = Advance();
        if (!Expect(TokenKind.Slash, $"'/' after '{keyword.Text}'")) return;
        if (!TryParseNameList(into, "action name")) return;
        if (Current.Kind == TokenKind.OpenParen)
        {
            Error(Current.Span, $"An {keyword.Text} action takes no argument: only the actions of an 'on' line can take the event's payload");
            SkipStatement();
            return;
        }
        ExpectSemicolon($"after the {keyword.Text} actions");
    }

    private void ParseOn(StateBuilder state)
    {
        var keyword = Advance();
        if (!ExpectIdentifier("event name", out var trigger)) return;
        if (!TryParseGuard(out var guard)) return;
        if (!TryParseTargetAndActions(out var target, out var actions)) return;
        state.Transitions.Add(new TransitionModel(TriggerKind.Event, trigger, null, guard, target, actions, keyword.Span.StartLine));
        ExpectSemicolon("after the transition");
    }

    /// <summary><c>[G]</c>, <c>[!G]</c>, <c>[G(arg)]</c> or nothing; false after a syntax error (the statement is skipped).</summary>
    private bool TryParseGuard(out GuardModel? guard)
    {
        guard = null;
        if (Current.Kind != TokenKind.OpenBracket) return true;
        Advance();
        var negated = false;
        if (Current.Kind == TokenKind.Bang)
        {
            negated = true;
            Advance();
        }
        if (!ExpectIdentifier("guard name", out var guardName)) return false;
        if (!TryParseArgument(out var argument)) return false;
        if (!Expect(TokenKind.CloseBracket, "']' after the guard")) return false;
        guard = new GuardModel(guardName, negated, argument);
        return true;
    }

    /// <summary>An optional <c>(name)</c> after a guard or an action name.</summary>
    private bool TryParseArgument(out Name? argument)
    {
        argument = null;
        if (Current.Kind != TokenKind.OpenParen) return true;
        Advance();
        if (!ExpectIdentifier("the event's parameter name", out var name)) return false;
        if (!Expect(TokenKind.CloseParen, "')': a guard or an action takes one argument, the event's parameter name")) return false;
        argument = name;
        return true;
    }

    /// <summary>
    /// <c>after T [G] [-&gt; X] [/ A];</c> and <c>every T [G] [/ A];</c>. A target on an <c>every</c> line is read
    /// and kept for the analysis to report.
    /// </summary>
    private void ParseTimerLine(StateBuilder state, bool periodic)
    {
        var keyword = Advance();
        Name trigger;
        TriggerKind kind;
        long? duration = null;
        if (Current.Kind == TokenKind.Identifier)
        {
            var token = Advance();
            trigger = new Name(token.Text, token.Span);
            kind = TriggerKind.Timer;
        }
        else if (Current.Kind == TokenKind.Number)
        {
            var token = Current;
            if (!TryParseDuration(out duration)) return;
            trigger = new Name(token.Text, token.Span);
            kind = TriggerKind.Duration;
        }
        else
        {
            ErrorExpected($"a timer name or a duration after '{keyword.Text}'");
            SkipStatement();
            return;
        }

        if (!TryParseGuard(out var guard)) return;
        if (!TryParseTargetAndActions(out var target, out var actions)) return;
        state.Transitions.Add(new TransitionModel(kind, trigger, duration, guard, periodic ? null : target, actions, keyword.Span.StartLine)
        {
            Periodic = periodic,
            StrayTarget = periodic ? target : null,
        });
        ExpectSemicolon("after the transition");
    }

    private void ParseHistory(StateBuilder state)
    {
        var keyword = Advance();
        var deep = false;
        if (Current.Is("deep"))
        {
            deep = true;
            Advance();
        }
        state.Histories.Add(new HistoryModel(keyword.Span, deep));
        ExpectSemicolon(deep ? "after 'history deep'" : "or 'deep' after 'history'");
    }

    /// <summary><c>events A, B(T b), C;</c>: each item an event, optionally with its payload.</summary>
    private void ParseEvents()
    {
        Advance(); // the keyword
        while (true)
        {
            if (!ExpectIdentifier("event name", out var name)) return;
            _events.Add(name);
            if (Current.Kind == TokenKind.OpenParen)
            {
                Advance();
                var typeStart = Current.Span;
                var type = new System.Text.StringBuilder();
                if (!TryParseType(type)) return;
                var typeSpan = SourceSpan.Cover(typeStart, Previous.Span);
                if (!ExpectIdentifier("the payload's parameter name after its type, as in 'Segment(Segment seg)'", out var parameter)) return;
                if (!Expect(TokenKind.CloseParen, "')' after the payload's parameter name: an event carries one value")) return;
                _payloads.Add(new PayloadModel(name, type.ToString(), typeSpan, parameter));
            }
            if (Current.Kind != TokenKind.Comma) break;
            Advance();
        }
        ExpectSemicolon("or ',' after the event name");
    }

    /// <summary>
    /// A C# type as a payload names it: keywords and names, qualified or <c>global::</c>, generic arguments, <c>?</c>
    /// and <c>[]</c>. Written into <paramref name="into"/> with C#'s usual spacing.
    /// </summary>
    private bool TryParseType(System.Text.StringBuilder into)
    {
        if (!ExpectIdentifier("the payload's C# type, as in 'Segment(Segment seg)'", out var first)) return false;
        into.Append(first.Text);
        if (Current.Kind == TokenKind.ColonColon)
        {
            Advance();
            into.Append("::");
            if (!ExpectIdentifier("a type name after '::'", out var afterAlias)) return false;
            into.Append(afterAlias.Text);
        }
        while (true)
        {
            _cancellationToken.ThrowIfCancellationRequested();
            if (Current.Kind == TokenKind.Less)
            {
                Advance();
                into.Append('<');
                while (true)
                {
                    if (!TryParseType(into)) return false;
                    if (Current.Kind != TokenKind.Comma) break;
                    Advance();
                    into.Append(", ");
                }
                if (!Expect(TokenKind.Greater, "'>' or ',' in the generic type's arguments")) return false;
                into.Append('>');
            }
            if (Current.Kind == TokenKind.Dot)
            {
                Advance();
                if (!ExpectIdentifier("a type name after '.'", out var part)) return false;
                into.Append('.').Append(part.Text);
                continue;
            }
            break;
        }
        while (true)
        {
            if (Current.Kind == TokenKind.Question)
            {
                Advance();
                into.Append('?');
            }
            else if (Current.Kind == TokenKind.OpenBracket)
            {
                Advance();
                into.Append('[');
                while (Current.Kind == TokenKind.Comma)
                {
                    Advance();
                    into.Append(',');
                }
                if (!Expect(TokenKind.CloseBracket, "']' in the array type")) return false;
                into.Append(']');
            }
            else
            {
                return true;
            }
        }
    }

    private bool TryParseTargetAndActions(out Name? target, out EquatableArray<ActionModel> actions)
    {
        target = null;
        actions = EquatableArray<ActionModel>.Empty;
        if (Current.Kind == TokenKind.Arrow)
        {
            Advance();
            if (!ExpectIdentifier("target state name", out var name)) return false;
            target = name;
        }
        if (Current.Kind == TokenKind.Slash)
        {
            Advance();
            var list = new List<ActionModel>();
            while (true)
            {
                if (!ExpectIdentifier("action name", out var action)) return false;
                if (!TryParseArgument(out var argument)) return false;
                list.Add(new ActionModel(action, argument));
                if (Current.Kind != TokenKind.Comma) break;
                Advance();
            }
            actions = list.ToEquatableArray();
        }
        return true;
    }

    private bool TryParseDuration(out long? milliseconds)
    {
        milliseconds = null;
        if (Current.Kind != TokenKind.Number)
        {
            ErrorExpected("a duration such as '30s'");
            SkipStatement();
            return false;
        }
        var token = Advance();
        var next = Current;
        // '30 s': report the gap as the duration's problem, not as a stray identifier.
        if (next.Kind == TokenKind.Identifier && !next.StartsLine && Durations.IsUnit(next.Text)
            && token.Text.All(char.IsDigit))
        {
            Advance();
            var whole = token.Span with
            {
                Length = next.Span.Start + next.Span.Length - token.Span.Start,
                EndColumn = next.Span.EndColumn,
            };
            Report(DiagnosticDescriptors.BadDuration, whole, $"{token.Text} {next.Text}",
                $"the number and its unit must be written together, as in '{token.Text}{next.Text}'");
            return true;
        }
        milliseconds = Durations.TryParse(token.Text, out var error);
        if (error is not null) Report(DiagnosticDescriptors.BadDuration, token.Span, token.Text, error);
        return true;
    }

    private bool ExpectIdentifier(string what, out Name name)
    {
        if (Current.Kind == TokenKind.Identifier)
        {
            var token = Advance();
            name = new Name(token.Text, token.Span);
            return true;
        }
        name = default;
        ErrorExpected(("aeiou".IndexOf(what[0]) >= 0 ? "an " : "a ") + what);
        SkipStatement();
        return false;
    }

    private bool Expect(TokenKind kind, string what)
    {
        if (Current.Kind == kind)
        {
            Advance();
            return true;
        }
        ErrorExpected(what);
        SkipStatement();
        return false;
    }

    private void ExpectSemicolon(string where)
    {
        if (Current.Kind == TokenKind.Semicolon)
        {
            Advance();
            return;
        }
        ErrorExpected($"';' {where}");
        SkipStatement();
    }

    /// <summary>
    /// Reports what was expected and what was found. A token missing at the end of a line is reported
    /// where it belongs (just after the previous token), as the C# compiler does.
    /// </summary>
    private void ErrorExpected(string expected)
    {
        var found = Current;
        var span = _pos > 0 && (found.StartsLine || found.Kind == TokenKind.EndOfFile) ? Previous.Span.AtEnd() : found.Span;
        Error(span, $"Expected {expected}, but found {found.Describe()}");
    }

    /// <summary>
    /// Recovery: skips to the end of the broken statement: past the next ';', or up to a '}' or a
    /// keyword that begins a line (a forgotten ';' at a line end loses only that line).
    /// </summary>
    private void SkipStatement()
    {
        var from = System.Math.Min(_statementStart, _pos);
        SkipStatementTokens();
        Recovered(from, _pos);
    }

    private void SkipStatementTokens()
    {
        while (true)
        {
            var token = Current;
            switch (token.Kind)
            {
                case TokenKind.EndOfFile:
                case TokenKind.CloseBrace:
                    return;
                case TokenKind.Semicolon:
                    Advance();
                    return;
                case TokenKind.OpenBrace:
                    SkipBlock();
                    return;
            }
            if (IsStatementStart(token)) return;
            Advance();
        }
    }

    /// <summary>Recovery from a token that cannot begin a statement here: always consumes it, so parsing moves on.</summary>
    private void SkipUnexpected()
    {
        var from = System.Math.Min(_statementStart, _pos);
        if (Current.Kind == TokenKind.OpenBrace) SkipBlock();
        else
        {
            Advance();
            SkipStatementTokens();
        }
        Recovered(from, _pos);
    }

    /// <summary>Keeps the identifiers of tokens [<paramref name="from"/>, <paramref name="to"/>): text given up on.</summary>
    private void Recovered(int from, int to)
    {
        for (var i = from; i < to && i < _tokens.Count; i++)
        {
            if (_tokens[i].Kind == TokenKind.Identifier) _recovered.Add(_tokens[i].Text);
        }
    }

    private void SkipBlock()
    {
        var depth = 0;
        do
        {
            if (Current.Kind == TokenKind.OpenBrace) depth++;
            else if (Current.Kind == TokenKind.CloseBrace) depth--;
            else if (Current.Kind == TokenKind.EndOfFile) return;
            Advance();
        }
        while (depth > 0);
    }

    private static bool IsStatementStart(Token token)
        => token.StartsLine && token.Kind == TokenKind.Identifier && s_statementKeywords.Contains(token.Text);

    private void Error(SourceSpan span, string message) => Report(DiagnosticDescriptors.SyntaxError, span, message);

    private void Report(Microsoft.CodeAnalysis.DiagnosticDescriptor descriptor, SourceSpan span, params string[] args)
        => _diagnostics.Add(DiagnosticInfo.Create(descriptor, span, args));
}
