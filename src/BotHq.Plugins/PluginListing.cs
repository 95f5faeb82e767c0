using System.Text.Json.Serialization;

namespace BotHq.Plugins;

/// <summary>Every installed plugin and every folder that failed to load: the shape the CLI and REST API serialize.</summary>
/// <param name="Plugins">The installed plugins, ordered by name.</param>
/// <param name="Invalid">The folders whose manifest is invalid, ordered by path.</param>
public sealed record PluginListing([property: JsonPropertyName("plugins")] IReadOnlyList<PluginInfo> Plugins, [property: JsonPropertyName("invalid")] IReadOnlyList<PluginLoadError> Invalid);
