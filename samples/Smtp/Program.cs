using System;
using TcpFsmGen.Samples.Smtp;

// The client side of an SMTP session, declared with attributes (SmtpClient.cs), against an in-memory server.
//   dotnet run --project samples/Smtp                 deliver a message to two recipients
//   dotnet run --project samples/Smtp -- reject       the second recipient is refused
//   dotnet run --project samples/Smtp -- silent       the server never answers; the greeting's 5-minute timer aborts
var scenario = args.Length == 0 ? Scenario.Deliver
    : Enum.TryParse<Scenario>(args[0], ignoreCase: true, out var chosen) ? chosen
    : (Scenario?)null;
if (scenario is null)
{
    Console.Error.WriteLine($"Unknown scenario '{args[0]}'; choose deliver, reject or silent.");
    return 2;
}

var conversation = Conversation.Run(scenario.Value, Console.Out);
var client = conversation.Client;
Console.WriteLine();
Console.WriteLine($"final state: {client.Current}; delivered: {(client.Delivered ? "yes" : "no")}{(client.Failure is { } f ? $"; failure: {f}" : "")}");
return 0;
