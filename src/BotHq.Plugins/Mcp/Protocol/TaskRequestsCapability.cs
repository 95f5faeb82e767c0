using System.Text.Json.Serialization;

namespace BotHq.Plugins.Mcp.Protocol;

/// <summary>The request kinds a server runs as tasks (<c>capabilities.tasks.requests</c>).</summary>
internal sealed class TaskRequestsCapability
{
    [JsonPropertyName("tools")]
    public TaskToolRequestsCapability? Tools { get; set; }
}
