using System.Text.Json.Serialization;

namespace BotHq.Plugins.Mcp.Protocol;

/// <summary>The 2025-11-25 answer to a task-augmented request: the task it created.</summary>
internal sealed class CreateTaskResult
{
    [JsonPropertyName("task")]
    public TaskResult? Task { get; set; }
}
