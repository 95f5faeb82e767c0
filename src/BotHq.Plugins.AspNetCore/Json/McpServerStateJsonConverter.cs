using System.Text.Json;
using System.Text.Json.Serialization;
using BotHq.Plugins.Mcp;

namespace BotHq.Plugins.AspNetCore.Json;

/// <summary>Writes <see cref="McpServerState"/> in kebab-case (<c>not-started</c>), like the plugin states.</summary>
internal sealed class McpServerStateJsonConverter : JsonStringEnumConverter<McpServerState>
{
    public McpServerStateJsonConverter()
        : base(JsonNamingPolicy.KebabCaseLower, allowIntegerValues: false)
    {
    }
}
