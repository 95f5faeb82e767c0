using System.Text.Json.Serialization;

namespace BotHq.Plugins.Mcp.Protocol;

/// <summary>The client's capabilities: no sampling, roots or elicitation; on a 2026-07-28 tool call, the tasks extension.</summary>
internal sealed class ClientCapabilities
{
    /// <summary>Gets the capabilities of every request: none, sent as <c>{}</c>.</summary>
    public static ClientCapabilities None { get; } = new();

    /// <summary>Gets the capabilities of a 2026-07-28 <c>tools/call</c>: the tasks extension, so the server may answer with a task.</summary>
    public static ClientCapabilities WithTasks { get; } = new() { Extensions = new() { [McpExtensions.Tasks] = EmptyResult.Instance } };

    [JsonPropertyName("extensions")]
    public Dictionary<string, EmptyResult>? Extensions { get; init; }
}
