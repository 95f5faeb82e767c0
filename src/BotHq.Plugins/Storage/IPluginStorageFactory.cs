using Microsoft.Extensions.Logging;

namespace BotHq.Plugins.Storage;

/// <summary>Creates the storage backend a runtime uses; a backend package registers its own (<c>UsePostgreSql</c>), SQLite is used when none is.</summary>
internal interface IPluginStorageFactory
{
    /// <summary>Creates the backend for one runtime; it opens no connection until it is first used.</summary>
    IPluginStorage Create(PluginRuntimeOptions options, TimeProvider timeProvider, ILoggerFactory loggerFactory);
}
