using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;
using Dapper;
using Microsoft.Data.Sqlite;

namespace BotHq.Plugins.Storage.Sqlite;

/// <summary>Reads and writes the <c>plugins</c> table in SQLite. Every read-modify-write runs under <c>BEGIN IMMEDIATE</c>, which
/// takes the database's write lock before the read, so it holds across processes.</summary>
internal sealed class SqliteRegistryStore : IPluginRegistryStore
{
    private const string Columns = "id AS Id, name AS Name, version AS Version, enabled AS Enabled, CAST(manifest AS BLOB) AS Manifest, settings AS Settings, credentials AS Credentials, installed_at AS InstalledAt, updated_at AS UpdatedAt";

    // Rows per upsert statement. Fewer statements step faster, but Microsoft.Data.Sqlite finds each parameter by name, so a
    // much longer statement binds slower: 16 measured faster than 1, 4, 64 and 256 on a first sync of 1000 plugins.
    private const int UpsertBatchSize = 16;

    private const string ChangeVersion = "SELECT version FROM plugin_registry_changes WHERE id = 1";

    private readonly SqliteConnectionFactory _connections;
    private readonly TimeProvider _timeProvider;
    private readonly SqliteOwnChanges _own;

    public SqliteRegistryStore(SqliteConnectionFactory connections, TimeProvider timeProvider, SqliteOwnChanges own)
    {
        _connections = connections;
        _timeProvider = timeProvider;
        _own = own;
    }

    public async Task<RegistryRows> ReadAsync(CancellationToken cancellationToken)
    {
        try
        {
            await using var connection = await _connections.OpenAsync(cancellationToken).ConfigureAwait(false);
            await using var transaction = connection.BeginTransaction(deferred: true);
            var rows = new RegistryRows(
                await SelectAllAsync(connection, transaction, cancellationToken).ConfigureAwait(false),
                await SelectUninstalledAsync(connection, transaction, cancellationToken).ConfigureAwait(false));
            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
            return rows;
        }
        catch (SqliteException ex)
        {
            throw _connections.Failures.FromSqlite(ex);
        }
    }

    /// <remarks>A plugin the plan leaves out is not written at all, so a restart with nothing changed only reads.</remarks>
    public async Task<RegistryRows> SyncAsync(Func<RegistryRows, IReadOnlyList<PluginManifestRow>> plan, bool enableNew, CancellationToken cancellationToken)
    {
        try
        {
            var now = Now();
            await using var connection = await _connections.OpenAsync(cancellationToken).ConfigureAwait(false);
            await using var transaction = connection.BeginTransaction(deferred: false);
            IReadOnlyList<PluginRow> rows = await SelectAllAsync(connection, transaction, cancellationToken).ConfigureAwait(false);
            IReadOnlyList<UninstalledPluginRow> uninstalled = await SelectUninstalledAsync(connection, transaction, cancellationToken).ConfigureAwait(false);

            // Read under the write lock, so no other process can change a row between the plan's decision and the upserts.
            var changed = plan(new RegistryRows(rows, uninstalled));
            var from = changed.Count > 0 ? await ChangeVersionAsync(connection, transaction, cancellationToken).ConfigureAwait(false) : (long?)null;
            if (changed.Count > 0)
            {
                var ids = await UpsertAsync(connection, transaction, changed, enableNew, now, cancellationToken).ConfigureAwait(false);
                var written = changed.Select(p => p.Name).ToHashSet(StringComparer.Ordinal);
                if (uninstalled.Any(u => written.Contains(u.Name)))
                {
                    await ForgetUninstalledAsync(connection, transaction, written, cancellationToken).ConfigureAwait(false);
                    uninstalled = [.. uninstalled.Where(u => !written.Contains(u.Name))];
                }

                // The rows are what was just written, so they are built here rather than read back.
                var stored = rows.ToDictionary(r => r.Name, StringComparer.Ordinal);
                foreach (var plugin in changed)
                {
                    stored[plugin.Name] = PluginRow.Written(stored.GetValueOrDefault(plugin.Name), plugin, ids[plugin.Name], AsArray(plugin.ManifestUtf8), enableNew, now);
                }

                // Names are lowercase ASCII, so ordinal order is the table's (BINARY) order.
                rows = [.. stored.Values.OrderBy(r => r.Name, StringComparer.Ordinal)];
            }

            if (from is { } start)
            {
                await CommitOwnAsync(connection, transaction, start, cancellationToken).ConfigureAwait(false);
            }
            else
            {
                await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
            }

            return new RegistryRows(rows, uninstalled);
        }
        catch (SqliteException ex)
        {
            throw _connections.Failures.FromSqlite(ex);
        }
    }

