using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using TcpFsmGen.Generator.Analysis;
using TcpFsmGen.Generator.Diagnostics;
using TcpFsmGen.Generator.Helpers;
using TcpFsmGen.Generator.Model;
using TcpFsmGen.Generator.Pipeline;
using TcpFsmGen.Generator.UserCode;

namespace TcpFsmGen.Generator.Attributes;

/// <summary>
/// The attribute front end: reads <c>[StateMachine]</c> and its companions off a class symbol and reduces
/// them at once to the same <see cref="ParsedMachine"/> the <c>.fsm</c> parser produces; the pipeline does the
/// rest. No symbol or syntax node leaves <see cref="Read"/>; spans point at the attribute argument each name
/// came from.
/// </summary>
internal sealed class AttributeMachineReader
{
    public const string Namespace = "TcpFsmGen";
    public const string StateMachineAttribute = Namespace + ".StateMachineAttribute";

    private readonly INamedTypeSymbol _type;
    private readonly CancellationToken _cancellationToken;
    private readonly List<DiagnosticInfo> _structural = new();   // the model is incomplete: analysis waits
    private readonly List<DiagnosticInfo> _binding = new();      // the model is complete, the class around it cannot take it

    private INamedTypeSymbol _stateEnum = null!;
    private INamedTypeSymbol _eventEnum = null!;
    private EnumMembers _states = null!;
    private EnumMembers _events = null!;

    private AttributeMachineReader(INamedTypeSymbol type, CancellationToken cancellationToken)
    {
        _type = type;
        _cancellationToken = cancellationToken;
    }

    public static ParsedMachine Read(INamedTypeSymbol type, CancellationToken cancellationToken = default)
        => new AttributeMachineReader(type, cancellationToken).Read();

    /// <summary>
    /// TFSM0206 for a class that carries a companion attribute (<c>[Transition]</c>, say) but no
    /// <c>[StateMachine]</c>: the attributes would silently do nothing. Null for any other class.
    /// </summary>
    public static DiagnosticInfo? OrphanCompanion(INamedTypeSymbol type, CancellationToken cancellationToken)
    {
        var attributes = type.GetAttributes();
        if (attributes.Any(IsStateMachine)) return null;
        if (attributes.FirstOrDefault(IsOurs) is not { ApplicationSyntaxReference: { } reference } first) return null;
        if (reference.GetSyntax(cancellationToken) is not AttributeSyntax syntax) return null;
        var name = first.AttributeClass!.Name;
        name = name.EndsWith("Attribute", StringComparison.Ordinal) ? name.Substring(0, name.Length - "Attribute".Length) : name;
        return DiagnosticInfo.Create(DiagnosticDescriptors.InvalidAttribute, SourceSpan.From(syntax.Name.GetLocation()),
            $"[{name}] has no effect without [StateMachine] on class '{type.Name}'; add [StateMachine(typeof(States), typeof(Events))]");
    }

    /// <summary>The syntax that may carry attributes of this front end: a type declaration with attributes.</summary>
    public static bool MayCarryAttributes(SyntaxNode node) => node is TypeDeclarationSyntax { AttributeLists.Count: > 0 };

    /// <summary>True for <c>[StateMachine]</c> and the other attributes of this front end.</summary>
    public static bool IsOurs(AttributeData attribute)
        => attribute.AttributeClass is { } c && c.ContainingNamespace is { Name: Namespace, ContainingNamespace.IsGlobalNamespace: true }
           && c.ContainingAssembly?.Name == RuntimeAssembly;

    /// <summary>True for the runtime's own <c>[StateMachine]</c>: what makes a class a machine.</summary>
    public static bool IsStateMachine(AttributeData attribute)
        => attribute.AttributeClass?.ToDisplayString() == StateMachineAttribute && IsOurs(attribute);

    /// <summary>The assembly that defines the attributes: a type of the same name from anywhere else is not ours.</summary>
    public const string RuntimeAssembly = "TcpFsmGen.Runtime";

