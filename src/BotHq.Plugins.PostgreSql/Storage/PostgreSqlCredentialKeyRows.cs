using BotHq.Plugins.Storage;
using Dapper;
using Npgsql;

namespace BotHq.Plugins.PostgreSql.Storage;

/// <summary>The wrapped credential keys in PostgreSQL, shared by every instance.</summary>
internal sealed class PostgreSqlCredentialKeyRows(NpgsqlDataSource dataSource, PostgreSqlSchema schema, PostgreSqlFailureClassifier failures) : ICredentialKeyRows
{
    private readonly string _table = schema.Table("plugin_credential_keys");

    public async Task<IReadOnlyList<WrappedKeyRow>> ReadAllAsync(CancellationToken cancellationToken)
    {
        try
        {
            await using var connection = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
            return (await connection.QueryAsync<(string Id, byte[] Wrapped, string CreatedAt)>(new CommandDefinition(
                $"SELECT id, wrapped, created_at FROM {_table} ORDER BY id COLLATE \"C\"", cancellationToken: cancellationToken)).ConfigureAwait(false))
                .Select(r => new WrappedKeyRow(r.Id, r.Wrapped, r.CreatedAt)).ToList();
        }
        catch (NpgsqlException ex)
        {
            throw failures.FromNpgsql(ex);
        }
    }

    public async Task InsertAsync(WrappedKeyRow key, CancellationToken cancellationToken)
    {
        try
        {
            await using var connection = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
            await connection.ExecuteAsync(new CommandDefinition(
                $"INSERT INTO {_table} (id, wrapped, created_at) VALUES (@Id, @Wrapped, @CreatedAt)", key, cancellationToken: cancellationToken)).ConfigureAwait(false);
        }
        catch (NpgsqlException ex)
        {
            throw failures.FromNpgsql(ex);
        }
    }

    public async Task DeleteAllExceptAsync(string keepId, CancellationToken cancellationToken)
    {
        try
        {
            await using var connection = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
            await connection.ExecuteAsync(new CommandDefinition(
                $"DELETE FROM {_table} WHERE id <> @keepId", new { keepId }, cancellationToken: cancellationToken)).ConfigureAwait(false);
        }
        catch (NpgsqlException ex)
        {
            throw failures.FromNpgsql(ex);
        }
    }
}
