using System.Globalization;
using Dapper;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;

namespace BotHq.Plugins.Storage.Sqlite;

/// <summary>Applies the numbered SQL migrations embedded in this assembly, each once and in its own transaction.</summary>
/// <remarks>
/// Each migration runs under <c>BEGIN IMMEDIATE</c>, which takes the database's write lock before the applied versions
/// are read; a second process starting at the same moment waits for the lock, then sees the migration applied and skips it.
/// A database with a version this library does not know is refused before anything is written.
/// </remarks>
internal sealed partial class SqliteSchemaMigrator
{
    private const string ResourcePrefix = "BotHq.Plugins.Storage.Sqlite.Migrations.";
    private const string HistoryTable = "bothq_schema_migrations";

    private readonly SqliteConnectionFactory _connections;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;

    public SqliteSchemaMigrator(SqliteConnectionFactory connections, TimeProvider timeProvider, ILogger logger)
    {
        _connections = connections;
        _timeProvider = timeProvider;
        _logger = logger;
    }

    /// <summary>Gets the migrations embedded in this assembly, ordered by version.</summary>
    internal static IReadOnlyList<Migration> Migrations { get; } = Migration.Load(typeof(SqliteSchemaMigrator).Assembly, ResourcePrefix);

    /// <summary>Gets the newest schema version this library knows.</summary>
    internal static int LatestVersion => Migrations[^1].Version;

