using System.Text.Json.Serialization;

namespace BotHq.Plugins;

/// <summary>An installed plugin as a host lists it.</summary>
/// <param name="Name">The plugin's unique name.</param>
/// <param name="Version">The version its manifest states.</param>
/// <param name="Description">Its description, or an empty string.</param>
/// <param name="Enabled">Whether the host has it enabled.</param>
/// <param name="HasUI">Whether its manifest declares a <c>ui</c> section.</param>
/// <param name="HasMcp">Whether its manifest declares an MCP server.</param>
/// <param name="State">Its state; see <see cref="PluginState"/>.</param>
/// <param name="Problems">Problems that do not stop it from loading (a stored setting that no longer fits, a failed server), each with its JSON path.</param>
public sealed record PluginInfo(
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("version")] string Version,
    [property: JsonPropertyName("description")] string Description,
    [property: JsonPropertyName("enabled")] bool Enabled,
    [property: JsonPropertyName("hasUI")] bool HasUI,
    [property: JsonPropertyName("hasMcp")] bool HasMcp,
    [property: JsonPropertyName("state")] PluginState State,
    [property: JsonPropertyName("problems")] IReadOnlyList<PluginProblem> Problems);
