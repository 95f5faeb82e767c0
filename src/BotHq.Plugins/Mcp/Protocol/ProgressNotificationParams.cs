using System.Text.Json.Serialization;

namespace BotHq.Plugins.Mcp.Protocol;

/// <summary>The params of <c>notifications/progress</c>.</summary>
internal sealed class ProgressNotificationParams
{
    [JsonPropertyName("progressToken")]
    [JsonConverter(typeof(RequestIdConverter))]
    public long? ProgressToken { get; set; }

    [JsonPropertyName("progress")]
    public double Progress { get; set; }

    [JsonPropertyName("total")]
    public double? Total { get; set; }

    [JsonPropertyName("message")]
    public string? Message { get; set; }
}