    /// <summary>Inserts new plugins and updates changed manifests, many rows per statement, keeping enabled, settings and credentials.</summary>
    /// <returns>The id of every row written, by name.</returns>
    private static async Task<Dictionary<string, long>> UpsertAsync(
        SqliteConnection connection, SqliteTransaction transaction, IReadOnlyList<PluginManifestRow> rows, bool enableNew, string now, CancellationToken cancellationToken)
    {
        var written = new Dictionary<string, long>(rows.Count, StringComparer.Ordinal);
        SqliteCommand? full = null;
        try
        {
            for (var start = 0; start < rows.Count; start += UpsertBatchSize)
            {
                var count = Math.Min(UpsertBatchSize, rows.Count - start);
                using var partial = count < UpsertBatchSize ? CreateUpsert(connection, transaction, count) : null;
                var command = partial ?? (full ??= CreateUpsert(connection, transaction, UpsertBatchSize));
                command.Parameters[0].Value = enableNew ? 1 : 0;
                command.Parameters[1].Value = now;
                for (var i = 0; i < count; i++)
                {
                    var row = rows[start + i];
                    command.Parameters[2 + (3 * i)].Value = row.Name;
                    command.Parameters[3 + (3 * i)].Value = row.Version;
                    command.Parameters[4 + (3 * i)].Value = AsArray(row.ManifestUtf8);
                }

                await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
                while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                {
                    written[reader.GetString(0)] = reader.GetInt64(1);
                }
            }
        }
        finally
        {
            full?.Dispose();
        }

        return written;
    }

    // The loader reads each file into an array of its own; only a manifest that began with a byte order mark is copied.
    private static byte[] AsArray(ReadOnlyMemory<byte> bytes) =>
        MemoryMarshal.TryGetArray(bytes, out var segment) && segment.Offset == 0 && segment.Count == segment.Array!.Length ? segment.Array : bytes.ToArray();

    // The row's other columns are kept on conflict; it is touched only when the manifest text changed.
    private static SqliteCommand CreateUpsert(SqliteConnection connection, SqliteTransaction transaction, int rows)
    {
        var sql = new StringBuilder("INSERT INTO plugins (name, version, enabled, manifest, settings, credentials, installed_at, updated_at) VALUES ");
        var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.Parameters.Add(new SqliteParameter("@enabled", SqliteType.Integer));
        command.Parameters.Add(new SqliteParameter("@now", SqliteType.Text));
        for (var i = 0; i < rows; i++)
        {
            // The manifest's UTF-8 bytes go in as they were read, as a blob the statement turns into text (the database is UTF-8).
            sql.Append(CultureInfo.InvariantCulture, $"{(i == 0 ? "" : ", ")}(@name{i}, @version{i}, @enabled, CAST(@manifest{i} AS TEXT), '{{}}', NULL, @now, @now)");
            command.Parameters.Add(new SqliteParameter($"@name{i}", SqliteType.Text));
            command.Parameters.Add(new SqliteParameter($"@version{i}", SqliteType.Text));
            command.Parameters.Add(new SqliteParameter($"@manifest{i}", SqliteType.Blob));
        }

        sql.Append("""
             ON CONFLICT (name) DO UPDATE SET version = excluded.version, manifest = excluded.manifest, updated_at = excluded.updated_at
            WHERE plugins.manifest <> excluded.manifest
            RETURNING name, id
            """);
        command.CommandText = sql.ToString();
        return command;
    }

    // The two reads every start makes (a command line's list among them): plain ADO.NET, as Dapper's first use of a row type
    // emits and compiles its materializer, which costs more than both queries on a command line's short life.
    private static async Task<List<UninstalledPluginRow>> SelectUninstalledAsync(SqliteConnection connection, SqliteTransaction? transaction, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "SELECT name, version FROM plugin_uninstalled ORDER BY name";
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var rows = new List<UninstalledPluginRow>();
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            rows.Add(new UninstalledPluginRow { Name = reader.GetString(0), Version = reader.GetString(1) });
        }

