using System;
using System.IO;
using System.Threading.Tasks;
using TcpFsmGen.Samples.Tcp;
using Xunit;

namespace TcpFsmGen.Wire.Tests;

/// <summary><c>serve</c> and <c>connect</c> on bad input: the error, the usage and the exit code, before any device is touched.</summary>
public sealed class CommandTests
{
    private static async Task<(int Code, string Output, string Error)> Run(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var code = await TcpCommand.RunAsync(args, TextReader.Null, output, error);
        return (code, output.ToString(), error.ToString());
    }

    [Theory]
    [InlineData("error: serve needs --device NAME", "serve", "--address", "10.7.0.2")]
    [InlineData("error: connect needs --address IP", "connect", "--device", "fsm0", "10.7.0.1", "80", "--send", "1")]
    [InlineData("error: connect needs HOST PORT", "connect", "--device", "fsm0", "--address", "10.7.0.2", "--send", "1")]
    [InlineData("error: connect needs --send N", "connect", "--device", "fsm0", "--address", "10.7.0.2", "10.7.0.1", "80")]
    [InlineData("error: --loss needs a probability from 0 to below 1", "serve", "--device", "fsm0", "--address", "10.7.0.2", "--loss", "1.5")]
    [InlineData("error: --backlog needs a positive whole number", "serve", "--device", "fsm0", "--address", "10.7.0.2", "--backlog", "0")]
    [InlineData("error: unexpected argument '--send'", "serve", "--device", "fsm0", "--address", "10.7.0.2", "--send", "1")]
    [InlineData("error: 'ten.0.0.1' is not an IPv4 address", "serve", "--device", "fsm0", "--address", "ten.0.0.1")]
    [InlineData("error: '0' is not a port (1 to 65535)", "connect", "--device", "fsm0", "--address", "10.7.0.2", "10.7.0.1", "0", "--send", "1")]
    public async Task BadArguments_AreExit2_WithTheErrorAndTheUsage(string message, params string[] args)
    {
        var (code, _, error) = await Run(args);
        Assert.Equal(2, code);
        Assert.StartsWith(message, error, StringComparison.Ordinal);
        if (!message.Contains("not a", StringComparison.Ordinal)) Assert.Contains("usage: dotnet run --project samples/Tcp -- serve --device NAME", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ADeviceThatDoesNotExist_IsExit1_AndNothingIsCreated()
    {
        var (code, _, error) = await Run("serve", "--device", "nosuchfsm9", "--address", "10.7.0.2");
        Assert.Equal(1, code);
        Assert.Equal(OperatingSystem.IsLinux()
            ? "error: there is no network device 'nosuchfsm9' here: create it first (ip tuntap add dev nosuchfsm9 mode tun)"
            : "error: wire mode needs Linux: it opens a TUN device through /dev/net/tun", error.Trim());
        Assert.False(Directory.Exists("/sys/class/net/nosuchfsm9"));
    }

    [Fact]
    public async Task Help_PrintsTheUsage()
    {
        var (code, output, _) = await Run("connect", "--help");
        Assert.Equal(0, code);
        Assert.Contains("connect --device NAME --address IP HOST PORT --send N", output, StringComparison.Ordinal);
    }
}
