namespace BotHq.Plugins.Mcp.Protocol;

/// <summary>The reserved <c>_meta</c> keys of the 2026-07-28 revision.</summary>
internal static class McpMetaKeys
{
    public const string ProtocolVersion = "io.modelcontextprotocol/protocolVersion";
    public const string ClientInfo = "io.modelcontextprotocol/clientInfo";
    public const string ClientCapabilities = "io.modelcontextprotocol/clientCapabilities";
    public const string ServerInfo = "io.modelcontextprotocol/serverInfo";
    public const string SubscriptionId = "io.modelcontextprotocol/subscriptionId";
}
