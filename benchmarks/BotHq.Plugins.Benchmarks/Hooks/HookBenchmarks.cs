using System.Collections.Concurrent;
using System.Globalization;
using System.Reflection;
using BenchmarkDotNet.Attributes;
using BotHq.Plugins.Benchmarks.Support;
using BotHq.Plugins.Extensions;
using Microsoft.Data.Sqlite;

namespace BotHq.Plugins.Benchmarks.Hooks;

/// <summary>Firing OnTaskCreated through the runtime on N loaded extensions that do nothing, versus calling the same N
/// instances directly (baseline). The difference divided by N is the runtime's cost per plugin per hook.</summary>
[QuickRun("hooks", WarmupOperations = 20_000, MaxWarmupSeconds = 2, PerItemParameter = nameof(Plugins))]
public class HookBenchmarks
{
    private static readonly TaskHookData Task = new() { Id = "t-1", WorkspaceId = "w-1", Title = "Fix the login page", State = "todo", Priority = 2 };

    private TempFolder _folder = null!;
    private PluginRuntime _runtime = null!;
    private IPluginHooks _hooks = null!;
    private ITaskCreatedHook[] _instances = null!;

    [Params(1, 10, 100)]
    public int Plugins { get; set; } = 1;

    [GlobalSetup]
    public async Task SetupAsync()
    {
        _folder = new TempFolder("hooks");
        var options = new PluginRuntimeOptions
        {
            PluginsDirectory = _folder.Combine("plugins"),
            DatabasePath = _folder.Combine("plugins.db"),
            KeyDirectory = _folder.Combine("keys"),
        };
        var build = BenchPaths.NoOpExtensionDirectory;
        for (var i = 0; i < Plugins; i++)
        {
            var name = "noop-" + i.ToString("D3", CultureInfo.InvariantCulture);
            var folder = Directory.CreateDirectory(Path.Combine(options.PluginsDirectory, name)).FullName;
            foreach (var file in Directory.EnumerateFiles(build))
            {
                File.Copy(file, Path.Combine(folder, Path.GetFileName(file)));
            }

            await File.WriteAllTextAsync(Path.Combine(folder, "plugin.json"), $$"""{"name":"{{name}}","version":"1.0.0","extensions":"{{BenchPaths.NoOpExtensionAssembly}}"}""");
        }

        _runtime = new PluginRuntime(options);
        await _runtime.InitializeAsync();
        _hooks = _runtime.Hooks;
        var results = await _hooks.FireTaskCreatedAsync(Task);
        if (results.Count != Plugins || results.Any(r => r.Outcome != HookOutcome.Ok))
        {
            throw new InvalidOperationException($"Expected {Plugins} ok results: {string.Join("; ", results.Select(r => $"{r.PluginName} {r.Outcome} {r.Error}"))}");
        }

        _instances = LoadedInstances(_runtime.ExtensionHost);
    }

    [GlobalCleanup]
    public async Task CleanupAsync()
    {
        await _runtime.DisposeAsync();
        SqliteConnection.ClearAllPools();
        _folder.Dispose();
    }

    [Benchmark(Baseline = true), BenchmarkCategory("task-created")]
    public async Task Direct_OnTaskCreated()
    {
        // What a host would do without the runtime: call each instance and wait for it.
        foreach (var instance in _instances)
        {
            await instance.OnTaskCreatedAsync(Task, CancellationToken.None);
        }
    }

    [Benchmark, BenchmarkCategory("task-created")]
    public async Task Runtime_FireTaskCreated()
    {
        var results = await _hooks.FireTaskCreatedAsync(Task);
        if (results.Count != _instances.Length)
        {
            throw new InvalidOperationException("A result is missing.");
        }
    }

    /// <summary>Takes the extension instances the host loaded (the same objects the runtime calls), through its private slots.</summary>
    private ITaskCreatedHook[] LoadedInstances(ExtensionHost host)
    {
        var field = typeof(ExtensionHost).GetField("_slots", BindingFlags.Instance | BindingFlags.NonPublic)
            ?? throw new InvalidOperationException("ExtensionHost has no field _slots any more; update the hook benchmark.");
        var slots = (ConcurrentDictionary<string, Lazy<ExtensionSlot>>)field.GetValue(host)!;
        var instances = slots.OrderBy(pair => pair.Key, StringComparer.Ordinal)
            .Select(pair => pair.Value.Value.Extension?.TaskCreated ?? throw new InvalidOperationException($"Plugin {pair.Key} is not loaded."))
            .ToArray();
        return instances.Length == Plugins ? instances : throw new InvalidOperationException($"{instances.Length} of {Plugins} extensions are loaded.");
    }
}
