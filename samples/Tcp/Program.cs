using System;
using TcpFsmGen.Samples.Tcp;

// The TCP connection machine of RFC 9293, generated from tcp.fsm.
//   (no arguments)             a whole connection between two endpoints, as a timeline
//   --simultaneous-open        both peers connect at once
//   --simultaneous-close       both peers close at once
//   --reset                    an abort and its RST
//   replay FILE|-              replay a trace against one endpoint (see docs/tcp.md)
//     --expect FILE            compare the replay with FILE: exit 1 and show the first differing line, or 0 on a match
//   scale [--connections N]    N connections (100,000 by default) through their whole life on one event loop
//   save FILE                  an endpoint in TIME-WAIT, written to FILE (JSON) with its 2MSL timer's deadline
//   load FILE                  the endpoint restored on the real clock; exits when its 2MSL timer elapses
// Options: --msl SECONDS (default 120), --user-timeout SECONDS (replay; off by default),
//          --real-time (the demo's timers on the real clock instead of simulated time: TIME-WAIT takes 2 x MSL).
// TcpCommand holds the code, so that the tests run the same command line.

return await TcpCommand.RunAsync(args, Console.In, Console.Out, Console.Error);