        return rows;
    }

    private static async Task<List<PluginRow>> SelectAllAsync(SqliteConnection connection, SqliteTransaction? transaction, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = $"SELECT {Columns} FROM plugins ORDER BY name";
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var rows = new List<PluginRow>();
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            rows.Add(new PluginRow
            {
                Id = reader.GetInt64(0),
                Name = reader.GetString(1),
                Version = reader.GetString(2),
                Enabled = reader.GetInt64(3),
                Manifest = reader.IsDBNull(4) ? [] : (byte[])reader.GetValue(4),
                Settings = reader.IsDBNull(5) ? "{}" : reader.GetString(5),
                Credentials = reader.IsDBNull(6) ? null : (byte[])reader.GetValue(6),
                InstalledAt = reader.IsDBNull(7) ? "" : reader.GetString(7),
                UpdatedAt = reader.IsDBNull(8) ? "" : reader.GetString(8),
            });
        }

        return rows;
    }

    public async Task<string?> ReadSettingsAsync(string name, CancellationToken cancellationToken)
    {
        var row = await ReadColumnAsync<string>(name, "settings", cancellationToken).ConfigureAwait(false);
        return row?.Value;
    }

    public async Task<StoredCredentials?> ReadCredentialsAsync(string name, CancellationToken cancellationToken) =>
        await ReadColumnAsync<byte[]>(name, "credentials", cancellationToken).ConfigureAwait(false) is { } row ? new StoredCredentials(row.Id, name, row.Value) : null;

    public async Task<IReadOnlyList<StoredCredentials>> ReadAllCredentialsAsync(CancellationToken cancellationToken)
    {
        try
        {
            await using var connection = await _connections.OpenAsync(cancellationToken).ConfigureAwait(false);
            return (await connection.QueryAsync<(long Id, string Name, byte[] Blob)>(new CommandDefinition(
                "SELECT id, name, credentials FROM plugins WHERE credentials IS NOT NULL ORDER BY name", cancellationToken: cancellationToken)).ConfigureAwait(false))
                .Select(r => new StoredCredentials(r.Id, r.Name, r.Blob)).ToList();
        }
        catch (SqliteException ex)
        {
            throw _connections.Failures.FromSqlite(ex);
        }
    }

    private async Task<(long Id, T? Value)?> ReadColumnAsync<T>(string name, string column, CancellationToken cancellationToken)
    {
        try
        {
            await using var connection = await _connections.OpenAsync(cancellationToken).ConfigureAwait(false);
            return await SelectColumnAsync<T>(connection, null, name, column, cancellationToken).ConfigureAwait(false);
        }
        catch (SqliteException ex)
        {
            throw _connections.Failures.FromSqlite(ex);
        }
    }

    // The column name is one of this class's constants, never input.
    private static async Task<(long Id, T? Value)?> SelectColumnAsync<T>(SqliteConnection connection, SqliteTransaction? transaction, string name, string column, CancellationToken cancellationToken)
    {
        var rows = (await connection.QueryAsync<(long Id, T? Value)>(new CommandDefinition(
            $"SELECT id, {column} FROM plugins WHERE name = @name", new { name }, transaction, cancellationToken: cancellationToken)).ConfigureAwait(false)).AsList();
        return rows.Count == 0 ? null : rows[0];
    }

    public async Task<bool> SetEnabledAsync(string name, bool enabled, CancellationToken cancellationToken)
    {
        try
        {
            await using var connection = await _connections.OpenAsync(cancellationToken).ConfigureAwait(false);
            await using var transaction = connection.BeginTransaction(deferred: false);
            var from = await ChangeVersionAsync(connection, transaction, cancellationToken).ConfigureAwait(false);
            var changed = await connection.ExecuteAsync(new CommandDefinition(
                "UPDATE plugins SET enabled = @enabled, updated_at = @now WHERE name = @name",
                new { name, enabled = enabled ? 1 : 0, now = Now() },
                transaction,
                cancellationToken: cancellationToken)).ConfigureAwait(false);
            await CommitOwnAsync(connection, transaction, from, cancellationToken).ConfigureAwait(false);
            return changed > 0;
        }
        catch (SqliteException ex)
        {
            throw _connections.Failures.FromSqlite(ex);
        }
    }

    public async Task<bool> UninstallAsync(string name, CancellationToken cancellationToken)
    {
        try
        {
            await using var connection = await _connections.OpenAsync(cancellationToken).ConfigureAwait(false);
            await using var transaction = connection.BeginTransaction(deferred: false);
            var from = await ChangeVersionAsync(connection, transaction, cancellationToken).ConfigureAwait(false);
            await connection.ExecuteAsync(new CommandDefinition(
                "INSERT INTO plugin_uninstalled (name, version, uninstalled_at) SELECT name, version, @now FROM plugins WHERE name = @name " +
                "ON CONFLICT (name) DO UPDATE SET version = excluded.version, uninstalled_at = excluded.uninstalled_at",
                new { name, now = Now() }, transaction, cancellationToken: cancellationToken)).ConfigureAwait(false);
            var deleted = await connection.ExecuteAsync(new CommandDefinition(
                "DELETE FROM plugins WHERE name = @name", new { name }, transaction, cancellationToken: cancellationToken)).ConfigureAwait(false);
            await CommitOwnAsync(connection, transaction, from, cancellationToken).ConfigureAwait(false);
            return deleted > 0;
        }
        catch (SqliteException ex)
        {
            throw _connections.Failures.FromSqlite(ex);
        }
    }

    // Read-modify-write under BEGIN IMMEDIATE, so it holds across processes.
    public async Task<string?> UpdateSettingsAsync(string name, Func<string, string> update, CancellationToken cancellationToken)
    {
        try
        {
            await using var connection = await _connections.OpenAsync(cancellationToken).ConfigureAwait(false);
            await using var transaction = connection.BeginTransaction(deferred: false);
            if (await SelectColumnAsync<string>(connection, transaction, name, "settings", cancellationToken).ConfigureAwait(false) is not { } row)
            {
                return null;
            }

            var next = update(row.Value ?? "{}");
            var from = await ChangeVersionAsync(connection, transaction, cancellationToken).ConfigureAwait(false);
            await connection.ExecuteAsync(new CommandDefinition(
                "UPDATE plugins SET settings = @next, updated_at = @now WHERE id = @id",
                new { id = row.Id, next, now = Now() },
                transaction,
                cancellationToken: cancellationToken)).ConfigureAwait(false);
            await CommitOwnAsync(connection, transaction, from, cancellationToken).ConfigureAwait(false);
            return next;
        }
        catch (SqliteException ex)
        {
            throw _connections.Failures.FromSqlite(ex);
        }
    }

    public async Task<bool> CompareAndSetCredentialsAsync(StoredCredentials expected, byte[]? next, CancellationToken cancellationToken)
    {
        try
        {
            await using var connection = await _connections.OpenAsync(cancellationToken).ConfigureAwait(false);
            await using var transaction = connection.BeginTransaction(deferred: false);
            var from = await ChangeVersionAsync(connection, transaction, cancellationToken).ConfigureAwait(false);
            var set = await CompareAndSetAsync(connection, transaction, expected, next, Now(), cancellationToken).ConfigureAwait(false);
            await CommitOwnAsync(connection, transaction, from, cancellationToken).ConfigureAwait(false);
            return set;
        }
        catch (SqliteException ex)
        {
            throw _connections.Failures.FromSqlite(ex);
        }
    }

    public async Task<bool> CompareAndSetCredentialsAsync(IReadOnlyList<(StoredCredentials Expected, byte[] Next)> changes, CancellationToken cancellationToken)
    {
        try
        {
            var now = Now();
            await using var connection = await _connections.OpenAsync(cancellationToken).ConfigureAwait(false);
            await using var transaction = connection.BeginTransaction(deferred: false);
            var from = await ChangeVersionAsync(connection, transaction, cancellationToken).ConfigureAwait(false);
            foreach (var (expected, next) in changes)
            {
                if (!await CompareAndSetAsync(connection, transaction, expected, next, now, cancellationToken).ConfigureAwait(false))
                {
                    return false;
                }
            }

            await CommitOwnAsync(connection, transaction, from, cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (SqliteException ex)
        {
            throw _connections.Failures.FromSqlite(ex);
        }
    }

    // "IS" compares NULL with NULL as equal, where "=" would not.
    private static async Task<bool> CompareAndSetAsync(SqliteConnection connection, SqliteTransaction? transaction, StoredCredentials expected, byte[]? next, string now, CancellationToken cancellationToken) =>
        await connection.ExecuteAsync(new CommandDefinition(
            "UPDATE plugins SET credentials = @next, updated_at = @now WHERE id = @Id AND credentials IS @Blob",
            new { next, now, expected.Id, expected.Blob },
            transaction,
            cancellationToken: cancellationToken)).ConfigureAwait(false) > 0;

    // Its own method so that a sync without writes (every command line's start) does not load Dapper: a ReadyToRun method
    // resolves every call it holds, taken or not, before it first runs.
    private static Task<int> ForgetUninstalledAsync(SqliteConnection connection, SqliteTransaction transaction, HashSet<string> written, CancellationToken cancellationToken) =>
        connection.ExecuteAsync(new CommandDefinition(
            "DELETE FROM plugin_uninstalled WHERE name IN @names", new { names = written.ToArray() }, transaction, cancellationToken: cancellationToken));

    /// <summary>Reads the registry change counter inside a write transaction, which holds the write lock: no other writer moves it meanwhile.</summary>
    private static Task<long> ChangeVersionAsync(SqliteConnection connection, SqliteTransaction transaction, CancellationToken cancellationToken) =>
        connection.ExecuteScalarAsync<long>(new CommandDefinition(ChangeVersion, transaction: transaction, cancellationToken: cancellationToken));

    /// <summary>Commits a registry write, noting first the counter steps it took as this instance's own, so that this instance's
    /// change feed does not refresh for them (the other processes' feeds do).</summary>
    private async Task CommitOwnAsync(SqliteConnection connection, SqliteTransaction transaction, long from, CancellationToken cancellationToken)
    {
        var range = _own.Wrote(from, await ChangeVersionAsync(connection, transaction, cancellationToken).ConfigureAwait(false));
        try
        {
            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            _own.Forget(range);
            throw;
        }
    }

    private string Now() => _timeProvider.GetUtcNow().ToString("O", CultureInfo.InvariantCulture);
}