    /// <summary>Brings the database to <see cref="LatestVersion"/>.</summary>
    /// <returns>The number of migrations this call applied.</returns>
    public async Task<int> MigrateAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await _connections.OpenAsync(cancellationToken).ConfigureAwait(false);
        WarnIfOthersCanRead();
        try
        {
            // Checked before the switch to WAL, which rewrites the file header: a newer database must stay byte for byte as it
            // was. Only read here: the history table is created inside the first migration's transaction, because creating it
            // now, before WAL, would cost a rollback-journal commit (four fsyncs) of its own on every new database.
            if (await HasHistoryAsync(connection, cancellationToken).ConfigureAwait(false))
            {
                // The common start: every migration applied (none newer), so one read and no write lock; plain ADO.NET, as
                // Dapper's first use of each query shape costs more than the query on a command line's short life.
                if (await IsCurrentAsync(connection, cancellationToken).ConfigureAwait(false))
                {
                    return 0;
                }

                await ThrowIfNewerAsync(connection, transaction: null, cancellationToken).ConfigureAwait(false);
            }

            await ThrowIfNotUtf8Async(connection, cancellationToken).ConfigureAwait(false);
            await EnableWalAsync(connection, cancellationToken).ConfigureAwait(false);

            var applied = 0;
            foreach (var migration in Migrations)
            {
                if (await ApplyAsync(connection, migration, cancellationToken).ConfigureAwait(false))
                {
                    applied++;
                }
            }

            return applied;
        }
        catch (SqliteException ex)
        {
            // Each migration's transaction is rolled back whole, so the database is as it was before the failing one.
            throw _connections.Failures.FromSqlite(ex);
        }
    }

    // A database this library creates is owner-only; one that existed before keeps its mode (another user or group may read it on
    // purpose, a backup agent for instance), but every local user reading it is worth a word: it holds every plugin's settings and data.
    private void WarnIfOthersCanRead()
    {
        if (OperatingSystem.IsWindows() || _connections.DatabaseFile is not { } file || !File.Exists(file))
        {
            return;
        }

        var mode = File.GetUnixFileMode(file);
        if ((mode & (UnixFileMode.OtherRead | UnixFileMode.OtherWrite)) != 0)
        {
            LogReadableByOthers(_logger, file, "0" + Convert.ToString((int)mode, 8));
        }
    }

    private async Task<bool> ApplyAsync(SqliteConnection connection, Migration migration, CancellationToken cancellationToken)
    {
        // deferred: false is BEGIN IMMEDIATE: the write lock is ours before we read what is applied.
        await using var transaction = connection.BeginTransaction(deferred: false);

        await connection.ExecuteAsync(new CommandDefinition(
            $"CREATE TABLE IF NOT EXISTS {HistoryTable} (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)",
            transaction: transaction,
            cancellationToken: cancellationToken)).ConfigureAwait(false);

        // Again under the write lock: a newer process may have migrated the file since the first check.
        await ThrowIfNewerAsync(connection, transaction, cancellationToken).ConfigureAwait(false);
        var done = await connection.ExecuteScalarAsync<long>(new CommandDefinition(
            $"SELECT COUNT(*) FROM {HistoryTable} WHERE version = @Version", new { migration.Version }, transaction, cancellationToken: cancellationToken)).ConfigureAwait(false);
        if (done > 0)
        {
            return false;
        }

        await connection.ExecuteAsync(new CommandDefinition(migration.Sql, transaction: transaction, cancellationToken: cancellationToken)).ConfigureAwait(false);
        await connection.ExecuteAsync(new CommandDefinition(
            $"INSERT INTO {HistoryTable} (version, name, applied_at) VALUES (@Version, @Name, @AppliedAt)",
            new { migration.Version, migration.Name, AppliedAt = _timeProvider.GetUtcNow().ToString("O", CultureInfo.InvariantCulture) },
            transaction,
            cancellationToken: cancellationToken)).ConfigureAwait(false);
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        LogMigrationApplied(_logger, migration.Version, migration.Name);
        return true;
    }

    // Manifests are written and compared as their UTF-8 bytes, which only a UTF-8 database stores as the same text.
    private async Task ThrowIfNotUtf8Async(SqliteConnection connection, CancellationToken cancellationToken)
    {
        var encoding = await connection.ExecuteScalarAsync<string>(new CommandDefinition("PRAGMA encoding", cancellationToken: cancellationToken)).ConfigureAwait(false);
        if (!string.Equals(encoding, "UTF-8", StringComparison.OrdinalIgnoreCase))
        {
            throw PluginDatabaseErrors.Create(
                PluginDatabaseFailure.Incompatible,
                _connections.Failures.Database,
                $"it stores text as {encoding}, and BotHq.Plugins needs a UTF-8 database (SQLite's default)",
                detail: null,
                "It was left as it was: point PluginRuntimeOptions.DatabasePath at a new file",
                innerException: null);
        }
    }

    private static async Task<bool> HasHistoryAsync(SqliteConnection connection, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = '{HistoryTable}'";
        return Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false), CultureInfo.InvariantCulture) > 0;
    }

    /// <summary>Gets whether the history holds exactly the migrations this library knows: nothing to apply, nothing newer.
    /// The journal mode needs no setting then either: the first migration's start made the file WAL, which it stays.</summary>
    private static async Task<bool> IsCurrentAsync(SqliteConnection connection, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT COUNT(*), MAX(version) FROM {HistoryTable}";
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        if (!await reader.ReadAsync(cancellationToken).ConfigureAwait(false) || reader.IsDBNull(1))
        {
            return false;
        }

        // Versions are the history's primary key, so as many rows as migrations with the same newest one are the same set.
        return reader.GetInt64(0) == Migrations.Count && reader.GetInt64(1) == LatestVersion;
    }

    private async Task ThrowIfNewerAsync(SqliteConnection connection, SqliteTransaction? transaction, CancellationToken cancellationToken)
    {
        var newest = await connection.ExecuteScalarAsync<long?>(new CommandDefinition(
            $"SELECT MAX(version) FROM {HistoryTable}", transaction: transaction, cancellationToken: cancellationToken)).ConfigureAwait(false);
        if (newest > LatestVersion)
        {
            throw PluginDatabaseErrors.Create(
                PluginDatabaseFailure.Incompatible,
                _connections.Failures.Database,
                $"it has schema version {newest}, newer than the {LatestVersion} this version knows, so a newer BotHq.Plugins wrote it",
                detail: null,
                "It was left as it was: upgrade the BotHq.Plugins package, or point PluginRuntimeOptions.DatabasePath at another file",
                innerException: null);
        }
    }

    private static async Task EnableWalAsync(SqliteConnection connection, CancellationToken cancellationToken)
    {
        if (connection.DataSource is { Length: > 0 } source && !source.Equals(":memory:", StringComparison.Ordinal))
        {
            // journal_mode is a property of the file, so setting it once per start is enough for every later connection.
            await connection.ExecuteAsync(new CommandDefinition("PRAGMA journal_mode = WAL", cancellationToken: cancellationToken)).ConfigureAwait(false);
        }
    }

    [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "Applied plugin database migration {Version} ({Name})")]
    private static partial void LogMigrationApplied(ILogger logger, int version, string name);

    [LoggerMessage(EventId = 2, Level = LogLevel.Warning, Message = "The plugin database '{File}' has mode {Mode}: every local user can read or write it, and with it every plugin's settings and data (credentials stay encrypted). Unless that is intended, run chmod 600 on it and its -wal and -shm files")]
    private static partial void LogReadableByOthers(ILogger logger, string file, string mode);
}
