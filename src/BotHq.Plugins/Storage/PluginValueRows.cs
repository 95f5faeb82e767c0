using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Dapper;
using Microsoft.Data.Sqlite;

namespace BotHq.Plugins.Storage;

/// <summary>Reads and writes one plugin's JSON values in one table; the shared core of the key-value and entity stores.</summary>
/// <remarks>Callers validate ids first; this class assumes a non-empty id and non-null delegates and type information.</remarks>
internal sealed class PluginValueRows
{
    private readonly SqliteConnectionFactory _connections;
    private readonly PluginValueTable _table;
    private readonly long _pluginId;
    private readonly string _pluginName;
    private readonly JsonSerializerOptions _jsonOptions;
    private readonly int _maxValueBytes;
    private readonly TimeProvider _timeProvider;

    public PluginValueRows(
        SqliteConnectionFactory connections,
        PluginValueTable table,
        long pluginId,
        string pluginName,
        JsonSerializerOptions jsonOptions,
        int maxValueBytes,
        TimeProvider timeProvider)
    {
        _connections = connections;
        _table = table;
        _pluginId = pluginId;
        _pluginName = pluginName;
        _jsonOptions = jsonOptions;
        _maxValueBytes = maxValueBytes;
        _timeProvider = timeProvider;
    }

    /// <summary>Gets the plugin's type information for <typeparamref name="T"/> from its own serializer options.</summary>
    public JsonTypeInfo<T> TypeInfo<T>() => (JsonTypeInfo<T>)_jsonOptions.GetTypeInfo(typeof(T));

    public async Task<T?> GetAsync<T>(string id, JsonTypeInfo<T> typeInfo, CancellationToken cancellationToken)
    {
        string? json;
        try
        {
            await using var connection = await _connections.OpenAsync(cancellationToken).ConfigureAwait(false);
            json = await connection.ExecuteScalarAsync<string?>(new CommandDefinition(
                _table.SelectSql, new { PluginId = _pluginId, Id = id }, cancellationToken: cancellationToken)).ConfigureAwait(false);
        }
        catch (SqliteException ex)
        {
            throw DatabaseFailure("read", id, ex);
        }

        return json is null ? default : Deserialize(id, json, typeInfo);
    }

    public async Task SetAsync<T>(string id, T value, JsonTypeInfo<T> typeInfo, CancellationToken cancellationToken)
    {
        // Serialized and measured before the connection opens: a refused value never reaches the database.
        var json = Serialize(id, value, typeInfo);
        try
        {
            await using var connection = await _connections.OpenAsync(cancellationToken).ConfigureAwait(false);
            await connection.ExecuteAsync(new CommandDefinition(
                _table.UpsertSql, new { PluginId = _pluginId, Id = id, Value = json, Now = Now() }, cancellationToken: cancellationToken)).ConfigureAwait(false);
        }
        catch (SqliteException ex)
        {
            throw DatabaseFailure("write", id, ex);
        }
    }

    public async Task<bool> DeleteAsync(string id, CancellationToken cancellationToken)
    {
        try
        {
            await using var connection = await _connections.OpenAsync(cancellationToken).ConfigureAwait(false);
            var deleted = await connection.ExecuteAsync(new CommandDefinition(
                _table.DeleteSql, new { PluginId = _pluginId, Id = id }, cancellationToken: cancellationToken)).ConfigureAwait(false);
            return deleted > 0;
        }
        catch (SqliteException ex)
        {
            throw DatabaseFailure("delete", id, ex);
        }
    }

    public async Task<IReadOnlyList<string>> ListIdsAsync(string? prefix, CancellationToken cancellationToken)
    {
        List<string> ids;
        try
        {
            await using var connection = await _connections.OpenAsync(cancellationToken).ConfigureAwait(false);
            var command = string.IsNullOrEmpty(prefix)
                ? new CommandDefinition(_table.ListSql, new { PluginId = _pluginId }, cancellationToken: cancellationToken)
                : new CommandDefinition(_table.ListWithPrefixSql, new { PluginId = _pluginId, Prefix = prefix }, cancellationToken: cancellationToken);
            ids = (await connection.QueryAsync<string>(command).ConfigureAwait(false)).AsList();
        }
        catch (SqliteException ex)
        {
            throw new PluginStoreException(
                _pluginName,
                $"Could not list the {_table.IdNoun}s of plugin '{_pluginName}' in its {_table.StoreName}: {ex.Message}. Check that the plugin database is reachable and writable.",
                ex);
        }

        // Sorted here, not in SQL: the contract is .NET ordinal order, whatever collation the database uses.
        ids.Sort(StringComparer.Ordinal);
        return ids;
    }

