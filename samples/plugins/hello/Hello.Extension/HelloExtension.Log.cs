using Microsoft.Extensions.Logging;

namespace Hello.Extension;

/// <summary>The extension's log messages, under the plugin's own logger category.</summary>
public sealed partial class HelloExtension
{
    [LoggerMessage(Level = LogLevel.Debug, Message = "Plugin {PluginName} {Version}: extension loaded")]
    private static partial void LogLoaded(ILogger logger, string pluginName, string version);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Plugin {PluginName}: extension unloading")]
    private static partial void LogUnloading(ILogger logger, string pluginName);
}
