using System.Text.Json.Serialization;

namespace BotHq.Plugins.Mcp.Protocol;

/// <summary>The result of <c>server/discover</c>: the per-request revisions the server speaks, its capabilities and (in <c>_meta</c>) its identity.</summary>
internal sealed class DiscoverResult
{
    [JsonPropertyName("supportedVersions")]
    public List<string>? SupportedVersions { get; set; }

    [JsonPropertyName("capabilities")]
    public ServerCapabilities? Capabilities { get; set; }

    [JsonPropertyName("serverInfo")]
    public Implementation? ServerInfo { get; set; }

    [JsonPropertyName("resultType")]
    public string? ResultType { get; set; }

    [JsonPropertyName("_meta")]
    public ResultMeta? Meta { get; set; }
}
