using System;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using TcpFsmGen.Cli.Formatting;
using TcpFsmGen.Lsp.Tests.Infrastructure;
using Xunit;

namespace TcpFsmGen.Lsp.Tests;

/// <summary>
/// A real editor: headless Neovim, configured with the snippet of <c>docs/ide.md</c>, starts <c>fsm lsp</c> with its
/// built-in client, opens a broken machine, shows the diagnostics, renames a state and formats the buffer.
/// </summary>
public sealed class NeovimTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("lsp-nvim-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    /// <summary>The Lua block of docs/ide.md's Neovim section: the configuration users copy.</summary>
    public static string DocumentedConfiguration()
    {
        var ide = File.ReadAllText(RepoPaths.Combine("docs", "ide.md"));
        var match = Regex.Match(ide, "```lua\n(.*?)```", RegexOptions.Singleline);
        Assert.True(match.Success, "docs/ide.md has no ```lua block");
        return match.Groups[1].Value;
    }

    [NeovimFact]
    public void NeovimShowsTheDiagnosticsRenamesAndFormatsThroughFsmLsp()
    {
        // 'fsm' on PATH, as an installed tool would be: a script that runs the fsm.dll built beside the tests.
        var bin = Directory.CreateDirectory(Path.Combine(_folder, "bin")).FullName;
        var fsm = Path.Combine(bin, "fsm");
        File.WriteAllText(fsm, $"#!/bin/sh\nexec dotnet '{RepoPaths.FsmDll}' \"$@\"\n");
        if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(fsm, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);

        var text = Machines.BrokenDoor;
        var file = Path.Combine(_folder, "door.fsm");
        File.WriteAllText(file, text);
        var output = Path.Combine(_folder, "out.txt");
        var (renameLine, renameColumn) = LineAndColumn(text, "state Closed", 6);
        var init = Path.Combine(_folder, "init.lua");
        File.WriteAllText(init, DocumentedConfiguration());
        var script = Path.Combine(_folder, "test.lua");
        File.WriteAllText(script, $$"""
            local out = assert(io.open('{{output}}', 'w'))
            local function say(s) out:write(s, '\n') out:flush() end
            local function buffer() return table.concat(vim.api.nvim_buf_get_lines(0, 0, -1, false), '\n') end
            vim.cmd('edit {{file}}')
            local buf = vim.api.nvim_get_current_buf()
            if not vim.wait(60000, function() return #vim.diagnostic.get(buf) > 0 end, 20) then say('no diagnostics') vim.cmd('qa!') end
            for _, d in ipairs(vim.diagnostic.get(buf)) do say(string.format('diagnostic %d:%d %s %s', d.lnum + 1, d.col + 1, d.code, d.message)) end
            vim.api.nvim_win_set_cursor(0, { {{renameLine}}, {{renameColumn}} })
            vim.lsp.buf.rename('Fastened')
            if not vim.wait(60000, function() return buffer():find('Fastened') ~= nil end, 20) then say('not renamed') end
            say('--- renamed') say(buffer())
            if vim.lsp.buf.format then vim.lsp.buf.format({ timeout_ms = 60000 }) else vim.lsp.buf.formatting_sync(nil, 60000) end
            say('--- formatted') say(buffer())
            say('--- end')
            vim.cmd('qa!')
            """);

        var start = new ProcessStartInfo(NeovimFactAttribute.Nvim!)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            WorkingDirectory = _folder,
        };
        foreach (var argument in new[] { "--headless", "-n", "-i", "NONE", "-u", init, "-c", "luafile " + script }) start.ArgumentList.Add(argument);
        start.Environment["PATH"] = bin + Path.PathSeparator + Environment.GetEnvironmentVariable("PATH");
        foreach (var xdg in new[] { "XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_STATE_HOME", "XDG_CACHE_HOME" }) start.Environment[xdg] = _folder;
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        using var nvim = Process.Start(start)!;
        var stdout = nvim.StandardOutput.ReadToEndAsync();
        var stderr = nvim.StandardError.ReadToEndAsync();
        if (!nvim.WaitForExit(TimeSpan.FromMinutes(3)))
        {
            nvim.Kill(entireProcessTree: true);
            Assert.Fail("Neovim did not finish: " + (File.Exists(output) ? File.ReadAllText(output) : "(no output)"));
        }
        var result = File.Exists(output) ? File.ReadAllText(output) : "";
        Assert.True(result.Contains("--- end\n", StringComparison.Ordinal), $"Neovim stopped early:\n{result}\n{stdout.Result}\n{stderr.Result}");

        var diagnostics = result.Split('\n').Where(l => l.StartsWith("diagnostic ", StringComparison.Ordinal)).Order(StringComparer.Ordinal).ToList();
        Assert.Equal(
        [
            "diagnostic 23:15 TFSM0002 State 'Lockd' is not declared; did you mean 'Locked'?",
            "diagnostic 23:8 TFSM0003 Event 'Lok' is not declared; did you mean 'Lock'?",
        ], diagnostics);

        // Every 'Closed' of the code, none of the comments.
        var renamed = string.Join("\n", text.Split('\n').Select(line =>
        {
            var comment = line.IndexOf("//", StringComparison.Ordinal);
            var code = comment < 0 ? line : line.Substring(0, comment);
            return Regex.Replace(code, @"\bClosed\b", "Fastened") + (comment < 0 ? "" : line.Substring(comment));
        }));
        Assert.NotEqual(text, renamed);
        Assert.Equal(renamed.TrimEnd('\n'), Section(result, "--- renamed"));
        Assert.Equal(FsmFormatter.Format("door.fsm", renamed).Text!.TrimEnd('\n'), Section(result, "--- formatted"));
    }

    /// <summary>Neovim's (one-based line, zero-based byte column) of the character <paramref name="delta"/> into <paramref name="needle"/>.</summary>
    private static (int Line, int Column) LineAndColumn(string text, string needle, int delta)
    {
        var (line, character) = TextPositions.Of(text, TextPositions.Find(text, needle) + delta);
        return (line + 1, character);
    }

    private static string Section(string output, string heading)
    {
        var start = output.IndexOf(heading + "\n", StringComparison.Ordinal) + heading.Length + 1;
        var end = output.IndexOf("\n---", start, StringComparison.Ordinal);
        return output.Substring(start, end - start);
    }
}
