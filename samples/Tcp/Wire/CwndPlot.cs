using System;
using System.Buffers.Binary;
using System.Collections.Generic;
using System.IO;
using System.IO.Compression;

namespace TcpFsmGen.Samples.Tcp.Wire;

/// <summary>
/// A plot of cwnd over time as a PNG: the congestion window as a line, the background of each stretch tinted by the
/// congestion machine's state (a legend at the top), and ssthresh as a grey line.
/// </summary>
/// <remarks>
/// Hand-written (a pixel buffer, a 5x7 font for the legend, and PNG's three chunks, the pixels deflated with
/// <see cref="ZLibStream"/>) because the runtime has no image encoder and the maintained ones would be this sample's
/// only package dependency, for one chart.
/// </remarks>
public sealed class CwndPlot
{
    private readonly List<(double Time, uint Cwnd, uint Ssthresh, CongestionControl.State State)> _points = new();

    /// <summary>Adds a sample.</summary>
    public void Add(double time, uint cwnd, uint ssthresh, CongestionControl.State state) => _points.Add((time, cwnd, ssthresh, state));

    /// <summary>Samples so far.</summary>
    public int Count => _points.Count;

    /// <summary>The colour of each state's background.</summary>
    public static (byte R, byte G, byte B) Colour(CongestionControl.State state) => state switch
    {
        CongestionControl.State.SlowStart => (200, 230, 255),
        CongestionControl.State.CongestionAvoidance => (210, 245, 210),
        CongestionControl.State.FastRecovery => (255, 235, 180),
        _ => (255, 205, 205),
    };

    /// <summary>Writes the plot as a PNG of <paramref name="width"/> by <paramref name="height"/> pixels.</summary>
    public void Save(string path, int width = 900, int height = 420)
    {
        var pixels = new byte[width * height * 3];
        pixels.AsSpan().Fill(255);
        const int left = 50, top = 40, bottom = 20, right = 10;
        int plotW = width - left - right, plotH = height - top - bottom;
        var tMax = _points.Count == 0 ? 1 : Math.Max(_points[^1].Time, 1e-3);
        uint cMax = 1;
        foreach (var p in _points) cMax = Math.Max(cMax, p.Cwnd);
        int X(double t) => left + (int)Math.Round(t / tMax * (plotW - 1));
        int Y(double c) => top + plotH - 1 - (int)Math.Round(Math.Min(c, cMax) / cMax * (plotH - 1));

        void Set(int x, int y, (byte R, byte G, byte B) c)
        {
            if (x < 0 || y < 0 || x >= width || y >= height) return;
            var i = (y * width + x) * 3;
            pixels[i] = c.R;
            pixels[i + 1] = c.G;
            pixels[i + 2] = c.B;
        }
        void Line(int x0, int y0, int x1, int y1, (byte, byte, byte) c)
        {
            int dx = Math.Abs(x1 - x0), dy = -Math.Abs(y1 - y0), sx = x0 < x1 ? 1 : -1, sy = y0 < y1 ? 1 : -1, err = dx + dy;
            while (true)
            {
                Set(x0, y0, c);
                if (x0 == x1 && y0 == y1) return;
                var e2 = 2 * err;
                if (e2 >= dy) { err += dy; x0 += sx; }
                if (e2 <= dx) { err += dx; y0 += sy; }
            }
        }

        // State bands.
        for (var i = 0; i < _points.Count; i++)
        {
            var x0 = X(_points[i].Time);
            var x1 = i + 1 < _points.Count ? X(_points[i + 1].Time) : left + plotW - 1;
            for (var x = x0; x <= x1; x++)
            {
                for (var y = top; y < top + plotH; y++) Set(x, y, Colour(_points[i].State));
            }
        }
        // Axes.
        Line(left, top, left, top + plotH, (0, 0, 0));
        Line(left, top + plotH, left + plotW, top + plotH, (0, 0, 0));
        // ssthresh, then cwnd.
        for (var i = 1; i < _points.Count; i++)
        {
            if (_points[i - 1].Ssthresh < 1u << 30 && _points[i].Ssthresh < 1u << 30)
            {
                Line(X(_points[i - 1].Time), Y(_points[i - 1].Ssthresh), X(_points[i].Time), Y(_points[i - 1].Ssthresh), (140, 140, 140));
                Line(X(_points[i].Time), Y(_points[i - 1].Ssthresh), X(_points[i].Time), Y(_points[i].Ssthresh), (140, 140, 140));
            }
        }
        for (var i = 1; i < _points.Count; i++)
        {
            // A step: cwnd holds its value until the next event changes it.
            Line(X(_points[i - 1].Time), Y(_points[i - 1].Cwnd), X(_points[i].Time), Y(_points[i - 1].Cwnd), (0, 0, 160));
            Line(X(_points[i].Time), Y(_points[i - 1].Cwnd), X(_points[i].Time), Y(_points[i].Cwnd), (0, 0, 160));
        }
        // Legend and scale.
        var lx = left;
        foreach (var state in Enum.GetValues<CongestionControl.State>())
        {
            for (var y = 8; y < 22; y++) for (var x = lx; x < lx + 14; x++) Set(x, y, Colour(state));
            lx = Text(pixels, width, lx + 18, 11, state.ToString().ToUpperInvariant(), Set) + 16;
        }
        Text(pixels, width, lx + 10, 11, "BLUE CWND GREY SSTHRESH", Set);
        Text(pixels, width, 2, top, (cMax / 1024) + "K", Set);
        Text(pixels, width, left + plotW - 60, top + plotH + 6, tMax.ToString("0.00", System.Globalization.CultureInfo.InvariantCulture) + " S", Set);
        Text(pixels, width, left + 2, top + plotH + 6, "0", Set);

        File.WriteAllBytes(path, Encode(pixels, width, height));
    }

