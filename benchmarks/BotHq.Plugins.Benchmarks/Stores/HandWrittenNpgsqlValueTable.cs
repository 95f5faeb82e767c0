using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using BotHq.Plugins.PostgreSql.Storage;
using Npgsql;

namespace BotHq.Plugins.Benchmarks.Stores;

/// <summary>The PostgreSQL baseline: what a user would write by hand with Npgsql for one table: one data source, a pooled
/// connection per call, prepared commands (Npgsql keeps them per physical connection), the stores' own SQL and the same
/// System.Text.Json calls; no size check and no error translation.</summary>
internal sealed class HandWrittenNpgsqlValueTable(NpgsqlDataSource dataSource, PostgreSqlValueStatements sql, long pluginId)
{
    public async Task<T?> GetAsync<T>(string id, JsonTypeInfo<T> typeInfo)
    {
        await using var connection = await dataSource.OpenConnectionAsync().ConfigureAwait(false);
        await using var select = Command(sql.Select, connection, null, id);
        await select.PrepareAsync().ConfigureAwait(false);
        var json = await select.ExecuteScalarAsync().ConfigureAwait(false) as string;
        return json is null ? default : JsonSerializer.Deserialize(json, typeInfo);
    }

    public async Task SetAsync<T>(string id, T value, JsonTypeInfo<T> typeInfo)
    {
        await using var connection = await dataSource.OpenConnectionAsync().ConfigureAwait(false);
        await using var upsert = Command(sql.Upsert, connection, null, id, JsonSerializer.Serialize(value, typeInfo), Now());
        await upsert.PrepareAsync().ConfigureAwait(false);
        await upsert.ExecuteNonQueryAsync().ConfigureAwait(false);
    }

    public async Task<T> UpdateAsync<T>(string id, Func<T?, T> update, JsonTypeInfo<T> typeInfo)
    {
        await using var connection = await dataSource.OpenConnectionAsync().ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync().ConfigureAwait(false);
        var now = Now();
        await using (var claim = Command(sql.Claim, connection, transaction, id, now))
        {
            await claim.PrepareAsync().ConfigureAwait(false);
            await claim.ExecuteNonQueryAsync().ConfigureAwait(false);
        }

        string? current;
        await using (var lockRow = Command(sql.Lock, connection, transaction, id))
        {
            await lockRow.PrepareAsync().ConfigureAwait(false);
            await using var reader = await lockRow.ExecuteReaderAsync().ConfigureAwait(false);
            await reader.ReadAsync().ConfigureAwait(false);
            current = reader.GetInt64(1) == 0 ? null : reader.GetString(0);
        }

        var next = update(current is null ? default : JsonSerializer.Deserialize(current, typeInfo));
        await using (var write = Command(sql.Write, connection, transaction, id, JsonSerializer.Serialize(next, typeInfo), now))
        {
            await write.PrepareAsync().ConfigureAwait(false);
            await write.ExecuteNonQueryAsync().ConfigureAwait(false);
        }

        await transaction.CommitAsync().ConfigureAwait(false);
        return next;
    }

    private static string Now() => DateTimeOffset.UtcNow.ToString("O", CultureInfo.InvariantCulture);

    private NpgsqlCommand Command(string text, NpgsqlConnection connection, NpgsqlTransaction? transaction, string id, string? second = null, string? third = null)
    {
        var command = new NpgsqlCommand(text, connection, transaction);
        command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = pluginId });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = id });
        if (second is not null)
        {
            command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = second });
        }

        if (third is not null)
        {
            command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = third });
        }

        return command;
    }
}
