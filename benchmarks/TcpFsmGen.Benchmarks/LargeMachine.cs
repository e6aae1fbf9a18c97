using System;
using System.Text;

namespace TcpFsmGen.Benchmarks;

/// <summary>
/// Writes a large, valid machine: 50 composites of 19 leaves each (1,000 states), 50 events, and
/// 20,000 transitions: per leaf, 17 events, 4 of them with a guarded transition and an unguarded
/// fallback (21 lines), and one per composite; random targets from a fixed seed, so every run
/// analyses the same text.
/// </summary>
public static class LargeMachine
{
    public static string Text(int composites = 50, int leavesPerComposite = 19, int events = 50, int eventsPerLeaf = 17, int seed = 9293)
    {
        var random = new Random(seed);
        var text = new StringBuilder("machine Bench.Large;\n");
        text.Append("events ");
        for (var e = 0; e < events; e++) text.Append(e == 0 ? "" : ", ").Append('E').Append(e);
        text.Append(";\ninitial C0;\n");
        var leafCount = composites * leavesPerComposite;
        for (var c = 0; c < composites; c++)
        {
            text.Append("state C").Append(c).Append(" {\n  initial L").Append(c * leavesPerComposite).Append(";\n");
            text.Append("  on E0 -> L").Append(random.Next(leafCount)).Append(";\n");
            for (var l = 0; l < leavesPerComposite; l++)
            {
                var leaf = c * leavesPerComposite + l;
                text.Append("  state L").Append(leaf).Append(" {\n");
                var start = 1 + random.Next(events - eventsPerLeaf);
                for (var t = 0; t < eventsPerLeaf; t++)
                {
                    var e = start + t;
                    text.Append("    on E").Append(e);
                    if (t % 5 == 0) text.Append(" [G").Append(t).Append(']');
                    text.Append(" -> L").Append(random.Next(leafCount)).Append(" / A").Append(t % 7).Append(";\n");
                    if (t % 5 == 0) text.Append("    on E").Append(e).Append(" -> L").Append(random.Next(leafCount)).Append(";\n");
                }
                text.Append("  }\n");
            }
            text.Append("}\n");
        }
        return text.ToString();
    }
}
