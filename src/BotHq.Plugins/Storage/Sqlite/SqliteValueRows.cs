using System.Text.Json.Serialization.Metadata;
using Microsoft.Data.Sqlite;

namespace BotHq.Plugins.Storage.Sqlite;

/// <summary>Reads and writes one plugin's JSON values in one SQLite table.</summary>
/// <remarks>Each call borrows an open connection with its statements already prepared (<see cref="SqliteConnectionFactory.RentAsync"/>)
/// and gives it back only when the call succeeded.</remarks>
internal sealed class SqliteValueRows : IPluginValueRows
{
    // The parameters of PluginValueTable's statements, in the order Bind sets them.
    private static readonly string[] KeyParameters = ["@PluginId", "@Id"];
    private static readonly string[] UpsertParameters = ["@PluginId", "@Id", "@Value", "@Now"];
    private static readonly string[] ListParameters = ["@PluginId"];
    private static readonly string[] ListWithPrefixParameters = ["@PluginId", "@Prefix"];

    private readonly SqliteConnectionFactory _connections;
    private readonly SqliteValueStatements _table;
    private readonly PluginValueCodec _codec;
    private readonly object _boxedPluginId;

    public SqliteValueRows(SqliteConnectionFactory connections, PluginValueCodec codec, long pluginId)
    {
        _connections = connections;
        _table = SqliteValueStatements.For(codec.Table);
        _codec = codec;
        _boxedPluginId = pluginId;
    }

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

        return json is null ? default : _codec.Deserialize(id, json, typeInfo);
    }

    public async Task SetAsync<T>(string id, T value, JsonTypeInfo<T> typeInfo, CancellationToken cancellationToken)
    {
        // Serialized and measured before the connection is taken: a refused value never reaches the database.
        var json = _codec.Serialize(id, value, typeInfo);
        PreparedConnection? lease = null;
        try
        {
            lease = await _connections.RentAsync(cancellationToken).ConfigureAwait(false);
            var upsert = Bind(lease.Command(_table.UpsertSql, UpsertParameters), id, json, _codec.Now());
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
            throw _codec.ListFailure(Detail(ex), ex);
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
                    var current = currentJson is null ? default : _codec.Deserialize(id, currentJson, typeInfo);
                    next = update(current);
                    var json = _codec.Serialize(id, next, typeInfo);
                    await Bind(upsert, id, json, _codec.Now()).ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
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

    private PluginStoreException DatabaseFailure(string operation, string id, SqliteException ex) => _codec.DatabaseFailure(operation, id, Detail(ex), ex);

    private static string Detail(SqliteException ex) => "SQLite: " + SqliteFailureClassifier.SqliteText(ex);
}
