using System.Text.Json;

namespace BotHq.Plugins;

/// <summary>One effective setting of a plugin: its definition and its current value.</summary>
/// <param name="Key">The setting's key in plugin.json.</param>
/// <param name="Definition">The setting's definition.</param>
/// <param name="Value">The effective value: the stored value, else the default, else a JSON <c>null</c>.</param>
/// <param name="IsDefault"><see langword="true"/> when no valid stored value exists and <paramref name="Value"/> is the default.</param>
public sealed record PluginSetting(string Key, PluginSettingDefinition Definition, JsonElement Value, bool IsDefault);
