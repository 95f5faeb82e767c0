using System.Globalization;
using System.Text.Json;
using BenchmarkDotNet.Attributes;
using BotHq.Plugins.Benchmarks.Support;
using BotHq.Plugins.Storage;
using BotHq.Plugins.Storage.Sqlite;
using Dapper;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;

namespace BotHq.Plugins.Benchmarks.Stores;

/// <summary>The plugin stores on a real SQLite file versus the same operation written by hand (baseline, per category).</summary>
[QuickRun("stores")]
public class StoreBenchmarks
{
    private const string Key = "settings/last-sync";
    private static readonly BenchNote Note = new("Sync the issue tracker", 42, ["github", "issues", "nightly"]);

    private TempFolder _folder = null!;
    private SqliteStorage _storage = null!;
    private PluginStores _stores = null!;
    private SqliteConnection _handConnection = null!;
    private HandWrittenValueTable _handStore = null!;
    private HandWrittenValueTable _handWorkspaces = null!;
    private HandWrittenValueTable _handTasks = null!;
    private int _counter;

    [GlobalSetup]
    public async Task SetupAsync()
    {
        _folder = new TempFolder("stores");
        var options = new PluginRuntimeOptions { DatabasePath = _folder.Combine("plugins.db"), PluginsDirectory = _folder.Combine("plugins"), KeyDirectory = _folder.Combine("keys") };
        _storage = new SqliteStorage(options, TimeProvider.System, NullLoggerFactory.Instance);
        await _storage.MigrateAsync(CancellationToken.None);
        long pluginId;
        await using (var connection = await _storage.Connections.OpenAsync())
        {
            var now = DateTimeOffset.UtcNow.ToString("O", CultureInfo.InvariantCulture);
            pluginId = await connection.ExecuteScalarAsync<long>(
                "INSERT INTO plugins (name, version, manifest, installed_at, updated_at) VALUES ('bench', '1.0.0', '{}', @now, @now) RETURNING id", new { now });
        }

        _stores = new PluginStores(_storage, pluginId, "bench", new JsonSerializerOptions(JsonSerializerDefaults.Web), options.MaxValueBytes, TimeProvider.System);
        _handConnection = await _storage.Connections.OpenAsync();
        _handStore = new HandWrittenValueTable(_handConnection, PluginValueTable.Store, pluginId);
        _handWorkspaces = new HandWrittenValueTable(_handConnection, PluginValueTable.WorkspaceData, pluginId);
        _handTasks = new HandWrittenValueTable(_handConnection, PluginValueTable.TaskData, pluginId);

        await _stores.Store.SetAsync(Key, Note, BenchJsonContext.Default.BenchNote);
        await _stores.Store.SetAsync("counter", 0, BenchJsonContext.Default.Int32);
        await _stores.WorkspaceData.SetAsync("w-1", Note, BenchJsonContext.Default.BenchNote);
        await _stores.TaskData.SetAsync("t-1", Note, BenchJsonContext.Default.BenchNote);
        if (await _handStore.GetAsync(Key, BenchJsonContext.Default.BenchNote) is not { Count: 42 })
        {
            throw new InvalidOperationException("The baseline does not read what the store wrote.");
        }
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _handStore.Dispose();
        _handWorkspaces.Dispose();
        _handTasks.Dispose();
        _handConnection.Dispose();
        _storage.Dispose();
        SqliteConnection.ClearAllPools();
        _folder.Dispose();
    }

    [Benchmark(Baseline = true), BenchmarkCategory("kv.get")]
    public Task<BenchNote?> KvGet_HandWritten() => _handStore.GetAsync(Key, BenchJsonContext.Default.BenchNote);

    [Benchmark, BenchmarkCategory("kv.get")]
    public Task<BenchNote?> KvGet_Store() => _stores.Store.GetAsync(Key, BenchJsonContext.Default.BenchNote);

    [Benchmark(Baseline = true), BenchmarkCategory("kv.set")]
    public Task KvSet_HandWritten() => _handStore.SetAsync(Key, Note, BenchJsonContext.Default.BenchNote);

    [Benchmark, BenchmarkCategory("kv.set")]
    public Task KvSet_Store() => _stores.Store.SetAsync(Key, Note, BenchJsonContext.Default.BenchNote);

    [Benchmark(Baseline = true), BenchmarkCategory("kv.update")]
    public Task<int> KvUpdate_HandWritten() => _handStore.UpdateAsync("counter", Increment, BenchJsonContext.Default.Int32);

    [Benchmark, BenchmarkCategory("kv.update")]
    public Task<int> KvUpdate_Store() => _stores.Store.UpdateAsync("counter", Increment, BenchJsonContext.Default.Int32);

    [Benchmark(Baseline = true), BenchmarkCategory("workspace.get")]
    public Task<BenchNote?> WorkspaceGet_HandWritten() => _handWorkspaces.GetAsync("w-1", BenchJsonContext.Default.BenchNote);

    [Benchmark, BenchmarkCategory("workspace.get")]
    public Task<BenchNote?> WorkspaceGet_Store() => _stores.WorkspaceData.GetAsync("w-1", BenchJsonContext.Default.BenchNote);

    [Benchmark(Baseline = true), BenchmarkCategory("workspace.set")]
    public Task WorkspaceSet_HandWritten() => _handWorkspaces.SetAsync("w-1", Note, BenchJsonContext.Default.BenchNote);

    [Benchmark, BenchmarkCategory("workspace.set")]
    public Task WorkspaceSet_Store() => _stores.WorkspaceData.SetAsync("w-1", Note, BenchJsonContext.Default.BenchNote);

    [Benchmark(Baseline = true), BenchmarkCategory("task.get")]
    public Task<BenchNote?> TaskGet_HandWritten() => _handTasks.GetAsync("t-1", BenchJsonContext.Default.BenchNote);

    [Benchmark, BenchmarkCategory("task.get")]
    public Task<BenchNote?> TaskGet_Store() => _stores.TaskData.GetAsync("t-1", BenchJsonContext.Default.BenchNote);

    [Benchmark(Baseline = true), BenchmarkCategory("task.set")]
    public Task TaskSet_HandWritten() => _handTasks.SetAsync("t-" + (++_counter % 64).ToString(CultureInfo.InvariantCulture), Note, BenchJsonContext.Default.BenchNote);

    [Benchmark, BenchmarkCategory("task.set")]
    public Task TaskSet_Store() => _stores.TaskData.SetAsync("t-" + (++_counter % 64).ToString(CultureInfo.InvariantCulture), Note, BenchJsonContext.Default.BenchNote);

    private static int Increment(int count) => count + 1;
}
