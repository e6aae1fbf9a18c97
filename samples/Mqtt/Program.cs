using System;
using TcpFsmGen.Samples.Mqtt;

// An MQTT 3.1.1 client session, generated from mqtt.fsm, against a scripted in-memory server on a
// manual clock: the state changes and the packets of a short session, in simulated time.
return Demo.Run(Console.Out);
