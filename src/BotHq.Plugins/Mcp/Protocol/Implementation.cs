using System.Text.Json.Serialization;

namespace BotHq.Plugins.Mcp.Protocol;

/// <summary>The name and version of an MCP client or server (<c>clientInfo</c>, <c>serverInfo</c>).</summary>
internal sealed class Implementation
{
    [JsonPropertyName("name")]
    public string? Name { get; set; }

    [JsonPropertyName("version")]
    public string? Version { get; set; }
}
