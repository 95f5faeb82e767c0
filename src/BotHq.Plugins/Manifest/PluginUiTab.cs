namespace BotHq.Plugins.Manifest;

/// <summary>A tab a plugin adds to the host's UI.</summary>
public sealed class PluginUiTab
{
    /// <summary>Gets the tab's id, unique within the plugin.</summary>
    public string? Id { get; init; }

    /// <summary>Gets the tab's label.</summary>
    public string? Label { get; init; }

    /// <summary>Gets the tab's icon name.</summary>
    public string? Icon { get; init; }

    /// <summary>Gets the tab's component, relative to the plugin's folder.</summary>
    public string? Component { get; init; }
}
