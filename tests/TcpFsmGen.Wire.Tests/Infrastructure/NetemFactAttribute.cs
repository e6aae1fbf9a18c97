using System;
using System.Threading;

namespace TcpFsmGen.Wire.Tests.Infrastructure;

/// <summary>
/// A wire test that also needs <c>tc netem</c>: skipped, with the reason, where the kernel has no netem qdisc (probed once,
/// on the loopback device of a throwaway namespace).
/// </summary>
public sealed class NetemFactAttribute : Xunit.FactAttribute
{
    private static readonly Lazy<string?> s_why = new(Probe, LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>A wire test with netem.</summary>
    public NetemFactAttribute()
    {
        Skip = WireFactAttribute.Why() ?? s_why.Value;
    }

    private static string? Probe()
    {
        if (Programs.Find("tc") is null) return "netem tests need 'tc' (iproute2)";
        var name = $"wire-netem-probe-{Environment.ProcessId}";
        try
        {
            if (Programs.Run("ip", ["netns", "add", name]).ExitCode != 0) return "cannot create a network namespace";
            var (code, _, error) = Programs.Run("ip", ["netns", "exec", name, "tc", "qdisc", "add", "dev", "lo", "root", "netem", "loss", "1%"]);
            return code == 0 ? null : $"this kernel has no netem qdisc ({error.Trim()})";
        }
        finally
        {
            Programs.Run("ip", ["netns", "del", name]);
        }
    }
}
