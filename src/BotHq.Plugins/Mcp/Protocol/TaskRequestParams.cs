using System.Text.Json.Serialization;

namespace BotHq.Plugins.Mcp.Protocol;

/// <summary>The params of <c>tasks/get</c>, <c>tasks/result</c> and <c>tasks/cancel</c>.</summary>
internal sealed class TaskRequestParams
{
    [JsonPropertyName("taskId")]
    public required string TaskId { get; init; }

    [JsonPropertyName("_meta")]
    public RequestMeta? Meta { get; init; }
}
