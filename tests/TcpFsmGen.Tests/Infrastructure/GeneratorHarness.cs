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
    ImmutableArray<AdditionalText> Files)
{
    /// <summary>What the generator itself reports: nothing, since the analyzer reports every TFSM diagnostic.</summary>
    public ImmutableArray<Diagnostic> GeneratorDiagnostics => Result.Diagnostics;

    /// <summary>The TFSM diagnostics, as the two analyzers report them on the build, sorted by file and position.</summary>
    public ImmutableArray<Diagnostic> FsmDiagnostics => Output
        .WithAnalyzers(ImmutableArray.Create<Microsoft.CodeAnalysis.Diagnostics.DiagnosticAnalyzer>(new FsmDiagnosticAnalyzer(), new AttributeDiagnosticAnalyzer()),
            new Microsoft.CodeAnalysis.Diagnostics.AnalyzerOptions(Files))
        .GetAnalyzerDiagnosticsAsync().GetAwaiter().GetResult()
        .OrderBy(d => d.Location.GetLineSpan().Path, StringComparer.Ordinal)
        .ThenBy(d => d.Location.GetLineSpan().StartLinePosition.Line)
        .ThenBy(d => d.Location.GetLineSpan().StartLinePosition.Character)
        .ToImmutableArray();

    /// <summary>Errors and warnings of compiling the output (user code plus generated code).</summary>
    public ImmutableArray<Diagnostic> CompilationDiagnostics => Output.GetDiagnostics()
        .Where(d => d.Severity >= DiagnosticSeverity.Warning)
        .ToImmutableArray();

    public string GeneratedSource(string hintName)
        => Result.Results.Single().GeneratedSources.Single(s => s.HintName == hintName).SourceText.ToString();

    public IEnumerable<string> HintNames => Result.Results.SelectMany(r => r.GeneratedSources).Select(s => s.HintName);
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
                nullableContextOptions: NullableContextOptions.Enable));

    public static ImmutableArray<AdditionalText> Files(IEnumerable<(string Path, string Text)> fsmFiles)
        => fsmFiles.Select(f => (AdditionalText)new InMemoryAdditionalText(f.Path, f.Text)).ToImmutableArray();

    public static GeneratorDriver CreateDriver(IEnumerable<(string Path, string Text)> fsmFiles)
        => CreateDriver(Files(fsmFiles));

    public static GeneratorDriver CreateDriver(ImmutableArray<AdditionalText> files)
        => CSharpGeneratorDriver.Create(
            new[] { new FsmGenerator().AsSourceGenerator() },
            files,
            ParseOptions,
            driverOptions: new GeneratorDriverOptions(IncrementalGeneratorOutputKind.None, trackIncrementalGeneratorSteps: true));

    public static GeneratorRun Run(IEnumerable<(string Path, string Text)> fsmFiles, IEnumerable<string>? csharp = null,
        OptimizationLevel optimization = OptimizationLevel.Debug)
    {
        var compilation = CreateCompilation(csharp ?? Array.Empty<string>(), optimization);
        var files = Files(fsmFiles);
        var driver = CreateDriver(files).RunGeneratorsAndUpdateCompilation(compilation, out var output, out _);
        return new GeneratorRun(driver, driver.GetRunResult(), output, files);
    }

    /// <summary>Runs the generator over C# sources alone (machines declared with attributes), each with its file name.</summary>
    public static GeneratorRun RunCSharp(params (string Path, string Text)[] csharp)
    {
        var compilation = CreateCompilation(csharp);
        var files = ImmutableArray<AdditionalText>.Empty;
        var driver = CreateDriver(files).RunGeneratorsAndUpdateCompilation(compilation, out var output, out _);
        return new GeneratorRun(driver, driver.GetRunResult(), output, files);
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
