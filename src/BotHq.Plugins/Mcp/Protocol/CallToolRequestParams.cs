using System.Text.Json;
using System.Text.Json.Serialization;

namespace BotHq.Plugins.Mcp.Protocol;

/// <summary>The params of <c>tools/call</c>.</summary>
internal sealed class CallToolRequestParams
{
    [JsonPropertyName("name")]
    public required string Name { get; init; }

    [JsonPropertyName("arguments")]
    public JsonElement? Arguments { get; init; }

    [JsonPropertyName("_meta")]
    public RequestMeta? Meta { get; init; }
}
