using System.Text.Json.Serialization;

namespace BotHq.Plugins.Mcp.Protocol;

/// <summary>One page of <c>tools/list</c>.</summary>
internal sealed class ListToolsResult
{
    [JsonPropertyName("tools")]
    public List<ToolDefinition>? Tools { get; set; }

    [JsonPropertyName("nextCursor")]
    public string? NextCursor { get; set; }

    [JsonPropertyName("resultType")]
    public string? ResultType { get; set; }
}
