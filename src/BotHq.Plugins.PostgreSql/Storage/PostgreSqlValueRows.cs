using System.Text.Json.Serialization.Metadata;
using BotHq.Plugins.Storage;
using Npgsql;

namespace BotHq.Plugins.PostgreSql.Storage;

/// <summary>Reads and writes one plugin's JSON values in one PostgreSQL table.</summary>
/// <remarks>
/// Each call takes a pooled connection from the data source and prepares its statement there: Npgsql keeps a statement
/// prepared on its physical connection across pooled opens, so after the first call on a connection it only binds and
/// executes. <see cref="UpdateAsync"/> is one transaction that locks the row before reading it.
/// </remarks>
internal sealed class PostgreSqlValueRows : IPluginValueRows
{
    private readonly NpgsqlDataSource _dataSource;
    private readonly PostgreSqlValueStatements _sql;
    private readonly PostgreSqlFailureClassifier _failures;
    private readonly PluginValueCodec _codec;
    private readonly long _pluginId;

    public PostgreSqlValueRows(NpgsqlDataSource dataSource, PostgreSqlValueStatements sql, PostgreSqlFailureClassifier failures, PluginValueCodec codec, long pluginId)
    {
        _dataSource = dataSource;
        _sql = sql;
        _failures = failures;
        _codec = codec;
        _pluginId = pluginId;
    }

    public async Task<T?> GetAsync<T>(string id, JsonTypeInfo<T> typeInfo, CancellationToken cancellationToken)
    {
        string? json;
        try
        {
            await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
            await using var command = Command(_sql.Select, connection, null, id);
            await command.PrepareAsync(cancellationToken).ConfigureAwait(false);
            json = await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) as string;
        }
        catch (NpgsqlException ex)
        {
            throw DatabaseFailure("read", id, ex);
        }

        return json is null ? default : _codec.Deserialize(id, json, typeInfo);
    }

    public async Task SetAsync<T>(string id, T value, JsonTypeInfo<T> typeInfo, CancellationToken cancellationToken)
    {
        // Serialized and measured before the connection is taken: a refused value never reaches the database.
        var json = _codec.Serialize(id, value, typeInfo);
        try
        {
            await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
            await using var command = Command(_sql.Upsert, connection, null, id, json, _codec.Now());
            await command.PrepareAsync(cancellationToken).ConfigureAwait(false);
            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (NpgsqlException ex)
        {
            throw DatabaseFailure("write", id, ex);
        }
    }

    public async Task<bool> DeleteAsync(string id, CancellationToken cancellationToken)
    {
        try
        {
            await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
            await using var command = Command(_sql.Delete, connection, null, id);
            await command.PrepareAsync(cancellationToken).ConfigureAwait(false);
            return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) > 0;
        }
        catch (NpgsqlException ex)
        {
            throw DatabaseFailure("delete", id, ex);
        }
    }

    public async Task<IReadOnlyList<string>> ListIdsAsync(string? prefix, CancellationToken cancellationToken)
    {
        var ids = new List<string>();
        try
        {
            await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
            await using var command = string.IsNullOrEmpty(prefix) ? Command(_sql.List, connection, null) : Command(_sql.ListWithPrefix, connection, null, prefix);
            await command.PrepareAsync(cancellationToken).ConfigureAwait(false);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                ids.Add(reader.GetString(0));
            }
        }
        catch (NpgsqlException ex)
        {
            throw _codec.ListFailure(_failures.Detail(ex), ex);
        }

        // Sorted here, not in SQL: the contract is .NET ordinal order, whatever collation the database uses.
        ids.Sort(StringComparer.Ordinal);
        return ids;
    }

    /// <summary>Reads, changes and writes one value in one transaction that locks its row first.</summary>
    /// <remarks>
    /// <c>SELECT ... FOR UPDATE</c> locks nothing when the row is missing, so the row is first inserted if absent (revision 0, no
    /// value) and then locked: a concurrent updater, in this process or on another instance, waits for that lock and then reads
    /// our result. The placeholder is rolled back with the transaction if the update fails, so no one ever sees it.
    /// </remarks>
    public async Task<T> UpdateAsync<T>(string id, Func<T?, T> update, JsonTypeInfo<T> typeInfo, CancellationToken cancellationToken)
    {
        try
        {
            await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
            await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
            var now = _codec.Now();
            await using (var claim = Command(_sql.Claim, connection, transaction, id, now))
            {
                await claim.PrepareAsync(cancellationToken).ConfigureAwait(false);
                await claim.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }

            string? currentJson;
            await using (var lockRow = Command(_sql.Lock, connection, transaction, id))
            {
                await lockRow.PrepareAsync(cancellationToken).ConfigureAwait(false);
                await using var reader = await lockRow.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
                await reader.ReadAsync(cancellationToken).ConfigureAwait(false);
                currentJson = reader.GetInt64(1) == 0 ? null : reader.GetString(0);
            }

            var next = update(currentJson is null ? default : _codec.Deserialize(id, currentJson, typeInfo));
            var json = _codec.Serialize(id, next, typeInfo);
            await using (var write = Command(_sql.Write, connection, transaction, id, json, now))
            {
                await write.PrepareAsync(cancellationToken).ConfigureAwait(false);
                await write.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }

            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
            return next;
        }
        catch (NpgsqlException ex)
        {
            throw DatabaseFailure("update", id, ex);
        }
    }

    private NpgsqlCommand Command(string sql, NpgsqlConnection connection, NpgsqlTransaction? transaction, string? id = null, string? value = null, string? now = null)
    {
        var command = new NpgsqlCommand(sql, connection, transaction);
        var parameters = command.Parameters;
        parameters.Add(new NpgsqlParameter<long> { TypedValue = _pluginId });
        if (id is not null)
        {
            parameters.Add(new NpgsqlParameter<string> { TypedValue = id });
        }

        if (value is not null)
        {
            parameters.Add(new NpgsqlParameter<string> { TypedValue = value });
        }

        if (now is not null)
        {
            parameters.Add(new NpgsqlParameter<string> { TypedValue = now });
        }

        return command;
    }

    private PluginStoreException DatabaseFailure(string operation, string id, NpgsqlException ex) => _codec.DatabaseFailure(operation, id, _failures.Detail(ex), ex);
}
