namespace BotHq.Plugins.Mcp.Protocol;

/// <summary>The identifiers of the MCP extensions this client speaks.</summary>
internal static class McpExtensions
{
    /// <summary>Tasks (SEP-2663): a 2026-07-28 server may answer a tool call with a task the client polls.</summary>
    public const string Tasks = "io.modelcontextprotocol/tasks";
}
