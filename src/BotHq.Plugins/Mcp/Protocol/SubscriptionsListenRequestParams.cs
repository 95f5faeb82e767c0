using System.Text.Json.Serialization;

namespace BotHq.Plugins.Mcp.Protocol;

/// <summary>The params of <c>subscriptions/listen</c> (2026-07-28): the notifications the client wants on that long-lived request.</summary>
internal sealed class SubscriptionsListenRequestParams
{
    [JsonPropertyName("notifications")]
    public required SubscriptionsListenNotifications Notifications { get; init; }

    [JsonPropertyName("_meta")]
    public required RequestMeta Meta { get; init; }
}
