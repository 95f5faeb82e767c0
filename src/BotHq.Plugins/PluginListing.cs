using System.Text.Json.Serialization;

namespace BotHq.Plugins;

/// <summary>Every installed plugin and every folder that failed to load: the shape the CLI and REST API serialize.</summary>
public sealed record PluginListing
{
    /// <summary>Gets the installed plugins, ordered by name.</summary>
    [JsonPropertyName("plugins")]
    public IReadOnlyList<PluginInfo> Plugins { get; init; } = [];

    /// <summary>Gets the folders whose manifest is invalid, ordered by path.</summary>
    [JsonPropertyName("invalid")]
    public IReadOnlyList<PluginLoadError> Invalid { get; init; } = [];
}
