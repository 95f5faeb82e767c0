using System.Text.Json;
using System.Text.Json.Serialization;

namespace BotHq.Plugins.Mcp.Protocol;

/// <summary><c>capabilities.tasks.requests.tools</c>: an object under <c>call</c> means task-augmented tool calls are supported.</summary>
internal sealed class TaskToolRequestsCapability
{
    [JsonPropertyName("call")]
    public JsonElement? Call { get; set; }
}
