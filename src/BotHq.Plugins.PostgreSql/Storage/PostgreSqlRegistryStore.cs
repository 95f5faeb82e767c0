using System.Globalization;
using System.Text;
using BotHq.Plugins.Storage;
using Dapper;
using Npgsql;
using NpgsqlTypes;

namespace BotHq.Plugins.PostgreSql.Storage;

/// <summary>Reads and writes the <c>plugins</c> table in PostgreSQL. A sync runs under the schema's registry advisory lock, so
/// syncs from several instances run one after another; settings are changed under a row lock; credentials by compare-and-set.</summary>
internal sealed class PostgreSqlRegistryStore : IPluginRegistryStore
{
    private readonly NpgsqlDataSource _dataSource;
    private readonly PostgreSqlSchema _schema;
    private readonly PostgreSqlFailureClassifier _failures;
    private readonly TimeProvider _timeProvider;
    private readonly string _writer;
    private readonly string _plugins;
    private readonly string _selectAll;

    // writer: this instance's id, named in the notification of each registry change it makes, so that its own change feed skips it.
    public PostgreSqlRegistryStore(NpgsqlDataSource dataSource, PostgreSqlSchema schema, PostgreSqlFailureClassifier failures, TimeProvider timeProvider, string writer)
    {
        _writer = writer;
        _dataSource = dataSource;
        _schema = schema;
        _failures = failures;
        _timeProvider = timeProvider;
        _plugins = schema.Table("plugins");

        // The manifest is read as its UTF-8 bytes, which a sync compares with a file's bytes without decoding; names sort as .NET ordinal.
        _selectAll = "SELECT id, name, version, (enabled::int)::int8 AS enabled, convert_to(manifest, 'UTF8') AS manifest, settings, credentials, installed_at AS installedat, updated_at AS updatedat " +
                     $"FROM {_plugins} ORDER BY name COLLATE \"C\"";
    }

