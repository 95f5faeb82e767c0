using System.Text.Json.Serialization;

namespace BotHq.Plugins;

/// <summary>A plugin folder whose manifest is invalid, so no plugin exists for it.</summary>
public sealed record PluginLoadError
{
    /// <summary>Gets the full path of the plugin's folder.</summary>
    [JsonPropertyName("path")]
    public required string Path { get; init; }

    /// <summary>Gets the name its manifest states, if it could be read.</summary>
    [JsonPropertyName("name")]
    public string? Name { get; init; }

    /// <summary>Gets every problem found, each with its JSON path in plugin.json.</summary>
    [JsonPropertyName("errors")]
    public required IReadOnlyList<PluginProblem> Errors { get; init; }
}
