using System.Globalization;
using BotHq.Plugins.Storage;
using BotHq.Plugins.Storage.Sqlite;
using BotHq.Plugins.Tests.TestSupport;
using Dapper;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;

namespace BotHq.Plugins.Tests.Storage;

[TestFixture]
public sealed class SchemaMigratorTests
{
    private const string SchemaSql = "SELECT type || ' ' || name || ': ' || IFNULL(sql, '') FROM sqlite_master ORDER BY type, name";

    private TempDirectory _directory = null!;
    private SqliteConnectionFactory _connections = null!;

    [SetUp]
    public void SetUp()
    {
        _directory = new TempDirectory("migrations");
        _connections = new SqliteConnectionFactory(TestOptions.For(_directory));
    }

    [TearDown]
    public void TearDown()
    {
        _connections.Dispose();
        ClearPool();
        _directory.Dispose();
    }

    [Test]
    public async Task MigrateAsync_Twice_SecondRunChangesNothing()
    {
        var migrator = new SqliteSchemaMigrator(_connections, TimeProvider.System, NullLogger.Instance);

        var firstApplied = await migrator.MigrateAsync();
        var schema = await QueryAsync(SchemaSql);
        var history = await QueryAsync("SELECT version || ' ' || name || ' ' || applied_at FROM bothq_schema_migrations ORDER BY version");
        var secondApplied = await migrator.MigrateAsync();

        using (Assert.EnterMultipleScope())
        {
            Assert.That(firstApplied, Is.EqualTo(SqliteSchemaMigrator.Migrations.Count));
            Assert.That(secondApplied, Is.Zero);
            Assert.That(await QueryAsync(SchemaSql), Is.EqualTo(schema));
            Assert.That(await QueryAsync("SELECT version || ' ' || name || ' ' || applied_at FROM bothq_schema_migrations ORDER BY version"), Is.EqualTo(history));
            Assert.That(schema, Has.Some.StartsWith("table plugin_task_sources:"));
        }
    }

    [Test]
    public async Task MigrateAsync_CurrentSchemaWhileAnotherConnectionHoldsTheWriteLock_ReturnsWithoutWriting()
    {
        var migrator = new SqliteSchemaMigrator(_connections, TimeProvider.System, NullLogger.Instance);
        await migrator.MigrateAsync();

        // Another writer holds the lock: a current database is only read (a command line's start must not wait on a writer).
        await using var writer = await _connections.OpenAsync(CancellationToken.None);
        await using var transaction = writer.BeginTransaction(deferred: false);
        await writer.ExecuteAsync("UPDATE bothq_schema_migrations SET name = name", transaction: transaction);
        var applied = await migrator.MigrateAsync();

        Assert.That(applied, Is.Zero);
    }

