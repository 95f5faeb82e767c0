using System.Text.Json.Serialization;

namespace BotHq.Plugins.Mcp.Protocol;

/// <summary>The reserved keys of a notification's <c>_meta</c> this client reads.</summary>
internal sealed class NotificationMeta
{
    /// <summary>Gets or sets the id of the <c>subscriptions/listen</c> request a notification was delivered on.</summary>
    [JsonPropertyName(McpMetaKeys.SubscriptionId)]
    [JsonConverter(typeof(RequestIdConverter))]
    public long? SubscriptionId { get; set; }
}
