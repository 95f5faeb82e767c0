using System.Text.Json.Serialization;

namespace BotHq.Plugins;

/// <summary>A plugin folder whose manifest is invalid, so no plugin exists for it.</summary>
/// <param name="Path">The full path of the plugin's folder.</param>
/// <param name="Name">The name its manifest states, if it could be read.</param>
/// <param name="Errors">Every problem found, each with its JSON path in plugin.json.</param>
public sealed record PluginLoadError([property: JsonPropertyName("path")] string Path, [property: JsonPropertyName("name")] string? Name, [property: JsonPropertyName("errors")] IReadOnlyList<PluginProblem> Errors);