    private ParsedMachine Read()
    {
        var all = _type.GetAttributes();
        // A [StateMachine] of the same name declared anywhere but the runtime is not ours, and reads as no attribute.
        var machineAttribute = all.FirstOrDefault(IsStateMachine);
        var machineSyntax = (AttributeSyntax?)machineAttribute?.ApplicationSyntaxReference?.GetSyntax(_cancellationToken);
        var declaration = machineSyntax?.FirstAncestorOrSelf<TypeDeclarationSyntax>();
        // No machine at all (not our attribute, or no syntax for it): no class name, so it claims none from a .fsm machine either.
        if (machineAttribute is null || machineSyntax is null || declaration is null) return Empty(default, classUsable: false, named: false);
        var machine = new AttributeSpans(machineSyntax);
        var header = machine.Name;
        var identifier = AttributeSpans.Of(declaration.Identifier);

        var classUsable = true;
        if (ClassProblem(declaration) is { } problem)
        {
            _binding.Add(DiagnosticInfo.Create(DiagnosticDescriptors.UnsupportedClass, identifier, _type.Name, problem));
            classUsable = false;
        }
        else if (_type.DeclaringSyntaxReferences.Select(r => r.GetSyntax(_cancellationToken)).OfType<TypeDeclarationSyntax>()
                 .FirstOrDefault(d => !d.Modifiers.Any(SyntaxKind.PartialKeyword)) is { } notPartial)
        {
            _binding.Add(DiagnosticInfo.Create(DiagnosticDescriptors.NotPartial, AttributeSpans.Of(notPartial.Identifier), _type.Name));
            classUsable = false;
        }

        if (machineAttribute.AttributeConstructor is null || machineAttribute.ConstructorArguments.Length != 2)
        {
            // The compiler reports the malformed attribute itself.
            return Empty(header, classUsable: false);
        }
        var stateEnum = EnumArgument(machineAttribute.ConstructorArguments[0], machine.Positional(0), "state");
        var eventEnum = EnumArgument(machineAttribute.ConstructorArguments[1], machine.Positional(1), "event");
        if (stateEnum is null || eventEnum is null) return Empty(header, classUsable: false);
        _stateEnum = stateEnum;
        _eventEnum = eventEnum;
        _states = Members(stateEnum, machine.Positional(0));
        _events = stateEnum.Equals(eventEnum, SymbolEqualityComparer.Default) ? _states : Members(eventEnum, machine.Positional(1));
        if (_structural.Count > 0) return Empty(header, classUsable: false);

        var builder = new Builder(this, machine);
        if (machineAttribute.NamedArguments.FirstOrDefault(a => a.Key == "Initial") is { Key: not null } initial
            && State(initial.Value, machine.NamedValue("Initial"), "Initial") is { } initialState)
        {
            builder.Initials.Add(initialState);
        }

        var ours = all
            .Where(a => IsOurs(a) && a.ApplicationSyntaxReference is not null && !SymbolEqualityComparer.Default.Equals(a.AttributeClass, machineAttribute.AttributeClass))
            .Select(a => (Data: a, Syntax: (AttributeSyntax)a.ApplicationSyntaxReference!.GetSyntax(_cancellationToken)))
            .OrderBy(a => a.Syntax.SyntaxTree.FilePath, StringComparer.Ordinal)
            .ThenBy(a => a.Syntax.SpanStart);
        foreach (var (data, syntax) in ours)
        {
            _cancellationToken.ThrowIfCancellationRequested();
            // An attribute the compiler rejects (wrong arguments) is the compiler's to report.
            if (data.AttributeConstructor is null || data.ConstructorArguments.Any(a => a.Kind == TypedConstantKind.Error)) continue;
            builder.Add(data, new AttributeSpans(syntax));
        }

        var model = builder.Build(_type, header, identifier, SourceName(declaration));
        return new ParsedMachine(model, _structural.Concat(_binding).ToEquatableArray(), IsComplete: _structural.Count == 0,
            EquatableArray<string>.Empty, classUsable, UserClassReader.ReadSymbol(_type, model.FullName, _cancellationToken));

        ParsedMachine Empty(SourceSpan at, bool classUsable, bool named = true)
        {
            var empty = new MachineModel(SourceName(declaration), NamespaceOf(_type), named ? _type.Name : null, false, at, at,
                EquatableArray<Name>.Empty, EquatableArray<Name>.Empty, EquatableArray<TimerModel>.Empty,
                EquatableArray<Name>.Empty, EquatableArray<StateModel>.Empty) { FrontEnd = FrontEnd.Attributes };
            return new ParsedMachine(empty, _binding.Concat(_structural).ToEquatableArray(), IsComplete: false,
                EquatableArray<string>.Empty, classUsable, null);
        }
    }

    private static string SourceName(SyntaxNode? node) => SourceNames.Display(node?.SyntaxTree.FilePath);

    private static string NamespaceOf(INamedTypeSymbol type)
        => type.ContainingNamespace is { IsGlobalNamespace: false } ns ? ns.ToDisplayString() : "";

    private string? ClassProblem(TypeDeclarationSyntax declaration)
    {
        if (_type.TypeKind != TypeKind.Class || declaration is RecordDeclarationSyntax) return "not a class";
        if (_type.ContainingType is not null) return "nested in another type";
        if (_type.IsGenericType) return "generic";
        if (_type.IsStatic) return "static";
        return null;
    }

    private INamedTypeSymbol? EnumArgument(TypedConstant argument, SourceSpan span, string role)
    {
        if (argument.Value is INamedTypeSymbol { TypeKind: TypeKind.Enum } e)
        {
            if (Accessibility(e) < Accessibility(_type))
            {
                _structural.Add(DiagnosticInfo.Create(DiagnosticDescriptors.UnusableEnum, span, e.Name, _type.Name,
                    $"it is less accessible than the class, whose public members use it; make it at least as accessible as '{_type.Name}'"));
            }
            return e;
        }
        var found = argument.Value is ITypeSymbol t ? $"'{t.ToDisplayString()}' is not an enum" : "no type is given";
        _structural.Add(DiagnosticInfo.Create(DiagnosticDescriptors.WrongType, span,
            $"The {role} type of [StateMachine] must be an enum whose members are the {role}s, but {found}"));
        return null;
    }

