using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using System.Reflection;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using TcpFsmGen.Generator;
using Xunit;

namespace TcpFsmGen.Tests.Infrastructure;

/// <summary>The result of running the generator over some .fsm files and C# sources.</summary>
public sealed record GeneratorRun(
    GeneratorDriver Driver,
    GeneratorDriverRunResult Result,
    Compilation Output,
    ImmutableArray<AdditionalText> Files,
    bool DesignTime = false)
{
    /// <summary>What the generator itself reports: every TFSM diagnostic in a build, none in an IDE.</summary>
    public ImmutableArray<Diagnostic> GeneratorDiagnostics => Result.Diagnostics;

    /// <summary>The options the generator and the analyzer were given.</summary>
    public TestOptionsProvider? Options { get; init; }

    /// <summary>What <see cref="FsmDiagnosticAnalyzer"/> reports on the output: every TFSM diagnostic in an IDE, none in a build.</summary>
    public ImmutableArray<Diagnostic> AnalyzerDiagnostics => Output
        .WithAnalyzers(ImmutableArray.Create<Microsoft.CodeAnalysis.Diagnostics.DiagnosticAnalyzer>(new FsmDiagnosticAnalyzer()),
            new Microsoft.CodeAnalysis.Diagnostics.AnalyzerOptions(Files, Options ?? GeneratorHarness.Options(DesignTime)))
        .GetAnalyzerDiagnosticsAsync().GetAwaiter().GetResult();

    /// <summary>
    /// The TFSM diagnostics as the user sees them, from whichever of the generator and the analyzer reports them
    /// (both are asked; the tests check that only one answers), sorted by file and position.
    /// </summary>
    public ImmutableArray<Diagnostic> FsmDiagnostics => GeneratorDiagnostics.Concat(AnalyzerDiagnostics)
        .OrderBy(d => d.Location.GetLineSpan().Path, StringComparer.Ordinal)
        .ThenBy(d => d.Location.GetLineSpan().StartLinePosition.Line)
        .ThenBy(d => d.Location.GetLineSpan().StartLinePosition.Character)
        .ToImmutableArray();

    /// <summary>Only one of the generator and the analyzer reports: the generator in a build, the analyzer in an IDE.</summary>
    public void AssertOneReporter()
    {
        if (DesignTime) Assert.Empty(GeneratorDiagnostics);
        else Assert.Empty(AnalyzerDiagnostics);
    }

    /// <summary>Errors and warnings of compiling the output (user code plus generated code).</summary>
    public ImmutableArray<Diagnostic> CompilationDiagnostics => Output.GetDiagnostics()
        .Where(d => d.Severity >= DiagnosticSeverity.Warning)
        .ToImmutableArray();

    public string GeneratedSource(string hintName)
        => Result.Results.Single().GeneratedSources.Single(s => s.HintName == hintName).SourceText.ToString();

    public IEnumerable<string> HintNames => Result.Results.SelectMany(r => r.GeneratedSources).Select(s => s.HintName);
}

/// <summary>Analyzer options with or without the design-time build property that IDEs set.</summary>
/// <summary>Analyzer options with or without the design-time build property that IDEs set, and per-file settings of .fsm files (<c>[*.fsm]</c> sections).</summary>
public sealed class TestOptionsProvider : Microsoft.CodeAnalysis.Diagnostics.AnalyzerConfigOptionsProvider
{
    private readonly TestOptions _global;
    private readonly Dictionary<string, Dictionary<string, string>> _files;

    public TestOptionsProvider(bool designTime, Dictionary<string, Dictionary<string, string>>? files = null, Dictionary<string, string>? global = null)
    {
        global = global is null ? new() : new(global);
        if (designTime) global["build_property.DesignTimeBuild"] = "true";
        _global = new TestOptions(global);
        DesignTime = designTime;
        _files = files ?? new();
    }

    public bool DesignTime { get; }

    public override Microsoft.CodeAnalysis.Diagnostics.AnalyzerConfigOptions GlobalOptions => _global;

    public override Microsoft.CodeAnalysis.Diagnostics.AnalyzerConfigOptions GetOptions(SyntaxTree tree) => TestOptions.Empty;

    public override Microsoft.CodeAnalysis.Diagnostics.AnalyzerConfigOptions GetOptions(AdditionalText textFile)
        => _files.TryGetValue(textFile.Path, out var values) ? new TestOptions(values) : TestOptions.Empty;
}

public sealed class TestOptions(Dictionary<string, string> values) : Microsoft.CodeAnalysis.Diagnostics.AnalyzerConfigOptions
{
    public static readonly TestOptions Empty = new(new Dictionary<string, string>());

    public override bool TryGetValue(string key, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out string? value) => values.TryGetValue(key, out value);
}

