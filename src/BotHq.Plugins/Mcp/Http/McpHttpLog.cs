using Microsoft.Extensions.Logging;

namespace BotHq.Plugins.Mcp.Http;

/// <summary>The log lines of the Streamable HTTP transport; every text in them is masked by the plugin's masking logger.</summary>
internal static partial class McpHttpLog
{
    [LoggerMessage(4100, LogLevel.Debug, "MCP server of plugin '{Plugin}' gave session id {SessionId}")]
    public static partial void SessionStarted(ILogger logger, string plugin, string sessionId);

    [LoggerMessage(4101, LogLevel.Information, "MCP server of plugin '{Plugin}' ended the session (HTTP {Status} on {Endpoint}); the next call starts a new one")]
    public static partial void SessionExpired(ILogger logger, string plugin, int status, string endpoint);

    [LoggerMessage(4102, LogLevel.Debug, "MCP server of plugin '{Plugin}' offers no stream for its own messages (GET answered {Status})")]
    public static partial void NoListenStream(ILogger logger, string plugin, int status);

    [LoggerMessage(4103, LogLevel.Debug, "The message stream of the MCP server of plugin '{Plugin}' ended ({Reason}); opening it again in {Delay}")]
    public static partial void ListenStreamEnded(ILogger logger, string plugin, string reason, TimeSpan delay);

    [LoggerMessage(4104, LogLevel.Debug, "Ending the session with the MCP server of plugin '{Plugin}' failed: {Reason}")]
    public static partial void DeleteFailed(ILogger logger, string plugin, string reason);

    [LoggerMessage(4105, LogLevel.Warning, "MCP server of plugin '{Plugin}' sent an event of {Bytes} bytes on its message stream, longer than MaxMessageBytes ({MaxBytes}); it was dropped")]
    public static partial void EventTooLong(ILogger logger, string plugin, long bytes, int maxBytes);
}
