using System.Text.Json;
using System.Text.Json.Serialization;

namespace BotHq.Plugins.Mcp.Protocol;

/// <summary>A server's <c>capabilities.tasks</c> (2025-11-25): <c>requests.tools.call</c> present means tool calls may be tasks.</summary>
internal sealed class TasksCapability
{
    [JsonPropertyName("requests")]
    public TaskRequestsCapability? Requests { get; set; }

    [JsonPropertyName("cancel")]
    public JsonElement? Cancel { get; set; }
}