    /// <summary>The least accessibility of a type and its containers (public &gt; internal &gt; anything narrower).</summary>
    private static int Accessibility(INamedTypeSymbol type)
    {
        var least = 2;
        for (var t = type; t is not null; t = t.ContainingType)
        {
            var level = t.DeclaredAccessibility switch
            {
                Microsoft.CodeAnalysis.Accessibility.Public => 2,
                Microsoft.CodeAnalysis.Accessibility.Internal or Microsoft.CodeAnalysis.Accessibility.ProtectedOrInternal => 1,
                _ => 0,
            };
            least = Math.Min(least, level);
        }
        return least;
    }

    /// <summary>An enum's usable members: by value, and their names in declaration order.</summary>
    private sealed class EnumMembers
    {
        public Dictionary<long, string> ByValue { get; } = new();
        public List<string> Names { get; } = new();
    }

    /// <summary>The enum's members; an enum whose values the generated code cannot use is reported.</summary>
    private EnumMembers Members(INamedTypeSymbol e, SourceSpan span)
    {
        var members = new EnumMembers();
        var byValue = members.ByValue;
        foreach (var field in e.GetMembers().OfType<IFieldSymbol>().Where(f => f.HasConstantValue))
        {
            var value = Convert.ToInt64(field.ConstantValue is ulong u && u > long.MaxValue ? -1L : field.ConstantValue, System.Globalization.CultureInfo.InvariantCulture);
            if (value < 0 || value > int.MaxValue)
            {
                _structural.Add(DiagnosticInfo.Create(DiagnosticDescriptors.UnusableEnum, span, e.Name, _type.Name,
                    $"member '{field.Name}' has the value {field.ConstantValue}; give every member a value from 0 to int.MaxValue"));
                continue;
            }
            // A name declared twice is the compiler's error (CS0102); the second is not a member here.
            if (members.Names.Contains(field.Name)) continue;
            if (byValue.TryGetValue(value, out var other))
            {
                _structural.Add(DiagnosticInfo.Create(DiagnosticDescriptors.UnusableEnum, span, e.Name, _type.Name,
                    $"members '{other}' and '{field.Name}' have the same value {value}; give each member its own value"));
                continue;
            }
            byValue.Add(value, field.Name);
            members.Names.Add(field.Name);
        }
        return members;
    }

    /// <summary>Where a state or event is declared: its enum member in source, or else the enum's <c>typeof</c> in <c>[StateMachine]</c>.</summary>
    private SourceSpan Declaration(INamedTypeSymbol e, string member, SourceSpan fallback)
    {
        var field = e.GetMembers(member).OfType<IFieldSymbol>().FirstOrDefault();
        return field?.DeclaringSyntaxReferences.FirstOrDefault()?.GetSyntax(_cancellationToken) is EnumMemberDeclarationSyntax syntax
            ? AttributeSpans.Of(syntax.Identifier)
            : fallback;
    }

    private Name? State(TypedConstant value, SourceSpan span, string role) => Member(value, span, role, _stateEnum, _states.ByValue);

    private Name? Event(TypedConstant value, SourceSpan span, string role) => Member(value, span, role, _eventEnum, _events.ByValue);

    private Name? Member(TypedConstant value, SourceSpan span, string role, INamedTypeSymbol expected, Dictionary<long, string> byValue)
    {
        if (value.Kind == TypedConstantKind.Enum && SymbolEqualityComparer.Default.Equals(value.Type, expected) && value.Value is not null)
        {
            // A value that is no member ((DoorState)42) is an unknown name, as a misspelt one is in a .fsm file.
            if (value.Value is ulong big && big > long.MaxValue) return new Name(big.ToString(System.Globalization.CultureInfo.InvariantCulture), span);
            var number = Convert.ToInt64(value.Value, System.Globalization.CultureInfo.InvariantCulture);
            return new Name(byValue.TryGetValue(number, out var name) ? name : number.ToString(System.Globalization.CultureInfo.InvariantCulture), span);
        }
        var found = value.IsNull ? "null" : value.Type is { } type ? $"a value of type '{type.ToDisplayString()}'" : "something else";
        _structural.Add(DiagnosticInfo.Create(DiagnosticDescriptors.WrongType, span,
            $"{role} must be a member of enum '{expected.Name}', but this is {found}; use a {expected.Name} value"));
        return null;
    }

