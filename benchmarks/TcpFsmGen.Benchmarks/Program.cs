using BenchmarkDotNet.Running;

// dotnet run -c Release --project benchmarks/TcpFsmGen.Benchmarks -- --filter '*'
BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
