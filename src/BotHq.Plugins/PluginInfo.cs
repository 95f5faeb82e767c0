using System.Text.Json.Serialization;

namespace BotHq.Plugins;

/// <summary>An installed plugin as a host lists it.</summary>
public sealed record PluginInfo
{
    /// <summary>Gets the plugin's unique name.</summary>
    [JsonPropertyName("name")]
    public required string Name { get; init; }

    /// <summary>Gets the version its manifest states.</summary>
    [JsonPropertyName("version")]
    public required string Version { get; init; }

    /// <summary>Gets its description, or an empty string.</summary>
    [JsonPropertyName("description")]
    public string Description { get; init; } = string.Empty;

    /// <summary>Gets a value indicating whether the host has it enabled.</summary>
    [JsonPropertyName("enabled")]
    public bool Enabled { get; init; }

    /// <summary>Gets a value indicating whether its manifest declares a <c>ui</c> section.</summary>
    [JsonPropertyName("hasUI")]
    public bool HasUI { get; init; }

    /// <summary>Gets a value indicating whether its manifest declares an MCP server.</summary>
    [JsonPropertyName("hasMcp")]
    public bool HasMcp { get; init; }

    /// <summary>Gets its state; see <see cref="PluginState"/>.</summary>
    [JsonPropertyName("state")]
    public required PluginState State { get; init; }

    /// <summary>Gets the problems that do not stop it from loading (a stored setting that no longer fits, a failed server), each with its JSON path.</summary>
    [JsonPropertyName("problems")]
    public IReadOnlyList<PluginProblem> Problems { get; init; } = [];
}
