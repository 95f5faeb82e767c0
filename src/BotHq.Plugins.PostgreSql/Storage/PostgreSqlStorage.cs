using BotHq.Plugins.Storage;
using Dapper;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace BotHq.Plugins.PostgreSql.Storage;

/// <summary>The shared backend: one PostgreSQL schema that every host instance reads and writes. Row locks, advisory locks and
/// upserts make every read-modify-write atomic across instances.</summary>
internal sealed class PostgreSqlStorage : IPluginStorage
{
    private readonly NpgsqlDataSource _dataSource;
    private readonly bool _ownsDataSource;
    private readonly PostgreSqlSchema _schema;
    private readonly PostgreSqlFailureClassifier _failures;
    private readonly TimeProvider _timeProvider;
    private readonly ILoggerFactory _loggerFactory;
    private readonly PostgreSqlValueStatements _store;
    private readonly PostgreSqlValueStatements _workspaceData;
    private readonly PostgreSqlValueStatements _taskData;

    // Names this instance in the notification of each registry change it makes, so that its own feed skips it.
    private readonly string _writer = Guid.NewGuid().ToString("N");

    /// <param name="dataSource">The data source; disposed with this storage when <paramref name="ownsDataSource"/>.</param>
    /// <param name="ownsDataSource">Whether this storage built the data source (from a connection string) and so disposes it.</param>
    /// <param name="schemaName">The schema, validated.</param>
    /// <param name="timeProvider">The clock.</param>
    /// <param name="loggerFactory">The loggers.</param>
    public PostgreSqlStorage(NpgsqlDataSource dataSource, bool ownsDataSource, string schemaName, TimeProvider timeProvider, ILoggerFactory loggerFactory)
    {
        _dataSource = dataSource;
        _ownsDataSource = ownsDataSource;
        _schema = new PostgreSqlSchema(schemaName);
        _failures = new PostgreSqlFailureClassifier(new NpgsqlConnectionStringBuilder(dataSource.ConnectionString), schemaName);
        _timeProvider = timeProvider;
        _loggerFactory = loggerFactory;
        _store = new PostgreSqlValueStatements(_schema, PluginValueTable.Store);
        _workspaceData = new PostgreSqlValueStatements(_schema, PluginValueTable.WorkspaceData);
        _taskData = new PostgreSqlValueStatements(_schema, PluginValueTable.TaskData);
        Registry = new PostgreSqlRegistryStore(dataSource, _schema, _failures, timeProvider, _writer);
        CredentialKeys = new PostgreSqlCredentialKeyRows(dataSource, _schema, _failures);
        McpEras = new PostgreSqlMcpEraStore(dataSource, _schema, timeProvider);
    }

    public string Database => _failures.Database;

    public string DatabaseName => _failures.DatabaseName;

    public bool IsShared => true;

    public IPluginRegistryStore Registry { get; }

    public ICredentialKeyRows CredentialKeys { get; }

    public BotHq.Plugins.Mcp.IMcpEraStore McpEras { get; }

    /// <summary>Gets the schema's names (for tests and the change feed).</summary>
    internal PostgreSqlSchema Schema => _schema;

    /// <summary>Gets the data source.</summary>
    internal NpgsqlDataSource DataSource => _dataSource;

    public PluginDatabaseException? Translate(Exception exception) => _failures.Translate(exception);

    public Task<int> MigrateAsync(CancellationToken cancellationToken) =>
        new PostgreSqlSchemaMigrator(_dataSource, _schema, _failures, _timeProvider, _loggerFactory.CreateLogger<PostgreSqlSchemaMigrator>()).MigrateAsync(cancellationToken);

    public IRegistryChangeFeed CreateChangeFeed(PluginRuntimeOptions options, ILoggerFactory loggerFactory) =>
        new PostgreSqlChangeFeed(_dataSource, _schema, _failures, _timeProvider, loggerFactory.CreateLogger<PostgreSqlChangeFeed>(), _writer);

    public IPluginValueRows OpenValueRows(PluginValueCodec codec, long pluginId)
    {
        var statements = ReferenceEquals(codec.Table, PluginValueTable.Store) ? _store
            : ReferenceEquals(codec.Table, PluginValueTable.WorkspaceData) ? _workspaceData
            : _taskData;
        return new PostgreSqlValueRows(_dataSource, statements, _failures, codec, pluginId);
    }

    public IPluginTaskSources OpenTaskSources(long pluginId, string pluginName, TimeProvider timeProvider) =>
        new PostgreSqlTaskSources(_dataSource, _schema, _failures, pluginId, pluginName, timeProvider);

    public Task PurgeWorkspaceAsync(string workspaceId, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(workspaceId);
        return PurgeAsync($"workspace '{workspaceId}'", workspaceId, ["plugin_workspace_data"], "workspace_id", cancellationToken);
    }

    public Task PurgeTaskAsync(string taskId, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(taskId);
        return PurgeAsync($"task '{taskId}'", taskId, ["plugin_task_data", "plugin_task_sources"], "task_id", cancellationToken);
    }

    public void Dispose()
    {
        if (_ownsDataSource)
        {
            _dataSource.Dispose();
        }
    }

    // Host ids have no foreign key (they are the host's), so these deletes are the cascade, in one transaction.
    private async Task PurgeAsync(string what, string id, string[] tables, string column, CancellationToken cancellationToken)
    {
        try
        {
            await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
            await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
            foreach (var table in tables)
            {
                await connection.ExecuteAsync(new CommandDefinition(
                    $"DELETE FROM {_schema.Table(table)} WHERE {column} = @id", new { id }, transaction, cancellationToken: cancellationToken)).ConfigureAwait(false);
            }

            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (NpgsqlException ex)
        {
            var cause = _failures.FromNpgsql(ex);
            throw new PluginDatabaseException(cause.Failure, $"Could not purge the plugins' data for {what}, and nothing was removed. {cause.Message} Then call the purge again.", ex);
        }
    }
}
