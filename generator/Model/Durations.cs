using System.Globalization;

namespace TcpFsmGen.Generator.Model;

/// <summary>The rules of TFSM0009: an integer and a lower-case unit in one token, greater than zero, not too large.</summary>
internal static class Durations
{
    /// <summary>The longest duration a .NET timer accepts (about 49.7 days).</summary>
    public const long MaxMilliseconds = 4294967294;

    /// <summary><see cref="MaxMilliseconds"/> in words, for messages and generated documentation.</summary>
    public const string MaxInWords = "about 49.7 days";

    /// <summary>TFSM0009's reason for a duration over <see cref="MaxMilliseconds"/>, in both front ends.</summary>
    public static readonly string TooLong = $"it is too long; the longest duration is {MaxMilliseconds}ms ({MaxInWords})";

    /// <summary>Reads <paramref name="text"/> (a number token); returns the milliseconds, or null with the reason.</summary>
    public static long? TryParse(string text, out string? error)
    {
        var digits = 0;
        while (digits < text.Length && char.IsDigit(text[digits])) digits++;
        var rest = text.Substring(digits);
        if (rest.StartsWith(".", System.StringComparison.Ordinal))
        {
            error = "fractions are not allowed; use a smaller unit, such as 1500ms for 1.5s";
            return null;
        }
        if (rest.Length == 0)
        {
            error = "the unit is missing; write ms, s, m or h right after the number, as in '30s'";
            return null;
        }
        var factor = UnitFactor(rest);
        if (factor == 0)
        {
            error = UnitFactor(rest.ToLowerInvariant()) != 0
                ? $"units are lower-case; write '{rest.ToLowerInvariant()}'"
                : $"'{rest}' is not a unit; use ms, s, m or h";
            return null;
        }
        if (!ulong.TryParse(text.Substring(0, digits), NumberStyles.None, CultureInfo.InvariantCulture, out var value)
            || value > (ulong)(MaxMilliseconds / factor))
        {
            error = TooLong;
            return null;
        }
        if (value == 0)
        {
            error = "a duration must be greater than zero";
            return null;
        }
        error = null;
        return (long)value * factor;
    }

    public static bool IsUnit(string text) => UnitFactor(text) != 0;

    private static long UnitFactor(string unit) => unit switch
    {
        "ms" => 1,
        "s" => 1000,
        "m" => 60_000,
        "h" => 3_600_000,
        _ => 0,
    };

    /// <summary>Writes milliseconds back as the largest exact unit (<c>30000</c> becomes <c>30s</c>).</summary>
    public static string Format(long milliseconds)
    {
        if (milliseconds % 3_600_000 == 0) return (milliseconds / 3_600_000).ToString(CultureInfo.InvariantCulture) + "h";
        if (milliseconds % 60_000 == 0) return (milliseconds / 60_000).ToString(CultureInfo.InvariantCulture) + "m";
        if (milliseconds % 1000 == 0) return (milliseconds / 1000).ToString(CultureInfo.InvariantCulture) + "s";
        return milliseconds.ToString(CultureInfo.InvariantCulture) + "ms";
    }
}
