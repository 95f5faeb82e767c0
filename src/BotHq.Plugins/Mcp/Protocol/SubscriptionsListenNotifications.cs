using System.Text.Json.Serialization;

namespace BotHq.Plugins.Mcp.Protocol;

/// <summary>The notification kinds a <c>subscriptions/listen</c> request asks for.</summary>
internal sealed class SubscriptionsListenNotifications
{
    [JsonPropertyName("toolsListChanged")]
    public bool ToolsListChanged { get; set; }
}
