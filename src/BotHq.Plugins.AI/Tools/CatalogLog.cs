using Microsoft.Extensions.Logging;

namespace BotHq.Plugins.AI.Tools;

/// <summary>The catalog's and its functions' log messages.</summary>
internal static partial class CatalogLog
{
    [LoggerMessage(EventId = 1, Level = LogLevel.Warning, Message = "The tools of plugin {Plugin} could not be listed, so the catalog leaves them out for now: {Reason}")]
    public static partial void ListFailed(ILogger logger, string plugin, string reason, Exception exception);

    [LoggerMessage(EventId = 2, Level = LogLevel.Information, Message = "Tool {Tool} of plugin {Plugin} could not be called ({Code}); the model gets the error as the tool's result")]
    public static partial void CallFailed(ILogger logger, string plugin, string tool, string code, Exception exception);

    [LoggerMessage(EventId = 4, Level = LogLevel.Debug, Message = "The tools of plugin {Plugin} are left out for now: {Reason}")]
    public static partial void ListUnavailable(ILogger logger, string plugin, string reason);

    [LoggerMessage(EventId = 3, Level = LogLevel.Debug, Message = "Listed the tools of {Listed} plugin(s); the catalog holds the tools of {Count} plugin(s)")]
    public static partial void Built(ILogger logger, int listed, int count);
}
