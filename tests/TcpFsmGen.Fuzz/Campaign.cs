using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;

namespace TcpFsmGen.Fuzz;

/// <summary>A run of the fuzzer: the seeds (every <c>.fsm</c> of the repository and the attribute door), mutated input after input.</summary>
public sealed class Campaign
{
    private readonly List<(string Path, string Text)> _fsmSeeds;
    private readonly List<string> _attributeSeeds;

    public Campaign(string repositoryRoot)
    {
        _fsmSeeds = Directory.EnumerateFiles(repositoryRoot, "*.fsm", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                        && !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .OrderBy(f => f, StringComparer.Ordinal)
            .Select(f => (Path.GetFileName(f), File.ReadAllText(f)))
            .ToList();
        _attributeSeeds = Directory.EnumerateFiles(repositoryRoot, "door.attributes.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .Take(1)
            .Select(File.ReadAllText)
            .ToList();
    }

    /// <summary>The <paramref name="index"/>th input of the campaign with <paramref name="seed"/>: the same every time.</summary>
    public FuzzInput Input(int seed, int index)
    {
        // Not HashCode.Combine: it is seeded anew in every process, and an input must be the same in every run.
        var random = new Random(unchecked(seed * 1_000_003 + index));
        var mutators = new Mutators(random);
        var kind = random.Next(10);
        if (kind < 6 || _attributeSeeds.Count == 0)
        {
            var (path, text) = _fsmSeeds[random.Next(_fsmSeeds.Count)];
            var files = new List<(string, string)> { (random.Next(20) == 0 ? "odd \"name\"\n<&>.fsm" : path, mutators.MutateFsm(text)) };
            // Sometimes a second machine beside it, whose class may clash with the first one's.
            if (random.Next(5) == 0) files.Add(("other.fsm", mutators.MutateFsm(_fsmSeeds[random.Next(_fsmSeeds.Count)].Text)));
            return new FuzzInput(files, Array.Empty<(string, string)>());
        }
        if (kind < 8) return new FuzzInput(new[] { ("grown.fsm", mutators.Grow("machine Demo.Grown;")) }, Array.Empty<(string, string)>());
        return new FuzzInput(Array.Empty<(string, string)>(), new[] { ("Door.cs", mutators.MutateAttributes(_attributeSeeds[0])) });
    }

    /// <summary>Checks inputs until <paramref name="count"/> are done or <paramref name="budget"/> is spent; returns the findings by input.</summary>
    public List<(int Index, FuzzInput Input, IReadOnlyList<Finding> Findings)> Run(int seed, int count, TimeSpan budget, Action<string>? log = null)
    {
        var found = new List<(int, FuzzInput, IReadOnlyList<Finding>)>();
        // The first compilation of a process loads and compiles Roslyn itself: not the input's time.
        Oracle.Check(new FuzzInput(new[] { ("warm.fsm", "machine Warm.Up;\nevents Go;\ninitial A;\nstate A { on Go -> A; }\n") }, Array.Empty<(string, string)>()));
        var clock = Stopwatch.StartNew();
        var done = 0;
        for (var i = 0; i < count && clock.Elapsed < budget; i++)
        {
            var input = Input(seed, i);
            var findings = Oracle.Check(input);
            done++;
            if (findings.Count > 0)
            {
                found.Add((i, input, findings));
                log?.Invoke($"input {i}: {string.Join(" | ", findings.Select(f => Oracle.Printable(f.ToString().Split('\n')[0])))}");
            }
            if (log is not null && done % 500 == 0) log($"{done} inputs, {found.Count} with findings, {clock.Elapsed:hh\\:mm\\:ss}");
        }
        log?.Invoke($"done: {done} inputs in {clock.Elapsed:hh\\:mm\\:ss}, {found.Count} with findings");
        return found;
    }
}
