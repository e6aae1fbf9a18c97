using Xunit;

namespace TcpFsmGen.Tests.Tcp;

/// <summary>
/// Scenario traces replayed against one endpoint (ISS 0, peer ISS 0, relative numbers as Wireshark
/// shows them). Each expected line was checked against RFC 9293 section 3.10 (and RFC 5961 as Linux
/// applies it); docs/tcp.md maps every transition of the machine to the test that drives it.
/// </summary>
public class TcpScenarioTests
{
    [Fact]
    public void ActiveOpen()
    {
        Assert.Equal(new[]
        {
            "1: SYN-SENT sent: S seq=0 ack=0 len=0",
            "2: ESTABLISHED sent: A seq=1 ack=1 len=0",
        }, TcpTrace.Run("""
            connect
            rcv SA seq=0 ack=1 len=0
            """));
    }

    [Fact]
    public void PassiveOpen()
    {
        Assert.Equal(new[]
        {
            "1: LISTEN",
            "2: SYN-RECEIVED sent: SA seq=0 ack=1 len=0",
            "3: ESTABLISHED",
        }, TcpTrace.Run("""
            listen
            rcv S seq=0 ack=0 len=0
            rcv A seq=1 ack=1 len=0
            """));
    }

    [Fact]
    public void ActiveCloseFirst()
    {
        Assert.Equal(new[]
        {
            "1: SYN-SENT sent: S seq=0 ack=0 len=0",
            "2: ESTABLISHED sent: A seq=1 ack=1 len=0",
            "3: FIN-WAIT-1 sent: FA seq=1 ack=1 len=0",
            "4: FIN-WAIT-2",
            "5: TIME-WAIT sent: A seq=2 ack=2 len=0",
            "6: TIME-WAIT",
            "7: CLOSED",
        }, TcpTrace.Run("""
            connect
            rcv SA seq=0 ack=1 len=0
            close
            rcv A seq=1 ack=2 len=0
            rcv FA seq=1 ack=2 len=0
            tick 239999
            tick 1
            """));
    }

    [Fact]
    public void PassiveCloseFirst()
    {
        Assert.Equal(new[]
        {
            "1: SYN-SENT sent: S seq=0 ack=0 len=0",
            "2: ESTABLISHED sent: A seq=1 ack=1 len=0",
            "3: CLOSE-WAIT sent: A seq=1 ack=2 len=0",
            "4: LAST-ACK sent: FA seq=1 ack=2 len=0",
            "5: CLOSED",
        }, TcpTrace.Run("""
            connect
            rcv SA seq=0 ack=1 len=0
            rcv FA seq=1 ack=1 len=0
            close
            rcv A seq=2 ack=2 len=0
            """));
    }

    [Fact]
    public void SimultaneousOpen()
    {
        Assert.Equal(new[]
        {
            "1: SYN-SENT sent: S seq=0 ack=0 len=0",
            "2: SYN-RECEIVED sent: SA seq=0 ack=1 len=0",
            "3: ESTABLISHED sent: A seq=1 ack=1 len=0",
        }, TcpTrace.Run("""
            connect
            rcv S seq=0 ack=0 len=0
            rcv SA seq=0 ack=1 len=0
            """));
    }

    [Fact]
    public void SimultaneousClose()
    {
        Assert.Equal(new[]
        {
            "1: SYN-SENT sent: S seq=0 ack=0 len=0",
            "2: ESTABLISHED sent: A seq=1 ack=1 len=0",
            "3: FIN-WAIT-1 sent: FA seq=1 ack=1 len=0",
            "4: CLOSING sent: A seq=2 ack=2 len=0",
            "5: TIME-WAIT",
            "6: CLOSED",
        }, TcpTrace.Run("""
            connect
            rcv SA seq=0 ack=1 len=0
            close
            rcv FA seq=1 ack=1 len=0
            rcv A seq=2 ack=2 len=0
            tick 240000
            """));
    }

    [Fact]
    public void FinAckShortcut()
    {
        Assert.Equal(new[]
        {
            "1: SYN-SENT sent: S seq=0 ack=0 len=0",
            "2: ESTABLISHED sent: A seq=1 ack=1 len=0",
            "3: FIN-WAIT-1 sent: FA seq=1 ack=1 len=0",
            "4: TIME-WAIT sent: A seq=2 ack=2 len=0",
        }, TcpTrace.Run("""
            connect
            rcv SA seq=0 ack=1 len=0
            close
            rcv FA seq=1 ack=2 len=0
            """));
    }

    [Fact]
    public void TimeWaitRestart()
    {
        Assert.Equal(new[]
        {
            "1: SYN-SENT sent: S seq=0 ack=0 len=0",
            "2: ESTABLISHED sent: A seq=1 ack=1 len=0",
            "3: FIN-WAIT-1 sent: FA seq=1 ack=1 len=0",
            "4: TIME-WAIT sent: A seq=2 ack=2 len=0",
            "5: TIME-WAIT",
            "6: TIME-WAIT sent: A seq=2 ack=2 len=0",
            "7: TIME-WAIT",
            "8: CLOSED",
        }, TcpTrace.Run("""
            connect
            rcv SA seq=0 ack=1 len=0
            close
            rcv FA seq=1 ack=2 len=0
            tick 200000
            rcv FA seq=1 ack=2 len=0
            tick 200000
            tick 40000
            """));
    }

