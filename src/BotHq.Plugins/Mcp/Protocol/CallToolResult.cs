using System.Text.Json;
using System.Text.Json.Serialization;

namespace BotHq.Plugins.Mcp.Protocol;

/// <summary>The result of <c>tools/call</c>.</summary>
/// <remarks>Read by <see cref="CallToolResultConverter"/>: the hottest message gets a hand-written reader.</remarks>
[JsonConverter(typeof(CallToolResultConverter))]
internal sealed class CallToolResult
{
    [JsonPropertyName("content")]
    public JsonElement[]? Content { get; set; }

    [JsonPropertyName("structuredContent")]
    public JsonElement? StructuredContent { get; set; }

    [JsonPropertyName("isError")]
    public bool? IsError { get; set; }

    [JsonPropertyName("resultType")]
    public string? ResultType { get; set; }
}
