using System.Text.Json.Serialization;

namespace BotHq.Plugins.Mcp.Protocol;

/// <summary>The params of <c>server/discover</c> (2026-07-28): only the per-request <c>_meta</c>.</summary>
internal sealed class DiscoverRequestParams
{
    [JsonPropertyName("_meta")]
    public required RequestMeta Meta { get; init; }
}
