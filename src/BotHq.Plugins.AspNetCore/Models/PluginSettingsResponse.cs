namespace BotHq.Plugins.AspNetCore.Models;

/// <summary>A plugin's effective settings, each with its definition, as the settings endpoints return them.</summary>
/// <param name="Plugin">The plugin's name.</param>
/// <param name="Settings">Every declared setting, in manifest order.</param>
internal sealed record PluginSettingsResponse(string Plugin, IReadOnlyList<PluginSetting> Settings)
{
    public static PluginSettingsResponse From(PluginSettings settings) => new(settings.PluginName, settings.Items);
}
