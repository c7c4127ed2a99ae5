using BenchmarkDotNet.Running;

// dotnet run -c Release --project benchmarks/Feeds.Benchmarks -- --filter '*'
BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
