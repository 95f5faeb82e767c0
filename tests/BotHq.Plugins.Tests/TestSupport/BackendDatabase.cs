using System.Data.Common;
using System.Globalization;
using BotHq.Plugins.PostgreSql.Storage;
using BotHq.Plugins.Storage;
using BotHq.Plugins.Storage.Sqlite;
using BotHq.Plugins.Tests.TestSupport.Postgres;
using Dapper;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace BotHq.Plugins.Tests.TestSupport;

/// <summary>An empty plugin database on one backend, for one test: a SQLite file in a temporary folder, or a PostgreSQL schema of
/// its own in the run's cluster. Opens storages on it (several, as several host instances would) and reads it directly.</summary>
/// <remarks>SQL given to <see cref="ExecuteAsync"/> and <see cref="ScalarAsync{T}"/> names tables without a schema: on PostgreSQL
/// the connection's search path is the test's schema.</remarks>
internal sealed class BackendDatabase : IAsyncDisposable
{
    private readonly List<IPluginStorage> _storages = [];
    private readonly List<NpgsqlDataSource> _dataSources = [];
    private readonly string? _connectionString;

    private BackendDatabase(TestBackend backend, TempDirectory directory, string? connectionString, string? schema)
    {
        Backend = backend;
        Directory = directory;
        _connectionString = connectionString;
        Schema = schema;
        Options = TestOptions.For(directory);
        System.IO.Directory.CreateDirectory(Options.PluginsDirectory);
    }

    public TestBackend Backend { get; }

    /// <summary>Gets a temporary folder for this test (SQLite's file, plugin folders, key folder).</summary>
    public TempDirectory Directory { get; }

    /// <summary>Gets runtime options rooted in <see cref="Directory"/>.</summary>
    public PluginRuntimeOptions Options { get; }

    /// <summary>Gets the PostgreSQL schema, or <see langword="null"/> on SQLite.</summary>
    public string? Schema { get; }

    /// <summary>Gets the PostgreSQL connection string (to the run's test database), or <see langword="null"/> on SQLite.</summary>
    public string? ConnectionString => _connectionString;

    /// <summary>Gets the factory a runtime on this database is created with.</summary>
    public IPluginStorageFactory StorageFactory => new Factory(this);

    public static async Task<BackendDatabase> CreateAsync(TestBackend backend, string prefix = "backend")
    {
        if (backend == TestBackend.Sqlite)
        {
            return CreateSqlite(prefix);
        }

        var connectionString = await PostgresTestDatabase.ConnectionStringAsync();
        var database = new BackendDatabase(backend, new TempDirectory(prefix), connectionString, PostgresTestDatabase.NewSchema());

        // A shared database needs shared credential keys: the same key-encryption key for every runtime of this test.
        database.Options.KeyEncryptionKey = Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32));
        return database;
    }

    /// <summary>Creates a SQLite database in a new temporary folder (no cluster needed, so it can be made synchronously).</summary>
    public static BackendDatabase CreateSqlite(string prefix = "backend") => new(TestBackend.Sqlite, new TempDirectory(prefix), null, null);

    /// <summary>Opens a storage on the database and migrates it: one host instance's view. Disposed with this object.</summary>
    public async Task<IPluginStorage> OpenStorageAsync(TimeProvider? timeProvider = null)
    {
        var storage = CreateStorage(Options, timeProvider ?? TimeProvider.System, NullLoggerFactory.Instance);
        await storage.MigrateAsync(CancellationToken.None);
        return storage;
    }

    /// <summary>Inserts a row into <c>plugins</c> with plain SQL (the registry is not under test) and returns its id.</summary>
    public async Task<long> AddPluginAsync(string name)
    {
        var now = DateTimeOffset.UtcNow.ToString("O", CultureInfo.InvariantCulture);
        return await ScalarAsync<long>("INSERT INTO plugins (name, version, manifest, installed_at, updated_at) VALUES (@name, '1.0.0', '{}', @now, @now) RETURNING id", new { name, now });
    }

    public async Task<int> ExecuteAsync(string sql, object? parameters = null)
    {
        await using var connection = await OpenConnectionAsync();
        return await connection.ExecuteAsync(sql, parameters);
    }

    public async Task<T?> ScalarAsync<T>(string sql, object? parameters = null)
    {
        await using var connection = await OpenConnectionAsync();
        return await connection.ExecuteScalarAsync<T>(sql, parameters);
    }

    public async Task<IReadOnlyList<T>> QueryAsync<T>(string sql, object? parameters = null)
    {
        await using var connection = await OpenConnectionAsync();
        return (await connection.QueryAsync<T>(sql, parameters)).AsList();
    }

    /// <summary>Gets the SQL of the length in bytes of a text column's UTF-8 encoding.</summary>
    public string ByteLength(string column) => Backend == TestBackend.Sqlite ? $"length(CAST({column} AS BLOB))" : $"octet_length({column})";

    /// <summary>Opens a connection that bypasses the runtime (no pool on SQLite, so files can be deleted after).</summary>
    public async Task<DbConnection> OpenConnectionAsync()
    {
        DbConnection connection = Backend == TestBackend.Sqlite
            ? new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = Options.DatabasePath, Pooling = false, ForeignKeys = true }.ToString())
            : new NpgsqlConnection(new NpgsqlConnectionStringBuilder(_connectionString) { SearchPath = Schema, Pooling = false }.ToString());
        await connection.OpenAsync();
        return connection;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var storage in _storages)
        {
            storage.Dispose();
        }

        foreach (var dataSource in _dataSources)
        {
            await dataSource.DisposeAsync();
        }

        SqliteConnection.ClearAllPools();
        Directory.Dispose();
    }

    private IPluginStorage CreateStorage(PluginRuntimeOptions options, TimeProvider timeProvider, ILoggerFactory loggerFactory)
    {
        IPluginStorage storage;
        if (Backend == TestBackend.Sqlite)
        {
            storage = new SqliteStorage(options, timeProvider, loggerFactory);
        }
        else
        {
            var dataSource = NpgsqlDataSource.Create(_connectionString!);
            lock (_dataSources)
            {
                _dataSources.Add(dataSource);
            }

            storage = new PostgreSqlStorage(dataSource, ownsDataSource: false, Schema!, timeProvider, loggerFactory);
        }

        lock (_storages)
        {
            _storages.Add(storage);
        }

        return storage;
    }

    private sealed class Factory(BackendDatabase database) : IPluginStorageFactory
    {
        public IPluginStorage Create(PluginRuntimeOptions options, TimeProvider timeProvider, ILoggerFactory loggerFactory) =>
            database.CreateStorage(options, timeProvider, loggerFactory);
    }
}
