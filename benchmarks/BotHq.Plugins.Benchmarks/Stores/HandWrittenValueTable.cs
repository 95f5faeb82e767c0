using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using BotHq.Plugins.Storage;
using BotHq.Plugins.Storage.Sqlite;
using Microsoft.Data.Sqlite;

namespace BotHq.Plugins.Benchmarks.Stores;

/// <summary>The baseline: what a user would write by hand with Microsoft.Data.Sqlite for one table: one open connection,
/// reused prepared commands, the stores' own SQL and the same System.Text.Json calls.</summary>
internal sealed class HandWrittenValueTable : IDisposable
{
    private readonly SqliteCommand _select;
    private readonly SqliteCommand _upsert;

    public HandWrittenValueTable(SqliteConnection connection, PluginValueTable table, long pluginId)
    {
        var statements = SqliteValueStatements.For(table);
        _select = connection.CreateCommand();
        _select.CommandText = statements.SelectSql;
        _select.Parameters.AddWithValue("@PluginId", pluginId);
        _select.Parameters.Add("@Id", SqliteType.Text);
        _select.Prepare();

        _upsert = connection.CreateCommand();
        _upsert.CommandText = statements.UpsertSql;
        _upsert.Parameters.AddWithValue("@PluginId", pluginId);
        _upsert.Parameters.Add("@Id", SqliteType.Text);
        _upsert.Parameters.Add("@Value", SqliteType.Text);
        _upsert.Parameters.Add("@Now", SqliteType.Text);
        _upsert.Prepare();
    }

    public async Task<T?> GetAsync<T>(string id, JsonTypeInfo<T> typeInfo, CancellationToken cancellationToken = default)
    {
        _select.Parameters[1].Value = id;
        var json = (string?)await _select.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false);
        return json is null ? default : JsonSerializer.Deserialize(json, typeInfo);
    }

    public async Task SetAsync<T>(string id, T value, JsonTypeInfo<T> typeInfo, CancellationToken cancellationToken = default)
    {
        _upsert.Parameters[1].Value = id;
        _upsert.Parameters[2].Value = JsonSerializer.Serialize(value, typeInfo);
        _upsert.Parameters[3].Value = DateTimeOffset.UtcNow.ToString("O", CultureInfo.InvariantCulture);
        await _upsert.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    public async Task<T> UpdateAsync<T>(string id, Func<T?, T> update, JsonTypeInfo<T> typeInfo, CancellationToken cancellationToken = default)
    {
        var connection = _select.Connection!;
        await using var transaction = connection.BeginTransaction(deferred: false);
        _select.Transaction = transaction;
        _upsert.Transaction = transaction;
        try
        {
            var next = update(await GetAsync(id, typeInfo, cancellationToken).ConfigureAwait(false));
            await SetAsync(id, next, typeInfo, cancellationToken).ConfigureAwait(false);
            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
            return next;
        }
        finally
        {
            _select.Transaction = null;
            _upsert.Transaction = null;
        }
    }

    public void Dispose()
    {
        _select.Dispose();
        _upsert.Dispose();
    }
}
