using System.Globalization;
using System.Text.Json;
using BenchmarkDotNet.Attributes;
using BotHq.Plugins.Benchmarks.Support;
using BotHq.Plugins.PostgreSql.Storage;
using BotHq.Plugins.Storage;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace BotHq.Plugins.Benchmarks.Stores;

/// <summary>The plugin stores on PostgreSQL versus hand-written Npgsql with the same SQL, one data source and prepared commands
/// (baseline, per category). The server is the one <see cref="BenchPostgres.ConnectionString"/> names; each run gets a schema of
/// its own, dropped at cleanup.</summary>
[QuickRun("stores-pg", NeedsPostgres = true)]
public class PostgreSqlStoreBenchmarks
{
    private const string Key = "settings/last-sync";
    private static readonly BenchNote Note = new("Sync the issue tracker", 42, ["github", "issues", "nightly"]);

    private NpgsqlDataSource _dataSource = null!;
    private string _schema = null!;
    private PostgreSqlStorage _storage = null!;
    private PluginStores _stores = null!;
    private HandWrittenNpgsqlValueTable _handStore = null!;

    [GlobalSetup]
    public async Task SetupAsync()
    {
        _dataSource = NpgsqlDataSource.Create(BenchPostgres.ConnectionString);
        _schema = "bench_" + Guid.NewGuid().ToString("N")[..12];
        _storage = new PostgreSqlStorage(_dataSource, ownsDataSource: false, _schema, TimeProvider.System, NullLoggerFactory.Instance);
        await _storage.MigrateAsync(CancellationToken.None);
        long pluginId;
        await using (var insert = _dataSource.CreateCommand(
            $"INSERT INTO {_storage.Schema.Table("plugins")} (name, version, manifest, installed_at, updated_at) VALUES ('bench', '1.0.0', '{{}}', $1, $1) RETURNING id"))
        {
            insert.Parameters.Add(new NpgsqlParameter<string> { TypedValue = DateTimeOffset.UtcNow.ToString("O", CultureInfo.InvariantCulture) });
            pluginId = (long)(await insert.ExecuteScalarAsync())!;
        }

        _stores = new PluginStores(_storage, pluginId, "bench", new JsonSerializerOptions(JsonSerializerDefaults.Web), new PluginRuntimeOptions().MaxValueBytes, TimeProvider.System);
        _handStore = new HandWrittenNpgsqlValueTable(_dataSource, new PostgreSqlValueStatements(_storage.Schema, PluginValueTable.Store), pluginId);

        await _stores.Store.SetAsync(Key, Note, BenchJsonContext.Default.BenchNote);
        await _stores.Store.SetAsync("counter", 0, BenchJsonContext.Default.Int32);
        if (await _handStore.GetAsync(Key, BenchJsonContext.Default.BenchNote) is not { Count: 42 })
        {
            throw new InvalidOperationException("The baseline does not read what the store wrote.");
        }
    }

    [GlobalCleanup]
    public async Task CleanupAsync()
    {
        await using (var drop = _dataSource.CreateCommand($"DROP SCHEMA IF EXISTS {_storage.Schema.Quoted} CASCADE"))
        {
            await drop.ExecuteNonQueryAsync();
        }

        _storage.Dispose();
        await _dataSource.DisposeAsync();
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

    private static int Increment(int count) => count + 1;
}
