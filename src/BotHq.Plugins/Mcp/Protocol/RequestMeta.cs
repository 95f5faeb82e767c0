using System.Text.Json.Serialization;

namespace BotHq.Plugins.Mcp.Protocol;

/// <summary>The <c>_meta</c> the 2026-07-28 revision requires on every request, in place of the handshake.</summary>
internal sealed class RequestMeta
{
    [JsonPropertyName(McpMetaKeys.ProtocolVersion)]
    public required string ProtocolVersion { get; init; }

    [JsonPropertyName(McpMetaKeys.ClientInfo)]
    public required Implementation ClientInfo { get; init; }

    [JsonPropertyName(McpMetaKeys.ClientCapabilities)]
    public required ClientCapabilities ClientCapabilities { get; init; }
}
