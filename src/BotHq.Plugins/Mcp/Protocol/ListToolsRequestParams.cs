using System.Text.Json.Serialization;

namespace BotHq.Plugins.Mcp.Protocol;

/// <summary>The params of <c>tools/list</c>.</summary>
internal sealed class ListToolsRequestParams
{
    [JsonPropertyName("cursor")]
    public string? Cursor { get; init; }

    [JsonPropertyName("_meta")]
    public RequestMeta? Meta { get; init; }
}
