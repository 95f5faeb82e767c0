using Microsoft.Extensions.Logging;

namespace BotHq.Plugins.Loading;

/// <summary>The loader's source-generated log messages.</summary>
internal sealed partial class PluginLoader
{
    [LoggerMessage(EventId = 1, Level = LogLevel.Warning, Message = "Plugin folder {PluginFolder} is not loaded (plugin {PluginName}): {ProblemCount} problem(s): {Problems}")]
    private partial void LogLoadError(string pluginFolder, string pluginName, int problemCount, string problems);

    [LoggerMessage(EventId = 2, Level = LogLevel.Information, Message = "Plugin {PluginName} in {PluginFolder} is incompatible with this host and will not run: {Reason}")]
    private partial void LogIncompatible(string pluginName, string pluginFolder, string reason);

    [LoggerMessage(EventId = 3, Level = LogLevel.Debug, Message = "Skipped {PluginFolder}: it has no plugin.json")]
    private partial void LogNoManifestSkipped(string pluginFolder);

    [LoggerMessage(EventId = 4, Level = LogLevel.Debug, Message = "Skipped hidden folder {PluginFolder}")]
    private partial void LogHiddenFolderSkipped(string pluginFolder);

    [LoggerMessage(EventId = 5, Level = LogLevel.Debug, Message = "Scanned {PluginsDirectory}: {PluginCount} plugin(s), {ErrorCount} invalid folder(s)")]
    private partial void LogDiscovered(string pluginsDirectory, int pluginCount, int errorCount);
}
