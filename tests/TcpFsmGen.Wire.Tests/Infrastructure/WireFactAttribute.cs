using System;
using System.IO;
using Xunit;

namespace TcpFsmGen.Wire.Tests.Infrastructure;

/// <summary>
/// A test that talks to the Linux kernel through a TUN device inside a network namespace of its own. Skipped, with the
/// reason, where that cannot be done: not Linux, not root, no <c>/dev/net/tun</c>, no <c>ip</c>, <c>ss</c> or <c>python3</c>
/// (and <c>curl</c> for the tests that name it). <c>.ci/run</c> installs the programs; the CI machine is root and has the device.
/// </summary>
public sealed class WireFactAttribute : FactAttribute
{
    /// <summary>A wire test; <paramref name="curl"/> when it also needs curl.</summary>
    public WireFactAttribute(bool curl = false)
    {
        Skip = Why(curl);
    }

    /// <summary>Why wire tests cannot run here, or null when they can.</summary>
    public static string? Why(bool curl = false)
    {
        if (!OperatingSystem.IsLinux()) return "wire tests need Linux (a TUN device and network namespaces)";
        if (Environment.UserName != "root" && !IsRoot()) return "wire tests need root, to create a network namespace and a TUN device";
        if (!File.Exists("/dev/net/tun")) return "wire tests need /dev/net/tun";
        foreach (var program in curl ? new[] { "ip", "ss", "python3", "curl" } : new[] { "ip", "ss", "python3" })
        {
            if (Programs.Find(program) is null) return $"wire tests need '{program}' on PATH (.ci/run installs iproute2, curl and python3)";
        }
        return null;
    }

    private static bool IsRoot()
    {
        try
        {
            foreach (var line in File.ReadLines("/proc/self/status"))
            {
                if (line.StartsWith("Uid:", StringComparison.Ordinal)) return line.Split('\t', StringSplitOptions.RemoveEmptyEntries)[1] == "0";
            }
        }
        catch (IOException)
        {
        }
        return false;
    }
}
