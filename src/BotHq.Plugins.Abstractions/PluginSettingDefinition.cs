using System.Text.Json;

namespace BotHq.Plugins;

/// <summary>The definition of one setting, as a plugin declares it under <c>settings</c> in plugin.json.</summary>
public sealed class PluginSettingDefinition
{
    /// <summary>Gets the setting's type: <c>string</c>, <c>number</c>, <c>boolean</c> or <c>select</c>.</summary>
    public string Type { get; init; } = "";

    /// <summary>Gets the label a host shows next to the setting.</summary>
    public string? Label { get; init; }

    /// <summary>Gets an optional longer description.</summary>
    public string? Description { get; init; }

    /// <summary>Gets the default value, or <see langword="null"/> when the setting has none.</summary>
    /// <remarks>Its JSON kind matches <see cref="Type"/>: a string for <c>string</c> and <c>select</c>, a number, or a boolean.</remarks>
    public JsonElement? Default { get; init; }

    /// <summary>Gets the allowed values of a <c>select</c> setting; <see langword="null"/> for other types.</summary>
    public IReadOnlyList<string>? Options { get; init; }
}
