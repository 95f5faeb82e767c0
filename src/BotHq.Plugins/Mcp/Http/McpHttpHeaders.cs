namespace BotHq.Plugins.Mcp.Http;

/// <summary>The header names of the Streamable HTTP transport.</summary>
internal static class McpHttpHeaders
{
    public const string SessionId = "Mcp-Session-Id";
    public const string ProtocolVersion = "MCP-Protocol-Version";
    public const string Method = "Mcp-Method";
    public const string Name = "Mcp-Name";
    public const string ParamPrefix = "Mcp-Param-";
    public const string LastEventId = "Last-Event-ID";
}
