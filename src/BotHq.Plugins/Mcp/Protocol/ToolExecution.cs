using System.Text.Json.Serialization;

namespace BotHq.Plugins.Mcp.Protocol;

/// <summary>A tool's <c>execution</c> (2025-11-25): whether it may or must run as a task.</summary>
internal sealed class ToolExecution
{
    /// <summary>Gets or sets <c>forbidden</c> (the default), <c>optional</c> or <c>required</c>.</summary>
    [JsonPropertyName("taskSupport")]
    public string? TaskSupport { get; set; }
}
