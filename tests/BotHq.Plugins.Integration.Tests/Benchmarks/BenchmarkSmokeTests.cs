using System.Globalization;
using BotHq.Plugins.Benchmarks.Quick;
using BotHq.Plugins.Tests.Mcp;
using BotHq.Plugins.Tests.TestSupport.Postgres;

namespace BotHq.Plugins.Integration.Tests.Benchmarks;

/// <summary>Runs every benchmark method once, untimed, after its class's setup and before its cleanup, so that no benchmark rots
/// unnoticed; the figures themselves come only from running the benchmarks (docs/benchmarks.md).</summary>
[TestFixture]
public sealed class BenchmarkSmokeTests
{
    public static IEnumerable<TestCaseData> Classes() =>
        BenchmarkClass.All.Select(benchmark => new TestCaseData(benchmark.Type.Name).SetArgDisplayNames(benchmark.Type.Name));

    [TestCaseSource(nameof(Classes))]
    public async Task BenchmarkMethods_EachRunOnce_CompleteAndLeaveNoProcess(string className)
    {
        var benchmark = BenchmarkClass.All.Single(b => b.Type.Name == className);
        if (benchmark.Quick.NeedsPostgres)
        {
            BotHq.Plugins.Benchmarks.Support.BenchPostgres.ConnectionString = await PostgresTestDatabase.ConnectionStringAsync();
        }

        var ran = new List<string>();
        foreach (var parameters in benchmark.SmokeCases())
        {
            var instance = benchmark.Create(parameters);
            var caseName = string.Join(",", parameters.Select(p => Convert.ToString(p.Value, CultureInfo.InvariantCulture)));
            await BenchmarkClass.InvokeAsync(instance, benchmark.GlobalSetup);
            try
            {
                foreach (var method in benchmark.Methods)
                {
                    await BenchmarkClass.InvokeAsync(instance, benchmark.IterationSetup);
                    try
                    {
                        await method.Bind(instance)().WaitAsync(TimeSpan.FromSeconds(60));
                        ran.Add($"{method.Name}({caseName})");
                    }
                    finally
                    {
                        await BenchmarkClass.InvokeAsync(instance, benchmark.IterationCleanup);
                    }
                }
            }
            finally
            {
                await BenchmarkClass.InvokeAsync(instance, benchmark.GlobalCleanup);
            }
        }

        using (Assert.EnterMultipleScope())
        {
            Assert.That(benchmark.Methods.Where(m => m.IsBaseline).Select(m => m.Category), Is.EquivalentTo(benchmark.Categories.Select(c => c.Key)), "one baseline per category");
            Assert.That(ran, Has.Count.EqualTo(benchmark.Methods.Count * benchmark.SmokeCases().Count()));
        }

        await ChildProcesses.AssertNoneRemainAsync();
    }
}