    /// <summary>Reads, changes and writes one value under the database's write lock.</summary>
    /// <remarks>
    /// <c>BEGIN IMMEDIATE</c> takes the write lock before the read, so no other connection, in this process or another,
    /// can change the row between our read and our write; a concurrent updater waits (busy timeout) and then reads our result.
    /// </remarks>
    public async Task<T> UpdateAsync<T>(string id, Func<T?, T> update, JsonTypeInfo<T> typeInfo, CancellationToken cancellationToken)
    {
        try
        {
            await using var connection = await _connections.OpenAsync(cancellationToken).ConfigureAwait(false);
            await using var transaction = connection.BeginTransaction(deferred: false);
            var parameters = new { PluginId = _pluginId, Id = id };
            var currentJson = await connection.ExecuteScalarAsync<string?>(new CommandDefinition(
                _table.SelectSql, parameters, transaction, cancellationToken: cancellationToken)).ConfigureAwait(false);
            var current = currentJson is null ? default : Deserialize(id, currentJson, typeInfo);

            var next = update(current);
            var json = Serialize(id, next, typeInfo);
            await connection.ExecuteAsync(new CommandDefinition(
                _table.UpsertSql, new { PluginId = _pluginId, Id = id, Value = json, Now = Now() }, transaction, cancellationToken: cancellationToken)).ConfigureAwait(false);
            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
            return next;
        }
        catch (SqliteException ex)
        {
            throw DatabaseFailure("update", id, ex);
        }
    }

    private string Serialize<T>(string id, T value, JsonTypeInfo<T> typeInfo)
    {
        string json;
        try
        {
            json = JsonSerializer.Serialize(value, typeInfo);
        }
        catch (Exception ex) when (ex is JsonException or NotSupportedException or InvalidOperationException)
        {
            throw new PluginStoreException(
                _pluginName,
                $"Plugin '{_pluginName}' could not store {_table.IdNoun} '{id}' in its {_table.StoreName}: a value of type {typeInfo.Type} does not serialize to JSON ({ex.Message}). Nothing was written. Store a type System.Text.Json can serialize.",
                ex);
        }

        // A UTF-16 code unit never takes more than 3 UTF-8 bytes, so most values skip the byte count.
        if ((long)json.Length * 3 > _maxValueBytes)
        {
            var size = Encoding.UTF8.GetByteCount(json);
            if (size > _maxValueBytes)
            {
                throw new PluginStoreException(
                    _pluginName,
                    $"Plugin '{_pluginName}' could not store {_table.IdNoun} '{id}' in its {_table.StoreName}: the value's JSON is {size.ToString(CultureInfo.InvariantCulture)} bytes (UTF-8), over the limit of {_maxValueBytes.ToString(CultureInfo.InvariantCulture)} bytes. Nothing was written. Split the value across several {_table.IdNoun}s, or raise PluginRuntimeOptions.MaxValueBytes.");
            }
        }

        return json;
    }

    private T? Deserialize<T>(string id, string json, JsonTypeInfo<T> typeInfo)
    {
        try
        {
            return JsonSerializer.Deserialize(json, typeInfo);
        }
        catch (Exception ex) when (ex is JsonException or NotSupportedException)
        {
            throw new PluginStoreException(
                _pluginName,
                $"Plugin '{_pluginName}' could not read {_table.IdNoun} '{id}' from its {_table.StoreName} as {typeInfo.Type}: {ex.Message} Read it with the type it was written with, or overwrite it with SetAsync.",
                ex);
        }
    }

    private PluginStoreException DatabaseFailure(string operation, string id, SqliteException ex) =>
        new(
            _pluginName,
            $"Could not {operation} {_table.IdNoun} '{id}' of plugin '{_pluginName}' in its {_table.StoreName}: {ex.Message}. Check that the plugin database is reachable and writable and that the plugin is still installed.",
            ex);

    private string Now() => _timeProvider.GetUtcNow().ToString("O", CultureInfo.InvariantCulture);
}
