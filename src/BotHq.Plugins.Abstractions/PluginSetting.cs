using System.Text.Json;

namespace BotHq.Plugins;

/// <summary>One effective setting of a plugin: its definition and its current value.</summary>
public sealed record PluginSetting
{
    /// <summary>Gets the setting's key in plugin.json.</summary>
    public required string Key { get; init; }

    /// <summary>Gets the setting's definition.</summary>
    public required PluginSettingDefinition Definition { get; init; }

    /// <summary>Gets the effective value: the stored value, else the default, else a JSON <c>null</c>.</summary>
    public required JsonElement Value { get; init; }

    /// <summary>Gets a value indicating whether no valid stored value exists and <see cref="Value"/> is the default.</summary>
    public bool IsDefault { get; init; }
}
