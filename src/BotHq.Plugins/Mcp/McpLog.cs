using Microsoft.Extensions.Logging;

namespace BotHq.Plugins.Mcp;

/// <summary>The MCP client's log messages, written under the category <c>BotHq.Plugins.Mcp.{plugin}</c>.</summary>
internal static partial class McpLog
{
    [LoggerMessage(4000, LogLevel.Debug, "[stderr] {Line}")]
    public static partial void Stderr(ILogger logger, string line);

    [LoggerMessage(4001, LogLevel.Warning, "Dropped a message of {Bytes} bytes from the MCP server of plugin '{Plugin}': longer than PluginMcpOptions.MaxMessageBytes ({MaxBytes}).")]
    public static partial void LineTooLong(ILogger logger, string plugin, long bytes, int maxBytes);

    [LoggerMessage(4002, LogLevel.Warning, "Dropped a line from the MCP server of plugin '{Plugin}' that is not a JSON-RPC message ({Reason}): {Preview}")]
    public static partial void NotJson(ILogger logger, string plugin, string reason, string preview);

    [LoggerMessage(4003, LogLevel.Debug, "Ignored a response from the MCP server of plugin '{Plugin}' to request {Id}, which is no longer waiting (timed out, cancelled or never sent).")]
    public static partial void LateResponse(ILogger logger, string plugin, long id);

    [LoggerMessage(4004, LogLevel.Debug, "Answered the request '{Method}' of the MCP server of plugin '{Plugin}' with method-not-found: this client does not support it.")]
    public static partial void UnsupportedServerRequest(ILogger logger, string plugin, string method);

    [LoggerMessage(EventId = 4005, Message = "[server log {ServerLogger}] {Data}")]
    public static partial void ServerLog(ILogger logger, LogLevel level, string? serverLogger, string data);

    [LoggerMessage(4006, LogLevel.Information, "Started the MCP server of plugin '{Plugin}': process {ProcessId}, {Command}.")]
    public static partial void Started(ILogger logger, string plugin, int processId, string command);

    [LoggerMessage(4007, LogLevel.Information, "The MCP server of plugin '{Plugin}' ({ServerName} {ServerVersion}) is ready; protocol revision {ProtocolVersion}.")]
    public static partial void Ready(ILogger logger, string plugin, string protocolVersion, string? serverName, string? serverVersion);

    [LoggerMessage(4008, LogLevel.Debug, "The MCP server of plugin '{Plugin}' does not speak the 2026-07-28 revision ({Reason}); falling back to initialize.")]
    public static partial void ProbeFallback(ILogger logger, string plugin, string reason);

    [LoggerMessage(4009, LogLevel.Warning, "The MCP server of plugin '{Plugin}' crashed ({Crashes} crash(es) within the restart window): {Error}")]
    public static partial void Crashed(ILogger logger, string plugin, int crashes, string error);

    [LoggerMessage(4010, LogLevel.Error, "The MCP server of plugin '{Plugin}' is marked failed after {Crashes} crashes within {Window}; calls fail until the plugin is reset or re-enabled. Last error: {Error}")]
    public static partial void Failed(ILogger logger, string plugin, int crashes, TimeSpan window, string error);

    [LoggerMessage(4011, LogLevel.Information, "Stopping the MCP server of plugin '{Plugin}' (process {ProcessId}).")]
    public static partial void Stopping(ILogger logger, string plugin, int processId);

    [LoggerMessage(4012, LogLevel.Debug, "The MCP server of plugin '{Plugin}' announced a tool list change; the cached list is dropped.")]
    public static partial void ToolsListChanged(ILogger logger, string plugin);

    [LoggerMessage(4013, LogLevel.Information, "The MCP server of plugin '{Plugin}' exited during the server/discover probe; starting it again for the initialize handshake (not counted as a crash).")]
    public static partial void ProbeExit(ILogger logger, string plugin);

    [LoggerMessage(4014, LogLevel.Debug, "Could not tell the MCP server of plugin '{Plugin}' that request {Id} was cancelled.")]
    public static partial void CancelNotSent(ILogger logger, string plugin, long id, Exception exception);

    [LoggerMessage(4015, LogLevel.Debug, "Could not answer the request '{Method}' of the MCP server of plugin '{Plugin}'.")]
    public static partial void AnswerNotSent(ILogger logger, string plugin, string method, Exception exception);

    [LoggerMessage(4016, LogLevel.Debug, "The subscriptions/listen request to the MCP server of plugin '{Plugin}' ended ({Reason}); opening it again in {Delay}.")]
    public static partial void ListenEnded(ILogger logger, string plugin, string reason, TimeSpan delay);

    [LoggerMessage(4017, LogLevel.Warning, "Restarting the MCP server of plugin '{Plugin}' in {Delay} (restart {Restart}).")]
    public static partial void RestartDelayed(ILogger logger, string plugin, TimeSpan delay, int restart);

    [LoggerMessage(4018, LogLevel.Error, "Reading the messages of the MCP server of plugin '{Plugin}' failed; the connection is closed.")]
    public static partial void ReaderFailed(ILogger logger, string plugin, Exception exception);

    [LoggerMessage(4019, LogLevel.Debug, "The MCP server of plugin '{Plugin}' declares no tools capability: it offers no tools, and none are listed.")]
    public static partial void NoToolsCapability(ILogger logger, string plugin);

    [LoggerMessage(4020, LogLevel.Warning, "Left out tool '{Tool}' of the MCP server of plugin '{Plugin}': {Reason}")]
    public static partial void ToolRejected(ILogger logger, string plugin, string tool, string reason);

    [LoggerMessage(4021, LogLevel.Warning, "The outputSchema of tool '{Tool}' of the MCP server of plugin '{Plugin}' is not a valid JSON Schema ({Error}); its structured results are not checked.")]
    public static partial void OutputSchemaInvalid(ILogger logger, string plugin, string tool, string error);

    [LoggerMessage(4022, LogLevel.Debug, "The MCP server of plugin '{Plugin}' runs the call of tool '{Tool}' as task {TaskId}; following it.")]
    public static partial void TaskCreated(ILogger logger, string plugin, string tool, string taskId);

    [LoggerMessage(4023, LogLevel.Debug, "Could not ask the MCP server of plugin '{Plugin}' to cancel a task.")]
    public static partial void TaskCancelFailed(ILogger logger, string plugin, Exception exception);

    [LoggerMessage(4024, LogLevel.Warning, "The MCP server of plugin '{Plugin}' did not agree to send tool list changes on subscriptions/listen; the stream is closed, and the tool list is cached until the plugin is reset.")]
    public static partial void ListenNotAcknowledged(ILogger logger, string plugin);

    [LoggerMessage(4025, LogLevel.Information, "The protocol revision stored for the MCP server of plugin '{Plugin}' ({Stored}) no longer works ({Reason}); negotiating again.")]
    public static partial void StoredEraFailed(ILogger logger, string plugin, string stored, string reason);

    [LoggerMessage(4026, LogLevel.Error, "The progress observer of a call to the MCP server of plugin '{Plugin}' threw; later notifications still reach it.")]
    public static partial void ProgressObserverFailed(ILogger logger, string plugin, Exception exception);

    [LoggerMessage(4027, LogLevel.Warning, "Could not read or store the protocol revision agreed with the MCP server of plugin '{Plugin}'; the next start negotiates again.")]
    public static partial void EraNotStored(ILogger logger, string plugin, Exception exception);

}
