using System.Text.Json;
using System.Text.Json.Serialization;

namespace BotHq.Plugins.Mcp.Protocol;

/// <summary>A task as <c>tasks/get</c> returns it, in either form: 2025-11-25 (<c>pollInterval</c>) or the 2026-07-28 extension
/// (<c>pollIntervalMs</c>, and for a finished task its <c>result</c> or <c>error</c>).</summary>
internal sealed class TaskResult
{
    [JsonPropertyName("taskId")]
    public string? TaskId { get; set; }

    [JsonPropertyName("status")]
    public string? Status { get; set; }

    [JsonPropertyName("statusMessage")]
    public string? StatusMessage { get; set; }

    [JsonPropertyName("pollInterval")]
    public double? PollInterval { get; set; }

    [JsonPropertyName("pollIntervalMs")]
    public double? PollIntervalMs { get; set; }

    [JsonPropertyName("result")]
    public JsonElement? Result { get; set; }

    [JsonPropertyName("error")]
    public JsonRpcError? Error { get; set; }

    [JsonPropertyName("resultType")]
    public string? ResultType { get; set; }
}
