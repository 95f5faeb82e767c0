using System.Globalization;
using Dapper;
using Microsoft.Data.Sqlite;

namespace BotHq.Plugins.Storage.Sqlite;

/// <summary>A plugin's links between host tasks and the source items they were created from (<c>plugin_task_sources</c>), bound to that plugin.</summary>
internal sealed class SqliteTaskSources : IPluginTaskSources
{
    // The delete frees the task's earlier link (UNIQUE (plugin_id, task_id)); the upsert replaces the source ref's (its primary key).
    private const string UnlinkOtherSourceSql =
        "DELETE FROM plugin_task_sources WHERE plugin_id = @PluginId AND task_id = @TaskId AND source_ref <> @SourceRef";

    private const string LinkSql =
        "INSERT INTO plugin_task_sources (plugin_id, source_ref, task_id, created_at) VALUES (@PluginId, @SourceRef, @TaskId, @Now) " +
        "ON CONFLICT (plugin_id, source_ref) DO UPDATE SET task_id = excluded.task_id, created_at = excluded.created_at";

    private const string FindTaskSql = "SELECT task_id FROM plugin_task_sources WHERE plugin_id = @PluginId AND source_ref = @SourceRef";
    private const string GetSourceRefSql = "SELECT source_ref FROM plugin_task_sources WHERE plugin_id = @PluginId AND task_id = @TaskId";
    private const string UnlinkSql = "DELETE FROM plugin_task_sources WHERE plugin_id = @PluginId AND task_id = @TaskId";

    private readonly SqliteConnectionFactory _connections;
    private readonly long _pluginId;
    private readonly string _pluginName;
    private readonly TimeProvider _timeProvider;

    public SqliteTaskSources(SqliteConnectionFactory connections, long pluginId, string pluginName, TimeProvider timeProvider)
    {
        _connections = connections;
        _pluginId = pluginId;
        _pluginName = pluginName;
        _timeProvider = timeProvider;
    }

    public async Task LinkTaskAsync(string taskId, string sourceRef, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(taskId);
        ArgumentException.ThrowIfNullOrEmpty(sourceRef);
        try
        {
            await using var connection = await _connections.OpenAsync(cancellationToken).ConfigureAwait(false);
            await using var transaction = connection.BeginTransaction(deferred: false);
            var parameters = new
            {
                PluginId = _pluginId,
                TaskId = taskId,
                SourceRef = sourceRef,
                Now = _timeProvider.GetUtcNow().ToString("O", CultureInfo.InvariantCulture),
            };
            await connection.ExecuteAsync(new CommandDefinition(UnlinkOtherSourceSql, parameters, transaction, cancellationToken: cancellationToken)).ConfigureAwait(false);
            await connection.ExecuteAsync(new CommandDefinition(LinkSql, parameters, transaction, cancellationToken: cancellationToken)).ConfigureAwait(false);
            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (SqliteException ex)
        {
            throw Failure($"link task '{taskId}' to source '{sourceRef}'", ex);
        }
    }

    public async Task<string?> FindTaskAsync(string sourceRef, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(sourceRef);
        try
        {
            await using var connection = await _connections.OpenAsync(cancellationToken).ConfigureAwait(false);
            return await connection.ExecuteScalarAsync<string?>(new CommandDefinition(
                FindTaskSql, new { PluginId = _pluginId, SourceRef = sourceRef }, cancellationToken: cancellationToken)).ConfigureAwait(false);
        }
        catch (SqliteException ex)
        {
            throw Failure($"find the task linked to source '{sourceRef}'", ex);
        }
    }

    public async Task<string?> GetSourceRefAsync(string taskId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(taskId);
        try
        {
            await using var connection = await _connections.OpenAsync(cancellationToken).ConfigureAwait(false);
            return await connection.ExecuteScalarAsync<string?>(new CommandDefinition(
                GetSourceRefSql, new { PluginId = _pluginId, TaskId = taskId }, cancellationToken: cancellationToken)).ConfigureAwait(false);
        }
        catch (SqliteException ex)
        {
            throw Failure($"read the source of task '{taskId}'", ex);
        }
    }

    public async Task<bool> UnlinkTaskAsync(string taskId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(taskId);
        try
        {
            await using var connection = await _connections.OpenAsync(cancellationToken).ConfigureAwait(false);
            var deleted = await connection.ExecuteAsync(new CommandDefinition(
                UnlinkSql, new { PluginId = _pluginId, TaskId = taskId }, cancellationToken: cancellationToken)).ConfigureAwait(false);
            return deleted > 0;
        }
        catch (SqliteException ex)
        {
            throw Failure($"unlink task '{taskId}'", ex);
        }
    }

    private PluginStoreException Failure(string operation, SqliteException ex) =>
        new(
            _pluginName,
            $"Plugin '{_pluginName}' could not {operation} in its task sources: SQLite: {SqliteFailureClassifier.SqliteText(ex)}. Check that the plugin database is reachable and writable and that the plugin is still installed.",
            ex);
}