/// <summary>Runs <see cref="FsmGenerator"/> in memory, the way the compiler does, and compiles and loads what it makes.</summary>
public static class GeneratorHarness
{
    private static readonly Lazy<ImmutableArray<MetadataReference>> s_references = new(() =>
    {
        var platform = ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!)
            .Split(Path.PathSeparator)
            .Where(p => Path.GetFileName(p).StartsWith("System.", StringComparison.Ordinal)
                        || Path.GetFileName(p) is "mscorlib.dll" or "netstandard.dll");
        return platform
            .Append(typeof(TcpFsmGen.Runtime.TimerService).Assembly.Location)
            .Select(p => (MetadataReference)MetadataReference.CreateFromFile(p))
            .ToImmutableArray();
    });

    public static CSharpParseOptions ParseOptions { get; } = new(LanguageVersion.CSharp12);

    public static CSharpCompilation CreateCompilation(IEnumerable<string> sources, OptimizationLevel optimization = OptimizationLevel.Debug)
        => CreateCompilation(sources.Select((s, i) => ($"User{i}.cs", s)), optimization);

    public static CSharpCompilation CreateCompilation(IEnumerable<(string Path, string Text)> sources, OptimizationLevel optimization = OptimizationLevel.Debug)
        => CSharpCompilation.Create(
            "Generated" + Guid.NewGuid().ToString("N"),
            sources.Select(s => CSharpSyntaxTree.ParseText(s.Text, ParseOptions, path: s.Path)),
            s_references.Value,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary,
                optimizationLevel: optimization,
                nullableContextOptions: NullableContextOptions.Enable)
                .WithSpecificDiagnosticOptions(SdkNoWarn));

    /// <summary>
    /// What the .NET SDK turns off in every project: CS1701 and CS1702, a library built against an older framework
    /// (the runtime's net8.0 build, which references System.Text.Json 8) bound to this one's newer assemblies.
    /// </summary>
    public static ImmutableDictionary<string, ReportDiagnostic> SdkNoWarn { get; } = ImmutableDictionary<string, ReportDiagnostic>.Empty
        .Add("CS1701", ReportDiagnostic.Suppress)
        .Add("CS1702", ReportDiagnostic.Suppress);

    public static ImmutableArray<AdditionalText> Files(IEnumerable<(string Path, string Text)> fsmFiles)
        => fsmFiles.Select(f => (AdditionalText)new InMemoryAdditionalText(f.Path, f.Text)).ToImmutableArray();

    public static GeneratorDriver CreateDriver(IEnumerable<(string Path, string Text)> fsmFiles)
        => CreateDriver(Files(fsmFiles));

    /// <summary>The options a build (or, with <paramref name="designTime"/>, an IDE) gives the generator and the analyzer.</summary>
    public static TestOptionsProvider Options(bool designTime) => new(designTime);

    /// <summary>A driver as the compiler makes one; with <paramref name="designTime"/>, as an IDE does (implementation outputs off).</summary>
    public static GeneratorDriver CreateDriver(ImmutableArray<AdditionalText> files, bool designTime = false, TestOptionsProvider? options = null)
    {
        options ??= Options(designTime);
        return CSharpGeneratorDriver.Create(
            new[] { new FsmGenerator().AsSourceGenerator() },
            files,
            ParseOptions,
            options,
            new GeneratorDriverOptions(options.DesignTime ? IncrementalGeneratorOutputKind.Implementation : IncrementalGeneratorOutputKind.None,
                trackIncrementalGeneratorSteps: true));
    }

    public static GeneratorRun Run(IEnumerable<(string Path, string Text)> fsmFiles, IEnumerable<string>? csharp = null,
        OptimizationLevel optimization = OptimizationLevel.Debug, bool designTime = false, TestOptionsProvider? options = null)
        => Run(fsmFiles, CreateCompilation(csharp ?? Array.Empty<string>(), optimization), options ?? Options(designTime));

    /// <summary>Runs the generator over .fsm files and C# files, each with its path.</summary>
    public static GeneratorRun Run(IEnumerable<(string Path, string Text)> fsmFiles, IEnumerable<(string Path, string Text)> csharp)
        => Run(fsmFiles, CreateCompilation(csharp), Options(designTime: false));

    public static GeneratorRun Run(string fsmPath, string fsmText, (string Path, string Text) csharp)
        => Run(new[] { (fsmPath, fsmText) }, new[] { csharp });

    private static GeneratorRun Run(IEnumerable<(string Path, string Text)> fsmFiles, CSharpCompilation compilation, TestOptionsProvider options)
    {
        var files = Files(fsmFiles);
        var driver = CreateDriver(files, options: options).RunGeneratorsAndUpdateCompilation(compilation, out var output, out _);
        return new GeneratorRun(driver, driver.GetRunResult(), output, files, options.DesignTime) { Options = options };
    }

    /// <summary>Runs the generator over C# sources alone (machines declared with attributes), each with its file name.</summary>
    public static GeneratorRun RunCSharp(params (string Path, string Text)[] csharp) => RunCSharp(designTime: false, csharp);

    public static GeneratorRun RunCSharp(bool designTime, params (string Path, string Text)[] csharp)
    {
        var compilation = CreateCompilation(csharp);
        var files = ImmutableArray<AdditionalText>.Empty;
        var driver = CreateDriver(files, designTime).RunGeneratorsAndUpdateCompilation(compilation, out var output, out _);
        return new GeneratorRun(driver, driver.GetRunResult(), output, files, designTime);
    }

    public static GeneratorRun Run(string fsmPath, string fsmText, params string[] csharp)
        => Run(new[] { (fsmPath, fsmText) }, csharp);

    /// <summary>Emits the output compilation and loads it; fails the test on any compiler warning or error.</summary>
    public static Assembly Load(GeneratorRun run, bool allowGeneratorErrors = false)
    {
        if (!allowGeneratorErrors) Assert.DoesNotContain(run.FsmDiagnostics, d => d.Severity == DiagnosticSeverity.Error);
        // The machine's own warnings (TFSM01xx) are the test's business; the C# must have none at all.
        using var stream = new MemoryStream();
        var emit = run.Output.Emit(stream);
        Assert.True(emit.Success, string.Join("\n", emit.Diagnostics));
        Assert.Empty(emit.Diagnostics.Where(d => d.Severity >= DiagnosticSeverity.Warning));
        return Assembly.Load(stream.ToArray());
    }

    public static string ReadMachine(string fileName)
        => File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Machines", fileName));
}