    /// <summary>Draws upper-case text in a 5x7 font; returns the x after it.</summary>
    private static int Text(byte[] pixels, int width, int x, int y, string text, Action<int, int, (byte, byte, byte)> set)
    {
        foreach (var ch in text)
        {
            if (s_font.TryGetValue(ch, out var rows))
            {
                for (var r = 0; r < 7; r++)
                {
                    for (var c = 0; c < 5; c++)
                    {
                        if ((rows[r] >> (4 - c) & 1) != 0) set(x + c, y + r, (0, 0, 0));
                    }
                }
            }
            x += 6;
        }
        return x;
    }

    private static byte[] Encode(byte[] rgb, int width, int height)
    {
        var raw = new MemoryStream();
        using (var z = new ZLibStream(raw, CompressionLevel.Optimal, leaveOpen: true))
        {
            for (var y = 0; y < height; y++)
            {
                z.WriteByte(0);                                  // filter: none
                z.Write(rgb, y * width * 3, width * 3);
            }
        }
        var png = new MemoryStream();
        png.Write([0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A]);
        var header = new byte[13];
        BinaryPrimitives.WriteInt32BigEndian(header, width);
        BinaryPrimitives.WriteInt32BigEndian(header.AsSpan(4), height);
        header[8] = 8;                                          // bit depth
        header[9] = 2;                                          // truecolour
        Chunk(png, "IHDR", header);
        Chunk(png, "IDAT", raw.ToArray());
        Chunk(png, "IEND", []);
        return png.ToArray();
    }

    private static void Chunk(Stream png, string type, byte[] data)
    {
        Span<byte> length = stackalloc byte[4];
        BinaryPrimitives.WriteInt32BigEndian(length, data.Length);
        png.Write(length);
        var typed = new byte[4 + data.Length];
        System.Text.Encoding.ASCII.GetBytes(type).CopyTo(typed, 0);
        data.CopyTo(typed, 4);
        png.Write(typed);
        Span<byte> crc = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(crc, Crc32(typed));
        png.Write(crc);
    }

