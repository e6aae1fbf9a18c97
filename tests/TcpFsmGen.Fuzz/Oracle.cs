using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Text;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;
using TcpFsmGen.Generator;

namespace TcpFsmGen.Fuzz;

/// <summary>One input: <c>.fsm</c> files and C# files, compiled together as one project.</summary>
public sealed record FuzzInput(IReadOnlyList<(string Path, string Text)> Fsm, IReadOnlyList<(string Path, string Text)> CSharp)
{
    public int Size => Fsm.Sum(f => f.Text.Length) + CSharp.Sum(f => f.Text.Length);

    /// <summary>The input as one text file of the regression corpus (see <see cref="Corpus"/>).</summary>
    public string Serialize() => Corpus.Write(this);
}

/// <summary>A broken promise: which property, and what was seen.</summary>
public sealed record Finding(string Property, string Detail)
{
    public override string ToString() => $"{Property}: {Detail}";
}

/// <summary>
/// Runs the generator and the analyzer in process, as the compiler and an IDE do, and checks the five
/// properties: nothing throws; nothing in generated code is an error or a warning; the time taken is linear in
/// the input's size; every <c>.fsm</c> file yields a machine or an error; and every <c>.fsm</c> diagnostic's line
/// agrees with Roslyn's <see cref="SourceText"/> line map.
/// </summary>
public static class Oracle
{
    private static readonly Lazy<ImmutableArray<MetadataReference>> s_references = new(() =>
        ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!)
            .Split(Path.PathSeparator)
            .Where(p => Path.GetFileName(p).StartsWith("System.", StringComparison.Ordinal) || Path.GetFileName(p) is "mscorlib.dll" or "netstandard.dll")
            .Append(typeof(TcpFsmGen.Runtime.TimerService).Assembly.Location)
            .Select(p => (MetadataReference)MetadataReference.CreateFromFile(p))
            .ToImmutableArray());

    private static readonly CSharpParseOptions s_parseOptions = new(LanguageVersion.CSharp12);

    /// <summary>Milliseconds allowed for an input: a fixed start, and a budget per character far above what linear work needs.</summary>
    public static double TimeBudgetMs(int size) => 3000 + size * 0.5;

    public static IReadOnlyList<Finding> Check(FuzzInput input)
    {
        var findings = new List<Finding>();
        var csharp = input.CSharp.Concat(Stubs(input)).ToList();
        var compilation = CSharpCompilation.Create("Fuzz",
            csharp.Select(f => CSharpSyntaxTree.ParseText(f.Text, s_parseOptions, path: f.Path)),
            s_references.Value,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable)
                // As the .NET SDK does in every project: the runtime's net8.0 build references older framework assemblies.
                .WithSpecificDiagnosticOptions(new[] { new KeyValuePair<string, ReportDiagnostic>("CS1701", ReportDiagnostic.Suppress), new KeyValuePair<string, ReportDiagnostic>("CS1702", ReportDiagnostic.Suppress) }));
        var files = input.Fsm.Select(f => (AdditionalText)new Text(f.Path, f.Text)).ToImmutableArray();

        var clock = Stopwatch.StartNew();
        Compilation output;
        GeneratorDriverRunResult result;
        ImmutableArray<Diagnostic> analyzerDiagnostics;
        try
        {
            GeneratorDriver driver = CSharpGeneratorDriver.Create(new[] { new FsmGenerator().AsSourceGenerator() }, files, s_parseOptions,
                new Options(designTime: false));
            driver = driver.RunGeneratorsAndUpdateCompilation(compilation, out output, out _);
            result = driver.GetRunResult();
            // The IDE's way: the analyzer, on the same input, in a design-time build.
            analyzerDiagnostics = output.WithAnalyzers(ImmutableArray.Create<DiagnosticAnalyzer>(new FsmDiagnosticAnalyzer()),
                    new AnalyzerOptions(files, new Options(designTime: true)))
                .GetAllDiagnosticsAsync().GetAwaiter().GetResult()
                .Where(d => d.Id.StartsWith("AD", StringComparison.Ordinal) || d.Id.StartsWith("TFSM", StringComparison.Ordinal))
                .ToImmutableArray();
        }
        catch (Exception e)
        {
            findings.Add(new Finding("exception", e.ToString()));
            return findings;
        }
        clock.Stop();

        // 1. Nothing throws: the driver catches a generator's exception (CS8785), and an analyzer's becomes AD0001.
        foreach (var r in result.Results.Where(r => r.Exception is not null)) findings.Add(new Finding("exception", r.Exception!.ToString()));
        foreach (var d in analyzerDiagnostics.Where(d => d.Id.StartsWith("AD", StringComparison.Ordinal))) findings.Add(new Finding("exception", d.ToString()));

        // 2. Nothing in generated code is an error or a warning, its XML docs included (as GenerateDocumentationFile checks them).
        foreach (var d in WithDiagnosedDocs(output).GetDiagnostics().Where(d => d.Severity >= DiagnosticSeverity.Warning
                     && IsGenerated(d.Location.SourceTree) && !IsAnUndocumentedClass(d)).Take(5))
        {
            findings.Add(new Finding("generated code", d.ToString()));
        }

        // 3. Linear time.
        if (clock.Elapsed.TotalMilliseconds > TimeBudgetMs(input.Size))
        {
            findings.Add(new Finding("time", $"{clock.Elapsed.TotalMilliseconds:F0} ms for {input.Size} characters"));
        }

        // 4. Every .fsm file yields a machine or an error.
        var generated = result.Results.SelectMany(r => r.GeneratedSources).Select(s => s.SourceText.ToString()).ToList();
        var diagnostics = result.Diagnostics;
        foreach (var (path, text) in input.Fsm)
        {
            var hasError = diagnostics.Any(d => d.Severity == DiagnosticSeverity.Error && d.Location.GetLineSpan().Path == path);
            var fileName = Generator.Model.SourceNames.Display(path);
            var hasMachine = generated.Any(g => g.Contains($" from {fileName}.", StringComparison.Ordinal));
            if (!hasError && !hasMachine) findings.Add(new Finding("silence", $"{Printable(path)} gave neither a machine nor an error"));
        }

        // 5. Lines agree with SourceText (so the build and an editor agree).
        foreach (var (path, text) in input.Fsm)
        {
            var lines = SourceText.From(text).Lines;
            foreach (var d in diagnostics.Where(d => d.Location.GetLineSpan().Path == path))
            {
                var start = d.Location.SourceSpan.Start;
                if (start > text.Length) { findings.Add(new Finding("lines", $"{d.Id} starts at {start}, past the end")); continue; }
                var expected = lines.GetLinePosition(start);
                if (expected != d.Location.GetLineSpan().StartLinePosition)
                {
                    findings.Add(new Finding("lines", $"{d.Id} at {d.Location.GetLineSpan().StartLinePosition}, SourceText says {expected}"));
                    break;
                }
            }
        }

        // And each diagnostic once, whoever reports it: the analyzer in an IDE sees what the build sees.
        var build = diagnostics.Where(d => d.Id.StartsWith("TFSM", StringComparison.Ordinal)).Select(Key).Order(StringComparer.Ordinal).ToList();
        var ide = analyzerDiagnostics.Where(d => d.Id.StartsWith("TFSM", StringComparison.Ordinal)).Select(Key).Order(StringComparer.Ordinal).ToList();
        if (!build.SequenceEqual(ide))
        {
            findings.Add(new Finding("ide", $"build [{string.Join("; ", build.Except(ide).Take(3))}] vs ide [{string.Join("; ", ide.Except(build).Take(3))}]"));
        }
        return findings;
    }

    private static bool IsGenerated(SyntaxTree? tree) => tree?.FilePath.EndsWith(".g.cs", StringComparison.Ordinal) == true;

    /// <summary>The generated files parsed again with their doc comments diagnosed (CS1570, CS1574, CS1587, CS0419); the user's files as they were.</summary>
    private static Compilation WithDiagnosedDocs(Compilation output)
    {
        var generated = output.SyntaxTrees.Where(IsGenerated).ToList();
        var options = s_parseOptions.WithDocumentationMode(DocumentationMode.Diagnose);
        return output.RemoveSyntaxTrees(generated)
            .AddSyntaxTrees(generated.Select(t => CSharpSyntaxTree.ParseText(t.GetText(), options, t.FilePath)));
    }

    /// <summary>CS1591 at a class declaration: the class is the user's (its doc comment is theirs to write), not a generated member.</summary>
    private static bool IsAnUndocumentedClass(Diagnostic d)
        => d.Id == "CS1591" && d.Location.SourceTree!.GetRoot().FindNode(d.Location.SourceSpan) is Microsoft.CodeAnalysis.CSharp.Syntax.ClassDeclarationSyntax;

    private static string Key(Diagnostic d) => $"{d.Location.GetLineSpan().Path}{d.Location.SourceSpan} {d.Id} {d.GetMessage()}";

    /// <summary>The user's half of each machine that parses: every guard implemented, so a valid machine can compile.</summary>
    private static IEnumerable<(string Path, string Text)> Stubs(FuzzInput input)
    {
        var i = 0;
        var classes = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (path, text) in input.Fsm)
        {
            var parsed = Generator.Parsing.FsmParser.Parse(path, text);
            var model = parsed.Machine;
            // A header that did not parse names no class a user would write (a class 'Demo' beside namespace 'Demo' is C#'s own conflict).
            if (model.ClassName is null || !SyntaxFacts.IsValidIdentifier(model.ClassName) || !classes.Add(model.FullName)) continue;
            if (parsed.Diagnostics.Any(d => d.Span.Start <= model.HeaderSpan.Start + model.HeaderSpan.Length + 1 && d.IsError)) continue;
            var guards = Generator.Model.MethodNames.Of(model).Where(m => m.IsGuard).Select(m => m.Name.Text)
                .Where(n => Generator.Analysis.InvalidNames.IsUsableMethodName(n, model)).Distinct();
            var code = new StringBuilder();
            if (model.Namespace.Length > 0) code.Append("namespace ").Append(model.Namespace).Append(" { ");
            code.Append("partial class ").Append(model.ClassName).Append(" { ");
            foreach (var guard in guards) code.Append("private partial bool ").Append(guard).Append("() => true; ");
            code.Append('}');
            if (model.Namespace.Length > 0) code.Append(" }");
            yield return ($"Stub{i++}.cs", code.ToString());
        }
    }

    internal static string Printable(string text)
        => new(text.SelectMany(c => char.IsControl(c) || c > '\u007e' ? $"\\u{(int)c:X4}" : c.ToString()).ToArray());

    private sealed class Text(string path, string text) : AdditionalText
    {
        private readonly SourceText _text = SourceText.From(text);

        public override string Path { get; } = path;

        public override SourceText GetText(System.Threading.CancellationToken cancellationToken = default) => _text;
    }

    /// <summary>A build's options, or an IDE's design-time build's.</summary>
    private sealed class Options(bool designTime) : AnalyzerConfigOptionsProvider
    {
        private readonly Values _global = new(designTime ? new Dictionary<string, string> { ["build_property.DesignTimeBuild"] = "true" } : new());

        public override AnalyzerConfigOptions GlobalOptions => _global;

        public override AnalyzerConfigOptions GetOptions(SyntaxTree tree) => Values.Empty;

        public override AnalyzerConfigOptions GetOptions(AdditionalText textFile) => Values.Empty;

        private sealed class Values(Dictionary<string, string> values) : AnalyzerConfigOptions
        {
            public static readonly Values Empty = new(new Dictionary<string, string>());

            public override bool TryGetValue(string key, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out string? value) => values.TryGetValue(key, out value);
        }
    }
}
