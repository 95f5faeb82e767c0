namespace BotHq.Plugins.Manifest;

/// <summary>A plugin's UI contributions: the <c>ui</c> member of plugin.json. The host renders them; the runtime only validates their paths.</summary>
public sealed class PluginUiManifest
{
    /// <summary>Gets the tabs the plugin adds.</summary>
    public IReadOnlyList<PluginUiTab>? Tabs { get; init; }

    /// <summary>Gets the component shown in a workspace's settings, relative to the plugin's folder.</summary>
    public string? WorkspaceSettings { get; init; }

    /// <summary>Gets the component shown as a task badge, relative to the plugin's folder.</summary>
    public string? TaskBadge { get; init; }

    /// <summary>Gets the component holding task actions, relative to the plugin's folder.</summary>
    public string? TaskActions { get; init; }
}
