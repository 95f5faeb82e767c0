using System.Text.Json;
using System.Text.Json.Serialization;

namespace BotHq.Plugins.Mcp.Protocol;

/// <summary>The params of <c>notifications/message</c>: a log entry from the server.</summary>
internal sealed class LoggingMessageNotificationParams
{
    [JsonPropertyName("level")]
    public string? Level { get; set; }

    [JsonPropertyName("logger")]
    public string? Logger { get; set; }

    [JsonPropertyName("data")]
    public JsonElement? Data { get; set; }
}
