using System.Globalization;
using BotHq.Plugins.Storage;
using Dapper;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace BotHq.Plugins.PostgreSql.Storage;

/// <summary>Creates the schema and applies the numbered migrations embedded in this assembly, all in one transaction under an
/// advisory lock, so instances starting together migrate exactly once.</summary>
/// <remarks>
/// The lock is taken first: a second instance waits for it, then finds every migration applied and writes nothing. A schema
/// whose version is newer than this library knows is refused before anything is written, and the transaction rolled back.
/// PostgreSQL's DDL is transactional, so a failing migration leaves the database as it was.
/// </remarks>
internal sealed partial class PostgreSqlSchemaMigrator
{
    private const string ResourcePrefix = "BotHq.Plugins.PostgreSql.Storage.Migrations.";

    private readonly NpgsqlDataSource _dataSource;
    private readonly PostgreSqlSchema _schema;
    private readonly PostgreSqlFailureClassifier _failures;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;

    public PostgreSqlSchemaMigrator(NpgsqlDataSource dataSource, PostgreSqlSchema schema, PostgreSqlFailureClassifier failures, TimeProvider timeProvider, ILogger logger)
    {
        _dataSource = dataSource;
        _schema = schema;
        _failures = failures;
        _timeProvider = timeProvider;
        _logger = logger;
    }

    /// <summary>Gets the migrations embedded in this assembly, ordered by version.</summary>
    internal static IReadOnlyList<Migration> Migrations { get; } = Migration.Load(typeof(PostgreSqlSchemaMigrator).Assembly, ResourcePrefix);

    /// <summary>Gets the newest schema version this library knows.</summary>
    internal static int LatestVersion => Migrations[^1].Version;

    /// <summary>Brings the schema to <see cref="LatestVersion"/>.</summary>
    /// <returns>The number of migrations this call applied.</returns>
    public async Task<int> MigrateAsync(CancellationToken cancellationToken)
    {
        try
        {
            await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
            await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
            await Execute(connection, transaction, "SELECT pg_advisory_xact_lock(@key)", new { key = _schema.MigrationLock }, cancellationToken).ConfigureAwait(false);
            await ThrowIfNotUtf8Async(connection, transaction, cancellationToken).ConfigureAwait(false);

            var history = _schema.Table("bothq_schema_migrations");
            var hasHistory = await connection.ExecuteScalarAsync<bool>(new CommandDefinition(
                "SELECT to_regclass(@table) IS NOT NULL", new { table = history }, transaction, cancellationToken: cancellationToken)).ConfigureAwait(false);
            var applied = new HashSet<int>();
            if (hasHistory)
            {
                applied.UnionWith(await connection.QueryAsync<int>(new CommandDefinition(
                    $"SELECT version FROM {history}", transaction: transaction, cancellationToken: cancellationToken)).ConfigureAwait(false));
                if (applied.Count > 0 && applied.Max() > LatestVersion)
                {
                    throw PluginDatabaseErrors.Create(
                        PluginDatabaseFailure.Incompatible,
                        _failures.Database,
                        $"it has schema version {applied.Max()}, newer than the {LatestVersion} this version knows, so a newer BotHq.Plugins wrote it",
                        detail: null,
                        "It was left as it was: upgrade the BotHq.Plugins packages on every instance, or set PostgreSqlPluginStorageOptions.SchemaName to another schema",
                        innerException: null);
                }
            }
            else
            {
                // Created only when missing: CREATE SCHEMA IF NOT EXISTS would still need the CREATE privilege on the database.
                var exists = await connection.ExecuteScalarAsync<bool>(new CommandDefinition(
                    "SELECT EXISTS (SELECT FROM pg_namespace WHERE nspname = @name)", new { name = _schema.Name }, transaction, cancellationToken: cancellationToken)).ConfigureAwait(false);
                if (!exists)
                {
                    await Execute(connection, transaction, $"CREATE SCHEMA {_schema.Quoted}", null, cancellationToken).ConfigureAwait(false);
                }

                await Execute(connection, transaction, $"CREATE TABLE {history} (version integer PRIMARY KEY, name text NOT NULL, applied_at text NOT NULL)", null, cancellationToken).ConfigureAwait(false);
            }

            var count = 0;
            foreach (var migration in Migrations.Where(m => !applied.Contains(m.Version)))
            {
                await Execute(connection, transaction, _schema.Expand(migration.Sql), null, cancellationToken).ConfigureAwait(false);
                await Execute(
                    connection,
                    transaction,
                    $"INSERT INTO {history} (version, name, applied_at) VALUES (@Version, @Name, @AppliedAt)",
                    new { migration.Version, migration.Name, AppliedAt = _timeProvider.GetUtcNow().ToString("O", CultureInfo.InvariantCulture) },
                    cancellationToken).ConfigureAwait(false);
                count++;
            }

            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
            foreach (var migration in Migrations.Where(m => !applied.Contains(m.Version)))
            {
                LogMigrationApplied(_logger, migration.Version, migration.Name, _schema.Name);
            }

            return count;
        }
        catch (NpgsqlException ex)
        {
            throw _failures.FromNpgsql(ex);
        }
    }

    // Values are written and read as text; only a UTF-8 database stores every one of them unchanged.
    private async Task ThrowIfNotUtf8Async(NpgsqlConnection connection, NpgsqlTransaction transaction, CancellationToken cancellationToken)
    {
        var encoding = await connection.ExecuteScalarAsync<string>(new CommandDefinition("SHOW server_encoding", transaction: transaction, cancellationToken: cancellationToken)).ConfigureAwait(false);
        if (!string.Equals(encoding, "UTF8", StringComparison.OrdinalIgnoreCase))
        {
            throw PluginDatabaseErrors.Create(
                PluginDatabaseFailure.Incompatible,
                _failures.Database,
                $"it stores text as {encoding}, and BotHq.Plugins needs a UTF8 database, which stores every value unchanged",
                detail: null,
                "It was left as it was: create the database with ENCODING 'UTF8' (createdb -E UTF8) and point the connection string at it",
                innerException: null);
        }
    }

    private static Task<int> Execute(NpgsqlConnection connection, NpgsqlTransaction transaction, string sql, object? parameters, CancellationToken cancellationToken) =>
        connection.ExecuteAsync(new CommandDefinition(sql, parameters, transaction, cancellationToken: cancellationToken));

    [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "Applied plugin database migration {Version} ({Name}) to schema {Schema}")]
    private static partial void LogMigrationApplied(ILogger logger, int version, string name, string schema);
}
