using System.Text.Json.Serialization;

namespace BotHq.Plugins.Mcp.Protocol;

/// <summary>The <c>data</c> of error -32022: the versions the server supports and the one it was asked for.</summary>
internal sealed class UnsupportedProtocolVersionErrorData
{
    [JsonPropertyName("supported")]
    public List<string>? Supported { get; set; }

    [JsonPropertyName("requested")]
    public string? Requested { get; set; }
}
