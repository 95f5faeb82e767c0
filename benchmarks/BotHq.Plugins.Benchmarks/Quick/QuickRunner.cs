using System.Diagnostics;
using System.Globalization;
using System.Text;
using BotHq.Plugins.Benchmarks.Support;

namespace BotHq.Plugins.Benchmarks.Quick;

/// <summary>The <c>--quick</c> mode: a lean in-process loop over the same benchmark classes. Each category is warmed up, then
/// measured in alternating rounds (baseline and candidates, order reversed every round, a full GC before each batch); the
/// ratio printed is the median of the per-round ratios, with its spread.</summary>
internal static class QuickRunner
{
    public static async Task<int> RunAsync(string[] args)
    {
        var filter = FilterOf(args);
        var stopwatch = Stopwatch.StartNew();
        var missed = 0;
        Console.WriteLine($"# quick run: {Environment.ProcessorCount} cores, .NET {Environment.Version}, {RuntimeInformationText()}");
        foreach (var benchmark in BenchmarkClass.All)
        {
            foreach (var parameters in benchmark.Cases())
            {
                var prefix = benchmark.Quick.Prefix + string.Concat(parameters.Select(p => "." + Convert.ToString(p.Value, CultureInfo.InvariantCulture)));
                if (filter is not null && !prefix.Contains(filter, StringComparison.OrdinalIgnoreCase))
                {
                    continue;
                }

                if (benchmark.Quick.NeedsPostgres && !BenchPostgres.IsConfigured)
                {
                    Console.WriteLine($"# {prefix}: left out, no PostgreSQL server given (set BOTHQ_BENCH_POSTGRES to a connection string)");
                    continue;
                }

                Progress($"{prefix}: global setup");
                var instance = benchmark.Create(parameters);
                await BenchmarkClass.InvokeAsync(instance, benchmark.GlobalSetup);
                try
                {
                    foreach (var category in benchmark.Categories)
                    {
                        foreach (var line in await MeasureCategoryAsync(benchmark, instance, prefix + "." + category.Key, [.. category], parameters))
                        {
                            Console.WriteLine(line.Text);
                            missed += line.Missed ? 1 : 0;
                        }
                    }
                }
                finally
                {
                    await BenchmarkClass.InvokeAsync(instance, benchmark.GlobalCleanup);
                }
            }
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"# done in {stopwatch.Elapsed.TotalSeconds:0} s; {missed} target(s) missed"));
        return 0;
    }

    /// <summary>Writes where the run is to stderr, so a slow or stuck pair can be told apart from a finished one.</summary>
    private static void Progress(string text) => Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  [{DateTime.Now:HH:mm:ss}] {text}"));

    private static string? FilterOf(string[] args)
    {
        var index = Array.IndexOf(args, "--filter");
        return index >= 0 && index + 1 < args.Length && args[index + 1] != "*" ? args[index + 1].Trim('*') : null;
    }

    private static string RuntimeInformationText() =>
        $"{System.Runtime.InteropServices.RuntimeInformation.OSDescription.Trim()} {System.Runtime.InteropServices.RuntimeInformation.ProcessArchitecture}";

    private static async Task<List<(string Text, bool Missed)>> MeasureCategoryAsync(
        BenchmarkClass benchmark,
        object instance,
        string name,
        List<BenchmarkMethod> methods,
        IReadOnlyList<(System.Reflection.PropertyInfo Property, object? Value)> parameters)
    {
        var quick = benchmark.Quick;
        var calls = methods.Select(m => m.Bind(instance)).ToArray();
        var invocations = new int[methods.Count];
        for (var i = 0; i < methods.Count; i++)
        {
            Progress($"{name}: warming up {methods[i].Name}");
            var perInvoke = await WarmUpAsync(benchmark, instance, methods[i], calls[i]);
            invocations[i] = (int)Math.Clamp(quick.BatchMilliseconds * 1e6 / Math.Max(perInvoke, 1), 1, 10_000_000);
        }

        var samples = methods.Select(_ => new List<Sample>()).ToArray();
        var slices = Math.Max(quick.Slices, 1);
        var timesCalls = methods.Select(m => quick.CompareMedianLatency && m.OperationsPerInvoke == 1 && benchmark.IterationSetup is null).ToArray();
        for (var round = 0; round < quick.Rounds; round++)
        {
            Progress($"{name}: round {round + 1} of {quick.Rounds}, {slices} slice(s), {string.Join(", ", methods.Select((m, i) => $"{m.Name} x{invocations[i]}"))}");
            GC.Collect();
            GC.WaitForPendingFinalizers();
            GC.Collect();
            var slicesOf = methods.Select(_ => new List<Sample>(slices)).ToArray();
            var latencies = methods.Select((_, i) => timesCalls[i] ? new List<long>(invocations[i]) : null).ToArray();
            for (var slice = 0; slice < slices; slice++)
            {
                for (var k = 0; k < methods.Count; k++)
                {
                    var i = ((round * slices) + slice) % 2 == 0 ? k : methods.Count - 1 - k;
                    var perSlice = Math.Max(invocations[i] / slices, 1);
                    slicesOf[i].Add(await MeasureAsync(benchmark, instance, methods[i], calls[i], perSlice, collect: slices == 1, latencies[i]));
                }
            }

            for (var i = 0; i < methods.Count; i++)
            {
                samples[i].Add(new Sample(
                    slicesOf[i].Average(s => s.Nanoseconds),
                    slicesOf[i].Average(s => s.AllocatedBytes),
                    slicesOf[i].Average(s => s.CpuNanoseconds),
                    latencies[i] is { } timed ? Median([.. timed.Order().Select(t => t * (1e9 / Stopwatch.Frequency))]) : double.NaN));
            }
        }

        var baselineIndex = methods.FindIndex(m => m.IsBaseline);
        var physicalIndex = methods.FindIndex(m => m.IsPhysicalBaseline);
        var candidates = Enumerable.Range(0, methods.Count).Where(i => i != baselineIndex && i != physicalIndex).ToList();
        int? items = quick.PerItemParameter is { } itemName ? Convert.ToInt32(parameters.Single(p => p.Property.Name == itemName).Value, CultureInfo.InvariantCulture) : null;
        var lines = new List<(string, bool)>();
        foreach (var c in candidates)
        {
            var pairName = candidates.Count == 1 ? name : name + "." + methods[c].Name;
            lines.Add(Line(CompareTime(pairName, samples[c], samples[baselineIndex], items), methods[baselineIndex].Name));
            if (physicalIndex >= 0)
            {
                lines.Add(Line(CompareTime(pairName + ".vs-raw-pipe", samples[c], samples[physicalIndex], items), methods[physicalIndex].Name));
            }

            if (quick.CompareCpu)
            {
                lines.Add(Line(Compare(pairName + ".cpu", samples[c], samples[baselineIndex], s => s.CpuNanoseconds, items), methods[baselineIndex].Name, cpu: true));
            }
        }

        return lines;
    }

    /// <summary>Compares time: median call latencies where both sides timed each call, otherwise mean times (the mean ratio is kept
    /// beside a median one, so a reader sees both).</summary>
    private static PairResult CompareTime(string name, List<Sample> candidate, List<Sample> baseline, int? items)
    {
        var byMean = Compare(name, candidate, baseline, s => s.Nanoseconds, items);
        if (candidate.Concat(baseline).Any(s => double.IsNaN(s.MedianNanoseconds)))
        {
            return byMean;
        }

        return Compare(name, candidate, baseline, s => s.MedianNanoseconds, items) with { MeanRatio = byMean.Ratio };
    }

    private static PairResult Compare(string name, List<Sample> candidate, List<Sample> baseline, Func<Sample, double> measure, int? items)
    {
        var ratios = candidate.Zip(baseline, (c, b) => measure(c) / Math.Max(measure(b), 1e-9)).Order().ToList();
        return new PairResult(name, Median(ratios), ratios[0], ratios[^1], MedianOf(candidate), MedianOf(baseline), items);
    }

    private static (string Text, bool Missed) Line(PairResult result, string baselineName, bool cpu = false)
    {
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"{result.Name} ratio={result.Ratio:0.00} spread={result.Min:0.00}-{result.Max:0.00}");
        if (cpu)
        {
            text.Append(CultureInfo.InvariantCulture, $" cpu/op={Targets.Time(result.Candidate.CpuNanoseconds)} baseline-cpu/op={Targets.Time(result.Baseline.CpuNanoseconds)}");
        }
        else if (result.MeanRatio is { } meanRatio)
        {
            text.Append(CultureInfo.InvariantCulture, $" (p50 per call) mean-ratio={meanRatio:0.00}");
            text.Append(CultureInfo.InvariantCulture, $" p50={Targets.Time(result.Candidate.MedianNanoseconds)} mean={Targets.Time(result.Candidate.Nanoseconds)} alloc={result.Candidate.AllocatedBytes:0}B");
            text.Append(CultureInfo.InvariantCulture, $" {baselineName}: p50={Targets.Time(result.Baseline.MedianNanoseconds)} mean={Targets.Time(result.Baseline.Nanoseconds)} alloc={result.Baseline.AllocatedBytes:0}B");
        }
        else
        {
            text.Append(CultureInfo.InvariantCulture, $" median={Targets.Time(result.Candidate.Nanoseconds)} alloc={result.Candidate.AllocatedBytes:0}B");
            text.Append(CultureInfo.InvariantCulture, $" {baselineName}={Targets.Time(result.Baseline.Nanoseconds)} alloc={result.Baseline.AllocatedBytes:0}B");
        }

        if (result.Items is { } items && !cpu)
        {
            var perItem = Targets.PerItem(result);
            text.Append(CultureInfo.InvariantCulture, $" per-plugin={Targets.Time(perItem.Nanoseconds)} alloc/plugin={perItem.AllocatedBytes:0}B (n={items})");
        }

        var missed = false;
        if (Targets.Evaluate(result) is { } target)
        {
            text.Append(" target: ").Append(target.Text).Append(target.Met ? " met" : " MISSED");
            missed = !target.Met;
        }

        return (text.ToString(), missed);
    }

    /// <summary>Runs a method until it has done its warm-up operations or its warm-up time is up; returns the time per invocation.</summary>
    private static async Task<double> WarmUpAsync(BenchmarkClass benchmark, object instance, BenchmarkMethod method, Func<Task> call)
    {
        var quick = benchmark.Quick;
        var started = Stopwatch.GetTimestamp();
        long operations = 0;
        long invocations = 0;
        double timed = 0;
        var chunk = 1;
        while (operations < quick.WarmupOperations && Stopwatch.GetElapsedTime(started).TotalSeconds < quick.MaxWarmupSeconds)
        {
            if (benchmark.IterationSetup is not null || benchmark.IterationCleanup is not null)
            {
                var sample = await MeasureAsync(benchmark, instance, method, call, 1, collect: false);
                timed += sample.Nanoseconds * method.OperationsPerInvoke;
                chunk = 1;
            }
            else
            {
                var chunkStarted = Stopwatch.GetTimestamp();
                for (var i = 0; i < chunk; i++)
                {
                    await call();
                }

                timed += Stopwatch.GetElapsedTime(chunkStarted).TotalNanoseconds;
            }

            operations += (long)chunk * method.OperationsPerInvoke;
            invocations += chunk;
            chunk = Math.Min(chunk * 2, 4096);
        }

        return timed / Math.Max(invocations, 1);
    }

    private static async Task<Sample> MeasureAsync(BenchmarkClass benchmark, object instance, BenchmarkMethod method, Func<Task> call, int invocations, bool collect = true, List<long>? latencies = null)
    {
        if (collect)
        {
            GC.Collect();
            GC.WaitForPendingFinalizers();
            GC.Collect();
        }

        using var process = Process.GetCurrentProcess();
        long ticks = 0;
        long allocated = 0;
        var cpu = TimeSpan.Zero;
        if (benchmark.IterationSetup is null && benchmark.IterationCleanup is null)
        {
            var cpuBefore = process.TotalProcessorTime;
            var allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
            var started = Stopwatch.GetTimestamp();
            if (latencies is null)
            {
                for (var i = 0; i < invocations; i++)
                {
                    await call();
                }
            }
            else
            {
                for (var i = 0; i < invocations; i++)
                {
                    var callStarted = Stopwatch.GetTimestamp();
                    await call();
                    latencies.Add(Stopwatch.GetTimestamp() - callStarted);
                }
            }

            ticks = Stopwatch.GetTimestamp() - started;
            allocated = GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore;
            process.Refresh();
            cpu = process.TotalProcessorTime - cpuBefore;
        }
        else
        {
            for (var i = 0; i < invocations; i++)
            {
                await BenchmarkClass.InvokeAsync(instance, benchmark.IterationSetup);
                process.Refresh();
                var cpuBefore = process.TotalProcessorTime;
                var allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
                var started = Stopwatch.GetTimestamp();
                await call();
                ticks += Stopwatch.GetTimestamp() - started;
                allocated += GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore;
                process.Refresh();
                cpu += process.TotalProcessorTime - cpuBefore;
                await BenchmarkClass.InvokeAsync(instance, benchmark.IterationCleanup);
            }
        }

        var operations = (double)invocations * method.OperationsPerInvoke;
        return new Sample(
            ticks * (1e9 / Stopwatch.Frequency) / operations,
            allocated / operations,
            cpu.Ticks * 100.0 / operations);
    }

    private static Sample MedianOf(List<Sample> samples) => new(
        Median([.. samples.Select(s => s.Nanoseconds).Order()]),
        Median([.. samples.Select(s => s.AllocatedBytes).Order()]),
        Median([.. samples.Select(s => s.CpuNanoseconds).Order()]),
        Median([.. samples.Select(s => s.MedianNanoseconds).Order()]));

    private static double Median(List<double> sorted) =>
        sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[(sorted.Count / 2) - 1] + sorted[sorted.Count / 2]) / 2;
}