    private Name? Method(string? text, SourceSpan span, bool isGuard)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            _structural.Add(DiagnosticInfo.Create(DiagnosticDescriptors.InvalidAttribute, span,
                $"{(isGuard ? "A guard" : "An action")} must name a method of '{_type.Name}'; use nameof(...)"));
            return null;
        }
        return new Name(text!, span);
    }

    /// <summary>
    /// The type of an <c>[EventPayload]</c>, or null when none is given. A type that the generated <c>Fire(e, T)</c>
    /// cannot take (or that the compiler could not bind) is TFSM0016 here, and is still returned (but for <c>void</c>
    /// and pointers): the machine is then emitted as an outline, which names no payload type, while the guards and
    /// actions that take it are matched.
    /// </summary>
    private ITypeSymbol? PayloadType(TypedConstant value, SourceSpan span, string? eventName)
    {
        if (value.Value is not ITypeSymbol type)
        {
            _structural.Add(DiagnosticInfo.Create(DiagnosticDescriptors.WrongType, span,
                "The payload type of [EventPayload] must be a type, as in typeof(int), but no type is given"));
            return null;
        }
        // An open generic's type arguments are error types too: it has its own message.
        var problem = type.SpecialType == SpecialType.System_Void || type is INamedTypeSymbol { IsUnboundGenericType: true } || !ContainsError(type)
            ? PayloadTypeProblem(type)
            : "the type is not found; correct its name or add its 'using'";
        if (problem is not null)
        {
            _structural.Add(DiagnosticInfo.Create(DiagnosticDescriptors.BadPayloadType, span,
                $"Event '{eventName}' cannot carry a '{type.ToDisplayString()}': {problem}"));
        }
        // 'void' and pointers are left out: written with keywords, they would be reported again by the analysis.
        return type.SpecialType == SpecialType.System_Void || type.TypeKind is TypeKind.Pointer or TypeKind.FunctionPointer ? null : type;
    }

    private static bool ContainsError(ITypeSymbol type) => type switch
    {
        { TypeKind: TypeKind.Error } => true,
        IArrayTypeSymbol array => ContainsError(array.ElementType),
        INamedTypeSymbol named => named.TypeArguments.Any(ContainsError) || (named.ContainingType is { } outer && ContainsError(outer)),
        _ => false,
    };

    /// <summary>Why the generated class cannot take, store and pass on a value of <paramref name="type"/>, or null when it can.</summary>
    private string? PayloadTypeProblem(ITypeSymbol type)
    {
        if (type.SpecialType == SpecialType.System_Void) return "an event cannot carry 'void'; leave [EventPayload] out for an event without one";
        if (type is INamedTypeSymbol { IsUnboundGenericType: true }) return "it is an open generic type; give its type arguments, as in typeof(List<int>)";
        if (type.TypeKind is TypeKind.Pointer or TypeKind.FunctionPointer) return "a pointer cannot be kept in the machine's queue; pass a value or a reference type";
        if (type.IsRefLikeType) return "a ref struct cannot be kept in the machine's queue; pass a value that can live on the heap";
        if (type.IsStatic) return "a static class has no values; pass an instance type";
        if (type.TypeKind == TypeKind.TypeParameter) return "a type parameter is not a type the generated class knows";
        if (LeastAccessibility(type) < Accessibility(_type))
        {
            return $"it is less accessible than class '{_type.Name}', whose public Fire takes it; make it at least as accessible as '{_type.Name}'";
        }
        return null;
    }

    /// <summary>The least accessibility of a type, its containers and its type arguments (public &gt; internal &gt; narrower).</summary>
    private int LeastAccessibility(ITypeSymbol type) => type switch
    {
        IArrayTypeSymbol array => LeastAccessibility(array.ElementType),
        INamedTypeSymbol named => Math.Min(
            named.ContainingAssembly is { } assembly && !SymbolEqualityComparer.Default.Equals(assembly, _type.ContainingAssembly)
                && !assembly.GivesAccessTo(_type.ContainingAssembly) ? PublicOnly(named) : Accessibility(named),
            named.TypeArguments.Select(LeastAccessibility).DefaultIfEmpty(2).Min()),
        _ => 2,
    };

    /// <summary>For a type of another assembly that does not share its internals: 2 when every container is public, else 0.</summary>
    private static int PublicOnly(INamedTypeSymbol type)
    {
        for (var t = type; t is not null; t = t.ContainingType)
        {
            if (t.DeclaredAccessibility != Microsoft.CodeAnalysis.Accessibility.Public) return 0;
        }
        return 2;
    }

    /// <summary>
    /// A payload type as the generated code writes it: fully qualified, without tuple element names, which do not make
    /// another type (so <c>(int a, int b)</c> and <c>(int, int)</c> share one <c>Fire</c>).
    /// </summary>
    private static string Display(ITypeSymbol type)
    {
        var parts = type.ToDisplayParts(SymbolDisplayFormat.FullyQualifiedFormat);
        var text = new System.Text.StringBuilder();
        for (var i = 0; i < parts.Length; i++)
        {
            // "(int a, int b)": a tuple element's name and the space before it.
            if (parts[i].Kind == SymbolDisplayPartKind.Space && i + 1 < parts.Length && parts[i + 1].Kind == SymbolDisplayPartKind.FieldName) continue;
            if (parts[i].Kind == SymbolDisplayPartKind.FieldName) continue;
            text.Append(parts[i].ToString());
        }
        return text.ToString();
    }

    /// <summary>
    /// True when the class or a base class has a method <paramref name="name"/> that a guard (<c>bool M(T p)</c>) or
    /// an action (<c>void M(T p)</c>) can be called as with the payload: one parameter of its type (nullable annotations
    /// and tuple element names aside), by value or <c>in</c>, not generic. What the generator itself declared does not count.
    /// </summary>
    private bool TakesPayload(string name, ITypeSymbol payload, bool isGuard)
    {
        var payloadType = Display(payload);
        for (var t = _type; t is not null && t.SpecialType != SpecialType.System_Object; t = t.BaseType)
        {
            var inherited = !SymbolEqualityComparer.Default.Equals(t, _type);
            foreach (var method in t.GetMembers(name).OfType<IMethodSymbol>())
            {
                if (method.MethodKind != MethodKind.Ordinary || method.IsGenericMethod || method.Parameters.Length != 1) continue;
                if (inherited && method.DeclaredAccessibility == Microsoft.CodeAnalysis.Accessibility.Private) continue;
                var parameter = method.Parameters[0];
                if (parameter.RefKind is not (RefKind.None or RefKind.In) || Display(parameter.Type) != payloadType) continue;
                if (method.ReturnsByRef || method.ReturnsByRefReadonly) continue;
                if (isGuard ? method.ReturnType.SpecialType != SpecialType.System_Boolean : !method.ReturnsVoid) continue;
                if (method.DeclaringSyntaxReferences.FirstOrDefault() is { } reference && Emit.ClassFrame.IsGenerated(reference.SyntaxTree, _cancellationToken)) continue;
                return true;
            }
        }
        return false;
    }

    /// <summary>A string as a message can show it: line breaks and other control characters escaped.</summary>
    private static string Printable(string text)
        => new(text.SelectMany(c => char.IsControl(c) || c is '\u2028' or '\u2029' or '\u0085' ? $"\\u{(int)c:X4}" : c.ToString()).ToArray());

    /// <summary>Collects the declarations, then orders the states so each composite is followed by its substates, as in a .fsm file.</summary>
    private sealed class Builder
    {
        private readonly AttributeMachineReader _reader;
        private readonly AttributeSpans _machine;
        private readonly Dictionary<string, StateParts> _states = new(StringComparer.Ordinal);
        private readonly List<StateParts> _inEnumOrder = new();
        private readonly List<TimerModel> _timers = new();
        private readonly List<(PayloadModel Model, ITypeSymbol Type)> _payloads = new();

        public Builder(AttributeMachineReader reader, AttributeSpans machine)
        {
            _reader = reader;
            _machine = machine;
            foreach (var name in reader._states.Names)
            {
                var parts = new StateParts(new Name(name, reader.Declaration(reader._stateEnum, name, machine.Positional(0))));
                _states.Add(name, parts);
                _inEnumOrder.Add(parts);
            }
        }

        public List<Name> Initials { get; } = new();

        private StateParts? PartsOf(Name? state) => state is { } s && _states.TryGetValue(s.Text, out var parts) ? parts : null;

        public void Add(AttributeData data, AttributeSpans at)
        {
            var args = data.ConstructorArguments;
            // A named argument given twice is the compiler's error (CS0643); the first one counts here.
            var named = data.NamedArguments.GroupBy(a => a.Key, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First().Value, StringComparer.Ordinal);
            if (args.Length < PositionalCount(data.AttributeClass!.Name)) return;
            switch (data.AttributeClass!.Name)
            {
                case "SubstateAttribute":
                {
                    var child = _reader.State(args[0], at.Positional(0), "The substate");
                    var parent = _reader.State(args[1], at.Positional(1), "The parent state");
                    if (PartsOf(child) is not { } c || PartsOf(parent) is not { } p) return;
                    if (c.Parent is { } existing)
                    {
                        _reader._structural.Add(DiagnosticInfo.Create(DiagnosticDescriptors.Duplicate, at.Positional(0),
                            "Substate", child!.Value.Text, $" inside '{existing.Text}'"));
                        return;
                    }
                    c.Parent = parent;
                    c.Name = child!.Value;   // the state's own declaration, where diagnostics about it point
                    c.ParentAttribute = at.Positional(1);
                    if (named.TryGetValue("Initial", out var initial) && initial.Value is true) p.Initials.Add(child.Value);
                    return;
                }
                case "FinalAttribute":
                    if (PartsOf(_reader.State(args[0], at.Positional(0), "The final state")) is { } final) final.IsFinal = true;
                    return;
                case "TransitionAttribute":
                {
                    var from = PartsOf(_reader.State(args[0], at.Positional(0), "The source state"));
                    var e = _reader.Event(args[1], at.Positional(1), "The event");
                    var to = _reader.State(args[2], at.Positional(2), "The target state");
                    var guard = Guard(named, at);
                    var actions = Actions(named, at);
                    if (from is null || e is null || to is null) return;
                    from.Transitions.Add(new TransitionModel(TriggerKind.Event, e.Value, null, guard, to, actions, at.Line));
                    return;
                }
                case "InternalTransitionAttribute":
                {
                    var state = PartsOf(_reader.State(args[0], at.Positional(0), "The state"));
                    var e = _reader.Event(args[1], at.Positional(1), "The event");
                    var guard = Guard(named, at);
                    var actions = Actions(named, at);
                    if (state is null || e is null) return;
                    state.Transitions.Add(new TransitionModel(TriggerKind.Event, e.Value, null, guard, null, actions, at.Line));
                    return;
                }
                case "IgnoreAttribute":
                {
                    var state = PartsOf(_reader.State(args[0], at.Positional(0), "The state"));
                    var events = Rest(args, 1);
                    if (events.IsDefaultOrEmpty)
                    {
                        _reader._structural.Add(DiagnosticInfo.Create(DiagnosticDescriptors.InvalidAttribute, at.Name,
                            "[Ignore] names no event; list the events to ignore after the state"));
                        return;
                    }
                    for (var i = 0; i < events.Length; i++)
                    {
                        if (_reader.Event(events[i], at.Element(1, i), "An ignored event") is { } ignored) state?.Ignores.Add(ignored);
                    }
                    return;
                }
                case "EntryAttribute":
                case "ExitAttribute":
                {
                    var state = PartsOf(_reader.State(args[0], at.Positional(0), "The state"));
                    var names = Rest(args, 1);
                    if (names.IsDefaultOrEmpty)
                    {
                        _reader._structural.Add(DiagnosticInfo.Create(DiagnosticDescriptors.InvalidAttribute, at.Name,
                            $"[{data.AttributeClass.Name.Replace("Attribute", "")}] names no action; list the methods to run after the state"));
                        return;
                    }
                    var target = data.AttributeClass.Name == "EntryAttribute" ? state?.Entry : state?.Exit;
                    for (var i = 0; i < names.Length; i++)
                    {
                        if (_reader.Method(names[i].Value as string, at.Element(1, i), isGuard: false) is { } action) target?.Add(action);
                    }
                    return;
                }
                case "TimerAttribute":
                {
                    var name = args[0].Value as string;
                    if (string.IsNullOrWhiteSpace(name))
                    {
                        _reader._structural.Add(DiagnosticInfo.Create(DiagnosticDescriptors.InvalidAttribute, at.Positional(0),
                            "A timer needs a name: a C# identifier"));
                        return;
                    }
                    long? duration = null;
                    if (named.TryGetValue("Milliseconds", out var ms) && ms.Value is long milliseconds)
                    {
                        duration = Duration(milliseconds, at.NamedValue("Milliseconds"));
                    }
                    _timers.Add(new TimerModel(new Name(name!, at.Positional(0)), duration));
                    return;
                }
                case "AfterAttribute":
                case "EveryAttribute":
                {
                    var periodic = data.AttributeClass.Name == "EveryAttribute";
                    var state = PartsOf(_reader.State(args[0], at.Positional(0), "The state"));
                    // [After(S, T, To)] leaves the state; [After(S, T)] is internal; [Every] never has a target.
                    var internalLine = periodic || args.Length < 3;
                    var to = internalLine ? null : _reader.State(args[2], at.Positional(2), "The target state");
                    var guard = Guard(named, at);
                    var actions = Actions(named, at);
                    var keyword = periodic ? "[Every]" : "[After]";
                    TransitionModel transition;
                    if (args[1].Value is long milliseconds)
                    {
                        var duration = Duration(milliseconds, at.Positional(1));
                        if (duration is null) return;
                        transition = new TransitionModel(TriggerKind.Duration, new Name(Durations.Format(duration.Value), at.Positional(1)),
                            duration, guard, to, actions, at.Line);
                    }
                    else
                    {
                        var timer = args[1].Value as string;
                        if (string.IsNullOrWhiteSpace(timer))
                        {
                            _reader._structural.Add(DiagnosticInfo.Create(DiagnosticDescriptors.InvalidAttribute, at.Positional(1),
                                $"{keyword} needs the name of a timer declared with [Timer], or a duration in milliseconds"));
                            return;
                        }
                        transition = new TransitionModel(TriggerKind.Timer, new Name(timer!, at.Positional(1)), null, guard, to, actions, at.Line);
                    }
                    if (state is null || (!internalLine && to is null)) return;
                    state.Transitions.Add(transition with { Periodic = periodic });
                    return;
                }
                case "DeferAttribute":
                {
                    var state = PartsOf(_reader.State(args[0], at.Positional(0), "The state"));
                    var events = Rest(args, 1);
                    if (events.IsDefaultOrEmpty)
                    {
                        _reader._structural.Add(DiagnosticInfo.Create(DiagnosticDescriptors.InvalidAttribute, at.Name,
                            "[Defer] names no event; list the events to defer after the state"));
                        return;
                    }
                    for (var i = 0; i < events.Length; i++)
                    {
                        if (_reader.Event(events[i], at.Element(1, i), "A deferred event") is { } deferred) state?.Defers.Add(deferred);
                    }
                    return;
                }
                case "HistoryAttribute":
                {
                    var state = PartsOf(_reader.State(args[0], at.Positional(0), "The state"));
                    var deep = named.TryGetValue("Deep", out var d) && d.Value is true;
                    state?.Histories.Add(new HistoryModel(at.Positional(0), deep));
                    return;
                }
                case "EventPayloadAttribute":
                    AddPayload(args, at);
                    return;
            }
        }

        /// <summary>
        /// <c>[EventPayload(E.X, typeof(T), "name")]</c>: the event carries a <c>T</c>. A type that the generated
        /// <c>Fire(e, T)</c> could not take is reported at the <c>typeof</c> (<see cref="PayloadType"/>); a second
        /// payload for one event, or one for a value that is no event, at the event.
        /// </summary>
        private void AddPayload(ImmutableArray<TypedConstant> args, AttributeSpans at)
        {
            var e = _reader.Event(args[0], at.Positional(0), "The event");
            var type = _reader.PayloadType(args[1], at.Positional(1), e?.Text);
            // A name that is no identifier is reported, and the payload kept under the default name: the guards and
            // actions that take it are still matched.
            var parameter = new Name(DefaultPayloadName, args.Length > 2 ? at.Positional(2) : at.Name);
            if (args.Length > 2)
            {
                var text = args[2].Value as string;
                if (string.IsNullOrWhiteSpace(text))
                {
                    _reader._structural.Add(DiagnosticInfo.Create(DiagnosticDescriptors.InvalidAttribute, at.Positional(2),
                        $"A payload's name must be a C# identifier, such as \"bytes\"; or leave it out, and the payload is named '{DefaultPayloadName}'"));
                }
                else if (!SyntaxFacts.IsValidIdentifier(text))
                {
                    _reader._structural.Add(DiagnosticInfo.Create(DiagnosticDescriptors.InvalidName, at.Positional(2),
                        $"'{Printable(text!)}' is not a C# identifier and cannot name a payload; use letters, digits and '_', not starting with a digit"));
                }
                else
                {
                    parameter = new Name(text!, at.Positional(2));
                }
            }
            if (e is not { } eventName || type is null) return;
            if (!_reader._events.Names.Contains(eventName.Text))
            {
                // A value that is no member ((DoorEvent)42): no event can carry it.
                _reader._structural.Add(DiagnosticInfo.Create(DiagnosticDescriptors.UnknownEventOrTimer, eventName.Span,
                    "Event", eventName.Text, $" in enum '{_reader._eventEnum.Name}', so it carries no payload; use a member of the enum"));
                return;
            }
            foreach (var (earlier, _) in _payloads)
            {
                if (earlier.Event.Text != eventName.Text) continue;
                var line = (earlier.Event.Span.StartLine + 1).ToString(System.Globalization.CultureInfo.InvariantCulture);
                _reader._structural.Add(DiagnosticInfo.Create(DiagnosticDescriptors.InvalidAttribute, eventName.Span,
                    $"Event '{eventName.Text}' already carries a payload, of type '{earlier.Type}' (the [EventPayload] at line {line}); an event carries one value: remove this [EventPayload]"));
                return;
            }
            _payloads.Add((new PayloadModel(eventName, Display(type), at.Positional(1), parameter), type));
        }

        /// <summary>The name of a payload whose <c>[EventPayload]</c> gives none.</summary>
        public const string DefaultPayloadName = "payload";

        /// <summary>
        /// Each guard and action of a transition on an event with a payload receives it when its method takes it: the
        /// model then writes the payload's name as the argument, as a <c>.fsm</c> line writes <c>Log(seg)</c>.
        /// </summary>
        private void PassPayloads()
        {
            if (_payloads.Count == 0) return;
            foreach (var state in _inEnumOrder)
            {
                for (var i = 0; i < state.Transitions.Count; i++)
                {
                    var transition = state.Transitions[i];
                    if (transition.Kind != TriggerKind.Event) continue;
                    var found = _payloads.FindIndex(p => p.Model.Event.Text == transition.Trigger.Text);
                    if (found < 0) continue;
                    var (payload, type) = _payloads[found];
                    Name? ArgumentFor(Name method, bool isGuard)
                        => _reader.TakesPayload(method.Text, type, isGuard) ? new Name(payload.Parameter.Text, method.Span) : null;
                    var guard = transition.Guard is { } g ? g with { Argument = ArgumentFor(g.Name, isGuard: true) } : null;
                    var actions = transition.Actions.Select(a => a with { Argument = ArgumentFor(a.Name, isGuard: false) }).ToEquatableArray();
                    state.Transitions[i] = transition with { Guard = guard, Actions = actions };
                }
            }
        }

        /// <summary>How many constructor arguments each attribute has before any <c>params</c> list, so none is read that is not there.</summary>
        private static int PositionalCount(string attribute) => attribute switch
        {
            "SubstateAttribute" => 2,
            "FinalAttribute" => 1,
            "TransitionAttribute" => 3,
            "InternalTransitionAttribute" => 2,
            "IgnoreAttribute" or "EntryAttribute" or "ExitAttribute" => 1,
            "TimerAttribute" => 1,
            "AfterAttribute" or "EveryAttribute" => 2,
            "DeferAttribute" or "HistoryAttribute" => 1,
            "EventPayloadAttribute" => 2,
            _ => int.MaxValue,
        };

        /// <summary>The values of a <c>params</c> parameter: an array, or (as Roslyn may bind one argument) a single value.</summary>
        private static ImmutableArray<TypedConstant> Rest(ImmutableArray<TypedConstant> args, int index)
            => index >= args.Length ? ImmutableArray<TypedConstant>.Empty
               : args[index].Kind == TypedConstantKind.Array ? (args[index].IsNull ? ImmutableArray<TypedConstant>.Empty : args[index].Values)
               : args.RemoveRange(0, index);

        private long? Duration(long milliseconds, SourceSpan span)
        {
            if (milliseconds > 0 && milliseconds <= Durations.MaxMilliseconds) return milliseconds;
            _reader._structural.Add(DiagnosticInfo.Create(DiagnosticDescriptors.BadDuration, span,
                milliseconds.ToString(System.Globalization.CultureInfo.InvariantCulture) + "ms",
                milliseconds <= 0 ? "it must be positive" : Durations.TooLong));
            return null;
        }

        private GuardModel? Guard(Dictionary<string, TypedConstant> named, AttributeSpans at)
        {
            var hasGuard = named.TryGetValue("Guard", out var guard);
            var hasUnless = named.TryGetValue("Unless", out var unless);
            if (hasGuard && hasUnless)
            {
                _reader._structural.Add(DiagnosticInfo.Create(DiagnosticDescriptors.InvalidAttribute, at.NamedValue("Unless"),
                    "Set 'Guard' or 'Unless', not both; split the transition in two if both conditions matter"));
                return null;
            }
            if (!hasGuard && !hasUnless) return null;
            var property = hasGuard ? "Guard" : "Unless";
            var value = hasGuard ? guard : unless;
            return _reader.Method(value.Value as string, at.NamedValue(property), isGuard: true) is { } name
                ? new GuardModel(name, Negated: !hasGuard)
                : null;
        }

        private EquatableArray<ActionModel> Actions(Dictionary<string, TypedConstant> named, AttributeSpans at)
        {
            if (!named.TryGetValue("Actions", out var actions) || actions.Kind != TypedConstantKind.Array || actions.IsNull) return EquatableArray<ActionModel>.Empty;
            var result = new List<ActionModel>();
            for (var i = 0; i < actions.Values.Length; i++)
            {
                if (_reader.Method(actions.Values[i].Value as string, at.NamedElement("Actions", i), isGuard: false) is { } action) result.Add(new ActionModel(action, null));
            }
            return result.ToEquatableArray();
        }

        public MachineModel Build(INamedTypeSymbol type, SourceSpan header, SourceSpan identifier, string sourceName)
        {
            PassPayloads();
            // Pre-order: each top-level state in enum order, then its substates, recursively.
            var children = _inEnumOrder.Where(s => s.Parent is not null).ToLookup(s => s.Parent!.Value.Text, StringComparer.Ordinal);
            var ordered = new List<StateModel>();
            var visited = new HashSet<string>(StringComparer.Ordinal);
            void Visit(StateParts state, int parent)
            {
                if (!visited.Add(state.Name.Text)) return;
                var index = ordered.Count;
                ordered.Add(null!);
                foreach (var child in children[state.Name.Text]) Visit(child, index);
                ordered[index] = state.ToModel(parent);
            }
            foreach (var top in _inEnumOrder.Where(s => s.Parent is null)) Visit(top, -1);
            // What is left sits in a cycle of [Substate]s: report it, and read it as top-level so the rest can be judged.
            foreach (var state in _inEnumOrder.Where(s => !visited.Contains(s.Name.Text)).ToList())
            {
                if (visited.Contains(state.Name.Text)) continue;
                _reader._structural.Add(DiagnosticInfo.Create(DiagnosticDescriptors.InvalidAttribute, state.ParentAttribute ?? state.Name.Span,
                    $"State '{state.Name.Text}' is inside itself through [Substate]; a state cannot contain its own parent"));
                state.Parent = null;
                Visit(state, -1);
            }

            var nsParts = NamespaceOf(type).Split(new[] { '.' }, StringSplitOptions.RemoveEmptyEntries).Select(p => new Name(p, header));
            var events = _reader._events.Names
                .Select(name => new Name(name, _reader.Declaration(_reader._eventEnum, name, _machine.Positional(1))));
            return new MachineModel(sourceName, NamespaceOf(type), type.Name, false, header, identifier,
                nsParts.ToEquatableArray(), events.ToEquatableArray(), _timers.ToEquatableArray(), Initials.ToEquatableArray(), ordered.ToEquatableArray())
            {
                FrontEnd = FrontEnd.Attributes,
                Payloads = _payloads.Select(p => p.Model).ToEquatableArray(),
                UserEnums = new UserEnums(
                    _reader._stateEnum.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat),
                    _reader._eventEnum.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat)),
            };
        }
    }

    /// <summary>One state while the attributes are being read: the model's builder, and where its parent comes from.</summary>
    private sealed class StateParts(Name name)
    {
        public StateBuilder State { get; } = new(name);
        public Name Name { get => State.Name; set => State.Name = value; }
        public Name? Parent { get; set; }
        public SourceSpan? ParentAttribute { get; set; }
        public bool IsFinal { get => State.IsFinal; set => State.IsFinal = value; }
        public List<Name> Initials => State.Initials;
        public List<Name> Entry => State.Entry;
        public List<Name> Exit => State.Exit;
        public List<TransitionModel> Transitions => State.Transitions;
        public List<Name> Ignores => State.Ignores;
        public List<Name> Defers => State.Defers;
        public List<HistoryModel> Histories => State.Histories;

        public StateModel ToModel(int parent) => State.Build(parent);
    }
}
