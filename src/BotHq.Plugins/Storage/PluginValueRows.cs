using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Microsoft.Data.Sqlite;

namespace BotHq.Plugins.Storage;

/// <summary>Reads and writes one plugin's JSON values in one table; the shared core of the key-value and entity stores.</summary>
/// <remarks>Callers validate ids first; this class assumes a non-empty id and non-null delegates and type information.
/// Each call borrows an open connection with its statements already prepared (<see cref="SqliteConnectionFactory.RentAsync"/>)
/// and gives it back only when the call succeeded.</remarks>
internal sealed class PluginValueRows
{
    // The parameters of PluginValueTable's statements, in the order Bind sets them.
    private static readonly string[] KeyParameters = ["@PluginId", "@Id"];
    private static readonly string[] UpsertParameters = ["@PluginId", "@Id", "@Value", "@Now"];
    private static readonly string[] ListParameters = ["@PluginId"];
    private static readonly string[] ListWithPrefixParameters = ["@PluginId", "@Prefix"];

    private readonly SqliteConnectionFactory _connections;
    private readonly PluginValueTable _table;
    private readonly string _pluginName;
    private readonly JsonSerializerOptions _jsonOptions;
    private readonly int _maxValueBytes;
    private readonly TimeProvider _timeProvider;
    private readonly object _boxedPluginId;

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
        _pluginName = pluginName;
        _jsonOptions = jsonOptions;
        _maxValueBytes = maxValueBytes;
        _timeProvider = timeProvider;
        _boxedPluginId = pluginId;
    }

    /// <summary>Gets the plugin's type information for <typeparamref name="T"/> from its own serializer options.</summary>
    public JsonTypeInfo<T> TypeInfo<T>() => (JsonTypeInfo<T>)_jsonOptions.GetTypeInfo(typeof(T));

    public async Task<T?> GetAsync<T>(string id, JsonTypeInfo<T> typeInfo, CancellationToken cancellationToken)
    {
        string? json;
        PreparedConnection? lease = null;
        try
        {
            lease = await _connections.RentAsync(cancellationToken).ConfigureAwait(false);
            var select = Bind(lease.Command(_table.SelectSql, KeyParameters), id);
            json = await select.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) as string;
            _connections.Return(lease);
            lease = null;
        }
        catch (SqliteException ex)
        {
            throw DatabaseFailure("read", id, ex);
        }
        finally
        {
            lease?.Dispose();
        }

        return json is null ? default : Deserialize(id, json, typeInfo);
    }

    public async Task SetAsync<T>(string id, T value, JsonTypeInfo<T> typeInfo, CancellationToken cancellationToken)
    {
        // Serialized and measured before the connection is taken: a refused value never reaches the database.
        var json = Serialize(id, value, typeInfo);
        PreparedConnection? lease = null;
        try
        {
            lease = await _connections.RentAsync(cancellationToken).ConfigureAwait(false);
            var upsert = Bind(lease.Command(_table.UpsertSql, UpsertParameters), id, json, Now());
            await upsert.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            _connections.Return(lease);
            lease = null;
        }
        catch (SqliteException ex)
        {
            throw DatabaseFailure("write", id, ex);
        }
        finally
        {
            lease?.Dispose();
        }
    }

    public async Task<bool> DeleteAsync(string id, CancellationToken cancellationToken)
    {
        PreparedConnection? lease = null;
        try
        {
            lease = await _connections.RentAsync(cancellationToken).ConfigureAwait(false);
            var delete = Bind(lease.Command(_table.DeleteSql, KeyParameters), id);
            var deleted = await delete.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            _connections.Return(lease);
            lease = null;
            return deleted > 0;
        }
        catch (SqliteException ex)
        {
            throw DatabaseFailure("delete", id, ex);
        }
        finally
        {
            lease?.Dispose();
        }
    }

    public async Task<IReadOnlyList<string>> ListIdsAsync(string? prefix, CancellationToken cancellationToken)
    {
        var ids = new List<string>();
        PreparedConnection? lease = null;
        try
        {
            lease = await _connections.RentAsync(cancellationToken).ConfigureAwait(false);
            var list = string.IsNullOrEmpty(prefix)
                ? Bind(lease.Command(_table.ListSql, ListParameters))
                : Bind(lease.Command(_table.ListWithPrefixSql, ListWithPrefixParameters), prefix);
            await using (var reader = await list.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
            {
                while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                {
                    ids.Add(reader.GetString(0));
                }
            }

            _connections.Return(lease);
            lease = null;
        }
        catch (SqliteException ex)
        {
            throw new PluginStoreException(
                _pluginName,
                $"Could not list the {_table.IdNoun}s of plugin '{_pluginName}' in its {_table.StoreName}: SQLite: {SqliteFailureClassifier.SqliteText(ex)}. Check that the plugin database is reachable and writable.",
                ex);
        }
        finally
        {
            lease?.Dispose();
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
        PreparedConnection? lease = null;
        try
        {
            lease = await _connections.RentAsync(cancellationToken).ConfigureAwait(false);
            var select = lease.Command(_table.SelectSql, KeyParameters);
            var upsert = lease.Command(_table.UpsertSql, UpsertParameters);
            T next;
            await using (var transaction = lease.Connection.BeginTransaction(deferred: false))
            {
                select.Transaction = transaction;
                upsert.Transaction = transaction;
                try
                {
                    var currentJson = await Bind(select, id).ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) as string;
                    var current = currentJson is null ? default : Deserialize(id, currentJson, typeInfo);
                    next = update(current);
                    var json = Serialize(id, next, typeInfo);
                    await Bind(upsert, id, json, Now()).ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
                    await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
                }
                finally
                {
                    select.Transaction = null;
                    upsert.Transaction = null;
                }
            }

            _connections.Return(lease);
            lease = null;
            return next;
        }
        catch (SqliteException ex)
        {
            throw DatabaseFailure("update", id, ex);
        }
        finally
        {
            // A failed call may leave the connection mid-transaction: it is closed (rolled back), never lent again.
            lease?.Dispose();
        }
    }

    private SqliteCommand Bind(SqliteCommand command, string? id = null, string? value = null, string? now = null)
    {
        var parameters = command.Parameters;
        parameters[0].Value = _boxedPluginId;
        if (id is not null)
        {
            parameters[1].Value = id;
        }

        if (value is not null)
        {
            parameters[2].Value = value;
            parameters[3].Value = now;
        }

        return command;
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
            $"Could not {operation} {_table.IdNoun} '{id}' of plugin '{_pluginName}' in its {_table.StoreName}: SQLite: {SqliteFailureClassifier.SqliteText(ex)}. Check that the plugin database is reachable and writable and that the plugin is still installed.",
            ex);

    private string Now() => _timeProvider.GetUtcNow().ToString("O", CultureInfo.InvariantCulture);
}
