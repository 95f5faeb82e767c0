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

    /// <summary>Gets or sets the task the server created instead of answering: the <c>task</c> member (2025-11-25), or the
    /// result itself when its <c>resultType</c> is <c>task</c> (the 2026-07-28 extension).</summary>
    [JsonIgnore]
    public TaskResult? CreatedTask { get; set; }
}
