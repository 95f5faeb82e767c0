using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Diagnosers;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Running;
using BotHq.Plugins.Benchmarks.Quick;

// dotnet run -c Release --project benchmarks/BotHq.Plugins.Benchmarks -- --filter '*'    every benchmark, BenchmarkDotNet
// dotnet run -c Release --project benchmarks/BotHq.Plugins.Benchmarks -- --quick         one "NAME ratio=X.XX" line per pair
// dotnet run -c Release --project benchmarks/BotHq.Plugins.Benchmarks -- --propagation   registry change propagation, p50/p99
// dotnet run -c Release --project benchmarks/BotHq.Plugins.Benchmarks -- --reload        reload on change latency, median/p95
if (args.Contains("--quick"))
{
    return await QuickRunner.RunAsync(args);
}

if (args.Contains("--reload"))
{
    return await BotHq.Plugins.Benchmarks.Reload.ReloadRunner.RunAsync(args);
}

if (args.Contains("--propagation"))
{
    return await BotHq.Plugins.Benchmarks.Propagation.PropagationRunner.RunAsync(args);
}

// Fixed counts keep the full run to about twenty minutes on two cores; six warm-up iterations of half a second each put a
// fresh MCP client and server pair well past the ~10k calls it needs to settle.
var config = DefaultConfig.Instance
    .AddJob(Job.Default.WithWarmupCount(6).WithIterationCount(15).AsDefault())
    .AddDiagnoser(MemoryDiagnoser.Default)
    .AddColumn(StatisticColumn.Median, CategoriesColumn.Default)
    .AddLogicalGroupRules(BenchmarkLogicalGroupRule.ByCategory, BenchmarkLogicalGroupRule.ByParams)
    .WithOptions(ConfigOptions.JoinSummary);
BenchmarkSwitcher.FromAssembly(typeof(QuickRunner).Assembly).Run(args, config);
return 0;
