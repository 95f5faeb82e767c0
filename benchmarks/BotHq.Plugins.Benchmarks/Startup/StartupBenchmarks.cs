using System.Globalization;
using System.Text.Json;
using BenchmarkDotNet.Attributes;
using BotHq.Plugins.Benchmarks.Support;
using BotHq.Plugins.Manifest;
using Microsoft.Data.Sqlite;

namespace BotHq.Plugins.Benchmarks.Startup;

/// <summary><see cref="PluginRuntime.InitializeAsync"/> over N plugin folders, on a fresh database and on one already synced,
/// versus reading and parsing the same manifests with System.Text.Json alone (baseline).</summary>
// Warmed up for longer than the runtime's tiering delay (100 ms), so both sides are measured in optimized code.
[QuickRun("startup", WarmupOperations = 20, MaxWarmupSeconds = 5, BatchMilliseconds = 600, Rounds = 5)]
[InvocationCount(1, 1), IterationCount(15), WarmupCount(10)]
public class StartupBenchmarks
{
    private TempFolder _folder = null!;
    private PluginRuntimeOptions _options = null!;
    private PluginRuntime? _runtime;
    private bool _initialized;

    [Params(10, 100, 1000)]
    public int Plugins { get; set; } = 10;

    [Params("fresh", "synced")]
    public string Database { get; set; } = "fresh";

    [GlobalSetup]
    public void Setup()
    {
        _folder = new TempFolder("startup");
        _options = new PluginRuntimeOptions
        {
            PluginsDirectory = _folder.Combine("plugins"),
            DatabasePath = _folder.Combine("plugins.db"),
            KeyDirectory = _folder.Combine("keys"),
        };
        for (var i = 0; i < Plugins; i++)
        {
            var name = "plugin-" + i.ToString("D4", CultureInfo.InvariantCulture);
            var folder = Directory.CreateDirectory(Path.Combine(_options.PluginsDirectory, name)).FullName;
            File.WriteAllText(Path.Combine(folder, "plugin.json"), Manifest(name));
        }

        if (Database == "synced")
        {
            using var runtime = new PluginRuntime(_options);
            runtime.InitializeAsync().GetAwaiter().GetResult();
            if (runtime.Plugins.Count != Plugins)
            {
                throw new InvalidOperationException($"{runtime.Plugins.Count} of {Plugins} plugins were loaded: {string.Join("; ", runtime.LoadErrors.SelectMany(e => e.Errors).Select(p => p.Message))}");
            }
        }
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        SqliteConnection.ClearAllPools();
        _folder.Dispose();
    }

    [IterationSetup]
    public void CreateRuntime()
    {
        if (Database == "fresh")
        {
            SqliteConnection.ClearAllPools();
            foreach (var suffix in new[] { "", "-wal", "-shm" })
            {
                File.Delete(_options.DatabasePath + suffix);
            }
        }

        _runtime = new PluginRuntime(_options);
    }

    [IterationCleanup]
    public void DisposeRuntime()
    {
        if (_initialized && _runtime!.Plugins.Count != Plugins)
        {
            throw new InvalidOperationException($"{_runtime.Plugins.Count} of {Plugins} plugins were loaded.");
        }

        _runtime?.Dispose();
        _runtime = null;
        _initialized = false;
    }

    [Benchmark(Baseline = true), BenchmarkCategory("initialize")]
    public int ParseManifests_SystemTextJson()
    {
        var count = 0;
        foreach (var folder in Directory.GetDirectories(_options.PluginsDirectory))
        {
            var manifest = JsonSerializer.Deserialize(File.ReadAllBytes(Path.Combine(folder, "plugin.json")), ManifestJsonContext.Default.PluginManifest);
            count += manifest is null ? 0 : 1;
        }

        return count == Plugins ? count : throw new InvalidOperationException($"{count} of {Plugins} manifests parsed.");
    }

    [Benchmark, BenchmarkCategory("initialize")]
    public async Task InitializeAsync_Runtime()
    {
        await _runtime!.InitializeAsync();
        _initialized = true;
    }

    /// <summary>A manifest of the usual size: an MCP server, settings of each kind, one credential.</summary>
    private static string Manifest(string name) => $$"""
        {
          "name": "{{name}}",
          "version": "1.2.3",
          "description": "Benchmark plugin {{name}}: turns issues into tasks",
          "author": { "name": "Bench Author", "url": "https://example.com/author" },
          "license": "MIT",
          "bot-hq": { "minVersion": "1.0.0" },
          "mcp": { "command": "node", "args": ["server/index.js", "--stdio"], "env": { "LOG_LEVEL": "info" } },
          "settings": {
            "apiUrl": { "type": "string", "label": "API URL", "default": "https://api.example.com" },
            "pageSize": { "type": "number", "label": "Page size", "default": 50 },
            "includeClosed": { "type": "boolean", "label": "Include closed", "default": false },
            "sort": { "type": "select", "label": "Sort by", "options": ["created", "updated"], "default": "updated" }
          },
          "credentials": {
            "API_TOKEN": { "type": "secret", "label": "API token", "required": false }
          }
        }
        """;
}
