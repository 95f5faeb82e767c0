using Microsoft.Extensions.Logging;

namespace BotHq.Plugins.Extensions;

/// <summary>The extension host's log messages.</summary>
internal static partial class ExtensionLog
{
    [LoggerMessage(EventId = 5001, Level = LogLevel.Information, Message = "Loaded extension {TypeName} of plugin '{PluginName}' from {AssemblyPath} in {ElapsedMs:0.0} ms")]
    public static partial void Loaded(ILogger logger, string pluginName, string typeName, string assemblyPath, double elapsedMs);

    [LoggerMessage(EventId = 5002, Level = LogLevel.Error, Message = "The extension of plugin '{PluginName}' failed to load: {Problem}")]
    public static partial void LoadFailed(ILogger logger, string pluginName, string problem, Exception? exception);

    [LoggerMessage(EventId = 5003, Level = LogLevel.Warning, Message = "Hook {Hook} of plugin '{PluginName}' failed: {Error}")]
    public static partial void HookFailed(ILogger logger, string pluginName, string hook, string error, Exception? exception);

    [LoggerMessage(EventId = 5004, Level = LogLevel.Warning, Message = "Hook {Hook} of plugin '{PluginName}' timed out after {Timeout}; it was cancelled")]
    public static partial void HookTimedOut(ILogger logger, string pluginName, string hook, TimeSpan timeout);

    [LoggerMessage(EventId = 5005, Level = LogLevel.Warning, Message = "Hook {Hook} of plugin '{PluginName}' held its thread-pool thread for {ElapsedMs:0} ms before returning its task; a hook should await its work instead of blocking (logged once per load)")]
    public static partial void HookBlocked(ILogger logger, string pluginName, string hook, double elapsedMs);

    [LoggerMessage(EventId = 5006, Level = LogLevel.Warning, Message = "Action '{ActionId}' of plugin '{PluginName}' failed: {Error}")]
    public static partial void ActionFailed(ILogger logger, string pluginName, string actionId, string error, Exception? exception);

    [LoggerMessage(EventId = 5007, Level = LogLevel.Warning, Message = "Plugin '{PluginName}' failed to list or describe its {Kind} actions: {Error}")]
    public static partial void ActionsFailed(ILogger logger, string pluginName, ActionKind kind, string error, Exception? exception);

    [LoggerMessage(EventId = 5008, Level = LogLevel.Warning, Message = "Plugin '{PluginName}' offers {Kind} action '{ActionId}' twice, or with no id; only the first is used")]
    public static partial void ActionDuplicate(ILogger logger, string pluginName, ActionKind kind, string? actionId);

    [LoggerMessage(EventId = 5009, Level = LogLevel.Information, Message = "Unloading the extension of plugin '{PluginName}'")]
    public static partial void Unloading(ILogger logger, string pluginName);

    [LoggerMessage(EventId = 5010, Level = LogLevel.Warning, Message = "The unload of plugin '{PluginName}' is pending: {Count} hook or action call(s) still running; it completes when they return")]
    public static partial void UnloadPending(ILogger logger, string pluginName, int count);

    [LoggerMessage(EventId = 5011, Level = LogLevel.Warning, Message = "Disposing the extension of plugin '{PluginName}' failed or timed out; unloading it anyway")]
    public static partial void DisposeFailed(ILogger logger, string pluginName, Exception? exception);

    [LoggerMessage(EventId = 5012, Level = LogLevel.Information, Message = "Unloaded the extension of plugin '{PluginName}'")]
    public static partial void Unloaded(ILogger logger, string pluginName);

    [LoggerMessage(EventId = 5013, Level = LogLevel.Warning, Message = "{Count} extension unload(s) still pending when the extension host was disposed")]
    public static partial void UnloadsStillPending(ILogger logger, int count);

    [LoggerMessage(EventId = 5014, Level = LogLevel.Warning, Message = "A cancellation callback registered by plugin '{PluginName}' threw")]
    public static partial void CancelCallbackFailed(ILogger logger, string pluginName, Exception exception);
}
