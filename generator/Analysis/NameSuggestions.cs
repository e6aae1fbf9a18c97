using System;
using System.Collections.Generic;

namespace TcpFsmGen.Generator.Analysis;

/// <summary>"Did you mean …?" for unknown names: the declared name at the smallest edit distance.</summary>
internal static class NameSuggestions
{
    /// <summary>Returns <c>"; did you mean 'X'?"</c>, or an empty string when nothing is close.</summary>
    public static string DidYouMean(string unknown, IEnumerable<string> declared)
    {
        string? best = null;
        var bestDistance = int.MaxValue;
        foreach (var candidate in declared)
        {
            var distance = Distance(unknown.ToLowerInvariant(), candidate.ToLowerInvariant());
            if (distance < bestDistance)
            {
                best = candidate;
                bestDistance = distance;
            }
        }
        var limit = Math.Max(2, unknown.Length / 3);
        return best is not null && bestDistance <= limit ? $"; did you mean '{best}'?" : "";
    }

    /// <summary>Levenshtein distance with two rows.</summary>
    public static int Distance(string a, string b)
    {
        var previous = new int[b.Length + 1];
        var current = new int[b.Length + 1];
        for (var j = 0; j <= b.Length; j++) previous[j] = j;
        for (var i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                current[j] = Math.Min(Math.Min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
            }
            (previous, current) = (current, previous);
        }
        return previous[b.Length];
    }
}
