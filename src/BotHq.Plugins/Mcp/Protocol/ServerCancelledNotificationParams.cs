using System.Text.Json.Serialization;

namespace BotHq.Plugins.Mcp.Protocol;

/// <summary>The params of a <c>notifications/cancelled</c> the server sends: which of our requests it ended, and why.</summary>
internal sealed class ServerCancelledNotificationParams
{
    [JsonPropertyName("requestId")]
    [JsonConverter(typeof(RequestIdConverter))]
    public long? RequestId { get; set; }

    [JsonPropertyName("reason")]
    public string? Reason { get; set; }
}