    public async Task<RegistryRows> ReadAsync(CancellationToken cancellationToken)
    {
        try
        {
            await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);

            // One snapshot for both reads.
            await using var transaction = await connection.BeginTransactionAsync(System.Data.IsolationLevel.RepeatableRead, cancellationToken).ConfigureAwait(false);
            var rows = new RegistryRows(
                await SelectAllAsync(connection, transaction, cancellationToken).ConfigureAwait(false),
                await SelectUninstalledAsync(connection, transaction, cancellationToken).ConfigureAwait(false));
            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
            return rows;
        }
        catch (NpgsqlException ex)
        {
            throw _failures.FromNpgsql(ex);
        }
    }

    public async Task<RegistryRows> SyncAsync(Func<RegistryRows, IReadOnlyList<PluginManifestRow>> plan, bool enableNew, CancellationToken cancellationToken)
    {
        try
        {
            var now = Now();
            await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
            await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);

            // Taken before the read: another instance's sync waits here, then plans from what this one wrote.
            await connection.ExecuteAsync(new CommandDefinition("SELECT pg_advisory_xact_lock(@key)", new { key = _schema.RegistryLock }, transaction, cancellationToken: cancellationToken)).ConfigureAwait(false);
            IReadOnlyList<PluginRow> rows = await SelectAllAsync(connection, transaction, cancellationToken).ConfigureAwait(false);
            IReadOnlyList<UninstalledPluginRow> uninstalled = await SelectUninstalledAsync(connection, transaction, cancellationToken).ConfigureAwait(false);
            var changed = plan(new RegistryRows(rows, uninstalled));
            if (changed.Count > 0)
            {
                await MarkWriterAsync(connection, transaction, cancellationToken).ConfigureAwait(false);
                var ids = await UpsertAsync(connection, transaction, changed, enableNew, now, cancellationToken).ConfigureAwait(false);
                var written = changed.Select(p => p.Name).ToHashSet(StringComparer.Ordinal);
                if (uninstalled.Any(u => written.Contains(u.Name)))
                {
                    await connection.ExecuteAsync(new CommandDefinition(
                        $"DELETE FROM {_schema.Table("plugin_uninstalled")} WHERE name = ANY(@names)", new { names = written.ToArray() }, transaction, cancellationToken: cancellationToken)).ConfigureAwait(false);
                    uninstalled = [.. uninstalled.Where(u => !written.Contains(u.Name))];
                }

                var stored = rows.ToDictionary(r => r.Name, StringComparer.Ordinal);
                foreach (var plugin in changed)
                {
                    stored[plugin.Name] = PluginRow.Written(stored.GetValueOrDefault(plugin.Name), plugin, ids[plugin.Name], plugin.ManifestUtf8.ToArray(), enableNew, now);
                }

                rows = [.. stored.Values.OrderBy(r => r.Name, StringComparer.Ordinal)];
            }

            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
            return new RegistryRows(rows, uninstalled);
        }
        catch (NpgsqlException ex)
        {
            throw _failures.FromNpgsql(ex);
        }
    }

    // One statement for every row: unnest turns the three arrays into rows. An existing row keeps its id, enabled state, settings,
    // credentials and installed_at; it is touched only when the manifest text changed.
    private async Task<Dictionary<string, long>> UpsertAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, IReadOnlyList<PluginManifestRow> rows, bool enableNew, string now, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(
            $"INSERT INTO {_plugins} AS p (name, version, enabled, manifest, settings, credentials, installed_at, updated_at) " +
            "SELECT n, v, $4, m, '{}', NULL, $5, $5 FROM unnest($1::text[], $2::text[], $3::text[]) AS t (n, v, m) " +
            "ON CONFLICT (name) DO UPDATE SET version = excluded.version, manifest = excluded.manifest, updated_at = excluded.updated_at " +
            "WHERE p.manifest <> excluded.manifest RETURNING name, id",
            connection,
            transaction);
        command.Parameters.Add(new NpgsqlParameter<string[]> { TypedValue = [.. rows.Select(r => r.Name)] });
        command.Parameters.Add(new NpgsqlParameter<string[]> { TypedValue = [.. rows.Select(r => r.Version)] });
        command.Parameters.Add(new NpgsqlParameter<string[]> { TypedValue = [.. rows.Select(r => Encoding.UTF8.GetString(r.ManifestUtf8.Span))] });
        command.Parameters.Add(new NpgsqlParameter<bool> { TypedValue = enableNew });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = now });
        var written = new Dictionary<string, long>(rows.Count, StringComparer.Ordinal);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            written[reader.GetString(0)] = reader.GetInt64(1);
        }

        return written;
    }

    private async Task<List<UninstalledPluginRow>> SelectUninstalledAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, CancellationToken cancellationToken) =>
        (await connection.QueryAsync<UninstalledPluginRow>(new CommandDefinition(
            $"SELECT name, version FROM {_schema.Table("plugin_uninstalled")} ORDER BY name COLLATE \"C\"", transaction: transaction, cancellationToken: cancellationToken)).ConfigureAwait(false)).AsList();

    private async Task<List<PluginRow>> SelectAllAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, CancellationToken cancellationToken) =>
        (await connection.QueryAsync<PluginRow>(new CommandDefinition(_selectAll, transaction: transaction, cancellationToken: cancellationToken)).ConfigureAwait(false)).AsList();

    public async Task<string?> ReadSettingsAsync(string name, CancellationToken cancellationToken)
    {
        try
        {
            await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
            return await connection.QuerySingleOrDefaultAsync<string?>(new CommandDefinition(
                $"SELECT settings FROM {_plugins} WHERE name = @name", new { name }, cancellationToken: cancellationToken)).ConfigureAwait(false);
        }
        catch (NpgsqlException ex)
        {
            throw _failures.FromNpgsql(ex);
        }
    }

    public async Task<StoredCredentials?> ReadCredentialsAsync(string name, CancellationToken cancellationToken)
    {
        try
        {
            await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
            var rows = (await connection.QueryAsync<(long Id, byte[]? Blob)>(new CommandDefinition(
                $"SELECT id, credentials FROM {_plugins} WHERE name = @name", new { name }, cancellationToken: cancellationToken)).ConfigureAwait(false)).AsList();
            return rows.Count == 0 ? null : new StoredCredentials(rows[0].Id, name, rows[0].Blob);
        }
        catch (NpgsqlException ex)
        {
            throw _failures.FromNpgsql(ex);
        }
    }

    public async Task<IReadOnlyList<StoredCredentials>> ReadAllCredentialsAsync(CancellationToken cancellationToken)
    {
        try
        {
            await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
            return (await connection.QueryAsync<(long Id, string Name, byte[] Blob)>(new CommandDefinition(
                $"SELECT id, name, credentials FROM {_plugins} WHERE credentials IS NOT NULL ORDER BY name COLLATE \"C\"", cancellationToken: cancellationToken)).ConfigureAwait(false))
                .Select(r => new StoredCredentials(r.Id, r.Name, r.Blob)).ToList();
        }
        catch (NpgsqlException ex)
        {
            throw _failures.FromNpgsql(ex);
        }
    }

    public async Task<bool> SetEnabledAsync(string name, bool enabled, CancellationToken cancellationToken)
    {
        try
        {
            await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
            await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
            await MarkWriterAsync(connection, transaction, cancellationToken).ConfigureAwait(false);
            var changed = await connection.ExecuteAsync(new CommandDefinition(
                $"UPDATE {_plugins} SET enabled = @enabled, updated_at = @now WHERE name = @name",
                new { name, enabled, now = Now() },
                transaction,
                cancellationToken: cancellationToken)).ConfigureAwait(false);
            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
            return changed > 0;
        }
        catch (NpgsqlException ex)
        {
            throw _failures.FromNpgsql(ex);
        }
    }

    public async Task<bool> UninstallAsync(string name, CancellationToken cancellationToken)
    {
        try
        {
            await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
            await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
            await MarkWriterAsync(connection, transaction, cancellationToken).ConfigureAwait(false);
            await connection.ExecuteAsync(new CommandDefinition(
                $"INSERT INTO {_schema.Table("plugin_uninstalled")} (name, version, uninstalled_at) SELECT name, version, @now FROM {_plugins} WHERE name = @name " +
                "ON CONFLICT (name) DO UPDATE SET version = excluded.version, uninstalled_at = excluded.uninstalled_at",
                new { name, now = Now() }, transaction, cancellationToken: cancellationToken)).ConfigureAwait(false);
            var deleted = await connection.ExecuteAsync(new CommandDefinition(
                $"DELETE FROM {_plugins} WHERE name = @name", new { name }, transaction, cancellationToken: cancellationToken)).ConfigureAwait(false);
            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
            return deleted > 0;
        }
        catch (NpgsqlException ex)
        {
            throw _failures.FromNpgsql(ex);
        }
    }

    public async Task<string?> UpdateSettingsAsync(string name, Func<string, string> update, CancellationToken cancellationToken)
    {
        try
        {
            await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
            await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
            var rows = (await connection.QueryAsync<(long Id, string Settings)>(new CommandDefinition(
                $"SELECT id, settings FROM {_plugins} WHERE name = @name FOR UPDATE", new { name }, transaction, cancellationToken: cancellationToken)).ConfigureAwait(false)).AsList();
            if (rows.Count == 0)
            {
                return null;
            }

            var next = update(rows[0].Settings);
            await MarkWriterAsync(connection, transaction, cancellationToken).ConfigureAwait(false);
            await connection.ExecuteAsync(new CommandDefinition(
                $"UPDATE {_plugins} SET settings = @next, updated_at = @now WHERE id = @id",
                new { id = rows[0].Id, next, now = Now() },
                transaction,
                cancellationToken: cancellationToken)).ConfigureAwait(false);
            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
            return next;
        }
        catch (NpgsqlException ex)
        {
            throw _failures.FromNpgsql(ex);
        }
    }

    public async Task<bool> CompareAndSetCredentialsAsync(StoredCredentials expected, byte[]? next, CancellationToken cancellationToken)
    {
        try
        {
            await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
            await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
            await MarkWriterAsync(connection, transaction, cancellationToken).ConfigureAwait(false);
            var set = await CompareAndSetAsync(connection, transaction, expected, next, Now(), cancellationToken).ConfigureAwait(false);
            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
            return set;
        }
        catch (NpgsqlException ex)
        {
            throw _failures.FromNpgsql(ex);
        }
    }

    public async Task<bool> CompareAndSetCredentialsAsync(IReadOnlyList<(StoredCredentials Expected, byte[] Next)> changes, CancellationToken cancellationToken)
    {
        try
        {
            var now = Now();
            await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
            await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
            await MarkWriterAsync(connection, transaction, cancellationToken).ConfigureAwait(false);
            foreach (var (expected, next) in changes)
            {
                if (!await CompareAndSetAsync(connection, transaction, expected, next, now, cancellationToken).ConfigureAwait(false))
                {
                    return false;
                }
            }

            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (NpgsqlException ex)
        {
            throw _failures.FromNpgsql(ex);
        }
    }

    private async Task<bool> CompareAndSetAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, StoredCredentials expected, byte[]? next, string now, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(
            $"UPDATE {_plugins} SET credentials = $1, updated_at = $2 WHERE id = $3 AND credentials IS NOT DISTINCT FROM $4", connection, transaction);
        command.Parameters.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Bytea, Value = (object?)next ?? DBNull.Value });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = now });
        command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = expected.Id });
        command.Parameters.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Bytea, Value = (object?)expected.Blob ?? DBNull.Value });
        return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) > 0;
    }

    /// <summary>Names this instance as the writer for the rest of the transaction: the registry triggers put it in the notification
    /// (migration 0003), and this instance's change feed skips it.</summary>
    private Task<int> MarkWriterAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, CancellationToken cancellationToken) =>
        connection.ExecuteAsync(new CommandDefinition("SELECT set_config('bothq.writer', @writer, true)", new { writer = _writer }, transaction, cancellationToken: cancellationToken));

    private string Now() => _timeProvider.GetUtcNow().ToString("O", CultureInfo.InvariantCulture);
}