    /// <summary>PNG's CRC-32 (ISO 3309), bit by bit: System.IO.Hashing would be a package for eight lines.</summary>
    private static uint Crc32(ReadOnlySpan<byte> data)
    {
        var crc = 0xFFFFFFFFu;
        foreach (var b in data)
        {
            crc ^= b;
            for (var k = 0; k < 8; k++) crc = (crc & 1) != 0 ? 0xEDB88320u ^ (crc >> 1) : crc >> 1;
        }
        return ~crc;
    }

    private static readonly Dictionary<char, byte[]> s_font = new()
    {
        ['A'] = [0x0E, 0x11, 0x11, 0x1F, 0x11, 0x11, 0x11], ['B'] = [0x1E, 0x11, 0x11, 0x1E, 0x11, 0x11, 0x1E],
        ['C'] = [0x0E, 0x11, 0x10, 0x10, 0x10, 0x11, 0x0E], ['D'] = [0x1E, 0x11, 0x11, 0x11, 0x11, 0x11, 0x1E],
        ['E'] = [0x1F, 0x10, 0x10, 0x1E, 0x10, 0x10, 0x1F], ['F'] = [0x1F, 0x10, 0x10, 0x1E, 0x10, 0x10, 0x10],
        ['G'] = [0x0E, 0x11, 0x10, 0x17, 0x11, 0x11, 0x0F], ['H'] = [0x11, 0x11, 0x11, 0x1F, 0x11, 0x11, 0x11],
        ['I'] = [0x0E, 0x04, 0x04, 0x04, 0x04, 0x04, 0x0E], ['K'] = [0x11, 0x12, 0x14, 0x18, 0x14, 0x12, 0x11],
        ['L'] = [0x10, 0x10, 0x10, 0x10, 0x10, 0x10, 0x1F], ['N'] = [0x11, 0x19, 0x15, 0x13, 0x11, 0x11, 0x11],
        ['O'] = [0x0E, 0x11, 0x11, 0x11, 0x11, 0x11, 0x0E], ['P'] = [0x1E, 0x11, 0x11, 0x1E, 0x10, 0x10, 0x10],
        ['R'] = [0x1E, 0x11, 0x11, 0x1E, 0x14, 0x12, 0x11], ['S'] = [0x0F, 0x10, 0x10, 0x0E, 0x01, 0x01, 0x1E],
        ['T'] = [0x1F, 0x04, 0x04, 0x04, 0x04, 0x04, 0x04], ['U'] = [0x11, 0x11, 0x11, 0x11, 0x11, 0x11, 0x0E],
        ['V'] = [0x11, 0x11, 0x11, 0x11, 0x11, 0x0A, 0x04], ['W'] = [0x11, 0x11, 0x11, 0x15, 0x15, 0x15, 0x0A],
        ['Y'] = [0x11, 0x11, 0x0A, 0x04, 0x04, 0x04, 0x04],
        ['0'] = [0x0E, 0x11, 0x13, 0x15, 0x19, 0x11, 0x0E], ['1'] = [0x04, 0x0C, 0x04, 0x04, 0x04, 0x04, 0x0E],
        ['2'] = [0x0E, 0x11, 0x01, 0x02, 0x04, 0x08, 0x1F], ['3'] = [0x1F, 0x02, 0x04, 0x02, 0x01, 0x11, 0x0E],
        ['4'] = [0x02, 0x06, 0x0A, 0x12, 0x1F, 0x02, 0x02], ['5'] = [0x1F, 0x10, 0x1E, 0x01, 0x01, 0x11, 0x0E],
        ['6'] = [0x06, 0x08, 0x10, 0x1E, 0x11, 0x11, 0x0E], ['7'] = [0x1F, 0x01, 0x02, 0x04, 0x08, 0x08, 0x08],
        ['8'] = [0x0E, 0x11, 0x11, 0x0E, 0x11, 0x11, 0x0E], ['9'] = [0x0E, 0x11, 0x11, 0x0F, 0x01, 0x02, 0x0C],
        ['.'] = [0, 0, 0, 0, 0, 0x0C, 0x0C],
    };
}
