using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Diagnosers;
using BenchmarkDotNet.Running;
using BotHq.Plugins.Benchmarks.Quick;

// dotnet run -c Release --project benchmarks/BotHq.Plugins.Benchmarks -- --filter '*'    every benchmark, BenchmarkDotNet
// dotnet run -c Release --project benchmarks/BotHq.Plugins.Benchmarks -- --quick         one "NAME ratio=X.XX" line per pair
if (args.Contains("--quick"))
{
    return await QuickRunner.RunAsync(args);
}

var config = DefaultConfig.Instance
    .AddDiagnoser(MemoryDiagnoser.Default)
    .AddColumn(StatisticColumn.Median, CategoriesColumn.Default)
    .AddLogicalGroupRules(BenchmarkLogicalGroupRule.ByCategory, BenchmarkLogicalGroupRule.ByParams)
    .WithOptions(ConfigOptions.JoinSummary);
BenchmarkSwitcher.FromAssembly(typeof(QuickRunner).Assembly).Run(args, config);
return 0;
