namespace BotHq.Plugins.Storage;

/// <summary>One row of <c>plugin_uninstalled</c>: a plugin that <c>UninstallAsync</c> removed, and the version it had.</summary>
/// <remarks>A folder of that version, or an older one, is not added back by a sync; a newer version is, and removes the record.</remarks>
internal sealed class UninstalledPluginRow
{
    public string Name { get; set; } = "";

    public string Version { get; set; } = "";
}
