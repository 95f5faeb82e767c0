using System.Text.Json.Serialization;

namespace BotHq.Plugins.Mcp.Protocol;

/// <summary>The params of <c>notifications/cancelled</c>: which request the client gave up on, and why.</summary>
internal sealed class CancelledNotificationParams
{
    [JsonPropertyName("requestId")]
    public long RequestId { get; init; }

    [JsonPropertyName("reason")]
    public string? Reason { get; init; }
}
