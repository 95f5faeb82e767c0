using System.Text.Json.Serialization;

namespace BotHq.Plugins.Mcp.Protocol;

/// <summary>The params of <c>notifications/subscriptions/acknowledged</c>: the notification kinds the server agreed to send on a
/// <c>subscriptions/listen</c> stream, and (in <c>_meta</c>) which stream.</summary>
internal sealed class SubscriptionsAcknowledgedParams
{
    [JsonPropertyName("notifications")]
    public SubscriptionsListenNotifications? Notifications { get; set; }

    [JsonPropertyName("_meta")]
    public NotificationMeta? Meta { get; set; }
}
