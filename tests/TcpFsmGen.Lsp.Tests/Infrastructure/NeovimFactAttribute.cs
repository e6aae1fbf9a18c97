using System;
using System.IO;
using System.Linq;
using Xunit;

namespace TcpFsmGen.Lsp.Tests.Infrastructure;

/// <summary>A test that drives Neovim. Skipped, with the reason, where it is not installed; <c>.ci/run</c> installs it.</summary>
public sealed class NeovimFactAttribute : FactAttribute
{
    public NeovimFactAttribute()
    {
        if (Nvim is null) Skip = "Neovim ('nvim') is not on PATH (apt-get install neovim; .ci/run does this)";
    }

    /// <summary>The full path of <c>nvim</c>, or null.</summary>
    public static string? Nvim
        => (Environment.GetEnvironmentVariable("PATH") ?? "")
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(folder => Path.Combine(folder, "nvim"))
            .FirstOrDefault(File.Exists);
}
