using System.Globalization;
using System.Text.Json;
using BotHq.Plugins.Storage;
using BotHq.Plugins.Storage.Sqlite;
using BotHq.Plugins.Tests.TestSupport;
using Dapper;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;

namespace BotHq.Plugins.Tests.Storage;

/// <summary>A migrated plugin database in a temporary folder, with helpers to add plugin rows and open their stores.</summary>
internal sealed class StoreTestDatabase : IDisposable
{
    private StoreTestDatabase(TempDirectory directory, SqliteStorage storage)
    {
        Directory = directory;
        Storage = storage;
    }

    public TempDirectory Directory { get; }

    public SqliteStorage Storage { get; }

    public SqliteConnectionFactory Connections => Storage.Connections;

    public string DatabaseFile => Connections.DatabaseFile!;

    public static async Task<StoreTestDatabase> CreateAsync(TimeProvider? timeProvider = null)
    {
        var directory = new TempDirectory("stores");
        var storage = new SqliteStorage(TestOptions.For(directory), timeProvider ?? TimeProvider.System, NullLoggerFactory.Instance);
        await storage.MigrateAsync(CancellationToken.None);
        return new StoreTestDatabase(directory, storage);
    }

    /// <summary>Inserts a row into <c>plugins</c> with plain SQL (the registry is not under test here) and returns its id.</summary>
    public async Task<long> AddPluginAsync(string name)
    {
        await using var connection = await Connections.OpenAsync();
        var now = DateTimeOffset.UtcNow.ToString("O", CultureInfo.InvariantCulture);
        return await connection.ExecuteScalarAsync<long>(
            "INSERT INTO plugins (name, version, manifest, installed_at, updated_at) VALUES (@name, '1.0.0', '{}', @now, @now) RETURNING id",
            new { name, now });
    }

    public PluginStores StoresFor(long pluginId, string name, int maxValueBytes = 1024 * 1024, JsonSerializerOptions? jsonOptions = null, TimeProvider? timeProvider = null) =>
        new(Storage, pluginId, name, jsonOptions ?? new JsonSerializerOptions(JsonSerializerDefaults.Web), maxValueBytes, timeProvider ?? TimeProvider.System);

    public async Task<PluginStores> AddPluginWithStoresAsync(string name, int maxValueBytes = 1024 * 1024)
    {
        var id = await AddPluginAsync(name);
        return StoresFor(id, name, maxValueBytes);
    }

    public async Task<int> ExecuteAsync(string sql, object? parameters = null)
    {
        await using var connection = await Connections.OpenAsync();
        return await connection.ExecuteAsync(sql, parameters);
    }

    public async Task<long> CountAsync(string sql, object? parameters = null)
    {
        await using var connection = await Connections.OpenAsync();
        return await connection.ExecuteScalarAsync<long>(sql, parameters);
    }

    public async Task<T?> ScalarAsync<T>(string sql, object? parameters = null)
    {
        await using var connection = await Connections.OpenAsync();
        return await connection.ExecuteScalarAsync<T>(sql, parameters);
    }

    public void Dispose()
    {
        // Pooled connections hold the file open; release them so the folder can be deleted.
        Storage.Dispose();
        using (var connection = new SqliteConnection(Connections.ConnectionString))
        {
            SqliteConnection.ClearPool(connection);
        }

        Directory.Dispose();
    }
}
