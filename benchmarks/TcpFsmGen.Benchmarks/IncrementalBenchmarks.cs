using System;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using BenchmarkDotNet.Attributes;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Text;
using TcpFsmGen.Generator;

namespace TcpFsmGen.Benchmarks;

/// <summary>
/// One keystroke in the 1,000-state machine of <see cref="LargeMachine"/>: one character of a transition's target
/// changes, and the generator driver runs again over the edited <c>.fsm</c> (parse, analysis, emit, as in a build;
/// the diagnostic analyzer runs only in design-time builds). Each invocation alternates between two texts, so every
/// run sees a real change and produces different code.
/// </summary>
[MemoryDiagnoser]
public class IncrementalBenchmarks
{
    private const string Path = "/bench/large.fsm";

    /// <summary>The user's half of the class: the guards the machine needs.</summary>
    private const string UserCode =
        "namespace Bench { public partial class Large { private partial bool G0() => true; private partial bool G5() => true; "
        + "private partial bool G10() => true; private partial bool G15() => true; } }";

    private CSharpCompilation _compilation = null!;
    private GeneratorDriver _driver = null!;
    private AdditionalText[] _texts = null!;
    private int _next;

    [GlobalSetup]
    public void Setup()
    {
        var text = LargeMachine.Text();
        // The first target of a transition, one digit changed.
        var at = text.IndexOf("-> L", 1000, StringComparison.Ordinal) + 4;
        var edited = text.Substring(0, at) + (text[at] == '9' ? '8' : (char)(text[at] + 1)) + text.Substring(at + 1);
        _texts = new AdditionalText[] { new Text(Path, text), new Text(Path, edited) };
        _compilation = CSharpCompilation.Create("Bench",
            new[] { CSharpSyntaxTree.ParseText(UserCode) },
            new[] { MetadataReference.CreateFromFile(typeof(object).Assembly.Location) },
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary));
        _driver = CSharpGeneratorDriver.Create(
            new[] { new FsmGenerator().AsSourceGenerator() },
            new[] { _texts[0] },
            driverOptions: new GeneratorDriverOptions(IncrementalGeneratorOutputKind.None, trackIncrementalGeneratorSteps: false));
        _driver = _driver.RunGenerators(_compilation);
        var result = _driver.GetRunResult();
        if (result.GeneratedTrees.Length != 1 || result.Diagnostics.Any(d => d.Severity == DiagnosticSeverity.Error))
        {
            throw new InvalidOperationException("The benchmark machine does not generate: " + string.Join("; ", result.Diagnostics.Take(3)));
        }
        _next = 1;
    }

    /// <summary>The edited text in, the driver run to completion: what a build redoes after one keystroke.</summary>
    [Benchmark]
    public int OneKeystroke()
    {
        var previous = _texts[1 - _next];
        _driver = _driver.ReplaceAdditionalText(previous, _texts[_next]).RunGenerators(_compilation);
        _next = 1 - _next;
        return _next;
    }

    private sealed class Text : AdditionalText
    {
        private readonly SourceText _text;

        public Text(string path, string text)
        {
            Path = path;
            _text = SourceText.From(text);
        }

        public override string Path { get; }

        public override SourceText GetText(CancellationToken cancellationToken = default) => _text;
    }
}
