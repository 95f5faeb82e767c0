using System.Text.Json.Serialization;

namespace BotHq.Plugins.Mcp;

/// <summary>The state of a plugin's MCP server.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<McpServerState>))]
public enum McpServerState
{
    /// <summary>Not started yet (it starts on first use), or stopped.</summary>
    [JsonStringEnumMemberName("not-started")]
    NotStarted,

    /// <summary>The process is starting or the protocol handshake is under way.</summary>
    [JsonStringEnumMemberName("starting")]
    Starting,

    /// <summary>Running and ready for calls.</summary>
    [JsonStringEnumMemberName("running")]
    Running,

    /// <summary>The server exited or failed to start; the next call restarts it after a backoff delay.</summary>
    [JsonStringEnumMemberName("crashed")]
    Crashed,

    /// <summary>The server crashed too often within the restart window; calls fail fast until the plugin is reset or re-enabled.</summary>
    [JsonStringEnumMemberName("failed")]
    Failed,
}
