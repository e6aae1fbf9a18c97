namespace TcpFsmGen.Cli;

internal static class Program
{
    private static int Main(string[] args) => FsmCommand.Run(args, System.Console.Out, System.Console.Error);
}
