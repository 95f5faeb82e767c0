using System.Text.Json;
using System.Text.Json.Serialization;

namespace BotHq.Plugins.Mcp.Protocol;

/// <summary>A tool as <c>tools/list</c> describes it.</summary>
internal sealed class ToolDefinition
{
    [JsonPropertyName("name")]
    public string? Name { get; set; }

    [JsonPropertyName("title")]
    public string? Title { get; set; }

    [JsonPropertyName("description")]
    public string? Description { get; set; }

    [JsonPropertyName("inputSchema")]
    public JsonElement InputSchema { get; set; }

    [JsonPropertyName("outputSchema")]
    public JsonElement? OutputSchema { get; set; }

    [JsonPropertyName("annotations")]
    public JsonElement? Annotations { get; set; }

    [JsonPropertyName("execution")]
    public ToolExecution? Execution { get; set; }
}
