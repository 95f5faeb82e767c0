using Dapper;
using Microsoft.Data.Sqlite;

namespace BotHq.Plugins.Storage.Sqlite;

/// <summary>Removes every plugin's data about a host workspace or task, for the host to call when it deletes one.</summary>
/// <remarks>Workspace and task ids belong to the host, so no foreign key can cascade for them; these calls are that cascade.</remarks>
internal sealed class SqliteDataPurger
{
    private const string PurgeWorkspaceSql = "DELETE FROM plugin_workspace_data WHERE workspace_id = @Id";
    private const string PurgeTaskDataSql = "DELETE FROM plugin_task_data WHERE task_id = @Id";
    private const string PurgeTaskSourcesSql = "DELETE FROM plugin_task_sources WHERE task_id = @Id";

    private readonly SqliteConnectionFactory _connections;

    public SqliteDataPurger(SqliteConnectionFactory connections)
    {
        ArgumentNullException.ThrowIfNull(connections);
        _connections = connections;
    }

    /// <summary>Removes every plugin's data for one workspace, in one transaction.</summary>
    public async Task PurgeWorkspaceAsync(string workspaceId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(workspaceId);
        try
        {
            await using var connection = await _connections.OpenAsync(cancellationToken).ConfigureAwait(false);
            await using var transaction = connection.BeginTransaction(deferred: false);
            await connection.ExecuteAsync(new CommandDefinition(PurgeWorkspaceSql, new { Id = workspaceId }, transaction, cancellationToken: cancellationToken)).ConfigureAwait(false);
            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (SqliteException ex)
        {
            throw Failure($"workspace '{workspaceId}'", ex);
        }
    }

    /// <summary>Removes every plugin's data and source links for one task, in one transaction.</summary>
    public async Task PurgeTaskAsync(string taskId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(taskId);
        try
        {
            await using var connection = await _connections.OpenAsync(cancellationToken).ConfigureAwait(false);
            await using var transaction = connection.BeginTransaction(deferred: false);
            var parameters = new { Id = taskId };
            await connection.ExecuteAsync(new CommandDefinition(PurgeTaskDataSql, parameters, transaction, cancellationToken: cancellationToken)).ConfigureAwait(false);
            await connection.ExecuteAsync(new CommandDefinition(PurgeTaskSourcesSql, parameters, transaction, cancellationToken: cancellationToken)).ConfigureAwait(false);
            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (SqliteException ex)
        {
            throw Failure($"task '{taskId}'", ex);
        }
    }

    private PluginDatabaseException Failure(string what, SqliteException ex)
    {
        var cause = _connections.Failures.FromSqlite(ex);
        return new(cause.Failure, $"Could not purge the plugins' data for {what}, and nothing was removed. {cause.Message} Then call the purge again.", ex);
    }
}