    [Test]
    public async Task MigrateAsync_TwoProcessesOnOneNewFileAtTheSameMoment_BothSucceedAndSchemaIsAppliedOnce()
    {
        var database = _directory.Combine("shared.db");
        var goFile = _directory.Combine("go");

        using var first = WorkerProcess.Start("migrate", database, goFile);
        using var second = WorkerProcess.Start("migrate", database, goFile);
        await Task.WhenAll(first.WaitReadyAsync(), second.WaitReadyAsync());
        await File.WriteAllTextAsync(goFile, "go");
        var exitCodes = await Task.WhenAll(first.WaitForExitAsync(TimeSpan.FromMinutes(1)), second.WaitForExitAsync(TimeSpan.FromMinutes(1)));

        Assert.That(exitCodes, Is.EqualTo(new[] { 0, 0 }), first.Error + second.Error);
        var applied = first.Output.Concat(second.Output).Select(line => int.Parse(line, CultureInfo.InvariantCulture)).ToList();
        Assert.That(applied.Sum(), Is.EqualTo(SqliteSchemaMigrator.Migrations.Count), "each migration applied by exactly one of the two");

        var connections = new SqliteConnectionFactory(TestOptions.For(_directory, options => options.DatabasePath = database));
        try
        {
            await using var connection = await connections.OpenAsync();
            Assert.That(await connection.QueryAsync<long>("SELECT version FROM bothq_schema_migrations ORDER BY version"), Is.EqualTo(SqliteSchemaMigrator.Migrations.Select(m => (long)m.Version)));
            Assert.That(await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name LIKE 'plugin%'"), Is.EqualTo(9), "the five tables of migration 1, plugin_mcp_eras of migration 2 and the three of migration 3");
            Assert.That(await connection.ExecuteScalarAsync<string>("PRAGMA journal_mode"), Is.EqualTo("wal"));
        }
        finally
        {
            using var connection = new SqliteConnection(connections.ConnectionString);
            SqliteConnection.ClearPool(connection);
        }
    }

    [TestCase(false, TestName = "MigrateAsync_NewerSchemaInRollbackJournalFile_RefusedAndFileUntouched")]
    [TestCase(true, TestName = "MigrateAsync_NewerSchemaInWalFile_RefusedAndFileUntouched")]
    public async Task MigrateAsync_NewerSchema_RefusedAndFileUntouched(bool wal)
    {
        if (wal)
        {
            await new SqliteSchemaMigrator(_connections, TimeProvider.System, NullLogger.Instance).MigrateAsync();
        }

        var newer = SqliteSchemaMigrator.LatestVersion + 1;
        await using (var connection = new SqliteConnection($"Data Source={_connections.DatabaseFile};Pooling=False"))
        {
            await connection.OpenAsync();
            await connection.ExecuteAsync("CREATE TABLE IF NOT EXISTS bothq_schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)");
            await connection.ExecuteAsync("INSERT INTO bothq_schema_migrations VALUES (@newer, 'from_the_future', '2030-01-01T00:00:00Z')", new { newer });
        }

        ClearPool();
        var before = await File.ReadAllBytesAsync(_connections.DatabaseFile!);
        var migrator = new SqliteSchemaMigrator(_connections, TimeProvider.System, NullLogger.Instance);

        var error = Assert.ThrowsAsync<PluginDatabaseException>(() => migrator.MigrateAsync());
        ClearPool();

        Assert.That(error!.Message, Does.Contain(newer.ToString(CultureInfo.InvariantCulture)).And.Contain(_connections.DatabaseFile!).And.Contain("upgrade"));
        Assert.That(await File.ReadAllBytesAsync(_connections.DatabaseFile!), Is.EqualTo(before), "the database file was changed");
        Assert.That(File.Exists(_connections.DatabaseFile + "-wal") ? new FileInfo(_connections.DatabaseFile + "-wal").Length : 0, Is.Zero);
    }

    [Test]
    public async Task MigrateAsync_Utf16Database_RefusedAndFileUntouched()
    {
        await using (var connection = new SqliteConnection($"Data Source={_connections.DatabaseFile};Pooling=False"))
        {
            await connection.OpenAsync();
            await connection.ExecuteAsync("PRAGMA encoding = 'UTF-16le'");
            await connection.ExecuteAsync("CREATE TABLE other_app (x TEXT)");
        }

        var before = await File.ReadAllBytesAsync(_connections.DatabaseFile!);
        var migrator = new SqliteSchemaMigrator(_connections, TimeProvider.System, NullLogger.Instance);

        var error = Assert.ThrowsAsync<PluginDatabaseException>(() => migrator.MigrateAsync());
        ClearPool();

        Assert.That(error!.Message, Does.Contain("UTF-16le").And.Contain("needs a UTF-8 database").And.Contain(_connections.DatabaseFile!));
        Assert.That(await File.ReadAllBytesAsync(_connections.DatabaseFile!), Is.EqualTo(before), "the database file was changed");
    }

    [Test]
    public async Task MigrateAsync_NewDatabase_WalForeignKeysAndBusyTimeoutOn()
    {
        await new SqliteSchemaMigrator(_connections, TimeProvider.System, NullLogger.Instance).MigrateAsync();

        await using var connection = await _connections.OpenAsync();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(await connection.ExecuteScalarAsync<string>("PRAGMA journal_mode"), Is.EqualTo("wal"));
            Assert.That(await connection.ExecuteScalarAsync<long>("PRAGMA foreign_keys"), Is.EqualTo(1));
            Assert.That(await connection.ExecuteScalarAsync<long>("PRAGMA busy_timeout"), Is.EqualTo((long)SqliteConnectionFactory.BusyTimeout.TotalMilliseconds));
        }
    }

    [Test]
    public async Task DeletingAPluginRow_CascadesToAllFourDataTables()
    {
        await new SqliteSchemaMigrator(_connections, TimeProvider.System, NullLogger.Instance).MigrateAsync();
        var now = DateTimeOffset.UtcNow.ToString("O", CultureInfo.InvariantCulture);
        await using var connection = await _connections.OpenAsync();
        foreach (var name in new[] { "doomed", "survivor" })
        {
            var id = await connection.ExecuteScalarAsync<long>(
                "INSERT INTO plugins (name, version, manifest, installed_at, updated_at) VALUES (@name, '1.0.0', '{}', @now, @now) RETURNING id", new { name, now });
            await connection.ExecuteAsync("INSERT INTO plugin_store (plugin_id, key, value, updated_at) VALUES (@id, 'k', '1', @now)", new { id, now });
            await connection.ExecuteAsync("INSERT INTO plugin_workspace_data (plugin_id, workspace_id, data, created_at, updated_at) VALUES (@id, 'w', '1', @now, @now)", new { id, now });
            await connection.ExecuteAsync("INSERT INTO plugin_task_data (plugin_id, task_id, data, created_at, updated_at) VALUES (@id, 't', '1', @now, @now)", new { id, now });
            await connection.ExecuteAsync("INSERT INTO plugin_task_sources (plugin_id, source_ref, task_id, created_at) VALUES (@id, 's', 't', @now)", new { id, now });
        }

        await connection.ExecuteAsync("DELETE FROM plugins WHERE name = 'doomed'");

        foreach (var table in new[] { "plugin_store", "plugin_workspace_data", "plugin_task_data", "plugin_task_sources" })
        {
            Assert.That(
                await connection.ExecuteScalarAsync<string>($"SELECT group_concat(p.name) FROM {table} t JOIN plugins p ON p.id = t.plugin_id"),
                Is.EqualTo("survivor"),
                table);
            Assert.That(await connection.ExecuteScalarAsync<long>($"SELECT COUNT(*) FROM {table}"), Is.EqualTo(1), table);
        }
    }

    private async Task<List<string>> QueryAsync(string sql)
    {
        await using var connection = await _connections.OpenAsync();
        return (await connection.QueryAsync<string>(sql)).ToList();
    }

    private void ClearPool()
    {
        using var connection = new SqliteConnection(_connections.ConnectionString);
        SqliteConnection.ClearPool(connection);
    }
}
