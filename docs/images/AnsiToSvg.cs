// Draws a terminal screen, as `tmux capture-pane -e -p -N` prints it (text with ANSI SGR escapes), as an SVG.
// Used by capture.sh; run as a file-based program: dotnet run docs/images/AnsiToSvg.cs -- SCREEN.ansi OUT.svg [TITLE]
// No maintained .NET package renders ANSI to SVG, and the screens here need only SGR: colours (16, 256 and RGB),
// bold, reverse video, and underlines (straight or curly, in their own colour).
using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Text;

if (args.Length < 2)
{
    Console.Error.WriteLine("usage: AnsiToSvg SCREEN.ansi OUT.svg [TITLE]");
    return 2;
}
var lines = File.ReadAllText(args[0]).Replace("\r\n", "\n").TrimEnd('\n').Split('\n');
var title = args.Length > 2 ? args[2] : "";
File.WriteAllText(args[1], Screen.Render(lines, title));
return 0;

/// <summary>The style of one cell.</summary>
internal record struct Style(string? Foreground, string? Background, bool Bold, bool Reverse, int Underline, string? UnderlineColor);

internal static class Screen
{
    private const double CellWidth = 8.4;
    private const double LineHeight = 18;
    private const double FontSize = 14;
    private const double Padding = 16;
    private const double TitleHeight = 28;
    private const string DefaultForeground = "#d4d4d4";
    private const string DefaultBackground = "#1e1e1e";