    [Fact]
    public void RstSynReceivedPassive()
    {
        Assert.Equal(new[]
        {
            "1: LISTEN",
            "2: SYN-RECEIVED sent: SA seq=0 ack=1 len=0",
            "3: LISTEN",
        }, TcpTrace.Run("""
            listen
            rcv S seq=0 ack=0 len=0
            rcv R seq=1 ack=0 len=0
            """));
    }

    [Fact]
    public void RstSynReceivedActive()
    {
        Assert.Equal(new[]
        {
            "1: SYN-SENT sent: S seq=0 ack=0 len=0",
            "2: SYN-RECEIVED sent: SA seq=0 ack=1 len=0",
            "3: CLOSED error: connection refused",
        }, TcpTrace.Run("""
            connect
            rcv S seq=0 ack=0 len=0
            rcv R seq=1 ack=0 len=0
            """));
    }

    [Fact]
    public void RstEstablished()
    {
        Assert.Equal(new[]
        {
            "1: SYN-SENT sent: S seq=0 ack=0 len=0",
            "2: ESTABLISHED sent: A seq=1 ack=1 len=0",
            "3: ESTABLISHED sent: A seq=1 ack=1 len=0",
            "4: ESTABLISHED",
            "5: CLOSED error: connection reset",
        }, TcpTrace.Run("""
            connect
            rcv SA seq=0 ack=1 len=0
            rcv R seq=5 ack=0 len=0
            rcv R seq=0 ack=0 len=0
            rcv R seq=1 ack=0 len=0
            """));
    }

    [Fact]
    public void SynInEstablished()
    {
        Assert.Equal(new[]
        {
            "1: SYN-SENT sent: S seq=0 ack=0 len=0",
            "2: ESTABLISHED sent: A seq=1 ack=1 len=0",
            "3: ESTABLISHED sent: A seq=1 ack=1 len=0",
        }, TcpTrace.Run("""
            connect
            rcv SA seq=0 ack=1 len=0
            rcv S seq=1 ack=0 len=0
            """));
    }

    [Fact]
    public void ClosedPort()
    {
        Assert.Equal(new[]
        {
            "1: CLOSED sent: RA seq=0 ack=1 len=0",
            "2: CLOSED sent: R seq=7 ack=0 len=0",
            "3: CLOSED",
            "4: CLOSED error: connection does not exist",
            "5: CLOSED error: connection does not exist",
        }, TcpTrace.Run("""
            rcv S seq=0 ack=0 len=0
            rcv A seq=5 ack=7 len=0
            rcv R seq=0 ack=0 len=0
            close
            send 3
            """));
    }

    [Fact]
    public void Listen()
    {
        Assert.Equal(new[]
        {
            "1: LISTEN",
            "2: LISTEN",
            "3: LISTEN sent: R seq=9 ack=0 len=0",
            "4: LISTEN sent: R seq=0 ack=0 len=0",
            "5: LISTEN error: connection already exists",
        }, TcpTrace.Run("""
            listen
            rcv R seq=0 ack=0 len=0
            rcv A seq=0 ack=9 len=0
            rcv FA seq=0 ack=0 len=0
            listen
            """));
    }

    [Fact]
    public void SynSentBadAck()
    {
        Assert.Equal(new[]
        {
            "1: SYN-SENT sent: S seq=0 ack=0 len=0",
            "2: SYN-SENT sent: R seq=5 ack=0 len=0",
            "3: SYN-SENT",
            "4: CLOSED error: connection reset",
        }, TcpTrace.Run("""
            connect
            rcv A seq=0 ack=5 len=0
            rcv R seq=0 ack=0 len=0
            rcv RA seq=0 ack=1 len=0
            """));
    }

    [Fact]
    public void QueuedData()
    {
        Assert.Equal(new[]
        {
            "1: SYN-SENT sent: S seq=0 ack=0 len=0",
            "2: SYN-SENT",
            "3: ESTABLISHED sent: PA seq=1 ack=1 len=10",
            "4: ESTABLISHED sent: PA seq=11 ack=1 len=5",
            "5: ESTABLISHED",
        }, TcpTrace.Run("""
            connect
            send 10
            rcv SA seq=0 ack=1 len=0
            send 5
            rcv A seq=1 ack=16 len=0
            """));
    }

    [Fact]
    public void Aborts()
    {
        Assert.Equal(new[]
        {
            "1: LISTEN",
            "2: CLOSED",
            "3: SYN-SENT sent: S seq=0 ack=0 len=0",
            "4: CLOSED",
            "5: LISTEN",
            "6: SYN-RECEIVED sent: SA seq=0 ack=1 len=0",
            "7: CLOSED sent: R seq=1 ack=0 len=0",
        }, TcpTrace.Run("""
            listen
            abort
            connect
            abort
            listen
            rcv S seq=0 ack=0 len=0
            abort
            """));
    }

    [Fact]
    public void UserTimeout()
    {
        Assert.Equal(new[]
        {
            "1: SYN-SENT sent: S seq=0 ack=0 len=0",
            "2: ESTABLISHED sent: A seq=1 ack=1 len=0",
            "3: ESTABLISHED sent: PA seq=1 ack=1 len=10",
            "4: ESTABLISHED",
            "5: CLOSED error: connection aborted due to user timeout",
        }, TcpTrace.Run("""
            connect
            rcv SA seq=0 ack=1 len=0
            send 10
            tick 29999
            tick 1
            """, userTimeoutSeconds: 30));
    }
}
