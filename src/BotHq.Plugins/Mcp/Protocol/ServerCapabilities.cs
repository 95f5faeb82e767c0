using System.Text.Json;
using System.Text.Json.Serialization;

namespace BotHq.Plugins.Mcp.Protocol;

/// <summary>The parts of a server's capabilities this client reads.</summary>
internal sealed class ServerCapabilities
{
    [JsonPropertyName("tools")]
    public ToolsCapability? Tools { get; set; }

    /// <summary>Gets or sets the 2025-11-25 tasks capability: which requests the server runs as tasks.</summary>
    [JsonPropertyName("tasks")]
    public TasksCapability? Tasks { get; set; }

    /// <summary>Gets or sets the extensions the server supports (2026-07-28), by identifier.</summary>
    [JsonPropertyName("extensions")]
    public Dictionary<string, JsonElement>? Extensions { get; set; }
}
