using System;
using System.Collections.Generic;
using System.Runtime.CompilerServices;

namespace TcpFsmGen.Generator.Analysis;

/// <summary>
/// "Did you mean …?" for unknown names: the declared name at the smallest edit distance (case-insensitive), the
/// first declared of equally close ones, when it is within a third of the unknown name's length (at least 2).
/// </summary>
/// <remarks>
/// Linear in the machine, however many names are unknown: the candidates of one list are read once (an index
/// by length, kept with the list), only candidates whose length could be close enough are compared, each
/// comparison stops as soon as it is over the limit, names longer than <see cref="MaxNameLength"/> get no
/// suggestion, and only the first <see cref="MaxSuggestedNames"/> distinct unknown names of a list get one.
/// </remarks>
internal static class NameSuggestions
{
    /// <summary>Unknown names longer than this get no suggestion (an edit distance costs the product of the lengths).</summary>
    public const int MaxNameLength = 128;

    /// <summary>How many distinct unknown names one list of candidates answers; the rest get no suggestion.</summary>
    public const int MaxSuggestedNames = 100;

    private static readonly ConditionalWeakTable<object, Candidates> s_indexes = new();

    /// <summary>Returns <c>"; did you mean 'X'?"</c>, or an empty string when nothing is close.</summary>
    /// <param name="declared">The candidates; pass the same collection for every name of one check, so it is indexed once.</param>
    public static string DidYouMean(string unknown, IEnumerable<string> declared)
    {
        if (unknown.Length > MaxNameLength) return "";
        var candidates = s_indexes.GetValue(declared, static d => new Candidates((IEnumerable<string>)d));
        return candidates.Suggest(unknown);
    }

    /// <summary>Levenshtein distance with two rows.</summary>
    public static int Distance(string a, string b) => Distance(a, b, int.MaxValue);

    /// <summary>
    /// The Levenshtein distance, or some value over <paramref name="limit"/> as soon as it is certain to exceed it:
    /// only the cells within <paramref name="limit"/> of the diagonal are computed.
    /// </summary>
    public static int Distance(string a, string b, int limit)
    {
        if (Math.Abs(a.Length - b.Length) > limit) return Math.Abs(a.Length - b.Length);
        var over = limit == int.MaxValue ? int.MaxValue : limit + 1;
        var previous = new int[b.Length + 1];
        var current = new int[b.Length + 1];
        for (var j = 0; j <= b.Length; j++) previous[j] = Math.Min(j, over);
        for (var i = 1; i <= a.Length; i++)
        {
            var from = limit == int.MaxValue ? 1 : Math.Max(1, i - limit);
            var to = limit == int.MaxValue ? b.Length : Math.Min(b.Length, i + limit);
            current[0] = Math.Min(i, over);
            if (from > 1) current[from - 1] = over;
            var rowMin = current[0];
            for (var j = from; j <= to; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                var value = Math.Min(Math.Min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
                current[j] = Math.Min(value, over);
                if (current[j] < rowMin) rowMin = current[j];
            }
            if (to < b.Length) current[to + 1] = over;
            if (rowMin >= over) return over;
            (previous, current) = (current, previous);
        }
        return previous[b.Length];
    }

    /// <summary>One list of declared names, indexed by length, with the answers given so far.</summary>
    private sealed class Candidates
    {
        private readonly Dictionary<int, List<(string Lower, string Name)>> _byLength = new();
        private readonly Dictionary<string, string> _answers = new(StringComparer.Ordinal);

        public Candidates(IEnumerable<string> declared)
        {
            foreach (var name in declared)
            {
                if (!_byLength.TryGetValue(name.Length, out var list)) _byLength.Add(name.Length, list = new List<(string, string)>());
                list.Add((name.ToLowerInvariant(), name));
            }
            Order = new Dictionary<string, int>(StringComparer.Ordinal);
            var i = 0;
            foreach (var name in declared)
            {
                if (!Order.ContainsKey(name)) Order.Add(name, i);
                i++;
            }
        }

        /// <summary>Each name's first position in the list: of equally close names, the first declared wins.</summary>
        private Dictionary<string, int> Order { get; }

        public string Suggest(string unknown)
        {
            lock (_answers)
            {
                if (_answers.TryGetValue(unknown, out var known)) return known;
                var answer = _answers.Count < MaxSuggestedNames ? Compute(unknown) : "";
                _answers.Add(unknown, answer);
                return answer;
            }
        }

        private string Compute(string unknown)
        {
            var lower = unknown.ToLowerInvariant();
            var limit = Math.Max(2, unknown.Length / 3);
            string? best = null;
            var bestDistance = limit + 1;
            var bestOrder = int.MaxValue;
            for (var length = Math.Max(0, unknown.Length - limit); length <= unknown.Length + limit; length++)
            {
                if (!_byLength.TryGetValue(length, out var list)) continue;
                foreach (var (candidateLower, name) in list)
                {
                    var distance = Distance(lower, candidateLower, Math.Min(limit, bestDistance));
                    if (distance > limit) continue;
                    var order = Order[name];
                    if (distance < bestDistance || (distance == bestDistance && order < bestOrder))
                    {
                        best = name;
                        bestDistance = distance;
                        bestOrder = order;
                    }
                }
            }
            return best is not null ? $"; did you mean '{best}'?" : "";
        }
    }
}
