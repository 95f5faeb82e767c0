using System.Text.Json.Serialization;

namespace BotHq.Plugins.Mcp.Protocol;

/// <summary>The params of <c>initialize</c> (handshake revisions).</summary>
internal sealed class InitializeRequestParams
{
    [JsonPropertyName("protocolVersion")]
    public required string ProtocolVersion { get; init; }

    [JsonPropertyName("capabilities")]
    public required ClientCapabilities Capabilities { get; init; }

    [JsonPropertyName("clientInfo")]
    public required Implementation ClientInfo { get; init; }
}
