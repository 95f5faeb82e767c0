using System.Text.Json.Serialization;

namespace BotHq.Plugins.Mcp.Protocol;

/// <summary>The reserved keys of a result's <c>_meta</c> this client reads.</summary>
internal sealed class ResultMeta
{
    [JsonPropertyName(McpMetaKeys.ServerInfo)]
    public Implementation? ServerInfo { get; set; }
}
