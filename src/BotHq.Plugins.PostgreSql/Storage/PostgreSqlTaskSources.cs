using System.Globalization;
using Dapper;
using Npgsql;

namespace BotHq.Plugins.PostgreSql.Storage;

/// <summary>A plugin's links between host tasks and the source items they were created from, in PostgreSQL, bound to that plugin.</summary>
internal sealed class PostgreSqlTaskSources : IPluginTaskSources
{
    private readonly NpgsqlDataSource _dataSource;
    private readonly PostgreSqlFailureClassifier _failures;
    private readonly long _pluginId;
    private readonly string _pluginName;
    private readonly TimeProvider _timeProvider;
    private readonly string _unlinkOtherSourceSql;
    private readonly string _linkSql;
    private readonly string _findTaskSql;
    private readonly string _getSourceRefSql;
    private readonly string _unlinkSql;

    public PostgreSqlTaskSources(NpgsqlDataSource dataSource, PostgreSqlSchema schema, PostgreSqlFailureClassifier failures, long pluginId, string pluginName, TimeProvider timeProvider)
    {
        _dataSource = dataSource;
        _failures = failures;
        _pluginId = pluginId;
        _pluginName = pluginName;
        _timeProvider = timeProvider;
        var table = schema.Table("plugin_task_sources");

        // The delete frees the task's earlier link (UNIQUE (plugin_id, task_id)); the upsert replaces the source ref's (its primary key).
        _unlinkOtherSourceSql = $"DELETE FROM {table} WHERE plugin_id = @PluginId AND task_id = @TaskId AND source_ref <> @SourceRef";
        _linkSql = $"INSERT INTO {table} (plugin_id, source_ref, task_id, created_at) VALUES (@PluginId, @SourceRef, @TaskId, @Now) " +
                   "ON CONFLICT (plugin_id, source_ref) DO UPDATE SET task_id = excluded.task_id, created_at = excluded.created_at";
        _findTaskSql = $"SELECT task_id FROM {table} WHERE plugin_id = @PluginId AND source_ref = @SourceRef";
        _getSourceRefSql = $"SELECT source_ref FROM {table} WHERE plugin_id = @PluginId AND task_id = @TaskId";
        _unlinkSql = $"DELETE FROM {table} WHERE plugin_id = @PluginId AND task_id = @TaskId";
    }

    public async Task LinkTaskAsync(string taskId, string sourceRef, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(taskId);
        ArgumentException.ThrowIfNullOrEmpty(sourceRef);
        try
        {
            await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
            await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
            var parameters = new
            {
                PluginId = _pluginId,
                TaskId = taskId,
                SourceRef = sourceRef,
                Now = _timeProvider.GetUtcNow().ToString("O", CultureInfo.InvariantCulture),
            };
            await connection.ExecuteAsync(new CommandDefinition(_unlinkOtherSourceSql, parameters, transaction, cancellationToken: cancellationToken)).ConfigureAwait(false);
            await connection.ExecuteAsync(new CommandDefinition(_linkSql, parameters, transaction, cancellationToken: cancellationToken)).ConfigureAwait(false);
            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (NpgsqlException ex)
        {
            throw Failure($"link task '{taskId}' to source '{sourceRef}'", ex);
        }
    }

    public async Task<string?> FindTaskAsync(string sourceRef, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(sourceRef);
        try
        {
            await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
            return await connection.ExecuteScalarAsync<string?>(new CommandDefinition(
                _findTaskSql, new { PluginId = _pluginId, SourceRef = sourceRef }, cancellationToken: cancellationToken)).ConfigureAwait(false);
        }
        catch (NpgsqlException ex)
        {
            throw Failure($"find the task linked to source '{sourceRef}'", ex);
        }
    }

    public async Task<string?> GetSourceRefAsync(string taskId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(taskId);
        try
        {
            await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
            return await connection.ExecuteScalarAsync<string?>(new CommandDefinition(
                _getSourceRefSql, new { PluginId = _pluginId, TaskId = taskId }, cancellationToken: cancellationToken)).ConfigureAwait(false);
        }
        catch (NpgsqlException ex)
        {
            throw Failure($"read the source of task '{taskId}'", ex);
        }
    }

    public async Task<bool> UnlinkTaskAsync(string taskId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(taskId);
        try
        {
            await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
            return await connection.ExecuteAsync(new CommandDefinition(
                _unlinkSql, new { PluginId = _pluginId, TaskId = taskId }, cancellationToken: cancellationToken)).ConfigureAwait(false) > 0;
        }
        catch (NpgsqlException ex)
        {
            throw Failure($"unlink task '{taskId}'", ex);
        }
    }

    private PluginStoreException Failure(string operation, NpgsqlException ex) =>
        new(
            _pluginName,
            $"Plugin '{_pluginName}' could not {operation} in its task sources: {_failures.Detail(ex)}. Check that the plugin database is reachable and writable and that the plugin is still installed.",
            ex);
}
