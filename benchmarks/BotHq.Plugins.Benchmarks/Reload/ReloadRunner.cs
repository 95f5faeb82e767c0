using System.Diagnostics;
using System.Globalization;
using BotHq.Plugins.Benchmarks.Support;

namespace BotHq.Plugins.Benchmarks.Reload;

/// <summary>Reload on change, change to reloaded: with <see cref="PluginRuntimeOptions.WatchForChanges"/> on and the default
/// <see cref="PluginRuntimeOptions.WatchDebounce"/>, a plugin.json is rewritten (a new version) or the extension assembly is
/// replaced (while loaded), and the time runs until the runtime reports the reload (<see cref="PluginRuntime.PluginReloaded"/>
/// for that folder, the extension loaded again). Prints the median and p95 of each against the 1 s target, debounce included.</summary>
/// <remarks><c>--reload [--rounds N]</c> (default 20 rounds of each; 3 of each first, not counted).</remarks>
internal static class ReloadRunner
{
    private const double TargetMilliseconds = 1000;

    public static async Task<int> RunAsync(string[] args)
    {
        var index = Array.IndexOf(args, "--rounds");
        var rounds = index >= 0 && index + 1 < args.Length ? int.Parse(args[index + 1], CultureInfo.InvariantCulture) : 20;
        using var folder = new TempFolder("reload");
        var plugins = folder.Combine("plugins");
        var plugin = Path.Combine(plugins, "alpha");
        Directory.CreateDirectory(plugin);
        foreach (var file in Directory.GetFiles(BenchPaths.NoOpExtensionDirectory))
        {
            File.Copy(file, Path.Combine(plugin, Path.GetFileName(file)));
        }

        var version = 0;
        void WriteManifest() => File.WriteAllText(Path.Combine(plugin, "plugin.json"), string.Create(CultureInfo.InvariantCulture,
            $$"""{"name":"alpha","version":"1.0.{{version++}}","extensions":"{{BenchPaths.NoOpExtensionAssembly}}"}"""));
        WriteManifest();
        var options = new PluginRuntimeOptions
        {
            PluginsDirectory = plugins,
            DatabasePath = folder.Combine("plugins.db"),
            KeyDirectory = folder.Combine("keys"),
            WatchForChanges = true,
        };
        await using var runtime = new PluginRuntime(options);
        await runtime.InitializeAsync();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"# reload: {Environment.ProcessorCount} cores, debounce {options.WatchDebounce.TotalMilliseconds:0} ms, {rounds} rounds each"));

        var assembly = Path.Combine(plugin, BenchPaths.NoOpExtensionAssembly);
        var bytes = await File.ReadAllBytesAsync(assembly);
        await MeasureAsync(runtime, "reload.manifest", rounds, WriteManifest);
        await MeasureAsync(runtime, "reload.extension", rounds, () =>
        {
            // Written as a build writes its output: truncated and rewritten in place.
            File.WriteAllBytes(assembly, bytes);
        });
        return 0;
    }

    private static async Task MeasureAsync(PluginRuntime runtime, string name, int rounds, Action change)
    {
        var latencies = new List<double>(rounds);
        for (var round = -3; round < rounds; round++)
        {
            // The extension is loaded before each change, so that a reload loads it again in a new context.
            await runtime.StartPluginAsync("alpha");
            var reloaded = new TaskCompletionSource<double>(TaskCreationOptions.RunContinuationsAsynchronously);
            var stopwatch = new Stopwatch();
            EventHandler<PluginReloadedEventArgs> handler = (_, e) => reloaded.TrySetResult(stopwatch.Elapsed.TotalMilliseconds);
            runtime.PluginReloaded += handler;
            try
            {
                stopwatch.Start();
                change();
                var elapsed = await reloaded.Task.WaitAsync(TimeSpan.FromSeconds(30));
                if (round >= 0)
                {
                    latencies.Add(elapsed);
                }
            }
            finally
            {
                runtime.PluginReloaded -= handler;
            }

            // The next change comes after the watcher has gone quiet, as an author's next save would.
            await Task.Delay(100);
        }

        latencies.Sort();
        var median = Percentile(latencies, 0.50);
        var p95 = Percentile(latencies, 0.95);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{name} rounds={rounds} median={median:0}ms p95={p95:0}ms max={latencies[^1]:0}ms target<={TargetMilliseconds:0}ms {(p95 <= TargetMilliseconds ? "met" : "MISSED")}"));
    }

    private static double Percentile(List<double> sorted, double p) =>
        sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Count) - 1, 0, sorted.Count - 1)];
}
