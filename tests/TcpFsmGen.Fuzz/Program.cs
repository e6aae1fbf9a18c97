using System;
using System.Globalization;
using System.IO;
using System.Linq;
using TcpFsmGen.Fuzz;

// The long run (docs/fuzzing.md):
//   dotnet run -c Release --project tests/TcpFsmGen.Fuzz -- --minutes 60 --seed 1
// and one input again: -- --replay FILE
// Every input with a finding is written to tests/TcpFsmGen.Fuzz/found/ in the corpus format; move the ones
// worth keeping into corpus/ (or write them there with --keep I,J), where the normal tests run them.
var seed = 1;
var count = int.MaxValue;
var minutes = 60.0;
string? root = null;
var keep = Array.Empty<int>();
string? replay = null;
for (var i = 0; i < args.Length - 1; i++)
{
    switch (args[i])
    {
        case "--seed": seed = int.Parse(args[++i], CultureInfo.InvariantCulture); break;
        case "--count": count = int.Parse(args[++i], CultureInfo.InvariantCulture); break;
        case "--minutes": minutes = double.Parse(args[++i], CultureInfo.InvariantCulture); break;
        case "--root": root = args[++i]; break;
        case "--replay": replay = args[++i]; break;
        case "--keep": keep = args[++i].Split(',').Select(k => int.Parse(k, CultureInfo.InvariantCulture)).ToArray(); break;
    }
}
root ??= FindRoot(AppContext.BaseDirectory);
var found = Path.Combine(root, "tests", "TcpFsmGen.Fuzz", "found");
if (replay is not null)
{
    // --replay FILE: check one input of the corpus format, and print what it breaks.
    var replayed = Oracle.Check(Corpus.Read(File.ReadAllText(replay)));
    foreach (var finding in replayed) Console.WriteLine(finding);
    Console.WriteLine(replayed.Count == 0 ? "no findings" : $"{replayed.Count} findings");
    return replayed.Count == 0 ? 0 : 1;
}
var campaign = new Campaign(root);
if (keep.Length > 0)
{
    // --keep 11,93: write those inputs of the seed to the regression corpus, once what they found is fixed.
    var corpus = Path.Combine(root, "tests", "TcpFsmGen.Fuzz", "corpus");
    Directory.CreateDirectory(corpus);
    foreach (var index in keep) File.WriteAllText(Path.Combine(corpus, $"seed{seed}-{index}.txt"), campaign.Input(seed, index).Serialize());
    Console.WriteLine($"{keep.Length} inputs written to {corpus}");
    return 0;
}
var findings = campaign.Run(seed, count, TimeSpan.FromMinutes(minutes), Console.WriteLine);
if (findings.Count > 0)
{
    Directory.CreateDirectory(found);
    foreach (var (index, input, list) in findings)
    {
        File.WriteAllText(Path.Combine(found, $"seed{seed}-{index}.txt"), input.Serialize());
    }
    Console.WriteLine($"{findings.Count} inputs written to {found}");
}
Console.WriteLine(string.Join(Environment.NewLine, findings.SelectMany(f => f.Findings).GroupBy(f => f.Property).Select(g => $"{g.Key}: {g.Count()}")));
return findings.Count == 0 ? 0 : 1;

static string FindRoot(string start)
{
    for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
    {
        if (File.Exists(Path.Combine(dir.FullName, "TcpFsmGen.sln"))) return dir.FullName;
    }
    return Directory.GetCurrentDirectory();
}
