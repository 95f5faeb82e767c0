namespace BotHq.Plugins.Mcp.Protocol;

/// <summary>The MCP method and notification names this client sends or handles.</summary>
internal static class McpMethods
{
    public const string Initialize = "initialize";
    public const string Initialized = "notifications/initialized";
    public const string Discover = "server/discover";
    public const string SubscriptionsListen = "subscriptions/listen";
    public const string Ping = "ping";
    public const string ToolsList = "tools/list";
    public const string ToolsCall = "tools/call";
    public const string ToolsListChanged = "notifications/tools/list_changed";
    public const string Cancelled = "notifications/cancelled";
    public const string Progress = "notifications/progress";
    public const string SubscriptionsAcknowledged = "notifications/subscriptions/acknowledged";
    public const string TasksGet = "tasks/get";
    public const string TasksResult = "tasks/result";
    public const string TasksCancel = "tasks/cancel";
    public const string TaskStatus = "notifications/tasks/status";
    public const string TaskStatusExtension = "notifications/tasks";
    public const string LogMessage = "notifications/message";
}