    public static string Render(string[] lines, string title)
    {
        var columns = 0;
        var rows = new List<List<(char Text, Style Style)>>();
        var style = default(Style);
        foreach (var line in lines)
        {
            var row = new List<(char, Style)>();
            for (var i = 0; i < line.Length; i++)
            {
                if (line[i] == '\u001b' && i + 1 < line.Length && line[i + 1] == '[')
                {
                    var end = i + 2;
                    while (end < line.Length && !char.IsLetter(line[end])) end++;
                    if (end < line.Length && line[end] == 'm') style = Apply(style, line.Substring(i + 2, end - i - 2));
                    i = end;
                    continue;
                }
                row.Add((line[i], style));
            }
            columns = Math.Max(columns, row.Count);
            rows.Add(row);
        }

        var width = columns * CellWidth + 2 * Padding;
        var height = rows.Count * LineHeight + 2 * Padding + TitleHeight;
        var svg = new StringBuilder();
        svg.Append(CultureInfo.InvariantCulture, $"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{width:0.#}\" height=\"{height:0.#}\" viewBox=\"0 0 {width:0.#} {height:0.#}\">\n");
        svg.Append(CultureInfo.InvariantCulture, $"<rect width=\"100%\" height=\"100%\" rx=\"8\" fill=\"{DefaultBackground}\"/>\n");
        svg.Append(CultureInfo.InvariantCulture, $"<rect width=\"100%\" height=\"{TitleHeight}\" rx=\"8\" fill=\"#333333\"/><rect y=\"{TitleHeight - 8}\" width=\"100%\" height=\"8\" fill=\"#333333\"/>\n");
        svg.Append("<circle cx=\"18\" cy=\"14\" r=\"6\" fill=\"#ff5f56\"/><circle cx=\"38\" cy=\"14\" r=\"6\" fill=\"#ffbd2e\"/><circle cx=\"58\" cy=\"14\" r=\"6\" fill=\"#27c93f\"/>\n");
        svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{width / 2:0.#}\" y=\"19\" fill=\"#bbbbbb\" font-family=\"sans-serif\" font-size=\"13\" text-anchor=\"middle\">{Escape(title)}</text>\n");
        svg.Append(CultureInfo.InvariantCulture, $"<g font-family=\"'DejaVu Sans Mono', Menlo, Consolas, monospace\" font-size=\"{FontSize}\" xml:space=\"preserve\">\n");
        for (var r = 0; r < rows.Count; r++)
        {
            var y = Padding + TitleHeight + r * LineHeight;
            var row = rows[r];
            var start = 0;
            while (start < row.Count)
            {
                var end = start;
                while (end < row.Count && row[end].Style == row[start].Style) end++;
                Run(svg, row, start, end, y);
                start = end;
            }
        }
        svg.Append("</g>\n</svg>\n");
        return svg.ToString();
    }

    private static void Run(StringBuilder svg, List<(char Text, Style Style)> row, int start, int end, double y)
    {
        var s = row[start].Style;
        var foreground = s.Foreground ?? DefaultForeground;
        var background = s.Background;
        if (s.Reverse) (foreground, background) = (background ?? DefaultBackground, foreground);
        var x = Padding + start * CellWidth;
        var length = (end - start) * CellWidth;
        if (background is not null)
        {
            svg.Append(CultureInfo.InvariantCulture, $"<rect x=\"{x:0.##}\" y=\"{y:0.##}\" width=\"{length:0.##}\" height=\"{LineHeight}\" fill=\"{background}\"/>\n");
        }
        var text = new StringBuilder();
        for (var i = start; i < end; i++) text.Append(row[i].Text);
        if (text.ToString().Trim().Length > 0)
        {
            svg.Append(CultureInfo.InvariantCulture,
                $"<text x=\"{x:0.##}\" y=\"{y + LineHeight - 5:0.##}\" fill=\"{foreground}\"{(s.Bold ? " font-weight=\"bold\"" : "")} textLength=\"{length:0.##}\" lengthAdjust=\"spacingAndGlyphs\">{Escape(text.ToString())}</text>\n");
        }
        if (s.Underline == 0) return;
        var color = s.UnderlineColor ?? foreground;
        var baseline = y + LineHeight - 2;
        if (s.Underline == 3)
        {
            // A curly underline: half-waves of one quarter of a cell.
            var path = new StringBuilder(string.Create(CultureInfo.InvariantCulture, $"M{x:0.##},{baseline:0.##}"));
            var step = CellWidth / 4;
            for (var i = 0; x + (i + 1) * step <= x + length + 0.01; i++)
            {
                var peak = baseline + (i % 2 == 0 ? -2 : 2);
                path.Append(CultureInfo.InvariantCulture, $" Q{x + (i + 0.5) * step:0.##},{peak:0.##} {x + (i + 1) * step:0.##},{baseline:0.##}");
            }
            svg.Append(CultureInfo.InvariantCulture, $"<path d=\"{path}\" fill=\"none\" stroke=\"{color}\" stroke-width=\"1.2\"/>\n");
        }
        else
        {
            svg.Append(CultureInfo.InvariantCulture, $"<line x1=\"{x:0.##}\" y1=\"{baseline:0.##}\" x2=\"{x + length:0.##}\" y2=\"{baseline:0.##}\" stroke=\"{color}\"/>\n");
        }
    }

    /// <summary>The style after one SGR sequence (the parameters between <c>ESC [</c> and <c>m</c>).</summary>
    private static Style Apply(Style style, string parameters)
    {
        var parts = parameters.Length == 0 ? ["0"] : parameters.Split(';');
        for (var i = 0; i < parts.Length; i++)
        {
            var part = parts[i];
            if (part.StartsWith("4:", StringComparison.Ordinal))
            {
                style.Underline = part == "4:0" ? 0 : part == "4:3" ? 3 : 1;
                continue;
            }
            if (!int.TryParse(part, NumberStyles.None, CultureInfo.InvariantCulture, out var code)) continue;
            switch (code)
            {
                case 0: style = default; break;
                case 1: style.Bold = true; break;
                case 4: style.Underline = 1; break;
                case 7: style.Reverse = true; break;
                case 22: style.Bold = false; break;
                case 24: style.Underline = 0; break;
                case 27: style.Reverse = false; break;
                case >= 30 and <= 37: style.Foreground = Palette(code - 30); break;
                case >= 90 and <= 97: style.Foreground = Palette(code - 90 + 8); break;
                case >= 40 and <= 47: style.Background = Palette(code - 40); break;
                case >= 100 and <= 107: style.Background = Palette(code - 100 + 8); break;
                case 39: style.Foreground = null; break;
                case 49: style.Background = null; break;
                case 59: style.UnderlineColor = null; break;
                case 38 or 48 or 58:
                    string? color = null;
                    if (i + 2 < parts.Length && parts[i + 1] == "5")
                    {
                        color = Palette(int.Parse(parts[i + 2], CultureInfo.InvariantCulture));
                        i += 2;
                    }
                    else if (i + 4 < parts.Length && parts[i + 1] == "2")
                    {
                        color = string.Create(CultureInfo.InvariantCulture, $"#{int.Parse(parts[i + 2], CultureInfo.InvariantCulture):x2}{int.Parse(parts[i + 3], CultureInfo.InvariantCulture):x2}{int.Parse(parts[i + 4], CultureInfo.InvariantCulture):x2}");
                        i += 4;
                    }
                    if (code == 38) style.Foreground = color;
                    else if (code == 48) style.Background = color;
                    else style.UnderlineColor = color;
                    break;
            }
        }
        return style;
    }

    /// <summary>The xterm 256-colour palette.</summary>
    private static string Palette(int index)
    {
        string[] basic =
        [
            "#000000", "#cd3131", "#0dbc79", "#e5e510", "#2472c8", "#bc3fbc", "#11a8cd", "#e5e5e5",
            "#666666", "#f14c4c", "#23d18b", "#f5f543", "#3b8eea", "#d670d6", "#29b8db", "#ffffff",
        ];
        if (index < 16) return basic[index];
        if (index < 232)
        {
            var n = index - 16;
            int Level(int v) => v == 0 ? 0 : 55 + v * 40;
            return string.Create(CultureInfo.InvariantCulture, $"#{Level(n / 36):x2}{Level(n / 6 % 6):x2}{Level(n % 6):x2}");
        }
        var gray = 8 + (index - 232) * 10;
        return string.Create(CultureInfo.InvariantCulture, $"#{gray:x2}{gray:x2}{gray:x2}");
    }

    private static string Escape(string text) => text.Replace("&", "&amp;").Replace("<", "&lt;").Replace(">", "&gt;");
}
