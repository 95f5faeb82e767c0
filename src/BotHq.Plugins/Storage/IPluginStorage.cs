namespace BotHq.Plugins.Storage;

/// <summary>A storage backend: the one boundary through which the runtime reaches its database.</summary>
/// <remarks>
/// SQLite (<see cref="Sqlite.SqliteStorage"/>) is the embedded default; a shared backend (BotHq.Plugins.PostgreSql) plugs in
/// through an <see cref="IPluginStorageFactory"/> the host registers. Every guarantee that must hold across processes and host
/// instances (transactions, unique rows, read-modify-writes) is made by the database behind it, never by a lock in this process.
/// Every failure a backend reports about the database itself is a <see cref="PluginDatabaseException"/> (or, from a plugin's
/// stores, a <see cref="PluginStoreException"/>) whose message names the database and the cause.
/// </remarks>
internal interface IPluginStorage : IDisposable
{
    /// <summary>Gets the database as an operator finds it: a quoted file path, or a host, database and schema (never a password).</summary>
    string Database { get; }

    /// <summary>Gets the database's name without any path or host, for what a remote client sees (problem details, health data).</summary>
    string DatabaseName { get; }

    /// <summary>Gets a value indicating whether host instances on other machines share this database, so that every key its
    /// credentials need must be shared as well (held in the database, wrapped by the host's key-encryption key, or by a host's
    /// own <see cref="ICredentialProtector"/>) rather than in one machine's key folder.</summary>
    bool IsShared { get; }

    /// <summary>Gets the registry's table of plugins and what goes with it.</summary>
    IPluginRegistryStore Registry { get; }

    /// <summary>Gets the table of wrapped credential keys (used when the host sets a key-encryption key).</summary>
    ICredentialKeyRows CredentialKeys { get; }

    /// <summary>Gets the store of the MCP protocol era agreed with each plugin version's server (migration 2 of each backend).</summary>
    BotHq.Plugins.Mcp.IMcpEraStore McpEras { get; }

    /// <summary>Gets the exception for a failure of the database, or <see langword="null"/> when <paramref name="exception"/> is not one.</summary>
    /// <param name="exception">What a call through this backend threw.</param>
    /// <returns><paramref name="exception"/> itself when it is already a <see cref="PluginDatabaseException"/>; a new one naming
    /// the database and the cause for the backend's own exceptions; otherwise <see langword="null"/>.</returns>
    PluginDatabaseException? Translate(Exception exception);

    /// <summary>Brings the schema to the newest version this library knows, exactly once however many instances start together.</summary>
    /// <returns>The number of migrations this call applied.</returns>
    /// <exception cref="PluginDatabaseException">The database cannot be reached or used, or its schema is newer than this version knows (it is then left untouched).</exception>
    Task<int> MigrateAsync(CancellationToken cancellationToken);

    /// <summary>Creates the feed that tells this instance of registry changes made elsewhere (not started).</summary>
    IRegistryChangeFeed CreateChangeFeed(PluginRuntimeOptions options, Microsoft.Extensions.Logging.ILoggerFactory loggerFactory);

    /// <summary>Opens one plugin's rows in one value table (key-value, workspace or task data).</summary>
    /// <param name="codec">The plugin's JSON handling, size limit and messages for that table.</param>
    /// <param name="pluginId">The plugin's row id.</param>
    IPluginValueRows OpenValueRows(PluginValueCodec codec, long pluginId);

    /// <summary>Opens one plugin's task-to-source links.</summary>
    IPluginTaskSources OpenTaskSources(long pluginId, string pluginName, TimeProvider timeProvider);

    /// <summary>Removes every plugin's data for one host workspace, in one transaction.</summary>
    Task PurgeWorkspaceAsync(string workspaceId, CancellationToken cancellationToken);

    /// <summary>Removes every plugin's data and source links for one host task, in one transaction.</summary>
    Task PurgeTaskAsync(string taskId, CancellationToken cancellationToken);
}
