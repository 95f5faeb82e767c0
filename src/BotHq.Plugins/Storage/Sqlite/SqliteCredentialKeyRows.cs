using Dapper;
using Microsoft.Data.Sqlite;

namespace BotHq.Plugins.Storage.Sqlite;

/// <summary>The wrapped credential keys in the SQLite file.</summary>
internal sealed class SqliteCredentialKeyRows(SqliteConnectionFactory connections) : ICredentialKeyRows
{
    public async Task<IReadOnlyList<WrappedKeyRow>> ReadAllAsync(CancellationToken cancellationToken)
    {
        try
        {
            await using var connection = await connections.OpenAsync(cancellationToken).ConfigureAwait(false);
            return (await connection.QueryAsync<(string Id, byte[] Wrapped, string CreatedAt)>(new CommandDefinition(
                "SELECT id, wrapped, created_at FROM plugin_credential_keys ORDER BY id", cancellationToken: cancellationToken)).ConfigureAwait(false))
                .Select(r => new WrappedKeyRow(r.Id, r.Wrapped, r.CreatedAt)).ToList();
        }
        catch (SqliteException ex)
        {
            throw connections.Failures.FromSqlite(ex);
        }
    }

    public async Task InsertAsync(WrappedKeyRow key, CancellationToken cancellationToken)
    {
        try
        {
            await using var connection = await connections.OpenAsync(cancellationToken).ConfigureAwait(false);
            await connection.ExecuteAsync(new CommandDefinition(
                "INSERT INTO plugin_credential_keys (id, wrapped, created_at) VALUES (@Id, @Wrapped, @CreatedAt)", key, cancellationToken: cancellationToken)).ConfigureAwait(false);
        }
        catch (SqliteException ex)
        {
            throw connections.Failures.FromSqlite(ex);
        }
    }

    public async Task DeleteAllExceptAsync(string keepId, CancellationToken cancellationToken)
    {
        try
        {
            await using var connection = await connections.OpenAsync(cancellationToken).ConfigureAwait(false);
            await connection.ExecuteAsync(new CommandDefinition(
                "DELETE FROM plugin_credential_keys WHERE id <> @keepId", new { keepId }, cancellationToken: cancellationToken)).ConfigureAwait(false);
        }
        catch (SqliteException ex)
        {
            throw connections.Failures.FromSqlite(ex);
        }
    }
}
