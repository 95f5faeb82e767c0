using Microsoft.Extensions.Logging;

namespace BotHq.Plugins.Storage.Sqlite;

/// <summary>The embedded default backend: one SQLite file (WAL), whose write lock (<c>BEGIN IMMEDIATE</c>) makes every
/// read-modify-write atomic across the processes that share it.</summary>
internal sealed class SqliteStorage : IPluginStorage
{
    private readonly TimeProvider _timeProvider;
    private readonly ILoggerFactory _loggerFactory;
    private readonly SqliteDataPurger _purger;

    // What this instance's registry writes moved the change counter by, so its own feed skips them.
    private readonly SqliteOwnChanges _ownChanges = new();

    public SqliteStorage(PluginRuntimeOptions options, TimeProvider timeProvider, ILoggerFactory loggerFactory)
    {
        _timeProvider = timeProvider;
        _loggerFactory = loggerFactory;
        Connections = new SqliteConnectionFactory(options);
        Registry = new SqliteRegistryStore(Connections, timeProvider, _ownChanges);
        CredentialKeys = new SqliteCredentialKeyRows(Connections);
        McpEras = new SqliteMcpEraStore(Connections, timeProvider);
        _purger = new SqliteDataPurger(Connections);
    }

    /// <summary>Gets the connections to the file.</summary>
    public SqliteConnectionFactory Connections { get; }

    public string Database => Connections.Failures.Database;

    public string DatabaseName => Connections.Failures.DatabaseName;

    /// <summary>Gets <see langword="false"/>: the file is on one machine, beside its key folder (processes on that machine share both).</summary>
    public bool IsShared => false;

    public IPluginRegistryStore Registry { get; }

    public ICredentialKeyRows CredentialKeys { get; }

    public BotHq.Plugins.Mcp.IMcpEraStore McpEras { get; }

    public PluginDatabaseException? Translate(Exception exception) => Connections.Failures.Translate(exception);

    public Task<int> MigrateAsync(CancellationToken cancellationToken) =>
        new SqliteSchemaMigrator(Connections, _timeProvider, _loggerFactory.CreateLogger<SqliteSchemaMigrator>()).MigrateAsync(cancellationToken);

    public IRegistryChangeFeed CreateChangeFeed(PluginRuntimeOptions options, ILoggerFactory loggerFactory) =>
        new SqliteChangeFeed(Connections, options.ChangePollInterval, _timeProvider, loggerFactory.CreateLogger<SqliteChangeFeed>(), _ownChanges);

    public IPluginValueRows OpenValueRows(PluginValueCodec codec, long pluginId) => new SqliteValueRows(Connections, codec, pluginId);

    public IPluginTaskSources OpenTaskSources(long pluginId, string pluginName, TimeProvider timeProvider) =>
        new SqliteTaskSources(Connections, pluginId, pluginName, timeProvider);

    public Task PurgeWorkspaceAsync(string workspaceId, CancellationToken cancellationToken) => _purger.PurgeWorkspaceAsync(workspaceId, cancellationToken);

    public Task PurgeTaskAsync(string taskId, CancellationToken cancellationToken) => _purger.PurgeTaskAsync(taskId, cancellationToken);

    public void Dispose() => Connections.Dispose();
}
