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
    public const string LogMessage = "notifications/message";
}
