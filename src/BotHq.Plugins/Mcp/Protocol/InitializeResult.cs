using System.Text.Json.Serialization;

namespace BotHq.Plugins.Mcp.Protocol;

/// <summary>The result of <c>initialize</c>.</summary>
internal sealed class InitializeResult
{
    [JsonPropertyName("protocolVersion")]
    public string? ProtocolVersion { get; set; }

    [JsonPropertyName("capabilities")]
    public ServerCapabilities? Capabilities { get; set; }

    [JsonPropertyName("serverInfo")]
    public Implementation? ServerInfo { get; set; }
}
