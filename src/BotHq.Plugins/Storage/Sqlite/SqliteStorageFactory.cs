using Microsoft.Extensions.Logging;

namespace BotHq.Plugins.Storage.Sqlite;

/// <summary>Creates the SQLite backend at <see cref="PluginRuntimeOptions.DatabasePath"/> (or <see cref="PluginRuntimeOptions.ConnectionString"/>).</summary>
internal sealed class SqliteStorageFactory : IPluginStorageFactory
{
    public static SqliteStorageFactory Instance { get; } = new();

    public IPluginStorage Create(PluginRuntimeOptions options, TimeProvider timeProvider, ILoggerFactory loggerFactory) =>
        new SqliteStorage(options, timeProvider, loggerFactory);
}
