using System.Text.Json;
using BotHq.Plugins.Storage;
using BotHq.Plugins.Storage.Sqlite;
using BotHq.Plugins.Tests.TestSupport;

namespace BotHq.Plugins.Tests.Storage;

/// <summary>A migrated plugin database on one backend, with helpers to add plugin rows and open their stores.</summary>
internal sealed class StoreTestDatabase : IAsyncDisposable
{
    private StoreTestDatabase(BackendDatabase database, IPluginStorage storage)
    {
        Database = database;
        Storage = storage;
    }

    public BackendDatabase Database { get; }

    public TestBackend Backend => Database.Backend;

    public TempDirectory Directory => Database.Directory;

    /// <summary>Gets the storage the stores are opened on (one host instance's).</summary>
    public IPluginStorage Storage { get; }

    /// <summary>Gets the SQLite connections (SQLite-only tests).</summary>
    public SqliteConnectionFactory Connections => ((SqliteStorage)Storage).Connections;

    /// <summary>Gets the SQLite file (SQLite-only tests).</summary>
    public string DatabaseFile => Connections.DatabaseFile!;

    public static async Task<StoreTestDatabase> CreateAsync(TestBackend backend = TestBackend.Sqlite, TimeProvider? timeProvider = null)
    {
        var database = await BackendDatabase.CreateAsync(backend);
        return new StoreTestDatabase(database, await database.OpenStorageAsync(timeProvider));
    }

    /// <summary>Opens another storage on the same database: another host instance's view.</summary>
    public Task<IPluginStorage> OpenOtherInstanceAsync() => Database.OpenStorageAsync();

    public Task<long> AddPluginAsync(string name) => Database.AddPluginAsync(name);

    public PluginStores StoresFor(long pluginId, string name, int maxValueBytes = 1024 * 1024, JsonSerializerOptions? jsonOptions = null, TimeProvider? timeProvider = null, IPluginStorage? storage = null) =>
        new(storage ?? Storage, pluginId, name, jsonOptions ?? new JsonSerializerOptions(JsonSerializerDefaults.Web), maxValueBytes, timeProvider ?? TimeProvider.System);

    public async Task<PluginStores> AddPluginWithStoresAsync(string name, int maxValueBytes = 1024 * 1024)
    {
        var id = await AddPluginAsync(name);
        return StoresFor(id, name, maxValueBytes);
    }

    public Task<int> ExecuteAsync(string sql, object? parameters = null) => Database.ExecuteAsync(sql, parameters);

    public Task<long> CountAsync(string sql, object? parameters = null) => Database.ScalarAsync<long>(sql, parameters);

    public Task<T?> ScalarAsync<T>(string sql, object? parameters = null) => Database.ScalarAsync<T>(sql, parameters);

    /// <summary>Gets the SQL of the length in bytes of a text column's UTF-8 encoding.</summary>
    public string ByteLength(string column) => Database.ByteLength(column);

    public ValueTask DisposeAsync() => Database.DisposeAsync();
}
